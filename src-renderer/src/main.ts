/** Entry: one bridge to the host for the whole app, the terminal state it feeds, and the panels that read it. */
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { connectBridge } from './bridge.ts';
import { defaultStorage } from './stores/persist.ts';
import { Terminal } from './stores/terminal.svelte.ts';
import { Trading } from './stores/trading.ts';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

const bridge = connectBridge();
const terminal = new Terminal(bridge, defaultStorage());
mount(App, { target, props: { terminal, trading: new Trading(terminal) } });
