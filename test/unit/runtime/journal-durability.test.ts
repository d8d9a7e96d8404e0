/**
 * What survives a `kill -9` of a process writing a journal: every record it had flushed (as the worker shell does
 * before anything it sends leaves), whatever was still waiting in memory not necessarily, and never a half record.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../../workers/runtime/journal-file.js';

const WRITER = new URL('../../../dist/workers/runtime/journal-writer.js', import.meta.url).href;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A child that appends 500 records, flushes, appends 300 more that wait in memory, says so, and waits to be killed. */
const CHILD = `
const { JournalWriter } = await import(process.argv[1]);
const writer = new JournalWriter(process.argv[2], 1, { segmentBytes: 1 << 26, segmentMinutes: 60, flushMs: 600000, flushBytes: 1 << 20 });
const record = (i) => ({ time: i, port: 'in', topic: 'cmd.test', payload: new Uint8Array(90).fill(i & 255) });
for (let i = 1; i <= 500; i++) writer.append(record(i));
writer.flush();
for (let i = 501; i <= 800; i++) writer.append(record(i));
process.stdout.write('ready\\n');
setInterval(() => {}, 1000);
`;

describe('journal durability', () => {
  it('keeps every flushed record of a process killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-kill-'));
    dirs.push(dir);
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, WRITER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        child.once('exit', () => reject(new Error('the writer exited before it was ready')));
      });
      child.kill('SIGKILL');
      await exited;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    const { records, tornBytes } = readJournal(dir, { repair: true });
    expect(tornBytes).toBe(0);
    // Exactly the flushed ones: the last 300 were still in the writer's memory (what "off the hot path" costs).
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(records.at(-1)!.payload[0]).toBe(500 & 255);
  });
});
