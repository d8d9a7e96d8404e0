/**
 * The host's end of the control channel: a ROUTER bound at `ctl`. Workers connect with their name as routing id and
 * send heartbeats and log lines; the host sends them commands by name. Any client may also send `KillSwitch` here
 * (`npm run kill`); the host answers it on the same connection with a `KillSwitchReport`.
 */
import * as zmq from 'zeromq';
import { decodeFrame, encodeFrame } from '../../workers/protocol/codec.js';
import { SCHEMA_VERSION, type ExitStatus, type Heartbeat, type KillSwitch, type Message, type StrategyStatus, type Unstamped, type WorkerLog } from '../../workers/protocol/messages.js';
import type { ValidationContext } from '../../workers/protocol/validate.js';
import { bindSocket, readLoop } from '../../workers/runtime/sockets.js';
import { nowMicros } from '../../workers/runtime/clock.js';

export interface ControlEvents {
  onHeartbeat(worker: string, heartbeat: Heartbeat): void;
  onLog(worker: string, log: WorkerLog): void;
  /** A strategy instance's status, from a strategy worker (ours or an external one). */
  onStrategyStatus?(worker: string, status: StrategyStatus): void;
  /** An exit plan's state, from the exits worker. */
  onExitStatus?(worker: string, status: ExitStatus): void;
  /** A client (routing id `sender`) asks for the kill switch; the answer goes back with `send(sender, …)`. */
  onKillSwitch?(sender: string, command: KillSwitch): void;
  onRefused(reason: string): void;
}

/** Heartbeats in, commands out. */
export class ControlRouter {
  private readonly socket = new zmq.Router({ linger: 0, mandatory: false, sendHighWaterMark: 10_000 });
  private chain: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(
    private readonly endpoint: string,
    private readonly validation: ValidationContext,
    private readonly events: ControlEvents,
  ) {}

  async start(): Promise<void> {
    await bindSocket(this.socket, this.endpoint, 'host control');
    void readLoop(this.socket, (frames) => this.onFrames(frames), (e) => this.events.onRefused(e.message));
  }

  /** Sends a command to the worker named `worker` (dropped if it is not connected). */
  send(worker: string, command: Unstamped<Message>): void {
    const message = { ...command, v: SCHEMA_VERSION, seq: ++this.seq } as Message;
    const payload = encodeFrame(message);
    // One pending send per socket: commands queue behind each other.
    this.chain = this.chain.then(() => this.socket.send([worker, payload])).catch(() => undefined);
  }

  /** A command stamped now. */
  static command<M extends Message>(body: Omit<M, 'ts' | 'rts' | 'v' | 'seq'>): Unstamped<M> {
    const now = nowMicros();
    return { ...body, ts: now, rts: now } as unknown as Unstamped<M>;
  }

  close(): void {
    this.socket.close();
  }

  private onFrames(frames: Buffer[]): void {
    const [identity, payload] = frames;
    if (identity === undefined || payload === undefined) return this.events.onRefused('control frame without payload');
    const worker = identity.toString('utf8');
    const decoded = decodeFrame(payload, this.validation);
    for (const refusal of decoded.refusals) this.events.onRefused(`from ${worker}: ${refusal.reason}`);
    for (const message of decoded.messages) {
      if (message.type === 'Heartbeat') this.events.onHeartbeat(worker, message);
      else if (message.type === 'WorkerLog') this.events.onLog(worker, message);
      else if (message.type === 'StrategyStatus') this.events.onStrategyStatus?.(worker, message);
      else if (message.type === 'ExitStatus') this.events.onExitStatus?.(worker, message);
      else if (message.type === 'KillSwitch' && this.events.onKillSwitch !== undefined) this.events.onKillSwitch(worker, message);
      else this.events.onRefused(`from ${worker}: unexpected ${message.type} on control`);
    }
  }
}
