/**
 * The benchmark's own logic, without timing anything real: the SVG writer escapes, the chart
 * draws one bar per result on a log scale, the timing method time-boxes slow bodies, each
 * compiled loop is a distinct function, and the call table keeps skips and ratios.
 */
import { describe, expect, it } from 'vitest';
import { callChart } from '../../bench/chart.js';
import type { Timing } from '../../bench/calls.js';
import { formatCallTable, formatSkips } from '../../bench/calls.js';
import { el, escapeXml, text } from '../../bench/svg.js';
import { stats, time } from '../../bench/timing.js';
import { WORKLOADS, perCallLoop } from '../../bench/workloads.js';

const machine = { node: 'v20.0.0', v8: '11.3', cpu: 'cpu <x>', cores: 2, os: 'linux', compiler: 'gcc 12', date: '2026-11-21T00:00:00Z' };

function timing(path: string, fn: string, median: number, ratioToC: number | null): Timing {
  return { path, function: fn, ns: { min: median * 0.9, median, max: median * 1.1 }, batch: 1000, runs: 9, ratioToC, ratioToKoffi: null };
}

describe('svg writer', () => {
  it('escapes text and attributes', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;');
    expect(el('rect', { x: 1.234, y: 2, fill: undefined })).toBe('<rect x="1.23" y="2"/>');
    expect(text(1, 2, '<b>')).toBe('<text x="1" y="2">&lt;b&gt;</text>');
  });
});

describe('call chart', () => {
  it('draws one bar per result, fastest first, with the machine escaped', () => {
    const svg = callChart([timing('koffi', 'add_i32', 36, 26), timing('c', 'add_i32', 1.4, 1), timing('peer:ffi-napi', 'add_i32', 15000, 10000)], machine, ['add_i32', 'noop']);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('cpu &lt;x&gt;');
    expect(svg.match(/<rect [^>]*fill="#(888888|f58518|b279a2)"><title>/g)).toHaveLength(3);
    expect(svg.indexOf('<title>c add_i32')).toBeLessThan(svg.indexOf('<title>koffi add_i32'));
    expect(svg.indexOf('<title>koffi add_i32')).toBeLessThan(svg.indexOf('<title>peer:ffi-napi add_i32'));
    expect(svg).not.toContain('>noop<'); // no results, no panel
    for (const tick of ['>1<', '>10<', '>100000<']) expect(svg).toContain(tick);
  });
});

describe('timing', () => {
  it('reports min, median and max', () => {
    expect(stats([5, 1, 3, 2, 4])).toEqual({ min: 1, median: 3, max: 5 });
  });

  it('shrinks the batch of a body too slow for the time box, and calls beforeRuns once', () => {
    let resets = 0;
    const m = time((n) => { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i); return s; }, { batch: 1_000_000, runs: 3, maxRunMs: 0.001, beforeRuns: () => resets++ });
    expect(m.batch).toBe(1000);
    expect(m.runs).toBe(3);
    expect(m.calls).toBe(3000);
    expect(resets).toBe(1);
  });
});

describe('workload loops', () => {
  it('compiles a distinct function per path that calls the method n times', () => {
    const w = WORKLOADS.find((x) => x.name === 'add_i32')!;
    const a = perCallLoop(w, 'koffi');
    const b = perCallLoop(w, 'abi');
    expect(a.toString()).not.toBe(b.toString());
    let calls = 0;
    expect(a({ add_i32: (i: number, one: number) => (calls++, i + one) }, 4)).toBe(10);
    expect(calls).toBe(4);
  });
});

describe('call table', () => {
  it('prints ratios and notes, and skips with their reason', () => {
    const table = formatCallTable([timing('c', 'add_i32', 1.5, 1), { ...timing('fastapi-baseline', 'add_i32', 4.5, 3), note: '100% fast' }]);
    expect(table.split('\n')[0]).toMatch(/^function\s+path\s+median\s+min\.\.max\s+vs C\s+vs koffi\s+note$/);
    expect(table).toContain('3.00x  ');
    expect(table).toContain('100% fast');
    expect(formatSkips([{ path: 'peer:bun', reason: 'bun is not installed' }, { path: 'fastapi-baseline', function: 'str_len', reason: 'no strings' }])).toBe(
      '  peer:bun: bun is not installed\n  fastapi-baseline str_len: no strings',
    );
  });
});
