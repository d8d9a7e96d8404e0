/**
 * `npm run replay-raw`'s work: reads a session's raw Binance recording (`<session>/raw/binance.jnl/`), replays it
 * through the gateway's real adapter and core (workers/venues/binance/raw-replay.ts), and checks the books and trades
 * it rebuilds against the market-data stream the journal worker recorded (`<session>/journal/md.jnl/`), with the
 * instruments and snapshot depth of the session's `config.json`. Reads only: a torn tail is left on disk.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSessionConfig } from '../../workers/journal/session-config.js';
import { decodeFrame } from '../../workers/protocol/codec.js';
import { binanceConfigOf, type TerminalConfig } from '../../workers/protocol/config.js';
import type { Message } from '../../workers/protocol/messages.js';
import { readJournal } from '../../workers/runtime/journal-file.js';
import { checkRawReplay, type RawCheck } from '../../workers/venues/binance/raw-book-check.js';
import { rawJournalDir } from '../../workers/venues/binance/raw-recorder.js';
import { replayRaw, type RawReplay } from '../../workers/venues/binance/raw-replay.js';

/** What replaying a raw session found. */
export interface RawSessionReplay {
  session: string;
  replay: Omit<RawReplay, 'published'> & { published: number };
  check: RawCheck;
  /** Torn tails cut while reading (nothing repaired on disk). */
  notes: string[];
  identical: boolean;
}

/** Levels per side compared when the session does not say (the feed republishes 20 to its consumers' ladders). */
const DEFAULT_DEPTH = 20;

/** Replays and checks `session`; throws when it holds no raw recording. */
export function replayRawSession(session: string, options: { depth?: number } = {}): RawSessionReplay {
  const rawDir = rawJournalDir(session);
  if (!existsSync(rawDir)) throw new Error(`${rawDir} not found: not a session recorded with venues.binance.recordRaw`);
  const config: TerminalConfig | undefined = existsSync(join(session, 'journal', 'config.json')) ? loadSessionConfig(join(session, 'journal')) : undefined;
  const binance = config === undefined ? undefined : binanceConfigOf(config);
  const raw = readJournal(rawDir);
  const replay = replayRaw(raw.records, { instruments: config?.instruments, depth: binance?.snapshotDepth ?? 1000 });
  const md = readJournal(join(session, 'journal', 'md.jnl'));
  const anyInstrument = { isKnownInstrument: () => true };
  const recorded: Array<{ topic: string; message: Message }> = md.records.flatMap((record) =>
    decodeFrame(record.payload, anyInstrument).messages.map((message) => ({ topic: record.topic, message })),
  );
  const check = checkRawReplay(replay.published, recorded, Math.min(options.depth ?? DEFAULT_DEPTH, binance?.snapshotDepth ?? Infinity));
  const { published, ...rest } = replay;
  const notes = [...raw.notes, ...md.notes];
  if (md.records.length === 0) notes.push('no market-data recording (journal/md.jnl): only the book contract was checked');
  return { session, replay: { ...rest, published: published.length }, check, notes, identical: check.identical };
}

/** A human summary. */
export function formatRawReplay(result: RawSessionReplay): string {
  const lines = [`raw replay of ${result.session}`];
  lines.push(`  inputs: ${Object.entries(result.replay.inputs).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lines.push(`  instruments: ${result.replay.instruments.map((i) => `${i.venue}:${i.symbol}`).join(', ')}; published ${result.replay.published} messages`);
  const counts = result.replay.adapterCounts;
  const resyncs = Object.entries(counts).filter(([k]) => k.endsWith('.resyncs')).map(([k, v]) => `${k} ${v}`);
  if (resyncs.length > 0) lines.push(`  adapter: ${resyncs.join(', ')}`);
  for (const book of result.check.books) {
    const verdict = book.difference === undefined && book.violations.length === 0 ? 'identical' : 'DIFFERENT';
    lines.push(`  ${book.topic}: ${book.matched}/${book.recorded} recorded book messages matched in ${book.replayed} replayed — ${verdict}`);
    if (book.difference !== undefined) lines.push(`    ${book.difference}`);
    for (const violation of book.violations) lines.push(`    contract: ${violation}`);
  }
  const trades = result.check.trades;
  lines.push(`  trades: ${trades.matched}/${trades.recorded} matched${trades.difference === undefined ? '' : ` — ${trades.difference}`}`);
  for (const note of [...result.notes, ...result.replay.notes]) lines.push(`  note: ${note}`);
  lines.push(result.identical ? 'identical' : 'DIFFERENT');
  return lines.join('\n');
}
