/** The replay's summary as text for a person, or as one JSON document for scripts. Pure. */
import type { SessionReplay } from './session-replay.js';
import type { StreamDifference } from './stream-compare.js';

const n = (value: number): string => value.toLocaleString('en-US');

/** The summary: records per worker, outputs compared per stream, and the first differences with their context. */
export function formatReplay(replay: SessionReplay, maxDifferences: number): string {
  const lines = [`Replay of ${replay.session}`, '', '  worker          inputs   outputs on recorded streams'];
  for (const w of replay.workers) {
    const what = w.skipped !== undefined ? `not replayed: ${w.skipped}` : n(w.outputs);
    lines.push(`  ${w.worker.padEnd(12)} ${n(w.inputs).padStart(9)}   ${what}`);
    for (const note of w.notes) lines.push(`      note: ${note}`);
  }
  lines.push('', '  stream      recorded   compared  identical  differences  produced, not recorded  other topics');
  for (const s of replay.streams) {
    lines.push(`  ${s.stream.padEnd(8)} ${n(s.recorded).padStart(11)} ${n(s.compared).padStart(10)} ${n(s.identical).padStart(10)} ${n(s.differences.length).padStart(12)} ${n(s.notRecorded).padStart(23)} ${n(s.skipped).padStart(13)}`);
  }
  const inputs = replay.workers.reduce((sum, w) => sum + (w.skipped === undefined ? w.inputs : 0), 0);
  const seconds = replay.replayMs / 1000;
  lines.push('', `Replayed ${n(inputs)} inputs in ${seconds.toFixed(2)} s (${n(Math.round(inputs / Math.max(seconds, 1e-6)))} inputs/s).`);
  const differences = replay.streams.flatMap((s) => s.differences);
  const compared = replay.streams.reduce((sum, s) => sum + s.compared, 0);
  if (differences.length === 0) {
    lines.push(`IDENTICAL: all ${n(compared)} recorded orders, fills, positions (with P&L), order commands and market data came out the same.`);
    return lines.join('\n');
  }
  lines.push(`DIFFERENT: ${n(differences.length)} of ${n(compared)} compared messages differ.`);
  for (const difference of differences.slice(0, maxDifferences)) lines.push('', ...describe(difference));
  if (differences.length > maxDifferences) lines.push('', `… and ${n(differences.length - maxDifferences)} more (--max-differences to see them).`);
  return lines.join('\n');
}

/** The JSON document: the same facts, differences cut to `maxDifferences` per stream. */
export function replayJson(replay: SessionReplay, maxDifferences: number): string {
  const streams = replay.streams.map((s) => ({ ...s, differenceCount: s.differences.length, differences: s.differences.slice(0, maxDifferences) }));
  return JSON.stringify({ ...replay, streams }, null, 2);
}

function describe(d: StreamDifference): string[] {
  const where = `${d.stream} ${d.topic} #${d.seq}${d.record === undefined ? '' : ` (recording record ${d.record})`}`;
  const lines = [`  ${where}: ${d.kind}${d.field === undefined ? '' : ` at ${d.field.path}: recorded ${show(d.field.recorded)}, replayed ${show(d.field.replayed)}`}`];
  if (d.input !== undefined) {
    const types = d.input.types === undefined || d.input.types.length === 0 ? '' : ` (${d.input.types.join(', ')})`;
    lines.push(`    produced by ${d.input.worker} input #${d.input.seq} on port ${d.input.port}${d.input.topic === '' ? '' : ` topic ${d.input.topic}`}${types} at ${d.input.time} µs`);
  }
  if (d.recorded !== undefined) lines.push(`    recorded: ${show(d.recorded)}`);
  if (d.replayed !== undefined) lines.push(`    replayed: ${show(d.replayed)}`);
  return lines;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
