/**
 * The CPython extension section of the benchmark, without timing anything: which rows `--only`
 * selects, the ratios to C and to CPython, the targets, and where the rows are printed
 * and drawn.
 */
import { describe, expect, it } from 'vitest';
import type { Timing } from '../../bench/calls.js';
import { formatCallTable, withRatios } from '../../bench/calls.js';
import { callChart } from '../../bench/chart.js';
import { CPYEXT_CASES, anyCpyextWanted, cpyextNeedsCLoops, cpythonCounterpart, cpyextTargets, formatCpyextTable, selectedCases, xxhashInput } from '../../bench/cpyext.js';

const fn = (id: string) => CPYEXT_CASES.find((c) => c.id === id)!.function;

function raw(path: string, f: string, median: number) {
  return { path, function: f, ns: { min: median * 0.9, median, max: median * 1.1 }, batch: 1000, runs: 9 };
}

/** A run with every row: C 1.5 ns (add_i32), 1.0 ns (noop); CPython 40 ns per call; cbridge 50; PyPy 160. */
function fullRun(): Timing[] {
  const rows = [raw('c', 'add_i32', 1.5), raw('c', 'noop', 1), raw('koffi', 'add_i32', 36)];
  for (const c of CPYEXT_CASES.filter((x) => x.id !== 'xxh64-1MiB')) {
    rows.push(raw(`cpyext:${c.id}`, c.function, 50), raw(`peer:cpython:${c.id}`, c.function, 40), raw(`peer:pypy:${c.id}`, c.function, 160));
  }
  rows.push(raw('c', fn('xxh64-1MiB'), 100_000), raw('cpyext:xxh64-1MiB', fn('xxh64-1MiB'), 105_000), raw('peer:cpython:xxh64-1MiB', fn('xxh64-1MiB'), 100_000));
  return withRatios(rows);
}

describe('cpyext rows: selection', () => {
  it('--only cpyext selects every case with its CPython and PyPy rows (no PyPy for xxh64)', () => {
    const s = selectedCases((id) => id.startsWith('cpyext'));
    expect(s.node.map((c) => c.id)).toEqual(['fastcall', 'varargs', 'o', 'noargs', 'xxh64-1MiB']);
    expect(s.peer.cpython.map((c) => c.id)).toEqual(['fastcall', 'varargs', 'o', 'noargs', 'xxh64-1MiB']);
    expect(s.peer.pypy.map((c) => c.id)).toEqual(['fastcall', 'varargs', 'o', 'noargs']);
  });

  it('a full id selects that case; a peer id only that peer; other paths nothing', () => {
    const one = selectedCases((id) => id.startsWith('cpyext:varargs'));
    expect([one.node, one.peer.cpython, one.peer.pypy].map((l) => l.map((c) => c.id))).toEqual([['varargs'], ['varargs'], ['varargs']]);
    const pypy = selectedCases((id) => id.startsWith('peer:pypy'));
    expect([pypy.node, pypy.peer.cpython, pypy.peer.pypy].map((l) => l.length)).toEqual([0, 0, 4]);
    expect(anyCpyextWanted((id) => id.startsWith('abi'))).toBe(false);
    expect(anyCpyextWanted(() => true)).toBe(true);
    expect(cpyextNeedsCLoops((id) => id.startsWith('cpyext:xxh64'))).toBe(false); // its 1x is XXH64 itself
    expect(cpyextNeedsCLoops((id) => id.startsWith('peer:pypy'))).toBe(true);
  });

  it('compares cpyext and PyPy rows with the CPython row of the same case', () => {
    expect(cpythonCounterpart('cpyext:fastcall')).toBe('peer:cpython:fastcall');
    expect(cpythonCounterpart('peer:pypy:noargs')).toBe('peer:cpython:noargs');
    expect(cpythonCounterpart('peer:cpython:noargs')).toBeNull();
    expect(cpythonCounterpart('cpyext:nothing')).toBeNull();
    expect(cpythonCounterpart('abi')).toBeNull();
  });
});

