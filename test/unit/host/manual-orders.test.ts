/**
 * The user's orders and trading state leave the host on one socket to risk, in the order the user gave them: risk
 * judges an order sent after the kill switch by the kill switch's state.
 */
import { describe, expect, it, vi } from 'vitest';
import { ManualOrders } from '../../../src-main/host/manual-orders.js';
import { decodeFrame } from '../../../workers/protocol/codec.js';
import type { Message } from '../../../workers/protocol/messages.js';
import type { SendSocket } from '../../../workers/runtime/outbound-port.js';

const ANY_INSTRUMENT = { isKnownInstrument: () => true };

/** A socket that keeps what is sent on it, decoded. */
function recordingSocket(): { socket: SendSocket; sent: Message[] } {
  const sent: Message[] = [];
  const socket = {
    send: async (frames: Uint8Array[]) => {
      const decoded = decodeFrame(frames[frames.length - 1]!, ANY_INSTRUMENT);
      expect(decoded.refusals).toEqual([]);
      sent.push(...decoded.messages);
    },
    close: () => undefined,
  };
  return { socket: socket as unknown as SendSocket, sent };
}

describe('ManualOrders', () => {
  it('sends the trading state and the orders after it in one stream, in order', async () => {
    const { socket, sent } = recordingSocket();
    const orders = new ManualOrders(socket, (error) => { throw error; }, () => undefined);
    orders.setTradingState('reducing', 'kill switch');
    const id = orders.submit({ venue: 'sim', symbol: 'ETH-USD', side: 'buy', orderType: 'market', price: 0, qty: 1, tif: 'IOC' });
    orders.setTradingState('active', '');
    await vi.waitFor(() => expect(sent).toHaveLength(3));
    expect(sent).toMatchObject([
      { type: 'SetTradingState', source: 'user', state: 'reducing', cause: 'kill switch' },
      { type: 'SubmitOrder', clientOrderId: id, symbol: 'ETH-USD', side: 'buy' },
      { type: 'SetTradingState', source: 'user', state: 'active', cause: '' },
    ]);
    orders.close();
  });
});
