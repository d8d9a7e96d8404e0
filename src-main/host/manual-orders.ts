/**
 * The user's orders: the host sends them to risk like any strategy would (risk is the only way to execution), with
 * client order ids of its own (`manual.<session>.<n>`), and resends each command until its answer comes back — risk,
 * execution and the venue are idempotent by id, so a resend never makes a second order or a second change. The
 * user's trading state (the kill switch, resuming) goes to risk on the same socket: one ordered stream, so every order
 * sent after a change of state reaches risk after it and is judged by it.
 */
import type * as zmq from 'zeromq';
import type { AmendRequest, OrderRequest } from '../../workers/protocol/channels.js';
import type { AmendOrder, CancelOrder, Message, SetTradingState, SubmitOrder, TradingState } from '../../workers/protocol/messages.js';
import { nowMicros } from '../../workers/runtime/clock.js';
import { OutboundPort, type SendSocket } from '../../workers/runtime/outbound-port.js';
import { createSocket } from '../../workers/runtime/sockets.js';

/** Strategy id of orders the user placed by hand. */
export const MANUAL = 'manual';
const RESEND_AFTER_MS = 1_000;
/** A command unanswered after this many resends is given up on (and reported): its target is gone. */
const MAX_RESENDS = 10;

type Command = Omit<SubmitOrder, 'v' | 'seq'> | Omit<CancelOrder, 'v' | 'seq'> | Omit<AmendOrder, 'v' | 'seq'>;
/** The order a cancel or an amend is for: enough to address it. */
export type OrderAddress = { clientOrderId: string; strategyId: string; venue: string; symbol: string };

const TERMINAL_EVENTS: ReadonlySet<Message['type']> = new Set(['OrderCanceled', 'OrderFilled', 'OrderRejected', 'OrderExpired', 'OrderDenied']);

/** Sends the user's orders, cancels and amends to risk, reliably. */
export class ManualOrders {
  private readonly port: OutboundPort;
  private readonly pending = new Map<string, { command: Command; sentAt: number; resends: number }>();
  private readonly session = Date.now().toString(36);
  private next = 0;
  private timer: NodeJS.Timeout | undefined;

  /** Over `socket`, a PUSH connected to risk's order input (see {@link ManualOrders.connect}). */
  constructor(
    private readonly socket: SendSocket,
    onError: (error: Error) => void,
    private readonly onGiveUp: (text: string) => void,
  ) {
    this.port = new OutboundPort('manual', socket, { framing: 'bare', replayable: false, maxBatch: 64 }, onError);
    this.port.sending = true;
  }

  /** Connects a PUSH to risk's input for the user at `riskUser` (the user's orders and trading state, in order). */
  static connect(riskUser: string, onError: (error: Error) => void, onGiveUp: (text: string) => void): ManualOrders {
    const socket = createSocket('push') as zmq.Push;
    socket.connect(riskUser);
    return new ManualOrders(socket, onError, onGiveUp);
  }

  start(): void {
    this.timer = setInterval(() => this.resend(), RESEND_AFTER_MS / 2);
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.socket.close();
  }

  /** A fresh client order id for the user's next order. */
  nextId(): string {
    this.next += 1;
    return `${MANUAL}.${this.session}.${this.next}`;
  }

  /** Sends a new order (under `clientOrderId` if given, from {@link nextId}); returns its client order id. */
  submit(request: OrderRequest, clientOrderId = this.nextId()): string {
    const now = nowMicros();
    this.send(clientOrderId, { type: 'SubmitOrder', ts: now, rts: now, src: 'host', clientOrderId, strategyId: MANUAL, causeTs: 0, ...submitFields(request) });
    return clientOrderId;
  }

  /**
   * Sets the user's trading state at risk. Not resent like an order (risk sends no answer of its own to it): a PUSH
   * keeps it while risk is away, and risk journals it before it acts on it.
   */
  setTradingState(state: TradingState, cause: string): void {
    const now = nowMicros();
    const command: Omit<SetTradingState, 'v' | 'seq'> = { type: 'SetTradingState', ts: now, rts: now, source: 'user', state, cause };
    this.port.emit('', command);
  }

