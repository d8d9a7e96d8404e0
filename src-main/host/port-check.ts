/**
 * Checks before start that every TCP endpoint's port is free, so "address in use" is reported once, clearly, naming
 * the port and the stream, instead of as a worker that keeps failing.
 */
import { createServer } from 'node:net';
import type { Endpoints } from '../../workers/protocol/config.js';

/** Resolves if all tcp:// endpoints can be bound on this machine; rejects naming the first that cannot. */
export async function checkPortsFree(endpoints: Endpoints): Promise<void> {
  for (const [name, endpoint] of Object.entries(endpoints)) {
    const match = /^tcp:\/\/([^:]+):(\d+)$/.exec(endpoint);
    if (match === null) continue;
    const [, host, port] = match;
    await new Promise<void>((resolve, reject) => {
      const server = createServer();
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new Error(error.code === 'EADDRINUSE' ? `port ${port} (${name}) is already in use: choose another --base-port or stop what holds it` : `cannot use ${endpoint} (${name}): ${error.message}`)),
      );
      server.listen(Number(port), host, () => server.close(() => resolve()));
    });
  }
}
