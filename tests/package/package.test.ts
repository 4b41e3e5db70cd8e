/**
 * The package as users get it: `import { FFI } from 'cbridge'` from plain JavaScript (ESM)
 * runs against the built `dist/` (built by `npm install` and by `npm test` before vitest).
 * The TypeScript consumer beside this file is checked by `npm test`'s typecheck step.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('package entry point', () => {
  it('imports FFI from plain JavaScript by the package name', () => {
    const out = execFileSync(process.execPath, [join(import.meta.dirname, 'consumer.mjs')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      size: 8,
      offsetY: 4,
      green: 5,
      error: "<cdef>:1:14: function f, arg 2: unknown type name 'foo_t'",
    });
  });
});