describe('cpyext rows: ratios and targets', () => {
  it('takes the C 1x of the plain C call of the same shape, and the ratio to CPython', () => {
    const results = fullRun();
    const row = (path: string) => results.find((r) => r.path === path)!;
    expect(row('cpyext:fastcall').ratioToC).toBeCloseTo(50 / 1.5);
    expect(row('cpyext:noargs').ratioToC).toBeCloseTo(50);
    expect(row('cpyext:fastcall').ratioToCPython).toBeCloseTo(1.25);
    expect(row('peer:pypy:o').ratioToCPython).toBeCloseTo(4);
    expect(row('peer:cpython:o').ratioToCPython).toBeNull();
    expect(row('cpyext:xxh64-1MiB').ratioToC).toBeCloseTo(1.05);
    expect(row('cpyext:xxh64-1MiB').ratioToKoffi).toBeNull();
    expect('ratioToCPython' in row('koffi')).toBe(false); // the other rows keep their shape
  });

  it('checks the issue targets: <= 1.5x CPython, >= 3x faster than PyPy, xxh64 <= 1.1x CPython', () => {
    const targets = cpyextTargets(fullRun());
    expect(targets).toHaveLength(4 * 2 + 1);
    expect(targets[0]).toEqual({ path: 'cpyext:fastcall', goal: '<= 1.5x CPython', value: 1.25, met: true });
    expect(targets[1]).toEqual({ path: 'cpyext:fastcall', goal: '>= 3x faster than PyPy', value: 3.2, met: true });
    expect(targets.at(-1)).toEqual({ path: 'cpyext:xxh64-1MiB', goal: '<= 1.1x CPython', value: 1.05, met: true });
    const slow = cpyextTargets(withRatios([raw('cpyext:noargs', fn('noargs'), 70), raw('peer:cpython:noargs', fn('noargs'), 40)]));
    expect(slow).toEqual([
      { path: 'cpyext:noargs', goal: '<= 1.5x CPython', value: 1.75, met: false },
      { path: 'cpyext:noargs', goal: '>= 3x faster than PyPy', value: null, met: null },
    ]);
    expect(cpyextTargets(withRatios([raw('peer:cpython:noargs', fn('noargs'), 40)]))).toEqual([]); // no cbridge row, no target
  });
});

describe('cpyext rows: printing', () => {
  it('get their own table with vs C and vs CPython, then the targets; the main table leaves them out', () => {
    const results = fullRun();
    const table = formatCpyextTable(results, cpyextTargets(results));
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^case\s+path\s+median\s+min\.\.max\s+vs C\s+vs CPython\s+note$/);
    expect(lines[1]).toMatch(/^fastcall: m\.add\(i, 1\)\s+c \(add_i32\)\s+1\.50 .* 1\.00x$/);
    expect(table).toMatch(/cpyext:fastcall\s+50\.00\s+\S+\s+33\.33x\s+1\.25x/);
    expect(table).toMatch(/peer:pypy:fastcall\s+160\.00\s+\S+\s+106\.67x\s+4\.00x/);
    expect(table).toMatch(/cpyext:xxh64-1MiB <= 1\.1x CPython\s+1\.05x  ok/);
    expect(table).toMatch(/cpyext:noargs >= 3x faster than PyPy\s+3\.20x  ok/);
    const main = formatCallTable(results);
    expect(main).toContain('koffi');
    expect(main).not.toContain('cpyext');
    expect(main).not.toContain('peer:cpython:');
  });

  it('draws a panel per case with cbridge colours', () => {
    const machine = { node: 'v20', v8: '11.3', cpu: 'cpu', cores: 2, os: 'linux', compiler: 'gcc', date: '2026-11-21T00:00:00Z' };
    const svg = callChart(fullRun(), machine, ['add_i32', ...CPYEXT_CASES.map((c) => c.function)]);
    expect(svg).toContain(`>${fn('fastcall')}<`);
    expect(svg).toContain(`>${fn('xxh64-1MiB')}<`);
    expect(svg).toMatch(/fill="#54a24b"><title>cpyext:fastcall /);
    expect(svg).toMatch(/fill="#b279a2"><title>peer:cpython:fastcall /);
  });

  it('hashes the same 1 MiB pattern as the Python peer', () => {
    const buf = xxhashInput();
    expect(buf.length).toBe(1 << 20);
    expect([...buf.subarray(0, 3)]).toEqual([7, 138, 13]); // (i * 131 + 7) & 255, as cpyext_overhead.py's pattern()
    expect(buf[256]).toBe(buf[0]);
  });
});
