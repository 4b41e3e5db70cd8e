/**
 * cpyext/include against CPython 3.11's own headers, as gcc lays them out on x86-64: every
 * struct and union our headers define (size, alignment, every member's offset and size,
 * every bitfield's bit position, members of anonymous nested structs included) and every
 * integer constant both define (macros and enumerators).
 *
 * Invariants:
 * - Nothing is listed by hand except what cannot be compared: the structs and members are
 *   those the repository's own header parser (`ffi.cdefHeader`) finds in cpyext/include
 *   (embedded structs member by member, at every depth), and their counterparts are looked
 *   up by the same C spelling in CPython's headers. A struct
 *   we define that CPython lacks is a failure unless it is in OURS_ONLY, with the reason.
 * - Every number compared comes from gcc (gcc-probe: `gcc -S`, nothing executed), one
 *   compile per header set for layouts and one for constants.
 * - A member present on one side only is a difference too, reported with both member lists.
 * - CPython's PyModuleObject lives in an internal header: it is included (with
 *   Py_BUILD_CORE defined after Python.h) so that it is compared like the rest.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FFI } from '../../ffi.js';
import type { Decl } from '../../cdef/decls.js';
import type { CType, RecordType } from '../../cdef/types.js';
import { layoutProbe, probeValues, readU64s, type ProbeFieldRequest, type ProbedType } from '../helpers/gcc-probe.js';

const OURS_DIR = resolve(import.meta.dirname, '..', '..', 'cpyext', 'include');
const CPYTHON_DIR = '/usr/include/python3.11';

const SIDES = {
  ours: {
    dir: OURS_DIR,
    source: ['#include "Python.h"', '#include "structmember.h"', '#include "longintrepr.h"', '#include "pythread.h"'].join('\n'),
  },
  cpython: {
    dir: CPYTHON_DIR,
    source: [
      '#include "Python.h"',
      '#include "structmember.h"',
      '#define Py_BUILD_CORE 1',
      '#include "internal/pycore_moduleobject.h"',
    ].join('\n'),
  },
} as const;

type Side = keyof typeof SIDES;

/** Types of ours CPython has no counterpart of by that name, and why that is right. */
const OURS_ONLY: Record<string, string> = {
  _PyCpxTraceInfo: 'stand-in for PyTraceInfo (CPython spells it with PyCodeAddressRange); compared through PyThreadState.trace_info',
};

/** The structs the shim's correctness hangs on: each must be among those compared. */
const REQUIRED = [
  'PyObject', 'PyVarObject', 'PyTypeObject', 'PyHeapTypeObject', 'PyNumberMethods', 'PySequenceMethods',
  'PyMappingMethods', 'PyAsyncMethods', 'PyBufferProcs', 'PyLongObject', 'PyFloatObject', 'PyComplexObject',
  'PyBytesObject', 'PyByteArrayObject', 'PyASCIIObject', 'PyCompactUnicodeObject', 'PyUnicodeObject',
  'PyTupleObject', 'PyListObject', 'PyDictObject', 'PySetObject', 'PySliceObject', 'PyModuleDef_Base',
  'PyModuleDef', 'PyModuleDef_Slot', 'PyModuleObject', 'PyMethodDef', 'PyMemberDef', 'PyGetSetDef',
  'PyCFunctionObject', 'PyCMethodObject', 'PyDescrObject', 'PyMethodDescrObject', 'PyMemberDescrObject',
  'PyGetSetDescrObject', 'Py_buffer', 'PyType_Spec', 'PyType_Slot', 'PyBaseExceptionObject',
  'PySyntaxErrorObject', 'PyImportErrorObject', 'PyUnicodeErrorObject', 'PySystemExitObject', 'PyOSErrorObject',
  'PyStopIterationObject', 'PyNameErrorObject', 'PyAttributeErrorObject', 'PyMemoryViewObject', 'PyThreadState',
  'PyWeakReference',
];

