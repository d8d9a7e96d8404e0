/**
 * Keeps a recording of one sequenced stream whole: each message is written once, in order, and whatever the recorder
 * missed — before it joined, while it was down, in a gap — is asked of the stream's owner (which keeps every message it
 * published) and written before anything newer. Pure: the recorder's sockets feed it and carry its requests.
 *
 * Unlike a trading subscriber, a recorder never starts "from now": a topic it has not seen must start at 1, and a
 * restarted recorder goes on from the last number its journal holds.
 */
import type { Message } from '../protocol/messages.js';

/** What the catch-up does with the world. */
export interface CatchUpPorts {
  /** Append one message to the recording. */
  write(topic: string, message: Message): void;
  /** Ask the owner for every message after these numbers (topics absent: from the start). */
  request(afterSeq: Record<string, number>): void;
  /** Wall clock, ms: an unanswered request is repeated after a while (its answerer may have died). */
  now(): number;
}

/** How long an unanswered request waits before it is sent again, ms. */
export const REQUEST_RETRY_MS = 2_000;

/** The catch-up of one stream. */
export class StreamCatchUp {
  private resyncing = false;
  private requestedAt = 0;
  private buffered: Array<{ topic: string; message: Message }> = [];
  /** Messages the owner could no longer give (counted, then accepted as lost). */
  lost = 0;

  constructor(
    /** Last number recorded per topic (from the journal on a restart); updated as messages are written. */
    private readonly last: Map<string, number>,
    private readonly ports: CatchUpPorts,
  ) {}

  /** Joins the stream: asks for everything after what is recorded. */
  start(): void {
    this.beginResync();
  }

  /** A message from the live subscription. */
  onLive(topic: string, message: Message): void {
    if (this.resyncing) {
      this.buffered.push({ topic, message });
      if (this.ports.now() - this.requestedAt > REQUEST_RETRY_MS) this.sendRequest();
      return;
    }
    const last = this.last.get(topic) ?? 0;
    if (message.seq <= last) return;
    if (message.seq === last + 1) return this.write(topic, message);
    this.buffered.push({ topic, message });
    this.beginResync();
  }

  /** A message of the owner's answer; `SnapshotEnd` closes it. */
  onReply(topic: string, message: Message): void {
    if (message.type === 'SnapshotEnd') return this.endResync();
    // The owner answers with what it has, in order; a hole in its answer is a loss nobody can repair.
    const last = this.last.get(topic) ?? 0;
    if (message.seq <= last) return;
    this.lost += message.seq - last - 1;
    this.write(topic, message);
  }

  private beginResync(): void {
    this.resyncing = true;
    this.sendRequest();
  }

  private sendRequest(): void {
    this.requestedAt = this.ports.now();
    this.ports.request(Object.fromEntries(this.last));
  }

  private endResync(): void {
    if (!this.resyncing) return;
    this.resyncing = false;
    const pending = this.buffered;
    this.buffered = [];
    for (const { topic, message } of pending) {
      const last = this.last.get(topic) ?? 0;
      if (message.seq <= last) continue;
      this.lost += message.seq - last - 1;
      this.write(topic, message);
    }
  }

  private write(topic: string, message: Message): void {
    this.last.set(topic, message.seq);
    this.ports.write(topic, message);
  }
}
