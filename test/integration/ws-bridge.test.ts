import { decode, encode } from '@msgpack/msgpack';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { startUiServer, type UiServer } from '../../src-main/bridge/ws-bridge.js';
import { FakeHostApi, sampleLog } from '../fixtures/fake-host-api.js';

let temp: string;
let staticDir: string;
const running: UiServer[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'ws-bridge-'));
  staticDir = path.join(temp, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>terminal-test</title>');
  await writeFile(path.join(staticDir, 'assets', 'app-1234.js'), 'export {};');
  // Outside the served folder: no URL may reach it.
  await writeFile(path.join(temp, 'secret.txt'), 'secret');
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(running.splice(0).map((server) => server.close()));
});

afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

async function start(host = new FakeHostApi(), port = 0) {
  const server = await startUiServer(host, { port, staticDir });
  running.push(server);
  return { host, server };
}

/** A raw GET, so that the path reaches the server exactly as written (fetch would normalise `..` away). */
function get(port: number, rawPath: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const call = request({ host: '127.0.0.1', port, path: rawPath, method }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }),
      );
    });
    call.on('error', reject);
    call.end();
  });
}

/** A client that decodes every frame it receives. */
function client(server: UiServer, headers: Record<string, string> = {}) {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { headers });
  sockets.push(socket);
  const frames: unknown[] = [];
  socket.on('message', (data: Buffer) => frames.push(decode(data)));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, frames, opened };
}

describe('startUiServer: static files', () => {
  it('serves index.html at / and assets with their content types', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const page = await get(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.body).toContain('terminal-test');
    const script = await get(server.port, '/assets/app-1234.js?v=1');
    expect(script.status).toBe(200);
    expect(script.type).toMatch(/^text\/javascript/);
  });

  it('answers 404 for missing files, folders and every way out of the folder', async () => {
    const { server } = await start();
    for (const rawPath of [
      '/missing.html',
      '/assets',
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00index.html',
      '/%E0%A4%A',
    ]) {
      const answer = await get(server.port, rawPath);
      expect({ rawPath, status: answer.status }).toEqual({ rawPath, status: 404 });
      expect(answer.body).not.toContain('secret');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const { server } = await start();
    expect((await get(server.port, '/', 'POST')).status).toBe(405);
    expect((await get(server.port, '/', 'HEAD')).status).toBe(200);
  });
});

describe('startUiServer: WebSocket', () => {
  it('sends the snapshot first, then pushed updates', async () => {
    const { host, server } = await start();
    const { frames, opened } = client(server);
    await opened;
    const snapshot = host.current();
    await vi.waitFor(() => expect(frames).toHaveLength(snapshot.length));
    expect(frames).toEqual(snapshot);
    host.push(sampleLog('first update'));
    await vi.waitFor(() => expect(frames).toEqual([...snapshot, sampleLog('first update')]));
  });

  it('hands valid commands to the host and counts bad frames without dropping the client', async () => {
    const reasons: string[] = [];
    const host = new FakeHostApi();
    const server = await startUiServer(host, { port: 0, staticDir, onRefused: (reason) => reasons.push(reason) });
    running.push(server);
    const { socket, opened } = client(server);
    await opened;
    socket.send('{"channel":"stopWorker","name":"feed"}');
    socket.send(new Uint8Array([0xc1]));
    socket.send(encode({ channel: 'shutdownEverything' }));
    socket.send(encode({ channel: 'stopWorker', name: 'feed' }));
    await vi.waitFor(() => expect(host.handled).toEqual([{ channel: 'stopWorker', name: 'feed' }]));
    expect(server.refusedCount()).toBe(3);
    expect(reasons).toHaveLength(3);
    expect(socket.readyState).toBe(WebSocket.OPEN);
  });

  it('subscribes to the host once, whatever the number of clients', async () => {
    const { host, server } = await start();
    const first = client(server);
    const second = client(server);
    await Promise.all([first.opened, second.opened]);
    await vi.waitFor(() => expect(server.clientCount()).toBe(2));
    expect(host.listeners.size).toBe(1);
    host.push(sampleLog('to both'));
    await vi.waitFor(() => expect([first.frames.length, second.frames.length]).toEqual([2, 2]));
    first.socket.close();
    await vi.waitFor(() => expect(server.clientCount()).toBe(1));
  });

  it('refuses a WebSocket from another origin or on another path', async () => {
    const { server } = await start();
    const foreign = client(server, { Origin: 'http://evil.example' });
    await expect(foreign.opened).rejects.toThrow(/403/);
    const same = client(server, { Origin: `http://127.0.0.1:${server.port}` });
    await same.opened;
    const wrongPath = new WebSocket(`ws://127.0.0.1:${server.port}/other`);
    sockets.push(wrongPath);
    await expect(new Promise((_, reject) => wrongPath.once('error', reject))).rejects.toThrow(/404/);
  });

  it('names the port when it is already in use', async () => {
    const { server } = await start();
    await expect(startUiServer(new FakeHostApi(), { port: server.port, staticDir })).rejects.toThrow(
      new RegExp(`port ${server.port} .*already in use`),
    );
  });

  it('disconnects clients and unsubscribes on close', async () => {
    const { host, server } = await start();
    const { socket, opened } = client(server);
    await opened;
    const closedByServer = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    running.splice(running.indexOf(server), 1);
    await server.close();
    await closedByServer;
    expect(host.listeners.size).toBe(0);
    await server.close(); // idempotent
  });
});
