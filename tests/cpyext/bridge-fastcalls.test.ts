/**
 * The fast call tier (cpyext/fast-calls.ts, bridge_fastcall.cc): module functions called with
 * up to three JS numbers go through V8's fast API once V8 optimizes the caller.
 *
 * tests/cpyext/ext/fastcalls.c (every calling convention, every kind of result), built against
 * our headers and CPython's, must give what CPython 3.11 recorded in fixtures/ext-fastcalls.json
 * on every call, cold (the wrapper's ordinary entries) and hot (V8's fast entries, which count
 * their calls, so the test knows they ran), without leaking objects. The tier must step aside
 * while Python holds a JS value (a JS callback a fast call could reach), and be off under
 * CBRIDGE_CPYEXT_FASTCALLS=0.
 */

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastCallsEnabled, fastEntries } from '../../cpyext/fast-calls.js';
import { loadExtension, py } from '../../cpyext/index.js';
import { fastCallEntries } from '../../cpyext/runtime.js';
import { buildExtension, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture, stepsOf } from '../helpers/cpython-ext-fixtures.js';
import { outcomeMismatch, toArgument } from '../helpers/cpyext-replay.js';
import { settle } from '../helpers/gc.js';

const source = join(import.meta.dirname, 'ext', 'fastcalls.c');
const fixture = loadFixture('ext-fastcalls');
const root = join(import.meta.dirname, '..', '..');

// V8 11.3 (Node 20) is what cbridge's fast API declarations are written for (abi/fast.ts).
const v8HasFastCalls = process.versions.v8.startsWith('11.3.');
if (!v8HasFastCalls) console.log(`bridge-fastcalls: V8 ${process.versions.v8} is not 11.3: only the ordinary path is tested`);

/**
 * A loop making `n` calls of `f` with `arity` arguments from a call site of its own (as a
 * program's hot loop is; V8 inlines the wrapper there), which reports the first outcome that
 * differs from the first call's: results by value (objects by their JSON), errors by type and
 * message.
 */
function callLoop(arity: number): (f: unknown, args: unknown[], n: number) => { result?: unknown; error?: unknown; differs?: string } {
  const params = Array.from({ length: arity }, (_, i) => `args[${i}]`).join(', ');
  return new Function('f', 'args', 'n', `
    const key = (r) => (r !== null && typeof r === 'object' ? JSON.stringify(r) : r);
    const errKey = (e) => String(e && e.type) + ': ' + String(e && e.message);
    let first;
    for (let i = 0; i < n; i++) {
      let r, e, threw = false;
      try { r = f(${params}); } catch (x) { e = x; threw = true; }
      if (i === 0) first = threw ? { error: e } : { result: r };
      else if (threw !== ('error' in first) || (threw ? errKey(e) !== errKey(first.error) : !Object.is(key(r), key(first.result))))
        return { ...first, differs: 'call ' + i + ' gave ' + (threw ? errKey(e) : String(r)) };
    }
    return first;`) as never;
}

describe.each(['cbridge', 'cpython'] as HeaderSet[])('ext/fastcalls.c built against the %s headers', (headers) => {
  let mod: Record<string, any> | null = null;
  const load = () => (mod ??= loadExtension(buildExtension(source, { headers }), { name: 'fastcalls' }));

  it('the tier is on where V8 takes cbridge\'s fast API declarations', () => {
    load();
    expect(fastCallsEnabled()).toBe(v8HasFastCalls);
    expect(fastCallEntries() !== null).toBe(v8HasFastCalls);
  });

  // Keyword calls never take the tier (they are not all numbers); test-moduleobject covers them.
  const positional = fixture.cases.filter((c) => stepsOf(c).every((s) => Object.keys(s.kwargs ?? {}).length === 0));

  it.each(positional.map((c) => [c.name, c] as const))('%s: cold and hot, as CPython', (_name, c) => {
    const m = load();
    const [step] = stepsOf(c);
    const args = (step!.args ?? []).map((a) => toArgument(a));
    const f = m[step!.call!] as (...a: unknown[]) => unknown;
    const entries = fastCallEntries();
    const takesTier = entries !== null && args.length <= 3 && args.every((a) => typeof a === 'number');
    const before = entries ? fastEntries(entries) : 0;
    // Cold: the first call. Hot: until V8 has optimized the loop and the fast entry ran (bounded).
    const loop = callLoop(args.length);
    for (let round = 0; round < (takesTier ? 100 : 2); round++) {
      const out = loop(f, args, 2000);
      expect(out.differs, 'a call whose outcome differs from the first').toBeUndefined();
      expect(outcomeMismatch(step!, 'error' in out ? { thrown: out.error } : { result: out.result }, c.name)).toBeNull();
      if (takesTier && fastEntries(entries!) - before > 1000) break;
    }
    if (takesTier) expect(fastEntries(entries!) - before, 'calls that came through the fast entry').toBeGreaterThan(1000);
    else if (entries) expect(fastEntries(entries) - before).toBe(0);
  });

  it('leaks nothing: results, big ints, floats and errors made by fast calls are all freed', async () => {
    const m = load();
    const entries = fastCallEntries();
    const calls: [string, unknown[]][] = [['ident', [2 ** 40]], ['neg', [0.5]], ['add', [2 ** 52, 2 ** 52]], ['text', []],
      ['big', []], ['tup', []], ['fail', []], ['add', [1]], ['addv', [1.5, 2]], ['kind', [-0]]];
    const run = () => {
      for (const [name, args] of calls) callLoop(args.length)(m[name], args, 3000);
    };
    run();
    await settle();
    const before = py.liveObjects();
    const fast = entries ? fastEntries(entries) : 0;
    run();
    await settle();
    expect(py.liveObjects() - before).toBeLessThanOrEqual(0);
    if (entries) expect(fastEntries(entries) - fast).toBeGreaterThan(0);
  });

  it('steps aside while Python holds a JS value, and comes back when it is gone', () => {
    const m = load();
    const entries = fastCallEntries();
    const seen: number[] = [];
    m.set_callback((x: number) => {
      seen.push(x);
      return x + 1;
    });
    const before = entries ? fastEntries(entries) : 0;
    let sum = 0;
    for (let i = 0; i < 200_000; i++) sum += m.call_back(i) as number;
    expect(sum).toBe(200_000 * 199_999 / 2 + 200_000);
    expect(seen).toHaveLength(200_000);
    if (entries) expect(fastEntries(entries) - before, 'no call came through the fast entry').toBe(0);
    m.set_callback(null);
    for (let i = 0; i < 200_000; i++) sum += m.call_back(i) as number;
    expect(seen).toHaveLength(200_000);
    if (entries) expect(fastEntries(entries) - before).toBeGreaterThan(0);
  });
});

describe('CBRIDGE_CPYEXT_FASTCALLS=0', () => {
  it('turns the tier off: builtin functions are the ordinary ones', () => {
    const so = buildExtension(source, { headers: 'cbridge' });
    const script = `
      import { loadExtension } from ${JSON.stringify(join(root, 'dist', 'cpyext', 'index.js'))};
      import { fastCallEntries } from ${JSON.stringify(join(root, 'dist', 'cpyext', 'runtime.js'))};
      const m = loadExtension(${JSON.stringify(so)}, { name: 'fastcalls' });
      let s = 0;
      for (let i = 0; i < 100000; i++) s += m.add(i, 1);
      process.stdout.write(JSON.stringify({ s, entries: fastCallEntries() }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, CBRIDGE_CPYEXT_FASTCALLS: '0' },
    });
    expect(JSON.parse(out)).toEqual({ s: 100000 * 99999 / 2 + 100000, entries: null });
  });
});
