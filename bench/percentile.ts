/**
 * The nearest-rank percentile of ascending values, NaN when there are none. One definition,
 * so the p50 and p99 of the exporter's and the relay's tables mean the same thing.
 */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
