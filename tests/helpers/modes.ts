/**
 * The call modes every call-layer test runs in (issue 4: "the same test suite as ABI mode"),
 * in the spirit of HPy's `hpy_abi` parametrisation: each test file wraps its suites in
 * `describe.each(MODES)` and opens its libraries through `dlopenIn`, once per mode.
 *
 * - `'abi'`: `ffi.dlopen(path)` exactly as docs/abi-mode.md documents it (koffi, nothing compiled);
 * - `'fast'`: `ffi.dlopen(path, { mode: 'fast', ...options })` (compiled stubs, abi/fast.ts).
 *
 * Invariant: the only per-mode difference a test may make is the `callbacks` option of fast mode
 * (the documented contract: functions that can run JS through a callback registered earlier
 * must be listed), never an expected value.
 */

import type { FastOptions } from '../../abi/fast.js';

export const MODES = ['abi', 'fast'] as const;
export type Mode = (typeof MODES)[number];

/** The part of the FFI surface `dlopenIn` needs (tests type their FFI loosely). */
interface Opener {
  dlopen(path: string | null, options?: object): any;
}

/** Open `path` (null: the process) in `mode`; `fast` options apply to fast mode only. */
export function dlopenIn(ffi: Opener, path: string | null, mode: Mode, fast: FastOptions = {}): any {
  return mode === 'abi' ? ffi.dlopen(path) : ffi.dlopen(path, { mode: 'fast', ...fast });
}
