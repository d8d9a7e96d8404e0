/**
 * The user's orders: the host sends them to risk like any strategy would (risk is the only way to execution), with
 * client order ids of its own (`manual.<session>.<n>`), and resends each until an event for its id comes back —
 * risk and execution are idempotent by id, so a resend never makes a second order.
 */
import type * as zmq from 'zeromq';
import type { OrderRequest } from '../../workers/protocol/channels.js';
import type { CancelOrder, Message, SubmitOrder } from '../../workers/protocol/messages.js';
import { nowMicros } from '../../workers/runtime/clock.js';
import { OutboundPort, type SendSocket } from '../../workers/runtime/outbound-port.js';
import { createSocket } from '../../workers/runtime/sockets.js';

/** Strategy id of orders the user placed by hand. */
export const MANUAL = 'manual';
const RESEND_AFTER_MS = 1_000;
/** A command unanswered after this many resends is given up on (and reported): its target is gone. */
const MAX_RESENDS = 10;

type Command = Omit<SubmitOrder, 'v' | 'seq'> | Omit<CancelOrder, 'v' | 'seq'>;

/** Sends the user's orders and cancels to risk, reliably. */
export class ManualOrders {
  private readonly socket: zmq.Push;
  private readonly port: OutboundPort;
  private readonly pending = new Map<string, { command: Command; sentAt: number; resends: number }>();
  private readonly session = Date.now().toString(36);
  private next = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    riskIn: string,
    onError: (error: Error) => void,
    private readonly onGiveUp: (text: string) => void,
  ) {
    this.socket = createSocket('push') as zmq.Push;
    this.socket.connect(riskIn);
    this.port = new OutboundPort('manual', this.socket as SendSocket, { framing: 'bare', replayable: false, maxBatch: 64 }, onError);
    this.port.sending = true;
  }

  start(): void {
    this.timer = setInterval(() => this.resend(), RESEND_AFTER_MS / 2);
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.socket.close();
  }

  /** Sends a new order; returns its client order id. */
  submit(request: OrderRequest): string {
    this.next += 1;
    const clientOrderId = `${MANUAL}.${this.session}.${this.next}`;
    const now = nowMicros();
    this.send(clientOrderId, { type: 'SubmitOrder', ts: now, rts: now, src: 'host', clientOrderId, strategyId: MANUAL, causeTs: 0, ...request });
    return clientOrderId;
  }

  /** Asks to cancel a working order (any strategy's: the user may cancel anything). */
  cancel(order: { clientOrderId: string; strategyId: string; venue: string; symbol: string }): void {
    const now = nowMicros();
    const { clientOrderId, strategyId, venue, symbol } = order;
    // Keyed apart from the order itself: the order's own events must not acknowledge the cancel before it is sent.
    this.send(`cancel:${clientOrderId}`, { type: 'CancelOrder', ts: now, rts: now, src: 'host', clientOrderId, strategyId, venue, symbol });
  }

  /** An event for `clientOrderId` arrived: its submission (and a cancel, once the order is finished) is delivered. */
  acknowledge(message: Message): void {
    if (!('clientOrderId' in message)) return;
    this.pending.delete(message.clientOrderId);
    if (message.type === 'OrderCanceled' || message.type === 'OrderFilled' || message.type === 'OrderRejected') {
      if (message.state !== 'partially_filled') this.pending.delete(`cancel:${message.clientOrderId}`);
    }
  }

  private send(key: string, command: Command): void {
    this.pending.set(key, { command, sentAt: Date.now(), resends: 0 });
    this.port.emit('', { ...command });
  }

  private resend(): void {
    const now = Date.now();
    for (const [key, entry] of this.pending) {
      if (now - entry.sentAt < RESEND_AFTER_MS) continue;
      if (entry.resends >= MAX_RESENDS) {
        this.pending.delete(key);
        this.onGiveUp(`${entry.command.type} ${entry.command.clientOrderId} got no answer after ${MAX_RESENDS} resends`);
        continue;
      }
      entry.resends += 1;
      entry.sentAt = now;
      this.port.emit('', { ...entry.command, rts: nowMicros() });
    }
  }
}
