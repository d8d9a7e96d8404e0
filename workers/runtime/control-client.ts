/**
 * The worker's end of the control channel: a DEALER named after the worker, connected to the host's ROUTER. It sends
 * a heartbeat every period and on every state change, forwards warnings for the Log panel, and hands commands back.
 */
import type * as zmq from 'zeromq';
import type { Heartbeat, WorkerLog } from '../protocol/messages.js';
import type { Outgoing } from '../core/worker-core.js';
import { topics } from '../protocol/topics.js';
import { nowMicros } from './clock.js';
import { OutboundPort } from './outbound-port.js';
import { createSocket, readLoop } from './sockets.js';

type HeartbeatBody = Pick<Heartbeat, 'worker' | 'pid' | 'state' | 'reason' | 'stats'>;

export interface ControlHooks {
  heartbeat(): HeartbeatBody;
  onFrame(payload: Uint8Array): void;
  onError(error: Error): void;
}

/** Heartbeats out, commands in. */
export class ControlClient {
  private readonly socket: zmq.Dealer;
  private readonly port: OutboundPort;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly worker: string,
    endpoint: string,
    private readonly periodMs: number,
    private readonly hooks: ControlHooks,
  ) {
    this.socket = createSocket('dealer', { routingId: worker }) as zmq.Dealer;
    // The last heartbeat ("stopped") should reach the host, so this socket lingers briefly.
    this.socket.linger = 200;
    this.socket.connect(endpoint);
    this.port = new OutboundPort('ctl', this.socket, { framing: 'bare', replayable: false, maxBatch: 16 }, hooks.onError);
    this.port.sending = true;
  }

  start(): void {
    this.sendHeartbeat();
    this.timer = setInterval(() => this.sendHeartbeat(), this.periodMs);
    void readLoop(this.socket, (frames) => {
      const payload = frames[frames.length - 1];
      if (payload !== undefined) this.hooks.onFrame(payload);
    }, this.hooks.onError);
  }

  sendHeartbeat(): void {
    const now = nowMicros();
    this.port.emit(topics.status(this.worker), { type: 'Heartbeat', ts: now, rts: now, ...this.hooks.heartbeat() });
  }

  sendLog(level: WorkerLog['level'], text: string): void {
    const now = nowMicros();
    this.port.emit(topics.log(this.worker), { type: 'WorkerLog', ts: now, rts: now, worker: this.worker, level, text });
  }

  /** Sends a message of the core's on the control channel (a strategy's status, say). */
  send(message: Outgoing): void {
    this.port.emit(topics.status(this.worker), message);
  }

  /** Waits (briefly) until queued heartbeats and logs are handed to ZeroMQ. */
  async flush(): Promise<void> {
    await Promise.race([this.port.drained(), new Promise((resolve) => setTimeout(resolve, 200).unref())]);
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.socket.close();
  }
}
