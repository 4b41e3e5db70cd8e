/**
 * Every name of cdef/primitives.ts's PRIMITIVES table, on every target: size, alignment and
 * (for integers) signedness, against gcc. The list comes from the table itself, so a name
 * added there is tested here without touching this file.
 */

import { describe, expect, it } from 'vitest';
import { PRIMITIVES, primitiveBase, primitiveClass, type PrimitiveName } from '../../cdef/primitives.js';
import { Layouts } from '../../abi/layout.js';
import { getTarget, PRIMITIVE_NAMES, TARGET_NAMES, type BasePrimitiveName } from '../../abi/target.js';
import { describeLayoutCases } from '../helpers/layout-cases.js';
import { p } from '../helpers/model-builders.js';

const HEADERS = ['stddef.h', 'stdint.h', 'stdbool.h', 'stdarg.h', 'uchar.h', 'sys/types.h'].map((h) => `#include <${h}>`).join('\n');

describeLayoutCases(
  'primitives',
  PRIMITIVE_NAMES.map((name) => ({ name, c: '', subjects: [p(name)] })),
  { prelude: HEADERS },
);

describe('target tables', () => {
  it('every primitive name resolves to a base type each target sizes', () => {
    for (const targetName of TARGET_NAMES) {
      const target = getTarget(targetName);
      for (const name of Object.keys(PRIMITIVES) as PrimitiveName[]) {
        const base = primitiveBase(name);
        expect(primitiveBase(base), `${name} -> ${base} is itself a base name`).toBe(base);
        expect(target.primitives[base as BasePrimitiveName], `${targetName}: ${base}`).toBeDefined();
      }
      expect(Object.keys(target.primitives).sort()).toEqual(
        PRIMITIVE_NAMES.filter((n) => primitiveBase(n) === n).sort(),
      );
    }
  });

  it('intInfo follows each target for char and wchar_t, and is null for non-integers', () => {
    const x86 = new Layouts(getTarget('x86_64'));
    const arm = new Layouts(getTarget('aarch64'));
    expect(x86.intInfo(p('char'))).toEqual({ bits: 8, signed: true });
    expect(arm.intInfo(p('char'))).toEqual({ bits: 8, signed: false });
    expect(x86.intInfo(p('wchar_t'))).toEqual({ bits: 32, signed: true });
    expect(arm.intInfo(p('wchar_t'))).toEqual({ bits: 32, signed: false });
    expect(x86.intInfo(p('_Bool'))).toEqual({ bits: 8, signed: false });
    expect(x86.intInfo(p('size_t'))).toEqual({ bits: 64, signed: false });
    for (const name of PRIMITIVE_NAMES.filter((n) => ['float', 'complex', 'va_list'].includes(primitiveClass(n)))) {
      expect(x86.intInfo(p(name)), name).toBeNull();
    }
  });
});
