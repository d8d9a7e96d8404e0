/**
 * Exit plans as chart lines: each plan's stop (draggable: dropping it moves the stop) and its open profit targets, for
 * the chart's instrument. Pure: what to draw, not how; the chart controller draws it.
 */
import { formatQty, type Instrument } from '../../../workers/core/instrument.js';
import type { ExitRow } from '../../../workers/protocol/channels.js';
import type { Side } from '../../../workers/protocol/messages.js';

/** One line of an exit plan. */
export interface ExitLine {
  /** Unique on the chart: `exit:<owner>` for a stop, `exit:<owner>:<n>` for target n. */
  id: string;
  kind: 'stop' | 'target';
  /** The side of the exit order: against the position. */
  side: Side;
  price: number;
  label: string;
  /** The plan the line belongs to. */
  exit: ExitRow;
}

const OWNER_PREFIX = 'exit:';

/** The lines of `exits` (plans of one instrument): stops and targets of plans that protect a position now. */
export function exitLines(exits: readonly ExitRow[], instrument: Instrument | undefined): ExitLine[] {
  const lines: ExitLine[] = [];
  const qty = (lots: number): string => (instrument === undefined ? String(lots) : formatQty(instrument, lots));
  for (const exit of exits) {
    if (exit.phase === 'done' || exit.position === 0) continue;
    const side: Side = exit.position > 0 ? 'sell' : 'buy';
    const who = exit.owner === 'manual' ? '' : ` ${exit.owner}`;
    if (exit.stopPrice > 0) {
      const tags = [exit.trailingActive ? 'trail' : '', exit.breakEvenDone ? 'BE' : ''].filter((t) => t !== '').join(' ');
      lines.push({ id: `${OWNER_PREFIX}${exit.owner}`, kind: 'stop', side, price: exit.stopPrice, label: `SL${who} ${qty(exit.stopQty)}${tags === '' ? '' : ` ${tags}`}`, exit });
    }
    exit.targets.forEach(([price, lots], index) => {
      if (lots > 0) lines.push({ id: `${OWNER_PREFIX}${exit.owner}:${index + 1}`, kind: 'target', side, price, label: `TP${index + 1}${who} ${qty(lots)}`, exit });
    });
  }
  return lines;
}

/** True if a chart line id is an exit's (not a working order's). */
export function isExitLineId(id: string): boolean {
  return id.startsWith(OWNER_PREFIX);
}
