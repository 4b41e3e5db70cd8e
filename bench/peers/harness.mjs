// The timing method of bench/timing.ts for peers running in their own JS runtime (Node with
// ffi-napi or ffi-rs, Bun, Deno). Keep it in step with bench/timing.ts: warm-up in doubling
// chunks from 1,000 calls up to 3/10 of a batch or 300 ms; a batch of 1,000,000 calls shrunk so
// one run takes at most 200 ms (never below 1,000); 9 timed runs; min/median/max ns per call.
//
// A peer script builds its loops (one function per loop, so each call site stays
// monomorphic) and calls `report(version, cases)`; one JSON line goes to stdout:
// { version, results: [{ function, ns: { min, median, max }, batch, runs, note? }],
//   skipped: [{ function, reason }] }.

const nowNs = typeof process !== 'undefined' && process.hrtime?.bigint
  ? () => Number(process.hrtime.bigint())
  : () => performance.now() * 1e6;

export function time(body, { batch: wanted = 1_000_000, runs = 9, maxRunMs = 200, warmMs = 300 } = {}) {
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
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const start = nowNs();
    body(batch);
    samples.push((nowNs() - start) / batch);
  }
  samples.sort((a, b) => a - b);
  return { ns: { min: samples[0], median: samples[samples.length >> 1], max: samples[samples.length - 1] }, batch, runs };
}

/**
 * cases: [{ function, loop?: (n) => unknown, skip?: string, note?: string }]. A loop that throws
 * is reported as skipped with its message, so one unsupported function does not lose the rest.
 */
export function report(version, cases) {
  const results = [];
  const skipped = [];
  for (const c of cases) {
    if (!c.loop) {
      skipped.push({ function: c.function, reason: c.skip ?? 'not supported' });
      continue;
    }
    try {
      const m = time(c.loop);
      results.push({ function: c.function, ...m, ...(c.note ? { note: c.note } : {}) });
    } catch (e) {
      skipped.push({ function: c.function, reason: String(e && e.message ? e.message : e).split('\n')[0] });
    }
  }
  console.log(JSON.stringify({ version, results, skipped }));
}
