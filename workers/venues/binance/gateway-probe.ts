/**
 * The gateway's stage probe for `npm run bench -- --only binance`: with `TERMINAL_STAGE_PROBE=<file>` in its
 * environment, the gateway marks each BookUpdate's time since its frame arrived when the adapter has normalised it,
 * when its PUB batch is about to be encoded, when ZeroMQ has taken it, and when the core is done with it (the md
 * port sends at once, so the paper engine's work on the frame comes after the send). The first SIGUSR2 starts the
 * window; the second writes the figures to the file as JSON. Without the variable: nothing.
 */
import { writeFileSync } from 'node:fs';
import type { Outgoing } from '../../core/worker-core.js';
import type { Message } from '../../protocol/messages.js';
import type { SendObserver } from '../../runtime/outbound-port.js';
import { StageProbe } from '../../runtime/stage-probe.js';

/** The probe's hooks, or undefined when it is off. */
export interface GatewayProbe {
  /** Around the adapter's hand-over to the shell. */
  normalised(message: Outgoing): void;
  handled(message: Outgoing): void;
  /** On the md PUB port. */
  observer: SendObserver;
}

const STAGES = [
  'normalised (frame read onto the grid, local book checked)',
  'PUB batch taken for sending (validated, journaled if on, core book)',
  'handed to ZeroMQ (encoded, send returned)',
  'core done (paper engine, after the send)',
];

/** The probe the environment asks for, if any. */
export function gatewayProbeFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayProbe | undefined {
  const file = env.TERMINAL_STAGE_PROBE;
  if (file === undefined || file === '') return undefined;
  const probe = new StageProbe(STAGES);
  process.on('SIGUSR2', () => {
    if (!probe.measuring) {
      probe.reset();
      probe.measuring = true;
      return;
    }
    probe.measuring = false;
    writeFileSync(file, JSON.stringify(probe.figures()));
  });
  const each = (index: number) => (batch: readonly Message[]) => {
    for (const message of batch) if (message.type === 'BookUpdate') probe.mark(index, message.rts);
  };
  return {
    normalised: (message) => {
      if (message.type === 'BookUpdate') probe.mark(0, message.rts);
    },
    handled: (message) => {
      if (message.type === 'BookUpdate') probe.mark(3, message.rts);
    },
    observer: { encoding: each(1), sent: each(2) },
  };
}
