/** The built-in strategies by kind: what configuration and the terminal can start. */
import type { StrategyDefinition } from './api.js';
import type { ParamSchema } from './params.js';
import { breakout } from './breakout.js';
import { ping } from './ping.js';
import { rsiReversion } from './rsi-reversion.js';
import { smaCross } from './sma-cross.js';
import { supportResistance } from './support-resistance.js';

const DEFINITIONS: ReadonlyArray<StrategyDefinition<ParamSchema>> = [smaCross, supportResistance, rsiReversion, breakout, ping] as unknown as ReadonlyArray<StrategyDefinition<ParamSchema>>;

const BY_KIND = new Map(DEFINITIONS.map((definition) => [definition.kind, definition]));

/** The strategy of a kind, or undefined. */
export function strategyDefinition(kind: string): StrategyDefinition<ParamSchema> | undefined {
  return BY_KIND.get(kind);
}

/** Every built-in strategy, for listings. */
export function strategyDefinitions(): ReadonlyArray<StrategyDefinition<ParamSchema>> {
  return DEFINITIONS;
}
