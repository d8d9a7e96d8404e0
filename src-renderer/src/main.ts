/** Entry: one bridge to the host for the whole app, the state it feeds, and the panels that read it. */
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { connectBridge } from './bridge.ts';
import { TerminalState } from './state.svelte.ts';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

const bridge = connectBridge();
const terminal = new TerminalState(bridge);
mount(App, { target, props: { terminal, send: (command) => bridge.send(command) } });
