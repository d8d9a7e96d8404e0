/** Asks a worker's snapshot ROUTER for its state, as a late joiner does, and returns what it answered (decoded). */
import * as zmq from 'zeromq';
import { decodeFrame, encodeFrame } from '../../../workers/protocol/codec.js';
import { SCHEMA_VERSION, type Message } from '../../../workers/protocol/messages.js';

export async function requestSnapshot(endpoint: string, prefix = '', timeoutMs = 10_000): Promise<Message[]> {
  const dealer = new zmq.Dealer({ linger: 0, receiveTimeout: timeoutMs });
  dealer.connect(endpoint);
  try {
    const now = Date.now() * 1000;
    await dealer.send(encodeFrame({ type: 'RequestSnapshot', v: SCHEMA_VERSION, seq: 1, ts: now, rts: now, src: 'test', prefix, afterSeq: {} }));
    const messages: Message[] = [];
    for (;;) {
      const [, payload] = await dealer.receive();
      const decoded = decodeFrame(payload as Buffer, { isKnownInstrument: () => true });
      for (const message of decoded.messages) {
        if (message.type === 'SnapshotEnd') return messages;
        messages.push(message);
      }
    }
  } finally {
    dealer.close();
  }
}
