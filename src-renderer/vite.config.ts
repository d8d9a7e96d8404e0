/**
 * Builds the renderer into dist/renderer with relative asset URLs, so the same build loads from file:// in Electron
 * and over HTTP from the headless host.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

/**
 * `vite serve` injects CSS as <style> elements and runs HMR over a WebSocket, both of which index.html's CSP forbids.
 * Relax it for the dev server only; the build keeps the strict policy.
 */
function devServerCsp(): Plugin {
  return {
    name: 'terminal-dev-server-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: wss:"),
  };
}

export default defineConfig({
  // Absolute, so the build works from any working directory. (Vite fills in import.meta.dirname for config files.)
  root: import.meta.dirname,
  base: './',
  plugins: [svelte(), devServerCsp()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
});
