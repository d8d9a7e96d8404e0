/**
 * The headless host: the same supervisor and workers as the desktop app, with `child_process.fork` for workers and
 * the renderer served to a browser over HTTP + WebSocket on 127.0.0.1. Used where Electron's runtime is absent, on
 * servers, and by the tests.
 */
import { fileURLToPath } from 'node:url';
import { startUiServer } from '../bridge/ws-bridge.js';
import { startHost } from '../host/start-host.js';
import { NodeSpawner } from '../supervisor/node-spawner.js';

const staticDir = fileURLToPath(new URL('../../renderer/', import.meta.url));

/** Runs the headless host until a signal, or `--exit-after`. */
export async function runHeadless(argv: readonly string[]): Promise<void> {
  // A signal during start-up must still stop the workers that were already started: remember it until the host is up.
  let signalled = false;
  const early = (): void => {
    signalled = true;
  };
  process.once('SIGINT', early).once('SIGTERM', early);
  let host;
  try {
    host = await startHost(new NodeSpawner(), argv);
  } catch (error) {
    process.stderr.write(`terminal: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const { options } = host;
  // With --summary json, stdout carries only the JSON document.
  const say = (text: string): boolean => (options.summary === 'json' ? process.stderr : process.stdout).write(`${text}\n`);
  say(`Session folder: ${options.config.runDir}`);
  const server = options.ui ? await startUiServer(host.api, { port: options.port, staticDir }) : undefined;
  if (server !== undefined) say(`UI: ${server.url}`);
  let exiting = false;
  const exit = async (code: number): Promise<void> => {
    if (exiting) return;
    exiting = true;
    const summary = host.summary();
    await host.stop();
    await server?.close();
    if (options.summary === 'json') process.stdout.write(`${JSON.stringify(summary)}\n`);
    process.exit(code);
  };
  process.off('SIGINT', early).off('SIGTERM', early);
  process.on('SIGINT', () => void exit(0));
  process.on('SIGTERM', () => void exit(0));
  if (signalled) return void exit(0);
  if (options.exitAfter !== undefined) setTimeout(() => void exit(0), options.exitAfter * 1000);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  void runHeadless(process.argv.slice(2));
}
