/**
 * Setup file of the `cpyext-debug` vitest project (vitest.config.ts), which runs the cpyext
 * suite on the debug build of the shim (CBRIDGE_CPYEXT=debug): a generation-based leak check
 * around every test file, in the style of HPy's `LeakDetector`.
 *
 * Invariant: a file passes only if, once its tests are done and the JS garbage collector has
 * dropped every handle it could, no Python object created since the file started is still
 * alive, apart from what modules and static types own (`py.debug.leaks(since,
 * { ignoreModules: true })`: a module loaded by the file stays loaded, with its functions, types
 * and constants). A handle the file still holds in a variable keeps its object alive, and
 * counts.
 */

import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll } from 'vitest';
import { py } from '../../cpyext/index.js';

if (py.debug.mode !== 'debug') throw new Error('debug-leak-check.ts runs under CBRIDGE_CPYEXT=debug (the cpyext-debug project)');

const gc: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  })();

/** Collect until the handles' finalizers (some deferred to an immediate) have all run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
}

let since = -1;

beforeAll(() => {
  since = py.debug.generation();
});

afterAll(async () => {
  await settle();
  const leaks = py.debug.leaks(since, { ignoreModules: true });
  if (leaks.length > 0) {
    const shown = leaks.slice(0, 20).map((o) => `  ${o.type} at ${o.address}, refcount ${o.refcount}, generation ${o.generation}: ${o.repr}`);
    throw new Error(
      `${leaks.length} Python object(s) created by this file's tests are still alive (generation >= ${since}):\n` +
        shown.join('\n') +
        (leaks.length > shown.length ? `\n  ... and ${leaks.length - shown.length} more` : ''),
    );
  }
});