/** Constant families whose every CPython member our headers must define too. */
const REQUIRED_CONSTANTS = [
  /^Py_TPFLAGS_/, /^METH_/, /^T_[A-Z_]+$/, /^READONLY$/, /^PyBUF_/, /^Py_mod_/, /^Py_(LT|LE|EQ|NE|GT|GE)$/,
  /^PyUnicode_\w+_KIND$/, /^PY_VECTORCALL_ARGUMENTS_OFFSET$/, /^PyLong_SHIFT$/,
];

interface RecordInfo {
  /** The C spelling used in both compiles: the typedef name if there is one, else `struct tag`. */
  readonly cname: string;
  readonly fields: ProbeFieldRequest[];
}

interface Parsed {
  readonly records: Map<string, RecordInfo>;
  readonly constants: Set<string>;
}

function wrapper(side: Side): string {
  const dir = mkdtempSync(join(tmpdir(), `cb-cpx-layout-${side}-`));
  const path = join(dir, 'all.h');
  writeFileSync(path, `${SIDES[side].source}\n`);
  return path;
}

function stripTypedefs(t: CType): CType {
  return t.kind === 'typedef-ref' ? stripTypedefs(t.target) : t;
}

/**
 * Member paths of `rec`, recursively through every member that is itself a struct or union
 * (`ob_base.ob_refcnt`, `state.kind`, `trace_info.bounds.opaque.limit`): an embedded struct is
 * compared member by member wherever it is embedded. Arrays are compared whole.
 */
function fieldRequests(rec: RecordType, prefix = ''): ProbeFieldRequest[] {
  const out: ProbeFieldRequest[] = [];
  for (const f of rec.fields ?? []) {
    const t = stripTypedefs(f.type);
    const inner = (t.kind === 'struct' || t.kind === 'union') && t.fields ? t : null;
    if (f.name === null) {
      if (inner) out.push(...fieldRequests(inner, prefix)); // C11 anonymous member
      continue; // an unnamed bitfield is padding
    }
    const path = prefix + f.name;
    out.push({ path, bitfield: f.bitWidth !== null, ...(t.kind === 'array' && t.length === 'flexible' ? { unsized: true } : {}) });
    if (inner) out.push(...fieldRequests(inner, `${path}.`));
  }
  return out;
}

function parse(side: Side): Parsed {
  const { dir } = SIDES[side];
  const ffi = new FFI();
  ffi.cdefHeader(wrapper(side), { includeDirs: [dir], scope: 'all' });
  const own = (d: Decl) => d.loc.file.startsWith(`${dir}/`);
  const records = new Map<string, RecordInfo>();
  const named = new Set<number>();
  const add = (cname: string, rec: RecordType) => {
    if (named.has(rec.id) || !rec.fields) return;
    named.add(rec.id);
    records.set(cname, { cname, fields: fieldRequests(rec) });
  };
  const decls = ffi.declarations.filter(own);
  for (const d of decls) if (d.kind === 'typedef' && (d.type.kind === 'struct' || d.type.kind === 'union')) add(d.name, d.type);
  for (const d of decls) if (d.kind === 'struct' || d.kind === 'union') add(`${d.kind} ${d.name}`, d.type);
  const constants = new Set(decls.filter((d) => d.kind === 'constant').map((d) => d.name));
  return { records, constants };
}

function probeLayouts(side: Side, infos: readonly RecordInfo[]): Map<string, ProbedType> {
  const probed = layoutProbe(SIDES[side].source, infos.map((r) => ({ cname: r.cname, fields: r.fields })), 'x86_64', {
    includeDirs: [SIDES[side].dir],
  });
  return new Map(infos.map((r, i) => [r.cname, probed[i]!]));
}

function probeConstants(side: Side, names: readonly string[]): Map<string, bigint> {
  const source = `${SIDES[side].source}\nconst unsigned long long cb_consts[] = {\n${names.map((n) => `  (unsigned long long)(${n}),`).join('\n')}\n};\n`;
  const values = readU64s(probeValues(source, 'x86_64', { includeDirs: [SIDES[side].dir] }).get('cb_consts')!);
  return new Map(names.map((n, i) => [n, BigInt.asIntN(64, values[i]!)]));
}

