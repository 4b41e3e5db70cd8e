/**
 * The debug build of the shim (CBRIDGE_CPYEXT=debug, build/Release/cpyext_debug.node): its
 * leak report finds a deliberately leaked object by type name and generation and reports
 * nothing for a clean loop; deliberate misuse in a fixture extension (tests/cpyext/ext/jsonly/
 * misuse.c, built against CPython's own headers as real binaries are) ends the process with a
 * message naming the object instead of corrupting memory; the release build refuses the debug
 * API, and an unknown CBRIDGE_CPYEXT value is refused.
 *
 * The shim is chosen once per process, so every case runs in a child node process (on the
 * compiled dist/, which `npm test` builds first).
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExtension } from '../helpers/cpython-ext.js';
import { EXT_DIR } from '../helpers/bridgeext.js';

const REPO = resolve(import.meta.dirname, '..', '..');
const DIST = join(REPO, 'dist', 'cpyext', 'index.js');

let so = '';

beforeAll(() => {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first (npm test does)`);
  so = buildExtension(join(EXT_DIR, 'jsonly', 'misuse.c'), { headers: 'cpython' });
});

interface Child {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `body` (module code with `py`, the loaded `m` = misuse module and `settle()`, which runs
 * the JS GC until handles are dropped) in a child process whose environment has
 * CBRIDGE_CPYEXT=`mode` (undefined: unset).
 */
