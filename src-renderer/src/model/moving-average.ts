/** Simple moving averages of bar closes for the chart's overlays: whole series on a reset, one point per update. */

/** The average of the `period` values ending at `index`, or undefined while there are fewer. */
export function smaAt(values: ArrayLike<number>, index: number, period: number): number | undefined {
  if (period <= 0 || index < period - 1 || index >= values.length) return undefined;
  let sum = 0;
  for (let i = index - period + 1; i <= index; i += 1) sum += values[i] ?? 0;
  return sum / period;
}

/** The average at every index from `period - 1` on, as [index, value] pairs; one pass with a running sum. */
export function smaSeries(values: ArrayLike<number>, period: number): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  if (period <= 0) return points;
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    sum += values[i] ?? 0;
    if (i >= period) sum -= values[i - period] ?? 0;
    if (i >= period - 1) points.push([i, sum / period]);
  }
  return points;
}
