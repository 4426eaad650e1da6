/** Timing for the benchmarks (scripts/bench-*.ts and worker/routes/bench.ts): p50 and p99 of repeated runs. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

/** Runs `fn` `runs` times in a row and returns the p50 and p99 of its durations in ms. */
export async function time(fn: () => Promise<unknown>, runs: number): Promise<Percentiles> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99) };
}
