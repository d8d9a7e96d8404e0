import { describe, expect, it } from 'vitest';
import { segmentsToDelete } from '../../../workers/runtime/journal-retention.js';
import { journalGated } from '../../../workers/runtime/journal-gate.js';

const DAY = 86_400_000;
const segments = [
  { name: 'a', bytes: 100, lastWriteMs: 0 },
  { name: 'b', bytes: 100, lastWriteMs: 5 * DAY },
  { name: 'c', bytes: 100, lastWriteMs: 9 * DAY },
];

describe('journal retention', () => {
  it('keeps everything without limits', () => {
    expect(segmentsToDelete(segments, {}, 10 * DAY)).toEqual([]);
  });

  it('keeps at most N segments, the one being written counted', () => {
    expect(segmentsToDelete(segments, { keepSegments: 3 }, 10 * DAY)).toEqual(['a']);
    expect(segmentsToDelete(segments, { keepSegments: 1 }, 10 * DAY)).toEqual(['a', 'b', 'c']);
  });

  it('keeps at most N bytes of closed segments', () => {
    expect(segmentsToDelete(segments, { keepBytes: 250 }, 10 * DAY)).toEqual(['a']);
  });

  it('drops segments last written more than N days ago, oldest first', () => {
    expect(segmentsToDelete(segments, { keepDays: 3 }, 10 * DAY)).toEqual(['a', 'b']);
  });
});

describe('journal gate', () => {
  it('flushes before every send and passes everything else through to the socket', async () => {
    const events: string[] = [];
    const socket = {
      closed: false,
      send(frames: string[]) {
        events.push(`send ${frames.join(',')}`);
        return Promise.resolve();
      },
      close() {
        this.closed = true;
      },
    };
    const gated = journalGated(socket, () => events.push('flush'));
    await gated.send(['t', 'p']);
    gated.close();
    expect(events).toEqual(['flush', 'send t,p']);
    expect(gated.closed).toBe(true);
  });
});
