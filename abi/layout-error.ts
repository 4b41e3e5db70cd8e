/**
 * The one error type of layout.
 *
 * Invariant: a message always has the shape `<operation>: <where>: <problem>`, each part
 * optional, e.g. `sizeof(struct outer): api.h:3:10: struct outer, field in: incomplete type
 * 'struct inner'`. The innermost code that sees the problem states it; the record being laid
 * out adds `where` (the first one to do so wins, so the message names the member that is
 * actually wrong); the public entry point adds the `operation`. Types are spelled by `cName`.
 */

import type { Loc } from '../cdef/types.js';

export class LayoutError extends Error {
  override readonly name = 'LayoutError';

  constructor(
    /** What is wrong, e.g. `incomplete type 'struct foo'`. */
    readonly problem: string,
    /** The declaration it is wrong in, e.g. `api.h:3:10: struct outer, field in`. */
    readonly where: string | null = null,
    /** The request that needed it, e.g. `sizeof(struct outer)`. */
    readonly operation: string | null = null,
  ) {
    super([operation, where, problem].filter((part) => part !== null).join(': '));
  }

  /** This error, placed in a declaration unless a more precise place is already known. */
  at(where: string): LayoutError {
    return this.where !== null ? this : new LayoutError(this.problem, where, this.operation);
  }

  /** This error, attributed to a public request unless it already is. */
  during(operation: string): LayoutError {
    return this.operation !== null ? this : new LayoutError(this.problem, this.where, operation);
  }
}

/** `file:line:col` with a 1-based column, as compilers print positions. */
export function formatLoc(loc: Loc): string {
  return `${loc.file}:${loc.line}:${loc.column + 1}`;
}

/** Run `fn`; a LayoutError escaping it is attributed to `operation`. */
export function during<T>(operation: () => string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LayoutError) throw e.during(operation());
    throw e;
  }
}
