/**
 * Per-topic sequence checking for a subscription: drops duplicates (a resend overlapping live data), counts gaps, and
 * tells the caller when a gap on a stream that matters needs a resynchronisation.
 */
import type { Message } from '../protocol/messages.js';

/** What to do with a message. */
export type SequenceVerdict = 'accept' | 'duplicate' | 'gap';

/** Last sequence number seen per topic. */
export class SequenceTracker {
  private readonly last = new Map<string, number>();
  gaps = 0;
  duplicates = 0;

  /**
   * Checks `message` on `topic` and records it unless it is a gap: then the caller either resynchronises (and checks
   * the message again afterwards) or accepts the loss with {@link skipTo}. A state snapshot is accepted whenever it is not older than what we have and resets the stream to its number; a
   * message numbered 1 after higher numbers means the publisher started a new stream.
   */
  check(topic: string, message: Message): SequenceVerdict {
    const seq = message.seq;
    const last = this.last.get(topic);
    if (message.type === 'BookSnapshot') {
      if (last !== undefined && seq < last) return this.duplicate();
      this.last.set(topic, seq);
      return 'accept';
    }
    if (last === undefined || seq === last + 1 || (seq === 1 && last > 1)) {
      this.last.set(topic, seq);
      return 'accept';
    }
    if (seq <= last) return this.duplicate();
    this.gaps += 1;
    return 'gap';
  }

  /** Accepts a gap: the stream continues from `seq`. */
  skipTo(topic: string, seq: number): void {
    this.last.set(topic, seq);
  }

  /** Last sequence numbers by topic, for a resend request. */
  snapshot(prefix = ''): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [topic, seq] of this.last) if (topic.startsWith(prefix)) out[topic] = seq;
    return out;
  }

  private duplicate(): SequenceVerdict {
    this.duplicates += 1;
    return 'duplicate';
  }
}
