/**
 * Errors the cpyext layer throws.
 *
 * Invariants:
 * - An exception raised by Python code (an extension, or the shim on its behalf) reaches
 *   JavaScript as a `PythonError` carrying the exception's qualified type name as Python
 *   prints it (`ValueError`, `brotli.error`), its `str()` as the message, and a handle to the
 *   exception object itself for `py.*` inspection.
 * - A binary that needs C-API symbols the shim lacks is refused before it is loaded, with a
 *   `MissingSymbolsError` naming every missing symbol; nothing is half-loaded.
 */

import type { PyHandle } from './handles.js';

export class PythonError extends Error {
  override readonly name = 'PythonError';
  /** Qualified Python type name, e.g. `ValueError` or `zstd.Error`. */
  readonly type: string;
  /** The exception object (a handle), for `py.getattr(err.exception, 'args')` and friends. */
  readonly exception: PyHandle;

  constructor(type: string, message: string, exception: PyHandle) {
    super(message);
    this.type = type;
    this.exception = exception;
  }

  override toString(): string {
    return `${this.type}: ${this.message}`;
  }
}

export class MissingSymbolsError extends Error {
  override readonly name = 'MissingSymbolsError';
  readonly path: string;
  readonly symbols: readonly string[];

  constructor(path: string, symbols: readonly string[]) {
    super(
      `${path} needs ${symbols.length} C-API symbol${symbols.length === 1 ? '' : 's'} that cbridge's ` +
        `CPython shim does not provide: ${symbols.join(', ')}`,
    );
    this.path = path;
    this.symbols = symbols;
  }
}
