import { describe, expect, it } from 'vitest';
import type { Message } from '../../../workers/protocol/messages.js';
import { REQUEST_RETRY_MS, StreamCatchUp } from '../../../workers/journal/stream-catch-up.js';

const m = (seq: number, type = 'OrderAccepted'): Message => ({ type, seq } as unknown as Message);
const end = (): Message => m(1, 'SnapshotEnd');

function recorder(last: Record<string, number> = {}) {
  const written: string[] = [];
  const requests: Array<Record<string, number>> = [];
  let now = 0;
  const catchUp = new StreamCatchUp(new Map(Object.entries(last)), {
    write: (topic, message) => written.push(`${topic}#${message.seq}`),
    request: (afterSeq) => requests.push(afterSeq),
    now: () => now,
  });
  return { catchUp, written, requests, advance: (ms: number) => (now += ms) };
}

describe('stream recording catch-up', () => {
  it('joining late, records the owner’s history before the live messages that arrived meanwhile', () => {
    const r = recorder();
    r.catchUp.start();
    expect(r.requests).toEqual([{}]);
    r.catchUp.onLive('fill.a', m(3));
    r.catchUp.onReply('fill.a', m(1));
    r.catchUp.onReply('fill.a', m(2));
    r.catchUp.onReply('fill.a', m(3));
    r.catchUp.onReply('', end());
    r.catchUp.onLive('fill.a', m(4));
    expect(r.written).toEqual(['fill.a#1', 'fill.a#2', 'fill.a#3', 'fill.a#4']);
    expect(r.catchUp.lost).toBe(0);
  });

  it('restarted, goes on from what its journal holds and writes nothing twice', () => {
    const r = recorder({ 'order.a': 5 });
    r.catchUp.start();
    expect(r.requests).toEqual([{ 'order.a': 5 }]);
    for (const seq of [4, 5, 6, 7]) r.catchUp.onReply('order.a', m(seq));
    r.catchUp.onReply('', end());
    r.catchUp.onLive('order.a', m(7));
    r.catchUp.onLive('order.a', m(8));
    expect(r.written).toEqual(['order.a#6', 'order.a#7', 'order.a#8']);
  });

  it('asks again on a gap, and for a topic first seen past its start', () => {
    const r = recorder({ 'order.a': 1 });
    r.catchUp.start();
    r.catchUp.onReply('', end());
    r.catchUp.onLive('order.a', m(2));
    r.catchUp.onLive('order.a', m(4));
    r.catchUp.onLive('order.a', m(5));
    expect(r.requests).toEqual([{ 'order.a': 1 }, { 'order.a': 2 }]);
    r.catchUp.onReply('order.a', m(3));
    r.catchUp.onReply('order.a', m(4));
    r.catchUp.onReply('', end());
    r.catchUp.onLive('position.b', m(2));
    expect(r.requests).toHaveLength(3);
    expect(r.written).toEqual(['order.a#2', 'order.a#3', 'order.a#4', 'order.a#5']);
  });

  it('accepts as lost what the owner cannot give, counting it', () => {
    const r = recorder();
    r.catchUp.start();
    r.catchUp.onLive('order.a', m(9));
    r.catchUp.onReply('', end());
    expect(r.written).toEqual(['order.a#9']);
    expect(r.catchUp.lost).toBe(8);
  });

  it('asks again when an answer does not come', () => {
    const r = recorder();
    r.catchUp.start();
    r.catchUp.onLive('order.a', m(1));
    expect(r.requests).toHaveLength(1);
    r.advance(REQUEST_RETRY_MS + 1);
    r.catchUp.onLive('order.a', m(2));
    expect(r.requests).toHaveLength(2);
  });
});
