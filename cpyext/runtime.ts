/**
 * Opens the shim with the hooks it calls back into: PythonError construction, per-type
 * handle classes, and the import hook (a miss in the module registry).
 *
 * Invariant: `runtime()` is the only way other modules reach the shim, so it is always
 * initialised with these hooks before first use.
 */

import { PythonError } from './errors.js';
import { classFor } from './handles.js';
import { shim, type Shim } from './native.js';

export function runtime(): Shim {
  return shim(() => ({
    makeError: (type, message, exception) => new PythonError(type, message, exception),
    classFor,
    importHook: () => undefined,
  }));
}
