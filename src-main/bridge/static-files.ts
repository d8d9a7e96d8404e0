/**
 * Serves the built renderer to a browser from one folder. Only files inside that folder are ever read: the decoded
 * path is resolved and must stay under the root, symlinks included, or the answer is 404.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** A request handler for static files under `rootDir` (`/` is `index.html`). */
export function createStaticHandler(rootDir: string): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void serve(rootDir, request, response).catch((error: unknown) => {
      console.error('[ui-server] static file failed:', error);
      if (!response.headersSent) send(response, 500, 'Internal Server Error');
      else response.destroy();
    });
  };
}

async function serve(rootDir: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, 'Method Not Allowed');
  }
  // Resolved per request (a few per page load): the folder may be rebuilt, or created, while the server runs.
  const root = await realpath(rootDir).catch(() => undefined);
  if (root === undefined) return send(response, 404, 'Not Found');
  const file = await resolveInside(root, request.url ?? '/');
  if (file === undefined) return send(response, 404, 'Not Found');
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) return send(response, 404, 'Not Found');

  const extension = path.extname(file).toLowerCase();
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // Vite names built assets by content hash, so they never change; index.html must always be revalidated.
    'Cache-Control': file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** The real path of the file a URL names, or undefined if it is malformed or leaves `root`. */
async function resolveInside(root: string, url: string): Promise<string | undefined> {
  const rawPath = url.split(/[?#]/, 1)[0] ?? '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded;
  const candidate = path.resolve(root, `.${path.sep}${relative}`);
  if (!isInside(root, candidate)) return undefined;
  // A symlink inside the root could still point out of it: check where it really leads.
  const real = await realpath(candidate).catch(() => undefined);
  return real !== undefined && isInside(root, real) ? real : undefined;
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  response.end(text);
}
