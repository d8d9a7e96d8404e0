/**
 * How each worker builds its core and declares its ports, as its `main.ts` does, for replaying its input journal in
 * this process. It must match the entry files: a mismatch shows as a replay difference (test/integration/replay-*).
 * Endpoints and subscriptions play no part in a replay (no socket is opened; the journal holds what arrived); the
 * port kinds, and which ports resynchronise, decide how inputs are sequenced.
 */
import { shortestTimeframe } from '../../workers/core/bar-builder.js';
import { priceToTicks, qtyToLots, type InstrumentRegistry } from '../../workers/core/instrument.js';
import type { Emit, WorkerCore } from '../../workers/core/worker-core.js';
import type { TerminalConfig } from '../../workers/protocol/config.js';
import { topics } from '../../workers/protocol/topics.js';
import type { PortSpec } from '../../workers/runtime/worker-shell.js';
import { ExecutionEngine } from '../../workers/execution/execution-engine.js';
import { ExitsEngine } from '../../workers/exits/exits-engine.js';
import { FeedEngine } from '../../workers/feed/feed-engine.js';
import { RiskEngine } from '../../workers/risk/risk-engine.js';
import { StrategyEngine } from '../../workers/strategy/strategy-engine.js';
import { SIM_PORTS, SimVenueCore } from '../../workers/venues/sim/sim-venue-core.js';

/** A worker's core and ports, and which of its output ports the journal worker records as which stream. */
export interface ReplayableWorker {
  ports: PortSpec[];
  makeCore(emit: Emit): WorkerCore;
  /** Output port → recorded stream (`md`, `risk`, `exec`). */
  recorded: Record<string, string>;
  /** The output port of its order commands to risk, whose input journal holds what arrived of them. */
  commands?: string;
}

const NONE = '';

/** The replayable description of worker `name`, or undefined for a worker this build cannot replay. */
export function replayableWorker(name: string, config: TerminalConfig, registry: InstrumentRegistry): ReplayableWorker | undefined {
  switch (name) {
    case 'sim':
      return simVenue(config, registry);
    case 'execution':
      return {
        ports: [
          { name: 'in', kind: 'pull', endpoint: NONE },
          { name: 'pub', kind: 'pub', endpoint: NONE, replayable: true, noDrop: true },
          { name: 'venue', kind: 'dealer', endpoint: NONE, routingId: 'terminal', resync: true },
        ],
        makeCore: (emit) => new ExecutionEngine(name, emit),
        recorded: { pub: 'exec' },
      };
    case 'risk':
      return risk(name, config, registry);
    case 'feed':
      return feed(config, registry);
    case 'exits':
      return {
        ports: [
          { name: 'md', kind: 'sub', endpoint: NONE, prefixes: [] },
          { name: 'exec', kind: 'sub', endpoint: NONE, prefixes: [], resync: { endpoint: NONE, prefix: '' } },
          { name: 'risk', kind: 'sub', endpoint: NONE, prefixes: [], resync: { endpoint: NONE, prefix: '' } },
          { name: 'orders', kind: 'push', endpoint: NONE },
        ],
        makeCore: (emit) => new ExitsEngine(name, emit, shortestTimeframe(config.feed.timeframes)),
        recorded: {},
        commands: 'orders',
      };
    default:
      return isStrategyWorker(name, config) ? strategy(name, config) : undefined;
  }
}

function risk(name: string, config: TerminalConfig, registry: InstrumentRegistry): ReplayableWorker {
  return {
    ports: [
      { name: 'in', kind: 'pull', endpoint: NONE },
      { name: 'pub', kind: 'pub', endpoint: NONE, replayable: true, noDrop: true },
      { name: 'out', kind: 'push', endpoint: NONE },
      { name: 'exec', kind: 'sub', endpoint: NONE, prefixes: [], resync: { endpoint: NONE, prefix: '' } },
      { name: 'md', kind: 'sub', endpoint: NONE, prefixes: [] },
    ],
    makeCore: (emit) => new RiskEngine(name, registry, config.risk, emit),
    recorded: { pub: 'risk' },
  };
}

function feed(config: TerminalConfig, registry: InstrumentRegistry): ReplayableWorker {
  const flood = config.feed.source === 'flood';
  const ports: PortSpec[] = [{ name: 'md', kind: 'pub', endpoint: NONE }];
  if (!flood) ports.push({ name: 'venue', kind: 'sub', endpoint: NONE, prefixes: [], resync: { endpoint: NONE, prefix: topics.prefix('book') } });
  return {
    ports,
    makeCore: (emit) =>
      new FeedEngine(
        { instruments: registry.all(), timeframes: config.feed.timeframes, depth: config.sim.depth, floodRate: flood ? config.feed.floodRate : undefined },
        emit,
      ),
    recorded: { md: 'md' },
  };
}

function strategy(name: string, config: TerminalConfig): ReplayableWorker {
  return {
    ports: [
      { name: 'md', kind: 'sub', endpoint: NONE, prefixes: [] },
      { name: 'exec', kind: 'sub', endpoint: NONE, prefixes: [], resync: { endpoint: NONE, prefix: '' } },
      { name: 'risk', kind: 'sub', endpoint: NONE, prefixes: [], resync: { endpoint: NONE, prefix: topics.prefix('order') } },
      { name: 'intents', kind: 'push', endpoint: NONE },
    ],
    makeCore: (emit) => new StrategyEngine(name, config.strategies.filter((s) => (s.worker ?? 'strategy') === name), emit),
    recorded: {},
    commands: 'intents',
  };
}

function simVenue(config: TerminalConfig, registry: InstrumentRegistry): ReplayableWorker {
  const { sim } = config;
  const instruments = registry.all().filter((i) => i.venue === 'sim');
  const startPrices = Object.fromEntries(instruments.map((i) => [i.symbol, priceToTicks(i, sim.startPrices[i.symbol] ?? '100') ?? 1000]));
  const touchSizes: Record<string, number> = {};
  for (const i of instruments) {
    const lots = sim.touchSizes?.[i.symbol] === undefined ? undefined : qtyToLots(i, sim.touchSizes[i.symbol] as string);
    if (lots !== undefined && lots > 0) touchSizes[i.symbol] = lots;
  }
  return {
    ports: [
      { name: SIM_PORTS.md, kind: 'pub', endpoint: NONE },
      { name: SIM_PORTS.orders, kind: 'router', endpoint: NONE, replayable: true },
    ],
    makeCore: (emit) =>
      new SimVenueCore(
        {
          venue: 'sim',
          instruments,
          startPrices,
          seed: sim.seed,
          ratePerSecond: sim.ratePerSecond,
          depth: sim.depth,
          touchSizes,
          orderLatencyUs: sim.orderLatencyUs ?? 0,
          mdLatencyUs: sim.mdLatencyUs ?? 0,
        },
        (port, topic, message) => emit(port === SIM_PORTS.reports ? SIM_PORTS.orders : port, topic, message),
      ),
    recorded: {},
  };
}

/** Strategy worker processes are `strategy` and every `worker` a strategy instance names. */
function isStrategyWorker(name: string, config: TerminalConfig): boolean {
  return name === 'strategy' || config.strategies.some((s) => s.worker === name);
}
