/**
 * The live-orders core's futures account: the {@link FuturesAccountBook} fed by the user stream and by REST (the pair
 * `/fapi/v2/account` + `/fapi/v2/positionRisk`, whether from a reconciliation round or the periodic check), and
 * published whole as `VenueAccount` (margin and positions; `balances` empty) each time it changes. Pure.
 */
import type { Instrument } from '../../../core/instrument.js';
import type { Outgoing } from '../../../core/worker-core.js';
import type { ReconcileDifference } from '../../../protocol/messages.js';
import type { FuturesAccountUpdate } from './binance-trade-types.js';
import { FuturesAccountBook, parseFuturesAccount, parsePositionRisk, positionDifferences } from './futures-account.js';

export class FuturesAccountKeeper {
  readonly book: FuturesAccountBook;
  /** The periodic check's answers so far, by kind (both are needed for a whole picture). */
  private periodic = new Map<string, unknown>();
  readonly counts = { account_refused: 0 };

  constructor(
    instruments: ReadonlyMap<string, Instrument>,
    private readonly venue: string,
    private readonly account: string,
    private readonly publish: (message: Outgoing) => void,
  ) {
    this.book = new FuturesAccountBook(instruments);
  }

  /** ACCOUNT_UPDATE from the user stream. */
  onStream(update: FuturesAccountUpdate, now: number): void {
    this.book.apply(update);
    this.publish(this.message('stream', now));
  }

  /** One answer of the periodic check; the picture is published once both have come. */
  onPeriodic(kind: 'account' | 'positions', body: unknown, now: number): void {
    this.periodic.set(kind, body);
    if (this.periodic.size < 2) return;
    const answers = this.periodic;
    this.periodic = new Map();
    const check = this.check(answers, now);
    if (typeof check === 'string') return void this.counts.account_refused++;
    check.publish();
  }

  /** A reconciliation round's check: the positions that moved since the stream last said, and the new picture. */
  check(answers: ReadonlyMap<string, unknown>, now: number): { differences: ReconcileDifference[]; publish: () => void } | string {
    const account = parseFuturesAccount(answers.get('account'));
    if (typeof account === 'string') return account;
    const risk = parsePositionRisk(answers.get('positions'));
    if (typeof risk === 'string') return risk;
    const believed = this.book.known ? this.book.lots() : undefined;
    this.book.setRest(account, risk, Math.floor(now / 1000));
    const differences = positionDifferences(believed, this.book.lots());
    return { differences, publish: () => this.publish(this.message('rest', now)) };
  }

  message(source: 'stream' | 'rest', now: number): Outgoing {
    return {
      type: 'VenueAccount', venue: this.venue, account: this.account, source, balances: [], updateTime: this.book.updateTime * 1000,
      positions: this.book.openPositions(), margin: this.book.marginAssets(), ts: now, rts: now,
    };
  }
}