function child(mode: string | undefined, body: string): Child {
  const script = `
    import { py, loadExtension } from ${JSON.stringify(DIST)};
    const settle = async () => { for (let i = 0; i < 4; i++) { gc(); await new Promise((r) => setImmediate(r)); } };
    const so = ${JSON.stringify(so)};
    const m = loadExtension(so, { name: 'misuse' });
    ${body}`;
  const env = { ...process.env };
  delete env['CBRIDGE_CPYEXT'];
  if (mode !== undefined) env['CBRIDGE_CPYEXT'] = mode;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', env });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A child that must end in a fatal error: killed by SIGABRT, with `message` on stderr. */
function expectFatal(c: Child, message: RegExp): void {
  expect(c.stderr).toMatch(/Fatal Python error: /);
  expect(c.stderr).toMatch(message);
  expect(c.signal).toBe('SIGABRT');
  expect(c.stdout).not.toContain('survived');
}

describe('debug build: generations and leak reports', () => {
  it('reports a leaked object with its type and generation, and nothing for a clean loop', () => {
    const c = child(
      'debug',
      `
      for (let i = 0; i < 10; i++) m.token(i); // warm-up: first-use caches
      await settle();
      const clean = py.debug.generation();
      for (let i = 0; i < 200; i++) m.token(i);
      await settle();
      const cleanLeaks = py.debug.leaks(clean);
      const leaky = py.debug.generation();
      m.leak_token(5);
      await settle();
      const owned = py.debug.leaks(leaky, { ignoreModules: true });
      console.log(JSON.stringify({ mode: py.debug.mode, clean, cleanLeaks, leaky, leaks: py.debug.leaks(leaky), since: py.debug.leaks(clean), owned }));`,
    );
    expect(c.stderr).toBe('');
    expect(c.status).toBe(0);
    const out = JSON.parse(c.stdout);
    expect(out.mode).toBe('debug');
    expect(out.cleanLeaks).toEqual([]);
    expect(out.leaky).toBe(out.clean + 1);
    expect(out.leaks).toEqual([
      { type: 'misuse.Token', address: expect.stringMatching(/^0x[0-9a-f]+$/), refcount: 1, generation: out.leaky, repr: expect.stringMatching(/^<misuse\.Token object at 0x/) },
    ]);
    expect(out.since).toEqual(out.leaks); // an older generation's report includes the newer one's
    expect(out.owned).toEqual(out.leaks); // no module owns it
  });

  it('with ignoreModules, a module loaded since (and what it owns) is not a leak', () => {
    const c = child(
      'debug',
      `
      const since = py.debug.generation();
      let again = loadExtension(so, { name: 'pkg.misuse' });
      again = null;
      await settle();
      console.log(JSON.stringify({ all: py.debug.leaks(since).map((o) => o.type), owned: py.debug.leaks(since, { ignoreModules: true }) }));`,
    );
    expect(c.status).toBe(0);
    const out = JSON.parse(c.stdout);
    expect(out.all).toContain('module');
    expect(out.all).toContain('builtin_function_or_method');
    expect(out.owned).toEqual([]);
  });

  it('an object held by a JS handle is alive until the handle is dropped', () => {
    const c = child(
      'debug',
      `
      const since = py.debug.generation();
      let held = m.token(1);
      const whileHeld = py.debug.leaks(since).map((o) => o.type);
      held = null;
      await settle();
      console.log(JSON.stringify({ whileHeld, after: py.debug.leaks(since) }));`,
    );
    expect(c.status).toBe(0);
    const out = JSON.parse(c.stdout);
    expect(out.whileHeld).toContain('misuse.Token');
    expect(out.after).toEqual([]);
  });
});

describe('debug build: misuse is a fatal error naming the object', () => {
  it('use after free: repr() of a released list', () => {
    expectFatal(
      child('debug', `m.repr_after_free(); console.log('survived');`),
      /use after free: repr\(\) of a freed 'list' object at 0x[0-9a-f]+ \(allocated in generation 0, freed in generation 0\)/,
    );
  });

  it('a Py_DECREF too many: the object is deallocated again', () => {
    expectFatal(
      child('debug', `py.debug.generation(); py.debug.generation(); m.decref_twice(); console.log('survived');`),
      /_Py_Dealloc: a freed 'misuse.Token' object at 0x[0-9a-f]+ \(allocated in generation 2, freed in generation 2\) is deallocated again: a reference to it was released once too often/,
    );
  });

  it('a write into freed memory is found when the block leaves the quarantine', () => {
    expectFatal(
      child('debug', `m.write_after_free(); console.log('survived');`),
      /a freed block of 64 bytes at 0x[0-9a-f]+ \(allocated in generation 0, freed in generation 0\) was written to after it was freed \(byte 10 of 64\)/,
    );
  });

  it('a reference count below zero', () => {
    expectFatal(
      child('debug', `m.negative_refcount(); console.log('survived');`),
      /Py_DECREF: a 'list' object at 0x[0-9a-f]+ \(allocated in generation 0\) has a negative reference count \(-1\)/,
    );
  });

  it('freeing an object still tracked by the garbage collector is a warning', () => {
    const c = child('debug', `m.free_tracked(); console.log('survived');`);
    expect(c.status).toBe(0);
    expect(c.stdout).toContain('survived');
    expect(c.stderr).toMatch(
      /ResourceWarning: a 'misuse.Tracked' object at 0x[0-9a-f]+ \(allocated in generation 0\) is freed while still tracked by the garbage collector/,
    );
  });
});

describe('the release build', () => {
  it('is the default, and refuses the debug API with a clear error', () => {
    const c = child(
      undefined,
      `
      const errors = [() => py.debug.generation(), () => py.debug.leaks(0)].map((f) => { try { f(); return null; } catch (e) { return e.message; } });
      console.log(JSON.stringify({ mode: py.debug.mode, errors, token: py.repr(m.token(3)).startsWith('<misuse.Token') }));`,
    );
    expect(c.status).toBe(0);
    const out = JSON.parse(c.stdout);
    expect(out.mode).toBe('release');
    expect(out.token).toBe(true);
    expect(out.errors[0]).toMatch(/py\.debug\.generation\(\) needs the debug build of the cpyext shim.*CBRIDGE_CPYEXT=debug/);
    expect(out.errors[1]).toMatch(/py\.debug\.leaks\(\) needs the debug build/);
  });

  it('an unknown CBRIDGE_CPYEXT value is an error naming the accepted values', () => {
    const c = child('Debug', `console.log('survived');`);
    expect(c.status).not.toBe(0);
    expect(c.stderr).toContain('cbridge: CBRIDGE_CPYEXT="Debug" is not a build of the cpyext shim; accepted values: release, debug');
  });
});