  /** Asks to cancel a working order (any strategy's: the user may cancel anything). */
  cancel(order: OrderAddress): void {
    const now = nowMicros();
    const { clientOrderId, strategyId, venue, symbol } = order;
    // Keyed apart from the order itself: the order's own events must not acknowledge the cancel before it is sent.
    this.send(`cancel:${clientOrderId}`, { type: 'CancelOrder', ts: now, rts: now, src: 'host', clientOrderId, strategyId, venue, symbol });
  }

  /**
   * Asks to change a working order's price, total quantity or trigger price (absent: keep). A newer amend of the same
   * order replaces an unanswered older one: only the latest wish is resent.
   */
  amend(order: OrderAddress, change: Omit<AmendRequest, 'clientOrderId'>): void {
    const now = nowMicros();
    const { clientOrderId, strategyId, venue, symbol } = order;
    this.send(`amend:${clientOrderId}`, {
      type: 'AmendOrder',
      ts: now,
      rts: now,
      src: 'host',
      clientOrderId,
      strategyId,
      venue,
      symbol,
      price: change.price ?? 0,
      qty: change.qty ?? 0,
      stopPrice: change.stopPrice ?? 0,
    });
  }

  /** True while a cancel or an amend of `clientOrderId` sent from here waits for its answer. */
  isAsking(request: 'cancel' | 'amend', clientOrderId: string): boolean {
    return this.pending.has(`${request}:${clientOrderId}`);
  }

  /**
   * An event for a client order id arrived. Any order event delivers its submission; a cancel is answered by the end
   * of the order or a refusal; an amend by an amendment that carries what was asked, a refusal, or the end of the order.
   */
  acknowledge(message: Message): void {
    if (message.type === 'RequestRejected') {
      this.pending.delete(`${message.request}:${message.clientOrderId}`);
      return;
    }
    if (!('clientOrderId' in message) || message.type === 'SubmitOrder' || message.type === 'CancelOrder' || message.type === 'AmendOrder') return;
    const id = message.clientOrderId;
    this.pending.delete(id);
    if (TERMINAL_EVENTS.has(message.type) && message.state !== 'partially_filled') {
      this.pending.delete(`cancel:${id}`);
      this.pending.delete(`amend:${id}`);
    }
    if (message.type === 'OrderAmended') {
      const asked = this.pending.get(`amend:${id}`)?.command;
      if (asked?.type === 'AmendOrder' && amendedAsAsked(asked, message)) this.pending.delete(`amend:${id}`);
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

/** The request as `SubmitOrder` fields: optional fields only when they say something (absent = the default). */
export function submitFields(request: OrderRequest): Omit<SubmitOrder, 'v' | 'seq' | 'type' | 'ts' | 'rts' | 'src' | 'clientOrderId' | 'strategyId' | 'causeTs'> {
  const { venue, symbol, side, orderType, price, qty, tif } = request;
  const fields: ReturnType<typeof submitFields> = { venue, symbol, side, orderType, price, qty, tif };
  for (const key of ['stopPrice', 'trailAmount', 'trailBps', 'takeProfit', 'stopLoss'] as const) {
    const value = request[key];
    if (value !== undefined && value > 0) fields[key] = value;
  }
  if (request.postOnly === true) fields.postOnly = true;
  if (request.reduceOnly === true) fields.reduceOnly = true;
  if (request.account !== undefined && request.account !== '') fields.account = request.account;
  if (request.trigger === 'take_profit') fields.trigger = 'take_profit';
  return fields;
}

/** True if an amendment carries every value the amend asked for (0 in the amend: not asked). */
function amendedAsAsked(asked: Omit<AmendOrder, 'v' | 'seq'>, amended: { price: number; qty: number; stopPrice: number }): boolean {
  return (
    (asked.price === 0 || asked.price === amended.price) &&
    (asked.qty === 0 || asked.qty === amended.qty) &&
    (asked.stopPrice === 0 || asked.stopPrice === amended.stopPrice)
  );
}
