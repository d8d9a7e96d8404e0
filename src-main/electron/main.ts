/**
 * The desktop host: Electron's main process. Starts the host (supervisor + workers as utility processes), opens one
 * locked-down window on the built renderer, and serves it over a MessagePort. Quitting stops the host first.
 */
import { app, BrowserWindow, dialog, MessageChannelMain, safeStorage, session, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connectPort } from '../bridge/ipc-bridge.js';
import type { HostApi } from '../host-api.js';
import { startHost } from '../host/start-host.js';
import { UtilityProcessSpawner } from './utility-spawner.js';

// Paths inside the build (dist/src-main/electron/main.js), which also hold inside the packaged asar.
const RENDERER_INDEX = fileURLToPath(new URL('../../renderer/index.html', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));

type Host = Awaited<ReturnType<typeof startHost>>;

/** Every renderer: no new windows, no navigation away from the app, no webviews. */
function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Reloads are not navigations; anything else (a dropped file, a link) would leave our code.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    backgroundColor: '#0f1115',
    title: 'Trading Terminal',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

/**
 * Gives the window a fresh port on every load (a reload loses the old one) and drops the old connection.
 * Returns a disposer for when the window is gone.
 */
function serveWindow(window: BrowserWindow, api: HostApi): () => void {
  let disconnect: (() => void) | undefined;
  window.webContents.on('did-finish-load', () => {
    disconnect?.();
    const { port1, port2 } = new MessageChannelMain();
    disconnect = connectPort(api, port1, {
      onRefused: (reason) => console.warn(`[ui-bridge] refused a command from the window: ${reason}`),
    });
    window.webContents.postMessage('terminal:port', null, [port2]);
  });
  return () => disconnect?.();
}

/** Stops the host before Electron quits, once, however the quit was asked for. */
function stopHostOnQuit(host: Host): void {
  let stopped = false;
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    host
      .stop()
      .catch((error: unknown) => console.error('[host] stop failed:', error))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
}

async function main(): Promise<void> {
  // Two hosts would fight over the same endpoints: the second launch focuses the first window instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());
  process.on('SIGINT', () => app.quit());
  process.on('SIGTERM', () => app.quit());
  await app.whenReady();
  // The UI needs no camera, notifications or the like: refuse every permission.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  if (!existsSync(PRELOAD) || !existsSync(RENDERER_INDEX)) {
    throw new Error(`build incomplete: need ${PRELOAD} and ${RENDERER_INDEX} (run npm run build)`);
  }

  // Packaged: argv is [app, ...args]; in development: [electron, appDir, ...args].
  // Strategy parameter changes are kept in the app's user data folder unless --state-dir says otherwise.
  const host = await startHost(new UtilityProcessSpawner(), process.argv.slice(app.isPackaged ? 1 : 2), { stateDir: app.getPath('userData'), safeStorage });
  stopHostOnQuit(host);
  const window = createWindow();
  const stopServing = serveWindow(window, host.api);
  window.on('closed', stopServing);
  app.on('second-instance', () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  await window.loadFile(RENDERER_INDEX);
}

main().catch((error: unknown) => {
  console.error('[host] failed to start:', error);
  dialog.showErrorBox('Trading Terminal could not start', (error as Error).message ?? String(error));
  app.exit(1);
});
