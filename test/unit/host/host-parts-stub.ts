/**
 * The parts a `HostState` is built from, for its unit tests: real bracket, key and strategy stores in `dir`, an empty
 * supervisor, bus monitor and market, and stand-ins that send nowhere. A test replaces what it watches with `over`.
 */
import { BracketStore } from '../../../src-main/host/bracket-store.js';
import { ExitBoard } from '../../../src-main/host/exit-board.js';
import { ExternalWorkers } from '../../../src-main/host/external-workers.js';
import type { HostParts } from '../../../src-main/host/host-state.js';
import { KeyStore, NO_KEY_STORE } from '../../../src-main/host/key-store.js';
import { StrategyBoard } from '../../../src-main/host/strategy-board.js';
import { StrategyStore } from '../../../src-main/host/strategy-store.js';
import { InstrumentRegistry } from '../../../workers/core/instrument.js';
import type { TerminalConfig } from '../../../workers/protocol/config.js';

/** Every order total the bus monitor keeps, at zero. */
export const NO_TOTALS = { submitted: 0, accepted: 0, rejected: 0, denied: 0, canceled: 0, expired: 0, amended: 0, filled: 0, fills: 0 };

export function stubHostParts(dir: string, config: TerminalConfig, over: Partial<Record<keyof HostParts, unknown>> = {}): HostParts {
  const control = (over.control as { send: HostParts['control']['send'] } | undefined) ?? { send: () => undefined };
  return {
    config,
    registry: new InstrumentRegistry(config.instruments),
    supervisor: { statuses: () => [], has: () => false },
    monitor: { positions: new Map(), owners: new Map(), venueAccounts: new Map(), reconciliations: new Map(), totals: { ...NO_TOTALS }, riskStatus: undefined },
    market: { books: () => [], drain: () => undefined, dataAge: () => ({}), history: () => [] },
    orders: { cancel: () => undefined, submit: () => 'x', setTradingState: () => undefined, acknowledge: () => undefined, isAsking: () => false },
    control,
    strategies: new StrategyBoard(config.strategies, { send: control.send, log: () => undefined, store: new StrategyStore(dir, () => undefined) }),
    externals: new ExternalWorkers(config.heartbeatMs),
    exits: new ExitBoard({ send: () => undefined, log: () => undefined, validation: new InstrumentRegistry(config.instruments) }),
    brackets: new BracketStore(dir, () => undefined),
    keys: new KeyStore(NO_KEY_STORE, dir, () => undefined),
    ...over,
  } as unknown as HostParts;
}
