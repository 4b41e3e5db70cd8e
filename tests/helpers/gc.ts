/**
 * Garbage collection on demand for leak checks: vitest's fork workers run without
 * --expose-gc, so the flag is turned on at runtime and `gc` fetched from a fresh context.
 */

import v8 from 'node:v8';
import vm from 'node:vm';

export const gc: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  })();

/** Collect until the handles' finalizers (some deferred to an immediate) have all run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
}
