/**
 * A series as an SVG polyline in a `width` × `height` box: time along x, value along y (higher is up), scaled to the
 * series' own range; a flat series sits in the middle. Pure, so the Risk panel's equity line is tested without a DOM.
 */
export function sparklinePoints(points: ReadonlyArray<readonly [number, number]>, width: number, height: number): string {
  if (points.length === 0) return '';
  const first = points[0]![0];
  const span = points[points.length - 1]![0] - first;
  let low = Infinity;
  let high = -Infinity;
  for (const [, value] of points) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  const range = high - low;
  const x = (t: number): number => (span === 0 ? width : ((t - first) / span) * width);
  const y = (v: number): number => (range === 0 ? height / 2 : height - ((v - low) / range) * height);
  return points.map(([t, v]) => `${round(x(t))},${round(y(v))}`).join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
