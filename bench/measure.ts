import { performance } from 'node:perf_hooks';

/** Returns the p-th percentile (0–100) of samples by the nearest-rank method, in the samples' unit. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Runs `body` once and returns its wall-clock time in milliseconds with its result. */
export async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await body();
  return { ms: performance.now() - start, result };
}

/** Rounds to one decimal place (two for values below 1), for the report. */
export function round(value: number): number {
  const places = Math.abs(value) < 1 ? 100 : 10;
  return Math.round(value * places) / places;
}

/** Writes one progress line to stderr, so that stdout carries only the results. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
