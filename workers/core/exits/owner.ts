/**
 * Whose position an order changes. An order's strategy id is its owner (`manual` for the user's orders), except exit
 * orders, which are sent as `exits:<owner>` and count for the owner whose position they protect.
 */
const EXITS_PREFIX = 'exits:';

/** The strategy id exit orders protecting `owner`'s positions are sent under. */
export function exitsStrategyId(owner: string): string {
  return `${EXITS_PREFIX}${owner}`;
}

/** The owner whose position a fill of strategy `strategyId` changes. */
export function ownerOf(strategyId: string): string {
  return strategyId.startsWith(EXITS_PREFIX) ? strategyId.slice(EXITS_PREFIX.length) : strategyId;
}
