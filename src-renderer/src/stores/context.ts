/** The terminal in Svelte context: set once by App, read by every panel. */
import { getContext, setContext } from 'svelte';
import type { Terminal } from './terminal.svelte.ts';
import type { Trading } from './trading.ts';

const KEY = Symbol('terminal');

/** What panels get: the stores and the trading actions. */
export interface TerminalContext {
  terminal: Terminal;
  trading: Trading;
}

export function provideTerminal(context: TerminalContext): void {
  setContext(KEY, context);
}

export function useTerminal(): TerminalContext {
  const context = getContext<TerminalContext | undefined>(KEY);
  if (context === undefined) throw new Error('useTerminal outside <App>');
  return context;
}
