/**
 * `npm start`: the desktop app when Electron's runtime is installed and there is a display, the headless host (with
 * the UI in a browser) otherwise — and it says which.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runHeadless } from './headless/main.js';

/** Path of the Electron binary, or why it cannot be used. */
function electronBinary(): { path: string } | { why: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path !== 'string' || !existsSync(path)) return { why: "Electron's runtime is not installed" };
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { why: 'there is no display' };
    return { path };
  } catch {
    return { why: "Electron's runtime is not installed" };
  }
}

const argv = process.argv.slice(2);
const electron = argv.includes('--headless') ? { why: '--headless was given' } : electronBinary();
if ('path' in electron) {
  const appDir = fileURLToPath(new URL('../../', import.meta.url));
  const child = spawn(electron.path, [appDir, ...argv], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(`Starting headless (${electron.why}): open the UI address below in a browser.\n`);
  void runHeadless(argv.filter((arg) => arg !== '--headless'));
}
