/**
 * `py.debug`: generations and leak reports from the debug build of the shim, in the style of
 * HPy's `LeakDetector`. The debug build (`build/Release/cpyext_debug.node`) is the one a process
 * opens when it starts with `CBRIDGE_CPYEXT=debug`; see docs/cpyext.md, "Debug mode".
 *
 *   const since = py.debug.generation();
 *   ... work that should leave nothing behind ...
 *   // (drop JS handles and let the JS GC run first: a handle keeps its object alive)
 *   expect(py.debug.leaks(since)).toEqual([]);
 *
 * Invariant: in the release build every call except `mode` throws (the release build keeps no
 * generations), with a message saying how to get the debug build.
 */

import { runtime } from './runtime.js';
import { shimMode, type LiveObject, type Shim, type ShimMode } from './native.js';

function debugShim(what: string): Required<Pick<Shim, 'debugGeneration' | 'debugLeaks'>> {
  const shim = runtime();
  if (shim.debugGeneration === undefined || shim.debugLeaks === undefined) {
    throw new Error(
      `cbridge: py.debug.${what}() needs the debug build of the cpyext shim, and this process runs the ${shimMode()} build; ` +
        'start it with CBRIDGE_CPYEXT=debug in the environment (the build is chosen once, when cpyext is first used)',
    );
  }
  return shim as Required<Pick<Shim, 'debugGeneration' | 'debugLeaks'>>;
}

export const debug = {
  /** The build of the shim this process runs (or will open): `CBRIDGE_CPYEXT`, default `'release'`. */
  get mode(): ShimMode {
    return shimMode();
  },
  /**
   * Start a new generation and return its number: every object created from now on is tagged
   * with it, so `leaks(n)` lists exactly what was created since this call and is still alive.
   */
  generation: (): number => debugShim('generation').debugGeneration(),
  /**
   * The objects of generation `since` or later that are still alive (oldest first), with their
   * type name, address, refcount and generation. Objects made immortal (interned strings) are
   * left out. JS handles keep their objects alive until the JS garbage collector drops them.
   * With `ignoreModules`, so are the objects the module registry (`sys.modules`) keeps alive:
   * modules loaded since, and everything they own (their functions, types, constants).
   */
  leaks: (since: number, options: LeakOptions = {}): LiveObject[] => {
    if (!Number.isInteger(since) || since < 0) throw new TypeError(`py.debug.leaks(since): since must be a generation number, not ${String(since)}`);
    return debugShim('leaks').debugLeaks(since, options.ignoreModules === true);
  },
};

export interface LeakOptions {
  /** Leave out what `sys.modules` keeps alive (default false). */
  ignoreModules?: boolean;
}

export type { LiveObject, ShimMode };
