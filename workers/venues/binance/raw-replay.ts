/**
 * Replays a raw recording (raw-records.ts) through the gateway's real market-data code: one {@link BinanceAdapter}
 * per market gets every recorded frame, snapshot, failure and drop at its recorded time, its messages are validated
 * as the gateway's shell validates them, and the gateway's core turns them into what it published on its `md`
 * stream. The adapter is deterministic given its inputs and their times, so this is what the gateway published.
 * Pure: records in, messages out.
 */
import { InstrumentRegistry, makeInstrument, type InstrumentSpec } from '../../core/instrument.js';
import type { Outgoing } from '../../core/worker-core.js';
import { SCHEMA_VERSION, type Message } from '../../protocol/messages.js';
import { validateMessage } from '../../protocol/validate.js';
import { BinanceAdapter } from './binance-adapter.js';
import { BINANCE_VENUES, instrumentsFromExchangeInfo } from './exchange-info.js';
import { GATEWAY_PORTS, GatewayCore } from './gateway-core.js';
import { parseRawPort, RAW_START_PORT, type RawMarket } from './raw-records.js';

/** One raw record as the journal gives it back. */
export interface RawRecord {
  time: number;
  port: string;
  topic: string;
  payload: Uint8Array;
}

/** What the replay produced. */
export interface RawReplay {
  /** The gateway's `md` stream, in order. */
  published: Array<{ topic: string; message: Message }>;
  /** Inputs per kind (`spot.ws`, `usdm.depth`, …) and gateway starts. */
  inputs: Record<string, number>;
  instruments: InstrumentSpec[];
  /** The adapters' counters, summed per market. */
  adapterCounts: Record<string, number>;
  /** Messages the shell would have refused, and anything else worth saying. */
  notes: string[];
}

export interface RawReplayOptions {
  /** The instruments the gateway ran with (the session's config); absent: read from the recorded exchangeInfo. */
  instruments?: readonly InstrumentSpec[];
  /** Levels per side of the adapter's snapshots (`snapshotDepth`). */
  depth: number;
}

const decoder = new TextDecoder();

/** Replays `records` (in journal order); throws when no instrument can be found for a market that has frames. */
export function replayRaw(records: readonly RawRecord[], options: RawReplayOptions): RawReplay {
  const notes: string[] = [];
  const recordedSpecs = instrumentsRecorded(records, notes);
  const specs = options.instruments !== undefined ? options.instruments.filter((s) => isBinance(s.venue)) : recordedSpecs;
  if (options.instruments !== undefined) compareSpecs(specs, recordedSpecs, notes);
  const registry = new InstrumentRegistry(specs);
  const instruments = specs.map((s) => makeInstrument(s));
  const published: RawReplay['published'] = [];
  const core = new GatewayCore({ instruments, paper: new Set(), depth: options.depth }, (port, topic, message) => {
    if (port === GATEWAY_PORTS.md) published.push({ topic, message: message as Message });
  });
  const seqs = { value: 0 };
  const adapterCounts: Record<string, number> = {};
  let adapters = new Map<RawMarket, BinanceAdapter>();
  const adapterOf = (market: RawMarket): BinanceAdapter | undefined => {
    let adapter = adapters.get(market);
    if (adapter !== undefined) return adapter;
    const ours = instruments.filter((i) => i.venue === BINANCE_VENUES[market]);
    if (ours.length === 0) return undefined;
    adapter = new BinanceAdapter(market, ours, { publish: (m) => hand(m), requestSnapshot: () => undefined }, options.depth);
    adapters.set(market, adapter);
    return adapter;
  };
  // The shell's part: stamp, validate, hand to the core at the input's time.
  let currentTime = 0;
  const hand = (outgoing: Outgoing): void => {
    const message = outgoing as Message;
    message.v = SCHEMA_VERSION;
    message.seq = ++seqs.value;
    const checked = validateMessage(message, registry);
    if (!checked.ok) notes.push(`the shell would refuse: ${checked.reason}`);
    else core.onMessage(GATEWAY_PORTS.adapter, '', message, currentTime);
  };
  const inputs: Record<string, number> = {};
  for (const record of records) {
    inputs[record.port] = (inputs[record.port] ?? 0) + 1;
    currentTime = record.time;
    if (record.port === RAW_START_PORT) {
      // A new gateway process: its adapters started from nothing (its core, rebuilt from its input journal, did not).
      for (const [market, adapter] of adapters) addCounts(adapterCounts, market, adapter.counters());
      adapters = new Map();
      continue;
    }
    const kind = parseRawPort(record.port);
    if (kind === undefined || kind.kind === 'info') continue;
    const adapter = adapterOf(kind.market);
    if (adapter === undefined) continue;
    const text = decoder.decode(record.payload);
    if (kind.kind === 'ws') adapter.onFrame(text, record.time);
    else if (kind.kind === 'depth') adapter.onSnapshot(record.topic, JSON.parse(text) as unknown, record.time);
    else if (kind.kind === 'depthFailed') adapter.onSnapshotFailed(record.topic, text, record.time);
    else adapter.onDisconnected(text, record.time);
  }
  for (const [market, adapter] of adapters) addCounts(adapterCounts, market, adapter.counters());
  return { published, inputs, instruments: [...specs], adapterCounts, notes };
}

function isBinance(venue: string): boolean {
  return venue === BINANCE_VENUES.spot || venue === BINANCE_VENUES.usdm;
}

/** The instruments of the first exchangeInfo recorded for each market. */
function instrumentsRecorded(records: readonly RawRecord[], notes: string[]): InstrumentSpec[] {
  const out = new Map<RawMarket, InstrumentSpec[]>();
  for (const record of records) {
    const kind = parseRawPort(record.port);
    if (kind?.kind !== 'info' || out.has(kind.market)) continue;
    try {
      out.set(kind.market, instrumentsFromExchangeInfo(kind.market, JSON.parse(decoder.decode(record.payload)), record.topic.split(',')));
    } catch (error) {
      notes.push(`recorded ${kind.market} exchangeInfo unusable: ${(error as Error).message}`);
    }
  }
  return [...out.values()].flat();
}

function compareSpecs(used: readonly InstrumentSpec[], recorded: readonly InstrumentSpec[], notes: string[]): void {
  for (const spec of recorded) {
    const same = used.find((u) => u.venue === spec.venue && u.symbol === spec.symbol);
    if (same !== undefined && (same.tickSize !== spec.tickSize || same.lotSize !== spec.lotSize)) {
      notes.push(`${spec.venue}:${spec.symbol}: the recorded exchangeInfo says tick ${spec.tickSize} lot ${spec.lotSize}, the session ran with tick ${same.tickSize} lot ${same.lotSize}`);
    }
  }
}

function addCounts(into: Record<string, number>, market: string, counts: Record<string, number>): void {
  for (const [name, value] of Object.entries(counts)) into[`${market}.${name}`] = (into[`${market}.${name}`] ?? 0) + value;
}