const ours = parse('ours');
const cpython = parse('cpython');
const compared = [...ours.records.values()].filter((r) => cpython.records.has(r.cname));
const oursOnly = [...ours.records.keys()].filter((n) => !cpython.records.has(n));

/** Paths both sides have, per type, with the bitfield flag each side gives. */
const common = compared.map((r) => {
  const theirs = new Map(cpython.records.get(r.cname)!.fields.map((f) => [f.path, f]));
  return { cname: r.cname, fields: r.fields.filter((f) => theirs.get(f.path)?.bitfield === f.bitfield) };
});
const oursLayout = probeLayouts('ours', common);
const cpythonLayout = probeLayouts('cpython', common);

describe('cpyext/include lays out every struct as CPython 3.11 does (x86_64, gcc)', () => {
  it('finds the structs it must compare', () => {
    expect(REQUIRED.filter((n) => !ours.records.has(n)), 'missing from cpyext/include').toEqual([]);
    expect(REQUIRED.filter((n) => !cpython.records.has(n)), 'missing from CPython\'s headers').toEqual([]);
    expect(compared.length).toBeGreaterThanOrEqual(REQUIRED.length);
  });

  it('defines no struct CPython lacks, except those it says why', () => {
    expect(oursOnly.filter((n) => !(n in OURS_ONLY))).toEqual([]);
  });

  it.each(compared.map((r) => [r.cname]))('%s', (cname) => {
    const oursFields = ours.records.get(cname)!.fields;
    const theirFields = cpython.records.get(cname)!.fields;
    const diffs: string[] = [];
    const describeField = (f: ProbeFieldRequest) => `${f.path}${f.bitfield ? ' (bitfield)' : ''}`;
    const oursNames = oursFields.map(describeField);
    const theirNames = theirFields.map(describeField);
    if (oursNames.join() !== theirNames.join()) {
      diffs.push(`members differ:\n  ours:    ${oursNames.join(', ')}\n  CPython: ${theirNames.join(', ')}`);
    }
    const a = oursLayout.get(cname)!;
    const b = cpythonLayout.get(cname)!;
    if (a.size !== b.size) diffs.push(`sizeof: ours ${a.size}, CPython ${b.size}`);
    if (a.align !== b.align) diffs.push(`alignof: ours ${a.align}, CPython ${b.align}`);
    for (const [path, fa] of a.fields) {
      const fb = b.fields.get(path)!;
      for (const key of ['offset', 'size', 'bitOffset', 'bitWidth'] as const) {
        if (fa[key] !== fb[key]) diffs.push(`${path}: ${key} ours ${fa[key]}, CPython ${fb[key]}`);
      }
    }
    expect(diffs.join('\n'), `${cname} differs from CPython 3.11`).toBe('');
  });

  it('PyASCIIObject.state: each bitfield sits where CPython puts it', () => {
    const a = oursLayout.get('PyASCIIObject')!.fields;
    const b = cpythonLayout.get('PyASCIIObject')!.fields;
    for (const f of ['state.interned', 'state.kind', 'state.compact', 'state.ascii', 'state.ready']) {
      expect(a.get(f), f).toBeDefined();
      expect(a.get(f), f).toEqual(b.get(f));
    }
  });
});

describe('cpyext/include defines the integer constants CPython 3.11 defines, with its values', () => {
  const both = [...ours.constants].filter((n) => cpython.constants.has(n)).sort();
  const oursValues = probeConstants('ours', both);
  const cpythonValues = probeConstants('cpython', both);

  it('every constant of the families extensions use', () => {
    const missing = [...cpython.constants].filter((n) => REQUIRED_CONSTANTS.some((re) => re.test(n)) && !ours.constants.has(n)).sort();
    expect(missing, 'defined by CPython, missing from cpyext/include').toEqual([]);
  });

  it('the same value for every constant both define', () => {
    const diffs = both.filter((n) => oursValues.get(n) !== cpythonValues.get(n)).map((n) => `${n}: ours ${oursValues.get(n)}, CPython ${cpythonValues.get(n)}`);
    expect(diffs.join('\n')).toBe('');
    expect(both.length).toBeGreaterThan(100);
  });
});
