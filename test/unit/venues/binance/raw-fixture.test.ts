/**
 * The adapter's contract on a recorded session: the committed raw recording (test/fixtures/binance-raw/, made by its
 * record-fixture.ts against the fake exchange through a lost, a duplicated, two swapped and an off-grid event and a
 * dropped connection) replays through the real adapter and gateway core with every book sound after every message,
 * a gap reported for each break and healed by a new snapshot, and the final book equal to the exchange's true one.
 * A recording cut mid-record (a crash) still replays up to the cut.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../workers/core/instrument.js';
import { OrderBook } from '../../../../workers/core/order-book.js';
import { readJournal } from '../../../../workers/runtime/journal-file.js';
import { gridStep, toGridUnits } from '../../../../workers/venues/binance/decimal-units.js';
import { rawJournalDir } from '../../../../workers/venues/binance/raw-recorder.js';
import { replayRaw, type RawReplay } from '../../../../workers/venues/binance/raw-replay.js';
import truth from '../../../fixtures/binance-raw/truth.json' with { type: 'json' };

const SESSION = fileURLToPath(new URL('../../../fixtures/binance-raw/session/', import.meta.url));

/** The book contract over a published stream: sound after every book message, never an update without a snapshot. */
function contract(replay: RawReplay): { book: OrderBook | undefined; violations: string[]; states: string[] } {
  let book: OrderBook | undefined;
  const violations: string[] = [];
  const states: string[] = [];
  for (const { message } of replay.published) {
    if (message.type === 'MarketDataStatus') states.push(message.state);
    if (message.type !== 'BookSnapshot' && message.type !== 'BookUpdate') continue;
    if (message.type === 'BookSnapshot') (book ??= new OrderBook()).setSnapshot(message.bids, message.asks);
    else if (book === undefined) violations.push('an update before any snapshot');
    else book.apply(message.bids, message.asks);
    const problem = book?.checkInvariants();
    if (problem !== undefined) violations.push(problem);
  }
  return { book, violations, states };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the Binance adapter on a recorded raw session', () => {
  it('keeps the book contract through every recorded fault and ends on the true book', () => {
    const { records, tornBytes } = readJournal(rawJournalDir(SESSION));
    expect(tornBytes).toBe(0);
    const replay = replayRaw(records, { depth: 100 });
    expect(replay.notes).toEqual([]);
    expect(replay.instruments.map((i) => `${i.venue}:${i.symbol}`)).toEqual(['binance:BTCUSDT']);
    expect(replay.inputs['spot.down']).toBe(1);
    expect(replay.adapterCounts['spot.resyncs']).toBeGreaterThanOrEqual(3); // gap, swap, off-grid (the duplicate is dropped)
    expect(replay.adapterCounts['spot.off_grid']).toBeGreaterThanOrEqual(1);
    const { book, violations, states } = contract(replay);
    expect(violations).toEqual([]);
    expect(states.filter((s) => s === 'gap').length).toBeGreaterThanOrEqual(4); // three resyncs and the drop
    expect(states.at(-1)).toBe('ok');
    const instrument = makeInstrument(replay.instruments[0]!);
    const levels = (side: string[][], step: ReturnType<typeof gridStep>, qtys: ReturnType<typeof gridStep>) => side.map(([p, q]) => [toGridUnits(p!, step), toGridUnits(q!, qtys)]);
    const prices = gridStep(instrument.tick);
    const qtys = gridStep(instrument.lot);
    expect(book!.top(20)).toEqual({ bids: levels(truth.bids, prices, qtys), asks: levels(truth.asks, prices, qtys) });
  });

  it('replays a recording whose last record was torn by a crash, up to the tear', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'tt-raw-torn-')), 'binance.jnl');
    dirs.push(join(copy, '..'));
    mkdirSync(copy);
    const source = rawJournalDir(SESSION);
    for (const name of readdirSync(source)) copyFileSync(join(source, name), join(copy, name));
    const last = readdirSync(copy).sort().at(-1)!;
    truncateSync(join(copy, last), statSync(join(copy, last)).size - 7);
    const whole = readJournal(source).records;
    const torn = readJournal(copy);
    expect(torn.tornBytes).toBeGreaterThan(0);
    expect(torn.records).toHaveLength(whole.length - 1);
    const { violations } = contract(replayRaw(torn.records, { depth: 100 }));
    expect(violations).toEqual([]);
  });
});
