/**
 * The contract between a worker's pure core and its shell. The core sees inputs with the time they arrived and emits
 * outputs through a port; it does no I/O and reads no clock, so replaying its inputs reproduces its outputs exactly.
 */
import type { Message, Unstamped } from '../protocol/messages.js';

/** An output before the shell stamps its schema version and stream sequence number. */
export type Outgoing = Unstamped<Message>;

/**
 * Where a core sends what it produces: `port` names an output socket of the worker (`md`, `orders`, ...), `topic`
 * the stream on it (for a ROUTER port, the peer's routing id).
 */
/** The port a core's messages from the host's control channel arrive on, and the one it emits on to reach the host. */
export const CONTROL_PORT = 'ctl';

export type Emit = (port: string, topic: string, message: Outgoing) => void;

/** A worker's pure engine. */
export interface WorkerCore {
  /** A validated message arrived on input `port` (topic, or sender id for ROUTER ports) at time `now` (µs). */
  onMessage(port: string, topic: string, message: Message, now: number): void;
  /** The shell's periodic tick, at time `now` (µs). */
  onTimer(now: number): void;
  /**
   * Called once after the core has been rebuilt from its journal (outputs were not sent during the replay): emit
   * again whatever may not have reached its receiver. Receivers are idempotent.
   */
  onRecovered(now: number): void;
  /** Current state as messages, for a subscriber that asked for a snapshot of topics starting with `prefix`. */
  snapshot(prefix: string, now: number): Array<{ topic: string; message: Outgoing }>;
  /** Counters for heartbeats and the summary. */
  counters(): Record<string, number>;
  /**
   * When the core next needs a tick (µs), if that is sooner than the periodic one: a venue holding orders and market
   * data back by a simulated latency. The shell then ticks at that time; the tick is journaled like any other.
   */
  nextWake?(): number | undefined;
}
