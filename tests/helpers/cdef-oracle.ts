/**
 * Ground truth for inline declarations: everything `ffi.cdef(source)` lays out, compared
 * number by number with gcc compiling the same source for the same target.
 *
 * Invariant: the questions are derived from our declarations (every complete struct and
 * union by tag or typedef name, every typedef and variable of sized type, every enum with its
 * signedness, every integer constant), the answers come only from the compiler (one
 * `gcc -S` per call, read from the assembly), and every difference is returned as a mismatch
 * line: nothing here decides a difference is acceptable.
 */

import { Layouts } from '../../abi/layout.js';
import { getTarget, type TargetName } from '../../abi/target.js';
import type { Decl } from '../../cdef/decls.js';
import type { CdefOptions } from '../../cdef/parse.js';
import type { CType } from '../../cdef/types.js';
import { underlying } from '../../cdef/types.js';
import { FFI } from '../../ffi.js';
import { layoutProbe, probeValues, readU64s, type ProbeTypeRequest } from './gcc-probe.js';
import { probePaths } from './layout-cases.js';

/** Headers gcc needs for the names cdef knows as built-ins (`size_t`, `char16_t`, `bool`...). */
export const BUILTIN_PRELUDE = [
  '#include <stddef.h>', '#include <stdint.h>', '#include <stdbool.h>', '#include <uchar.h>',
  '#include <stdarg.h>', '#include <sys/types.h>',
].join('\n');

/** What gcc needs beyond the prelude to accept the same spellings on each target. */
const TARGET_PRELUDE: Record<TargetName, string> = {
  x86_64: '',
  aarch64: '#define __float128 _Float128', // aarch64 gcc spells the binary128 type only as _Float128
};

interface Subject {
  readonly label: string;
  readonly request: ProbeTypeRequest;
  readonly type: CType;
}

/** Every layout subject of the declarations, spelled so gcc can name it. */
function subjects(ffi: FFI, layouts: Layouts): Subject[] {
  const out: Subject[] = [];
  const add = (label: string, cname: string, type: CType, withFields: boolean, isType = true) => {
    const t = underlying(type);
    const record = (t.kind === 'struct' || t.kind === 'union') && withFields ? t : null;
    // `(T)-1 < 0` asks a type's signedness; a variable's comes with its type.
    const signedness = isType && (t.kind === 'enum' || (t.kind === 'primitive' && layouts.intInfo(t) !== null));
    out.push({ label, type, request: { cname, fields: record ? probePaths(layouts, record) : [], signedness } });
  };
  for (const d of ffi.declarations) {
    if ((d.kind === 'struct' || d.kind === 'union') && d.type.fields !== null && !d.type.partial) add(`${d.kind} ${d.name}`, `${d.kind} ${d.name}`, d.type, true);
    if (d.kind === 'enum' && d.type.values !== null && !d.type.partial) add(`enum ${d.name}`, `enum ${d.name}`, d.type, false);
    if (d.kind === 'typedef' && sized(d.type)) {
      const t = underlying(d.type);
      // Named tags are compared under their tag; an anonymous body only has the typedef name.
      const anonymousBody = (t.kind === 'struct' || t.kind === 'union') && t.name === null;
      add(`typedef ${d.name}`, d.name, ffi.typeof(d.name).type, anonymousBody); // the typedef-ref, with its own alignment
    }
    if (d.kind === 'variable' && sized(d.type)) add(`variable ${d.name}`, d.name, d.type, false, false);
  }
  return out;
}

function sized(type: CType): boolean {
  const t = underlying(type);
  switch (t.kind) {
    case 'void': case 'function': case 'opaque': return false;
    case 'struct': case 'union': return t.fields !== null && !t.partial;
    case 'enum': return t.values !== null && !t.partial;
    case 'array': return typeof t.length === 'number' && sized(t.of);
    case 'typedef-ref': return sized(t.target);
    default: return true;
  }
}

export interface CompareOptions {
  /** Options for `ffi.cdef`. */
  readonly cdef?: CdefOptions;
  /** Text gcc sees before `source` that cdef does not (what the cdef options stand for). */
  readonly gccPrefix?: string;
}

/** Parse `source` with cdef for `target` and list every number that differs from gcc's. */
export function compareCdefWithGcc(source: string, target: TargetName, options: CompareOptions = {}): string[] {
  const ffi = new FFI({ target });
  ffi.cdef(source, { filename: 'input.h', ...options.cdef });
  const layouts = new Layouts(getTarget(target));
  const decls = ffi.declarations;
  const list = subjects(ffi, layouts);
  const prelude = `${BUILTIN_PRELUDE}\n${TARGET_PRELUDE[target]}\n${options.gccPrefix ?? ''}\n`;
  const probed = layoutProbe(`${prelude}${source}`, list.map((s) => s.request), target);
  const mismatches: string[] = [];
  const compare = (what: string, ours: unknown, gcc: unknown) => {
    if (ours !== gcc) mismatches.push(`${what}: ours ${String(ours)}, gcc ${String(gcc)}`);
  };
  list.forEach((s, i) => {
    const p = probed[i]!;
    compare(`${s.label} sizeof`, layouts.sizeof(s.type), p.size);
    compare(`${s.label} alignof`, layouts.alignof(s.type), p.align);
    if (p.signed !== undefined) compare(`${s.label} signed`, layouts.intInfo(s.type)?.signed, p.signed);
    for (const [path, field] of p.fields) {
      const info = layouts.fieldPath(s.type, path);
      compare(`${s.label} .${path} offset`, info.offset, field.offset);
      if (field.size !== undefined) compare(`${s.label} .${path} size`, layouts.sizeof(info.type), field.size);
      if (field.bitOffset !== undefined) {
        compare(`${s.label} .${path} bitOffset`, info.bitOffset, field.bitOffset);
        compare(`${s.label} .${path} bitWidth`, info.bitWidth, field.bitWidth);
      }
    }
  });
  // Integer constants (enumerators and #defines), as 64-bit patterns.
  const constants = decls.filter((d): d is Extract<Decl, { kind: 'constant' }> => d.kind === 'constant' && d.value !== '...');
  if (constants.length) {
    const values = probeValues(`${prelude}${source}\nconst unsigned long long cb_consts[] = {\n${constants.map((c) => `  (unsigned long long)(${c.name}),`).join('\n')}\n};\n`, target);
    const gcc = readU64s(values.get('cb_consts')!);
    constants.forEach((c, i) => compare(`constant ${c.name}`, BigInt.asUintN(64, c.value as bigint), gcc[i]));
  }
  if (list.length + constants.length === 0) mismatches.push('nothing was compared');
  return mismatches;
}
