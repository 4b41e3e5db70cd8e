/**
 * Opens the shim with the hooks it calls back into: PythonError construction, per-type
 * handle classes, and the wrapper builtin functions cross as (the fast call tier).
 *
 * Invariant: `runtime()` is the only way other modules reach the shim, so it is always
 * initialised with these hooks before first use.
 */

import { PythonError } from './errors.js';
import { fastCallsEnabled, wrapFunction, type FastCallEntries } from './fast-calls.js';
import { classFor } from './handles.js';
import { shim, type Shim } from './native.js';

let entries: FastCallEntries | null | undefined;

/** The shim's fast call entries, or null when the tier is off (fast-calls.ts). */
export function fastCallEntries(): FastCallEntries | null {
  return (entries ??= fastCallsEnabled() ? runtime().fastCalls() : null);
}

export function runtime(): Shim {
  return shim(() => ({
    makeError: (type, message, exception) => new PythonError(type, message, exception),
    classFor,
    wrapFunction: (ordinary, fn) => wrapFunction(fastCallEntries(), ordinary, fn),
  }));
}
