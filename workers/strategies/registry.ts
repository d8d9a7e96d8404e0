/** The built-in strategies by kind. */
import type { StrategyConfig } from '../protocol/config.js';
import { createMaCross } from './ma-cross.js';
import { createPing } from './ping.js';
import type { Strategy, StrategyFactory } from './strategy.js';

const FACTORIES: Record<StrategyConfig['kind'], StrategyFactory> = {
  'ma-cross': createMaCross,
  ping: createPing,
};

/** Builds the strategy a configuration names. */
export function createStrategy(config: StrategyConfig): Strategy {
  return FACTORIES[config.kind](config);
}
