/**
 * The bridge fixture extension (tests/cpyext/ext/bridgeext.c) loaded into Node through the
 * shim, once per header set, and its CPython-recorded cases (fixtures/ext-bridgeext.json)
 * decoded the way the bridge's default conversion shows Python values in JS.
 *
 * Invariant: `expectedJS` maps a recorded Python value to exactly what the documented
 * default conversion (cpyext/native/bridge_convert.c) must produce for it: int -> number
 * (|v| <= 2^53) or BigInt, float -> number, bytes -> Buffer, tuple/list -> Array, dict ->
 * plain object when every key is a str, else Map.
 */

import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadExtension, type ExtensionModule } from '../../cpyext/index.js';
import { buildExtension, type HeaderSet } from './cpython-ext.js';
import { decodeValue, loadFixture, type Case, type Encoded, type FixtureError } from './cpython-ext-fixtures.js';

export const EXT_DIR = join(import.meta.dirname, '..', 'cpyext', 'ext');
export const HEADER_SETS: readonly HeaderSet[] = ['cbridge', 'cpython'];

const loaded = new Map<HeaderSet, ExtensionModule>();

/** bridgeext built against `headers`, loaded through the shim (once per process and header set). */
export function bridgeext(headers: HeaderSet): ExtensionModule {
  let m = loaded.get(headers);
  if (m === undefined) {
    m = loadExtension(buildExtension(join(EXT_DIR, 'bridgeext.c'), { headers }));
    loaded.set(headers, m);
  }
  return m;
}

let cases: Map<string, Case> | null = null;

/** The recorded case labelled `name` in ext-bridgeext.json. */
export function recorded(name: string): Case {
  cases ??= new Map(loadFixture('ext-bridgeext').cases.map((c) => [c.name, c]));
  const c = cases.get(name);
  if (c === undefined) throw new Error(`ext-bridgeext.json has no case "${name}"`);
  return c;
}

/** A Python value as the default conversion shows it in JS. */
export function expectedJS(v: Encoded): unknown {
  return decodeValue(v, {
    tuple: (items) => items,
    dict: (entries) => (entries.every(([k]) => typeof k === 'string') ? Object.fromEntries(entries) : new Map(entries)),
  });
}

/** What CPython returned for case `name` (converted by expectedJS). */
export function recordedResult(name: string): unknown {
  const c = recorded(name);
  if (!('result' in c)) throw new Error(`case "${name}" raised ${JSON.stringify(c.error)}`);
  return expectedJS(c.result as Encoded);
}

/** The exception CPython raised for case `name`. */
export function recordedError(name: string): FixtureError {
  const c = recorded(name);
  if (c.error === undefined) throw new Error(`case "${name}" did not raise`);
  return c.error;
}

let gcFn: (() => void) | null = null;

/** Run V8's garbage collector, then let N-API finalizers run; repeat until `done()` or 20 rounds. */
export async function collectUntil(done: () => boolean): Promise<boolean> {
  if (gcFn === null) {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  }
  for (let i = 0; i < 20; i++) {
    gcFn();
    await new Promise((r) => setImmediate(r));
    if (done()) return true;
  }
  return done();
}
