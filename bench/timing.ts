/**
 * The timing method every call-overhead contender uses, in this process or in its own.
 *
 * Method (mirrored line for line by bench/peers/harness.mjs and bench/peers/python.py, which
 * time the peers in their own runtimes; keep the three in step):
 * 1. Warm-up: run the body in chunks of 1,000 calls, doubling, until 3/10 of a batch has run
 *    or `warmMs` has passed. This lets a JIT optimize the loop (V8 takes the fast API path only
 *    from optimized code) and gives an estimate of the cost of one call.
 * 2. Time-box: a batch is 1,000,000 calls unless the estimate says one batch would take more
 *    than `maxRunMs`; then it shrinks (to no fewer than 1,000 calls), so a 15 µs/call peer
 *    still finishes in seconds. The batch size used is reported with the result.
 * 3. `runs` timed batches (9); ns per call of each; report min, median and max.
 * Loop overhead is included in every path, C's own loop too.
 */

export interface Stats {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export interface Measurement {
  /** ns per call over the timed runs. */
  readonly ns: Stats;
  /** Calls per timed run (after time-boxing). */
  readonly batch: number;
  readonly runs: number;
  /** Calls made in the timed runs (batch x runs), to relate counters such as slow-path calls. */
  readonly calls: number;
}

export interface TimeOptions {
  /** Calls per timed run before time-boxing; default 1,000,000. */
  readonly batch?: number;
  /** Timed runs; default 9. */
  readonly runs?: number;
  /** Longest a timed run may take, in ms; default 200. */
  readonly maxRunMs?: number;
  /** Longest the warm-up may take, in ms; default 300. */
  readonly warmMs?: number;
  /** Called between the warm-up and the timed runs (to reset counters). */
  readonly beforeRuns?: () => void;
}

export const DEFAULT_BATCH = 1_000_000;
export const DEFAULT_RUNS = 9;

const nowNs = (): number => Number(process.hrtime.bigint());

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[sorted.length >> 1]!, max: sorted[sorted.length - 1]! };
}

/** Time `body(n)`, which makes n calls, by the method above. */
export function time(body: (n: number) => unknown, options: TimeOptions = {}): Measurement {
  const { batch: wanted = DEFAULT_BATCH, runs = DEFAULT_RUNS, maxRunMs = 200, warmMs = 300 } = options;
  const warmCalls = Math.ceil((wanted * 3) / 10);
  let calls = 0;
  let chunk = Math.min(1000, warmCalls);
  let perCall = 0;
  const warmStart = nowNs();
  while (calls < warmCalls) {
    const n = Math.min(chunk, warmCalls - calls);
    const start = nowNs();
    body(n);
    const end = nowNs();
    perCall = (end - start) / n;
    calls += n;
    chunk *= 2;
    if (end - warmStart > warmMs * 1e6) break;
  }
  const batch = perCall * wanted > maxRunMs * 1e6 ? Math.max(1000, Math.floor((maxRunMs * 1e6) / perCall)) : wanted;
  options.beforeRuns?.();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = nowNs();
    body(batch);
    samples.push((nowNs() - start) / batch);
  }
  return { ns: stats(samples), batch, runs, calls: batch * runs };
}
