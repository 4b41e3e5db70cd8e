/**
 * API mode (cffi's `set_source` + `compile`): the compiler sees the real headers.
 *
 * One module per `compile()`, from two translation units linked together:
 * - C: the user's source (`#include <zlib.h>`...), then a *thunk* per declared function and
 *   global (a C function with the cdef's signature calling the real name, so macros used as
 *   functions and `static inline` functions work), `_Static_assert`s that the cdef's struct
 *   sizes and field offsets are the header's, and `cb_values`: what the cdef left to the
 *   compiler (`...` struct layouts, `#define X ...`, `enum { A, ... }`, `int a[...]`,
 *   `typedef int... t`).
 * - C++: the call stubs of stubgen.ts, calling the thunks.
 *
 * Invariants:
 * - A cdef that disagrees with the header does not compile, and the error names the struct
 *   and field (the static assertion's text) beside the compiler's message.
 * - Values the compiler filled in replace the `...` in the declarations before any layout is
 *   used, so `ffi.sizeof`, CData and calls all see the header's numbers.
 * - Structs by value cross as pointers to their bytes (thunk parameters `const void *`, results
 *   written through a leading `void *`), so any struct the compiler accepts works.
 * - The module is loaded with RTLD_DEEPBIND: the libraries it links bind to their own symbols,
 *   not to the copies inside the node binary.
 */

import { constants } from 'node:os';
import koffi from 'koffi';
import { cDeclaration, cName } from '../cdef/c-printer.js';
import type { ConstantDecl, Decl, Declarations, FunctionDecl, VariableDecl } from '../cdef/decls.js';
import type { CType, FunctionType, StructType, UnionType } from '../cdef/types.js';
import { underlying } from '../cdef/types.js';
import type { PrimitiveName } from '../cdef/primitives.js';
import { CData, makeCData } from './cdata.js';
import { bindFunction, callWrapper, recordTier } from './calls.js';
import { compileModule, CompileError } from './compiler.js';
import type { CTypes, CTypeMeta } from './ctypes.js';
import { availableTier, mayCallBack, nativeDir, stubConverter } from './fast.js';
import type { Layouts } from './layout.js';
import type { Library } from './library.js';
import { defineLazy, globalAccessor, newLibraryObject, settle } from './library.js';
import { allocate } from './memory.js';
import type { ArgConverter } from './marshal.js';
import { argConverter, argumentError, resultConverter } from './marshal.js';
import type { StubFunction, Tier, Wire } from './stubgen.js';
import { generateModule, tierFor, wireOf } from './stubgen.js';
import { writeValue } from './values.js';
import { jsInteger } from './ctype-info.js';

export interface SourceOptions {
  /** `-l` libraries to link (`['z']`). */
  readonly libraries?: readonly string[];
  readonly libraryDirs?: readonly string[];
  readonly includeDirs?: readonly string[];
  readonly defines?: Readonly<Record<string, string | number | boolean>>;
  readonly extraCompileArgs?: readonly string[];
  readonly extraLinkArgs?: readonly string[];
  /** Highest stub tier (as for fast mode). */
  readonly tier?: Tier;
  /** Functions that may call into JS through callbacks registered earlier. */
  readonly callbacks?: boolean | readonly string[];
}

/** One value the compiler is asked for, and what to do with the answer. */
interface Question {
  readonly expr: string;
  readonly apply: (bits: bigint) => void;
}

interface Entry {
  readonly kind: 'function' | 'global';
  readonly decl: FunctionDecl | VariableDecl;
  readonly stub: StubFunction;
  /** Index of by-value record parameters, and whether the result is a record. */
  readonly recordParams: ReadonlySet<number>;
  readonly recordResult: boolean;
}

function spell(t: CType): string | null {
  const s = cName(t);
  return s.includes('<anonymous>') ? null : s;
}

/** Compile the source with the declarations; returns the module's library object. */
export function compileApiModule(
  name: string, source: string, options: SourceOptions, decls: Declarations, types: () => CTypes, layouts: Layouts,
  replace: (d: Decl) => void,
): Library {
  const questions: Question[] = [];
  const asserts: string[] = [];
  const ask = (expr: string, apply: (bits: bigint) => void) => questions.push({ expr, apply });
  for (const d of decls) planDeclaration(d, ask, asserts, layouts, replace);

  const entries = planEntries(decls, types(), options.callbacks);
  const cSource = [
    source,
    '#include <stddef.h>',
    '/* cbridge: the cdef checked against the header */',
    ...asserts,
    '/* cbridge: thunks */',
    ...entries.map(thunk),
    `void *const cb_thunks[] = {${entries.length ? entries.map((e) => `(void *)cb_t_${e.stub.index}`).join(', ') : '0'}};`,
    `const unsigned long long cb_values[] = {${questions.length ? questions.map((q) => `(unsigned long long)(${q.expr})`).join(',\n  ') : '0'}};`,
    `const unsigned cb_nvalues = ${questions.length};`,
  ].join('\n');
  const { tier, headers } = availableTier(options.tier);
  const cxx = generateModule(entries.map((e) => e.stub), tier, true);
  const defines = Object.entries(options.defines ?? {}).map(([k, v]) => (v === false ? `-U${k}` : v === true ? `-D${k}` : `-D${k}=${v}`));
  let file: string;
  try {
    file = compileModule({ c: cSource, cxx }, {
      name: `api-${name}`,
      cflags: ['-O2', '-w', ...(options.includeDirs ?? []).map((d) => `-I${d}`), ...defines, ...(options.extraCompileArgs ?? [])],
      flags: ['-O2', '-std=c++17', `-I${headers}`, `-I${nativeDir()}`, '-fvisibility=hidden', '-w'],
      ldflags: [...(options.libraryDirs ?? []).map((d) => `-L${d}`), ...(options.libraries ?? []).map((l) => `-l${l}`), '-ldl', ...(options.extraLinkArgs ?? [])],
    });
  } catch (e) {
    if (e instanceof CompileError) {
      const checks = [...e.message.matchAll(/static assertion failed: "([^"]*)"/g)].map((m) => m[1]);
      // Errors on a thunk's line are about one cdef declaration: name it and where it was written.
      const thunkLine = cSource.split('\n').indexOf('/* cbridge: thunks */') + 2;
      const culprits = new Set<string>();
      for (const m of e.message.matchAll(/\.c:(\d+):\d+: error:/g)) {
        const entry = entries[Number(m[1]) - thunkLine];
        if (entry) culprits.add(`${entry.kind === 'global' ? 'variable' : 'function'} ${entry.decl.name} (declared at ${entry.decl.loc.file}:${entry.decl.loc.line}:${entry.decl.loc.column + 1})`);
      }
      const about = [
        ...(checks.length ? [`the cdef disagrees with the header:\n  ${checks.join('\n  ')}`] : []),
        ...(culprits.size ? [`the header rejects the cdef's ${[...culprits].join(', ')}`] : []),
      ];
      throw new CompileError(`ffi.compile('${name}'): ${about.length ? about.join('\n') + '\n' : ''}${e.message}`);
    }
    throw e;
  }
  const module = { exports: {} as Record<string, unknown> };
  process.dlopen(module, file, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_DEEPBIND);
  const native = module.exports as Record<string, (...a: unknown[]) => unknown> & { init(): bigint[] };
  const values = native.init();
  questions.forEach((q, i) => q.apply(values[i]!));

  // Layouts may have changed: bind with fresh type metas.
  const t = types();
  const handle = koffi.load(file, { deep: true });
  const lib = newLibraryObject();
  for (const d of decls) {
    if (d.kind === 'constant' && typeof d.value === 'bigint') defineLazy(lib, d.name, { value: jsInteger(d.value) });
  }
  for (const e of entries) installEntry(t, lib, native, e, tierFor(e.stub, tier));
  for (const d of decls) {
    if (d.kind === 'function' && d.type.variadic && !(d.name in lib)) {
      defineLazy(lib, d.name, { get: () => settle(lib, d.name, bindFunction(t, d, handle, name)) });
    }
  }
  return lib;
}

/** Static checks for complete structs; questions for everything left as `...`. */
function planDeclaration(d: Decl, ask: (expr: string, apply: (bits: bigint) => void) => void, asserts: string[], layouts: Layouts, replace: (d: Decl) => void): void {
  switch (d.kind) {
    case 'struct':
    case 'union':
    case 'typedef': {
      const t = underlying(d.type);
      if ((t.kind !== 'struct' && t.kind !== 'union') || t.fields === null) return;
      if (d.kind === 'typedef' && t.name !== null) return; // checked under its tag
      const spelled = d.kind === 'typedef' ? d.name : `${d.kind} ${d.name}`;
      if (t.partial) return askLayout(spelled, t, ask, layouts);
      let layout;
      try {
        layout = layouts.record(t);
      } catch {
        return; // nothing we could check
      }
      asserts.push(`_Static_assert(sizeof(${spelled}) == ${layout.size}, "cdef: ${spelled}: sizeof is ${layout.size} in the cdef, not in the header");`);
      for (const f of layout.fields) {
        if (f.name === null || f.bitWidth !== undefined) continue;
        asserts.push(`_Static_assert(offsetof(${spelled}, ${f.name}) == ${f.offset}, "cdef: ${spelled}, field ${f.name}: offset ${f.offset} in the cdef, not in the header");`);
      }
      return;
    }
    case 'constant':
      if (d.value === '...') {
        ask(`(${d.name})`, (bits) => replace({ ...d, value: BigInt.asIntN(64, bits) } as ConstantDecl));
      }
      return;
    case 'enum':
      if (d.type.partial && d.type.values) {
        // The listed enumerators' real values, and the enum's real base type.
        const e = d.type;
        const values = [...e.values!];
        values.forEach((v, i) => ask(`(long long)(${v.name})`, (bits) => {
          values[i] = { ...v, value: BigInt.asIntN(64, bits) };
          replace({ kind: 'constant', name: v.name, value: values[i]!.value, origin: 'enum', loc: v.loc });
        }));
        const base = { size: 0, signed: false };
        ask(`sizeof(enum ${d.name})`, (bits) => (base.size = Number(bits)));
        ask(`((enum ${d.name})-1 < 0)`, (bits) => {
          base.signed = bits !== 0n;
          e.values = values;
          const name = intOfSize(base.size, base.signed);
          if (name) layouts.provideEnumBase(e, name);
        });
      }
      return;
    case 'variable':
      if (d.type.kind === 'array' && d.type.length === '...') {
        const arrayType = d.type;
        ask(`sizeof(${d.name}) / sizeof((${d.name})[0])`, (bits) => replace({ ...d, type: { ...arrayType, length: Number(bits) } } as VariableDecl));
      }
      return;
    default:
      return;
  }
}

function intOfSize(size: number, signed: boolean): PrimitiveName | null {
  const table: Record<number, [PrimitiveName, PrimitiveName]> = { 1: ['signed char', 'unsigned char'], 2: ['short', 'unsigned short'], 4: ['int', 'unsigned int'], 8: ['long', 'unsigned long'] };
  return table[size]?.[signed ? 0 : 1] ?? null;
}

/** A `...` struct: its size, alignment and the offsets of the fields the cdef lists. */
function askLayout(spelled: string, t: StructType | UnionType, ask: (expr: string, apply: (bits: bigint) => void) => void, layouts: Layouts): void {
  const got = { size: 0, align: 0, offsets: new Map<string, number>() };
  ask(`sizeof(${spelled})`, (b) => (got.size = Number(b)));
  ask(`_Alignof(${spelled})`, (b) => (got.align = Number(b)));
  const fields = t.fields!.filter((f) => f.name !== null && f.bitWidth === null);
  fields.forEach((f, i) => ask(`offsetof(${spelled}, ${f.name})`, (b) => {
    got.offsets.set(f.name!, Number(b));
    if (i === fields.length - 1 || fields.length === 0) provide();
  }));
  if (fields.length === 0) ask('0', () => provide());
  function provide(): void {
    layouts.provide(t, {
      size: got.size,
      align: got.align,
      fields: fields.map((f) => ({ name: f.name, type: f.type, quals: f.quals, offset: got.offsets.get(f.name!)! })),
    });
  }
}

/** Functions and globals that get thunks, with their wire types. */
function planEntries(decls: Declarations, types: CTypes, callbacks: SourceOptions['callbacks']): Entry[] {
  const entries: Entry[] = [];
  const wire = (m: CTypeMeta): Wire | null => (m.kind === 'record' ? 'ptr' : wireOf(m, true));
  for (const d of decls) {
    if (d.kind === 'variable') {
      entries.push({ kind: 'global', decl: d, stub: { index: entries.length, symbol: d.name, params: [], result: 'ptr', callsBack: false }, recordParams: new Set(), recordResult: false });
      continue;
    }
    if (d.kind !== 'function' || d.type.variadic) continue;
    const params = d.type.params.map((p) => types.meta(p.type, p.quals));
    const result = types.meta(d.type.result, d.type.resultQuals);
    const wires = params.map(wire);
    const resultWire = result.kind === 'record' ? 'void' : wireOf(result);
    if (resultWire === null || wires.some((w) => w === null || w === 'void')) continue;
    const recordParams = new Set(params.flatMap((m, i) => (m.kind === 'record' ? [i] : [])));
    const callsBack = mayCallBack(types, d, callbacks);
    entries.push({
      kind: 'function', decl: d, recordParams, recordResult: result.kind === 'record',
      stub: { index: entries.length, symbol: d.name, params: [...(result.kind === 'record' ? ['ptr' as Wire] : []), ...(wires as Wire[])], result: resultWire, callsBack },
    });
  }
  return entries;
}

/** The C thunk of an entry: the cdef's signature calling the real name. */
function thunk(e: Entry): string {
  const n = e.stub.index;
  if (e.kind === 'global') return `void *cb_t_${n}(void) { return (void *)&${e.decl.name}; }`;
  const fn = (e.decl as FunctionDecl).type;
  const params = fn.params.map((p, i) => (e.recordParams.has(i) ? `const void *a${i}` : cDeclaration(p.type, `a${i}`, p.quals)));
  const args = fn.params.map((p, i) => (e.recordParams.has(i) ? `*(const ${spell(p.type)} *)a${i}` : `a${i}`)).join(', ');
  const call = `${e.decl.name}(${args})`;
  if (e.recordResult) {
    return `void cb_t_${n}(void *ret${params.length ? ', ' + params.join(', ') : ''}) { *(${spell(fn.result)} *)ret = ${call}; }`;
  }
  const signature = cDeclaration({ ...fn, params: fn.params.map((p, i) => ({ ...p, name: `a${i}` })) } as FunctionType, `cb_t_${n}`);
  const head = e.recordParams.size ? `${cName(fn.result, '', fn.resultQuals)} cb_t_${n}(${params.join(', ') || 'void'})` : signature;
  return `${head} { ${underlying(fn.result).kind === 'void' ? '' : 'return '}${call}; }`;
}

function installEntry(types: CTypes, lib: Library, native: object, e: Entry, tier: Tier): void {
  const key = `f${e.stub.index}`;
  if (e.kind === 'global') {
    const d = e.decl as VariableDecl;
    defineLazy(lib, d.name, globalAccessor(types.meta(d.type, d.quals), d.name, () => Number((native as Record<string, () => number>)[key]!())));
    return;
  }
  const d = e.decl as FunctionDecl;
  defineLazy(lib, d.name, {
    get() {
      const fn = bindEntry(types, d, e, native, key);
      recordTier(fn, tier);
      return settle(lib, d.name, fn);
    },
  });
}

function bindEntry(types: CTypes, d: FunctionDecl, e: Entry, native: object, key: string): (...args: unknown[]) => unknown {
  const params = d.type.params.map((p) => types.meta(p.type, p.quals));
  const convert: ArgConverter[] = params.map((m, index) => {
    const info = { fn: d.name, index, name: d.type.params[index]!.name };
    if (e.recordParams.has(index)) return recordAddress(m, info);
    return stubConverter(argConverter(m, info), e.stub.params[index + (e.recordResult ? 1 : 0)]);
  });
  const resultMeta = types.meta(d.type.result, d.type.resultQuals);
  if (!e.recordResult) {
    return callWrapper(d.name, native, key, convert, resultConverter(resultMeta), params.some((m) => m.kind !== 'scalar'));
  }
  const inner = callWrapper(d.name, native, key, [(v) => v, ...convert], null, true);
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    if (args.length !== params.length) throw new TypeError(`${d.name}: expected ${params.length} argument${params.length === 1 ? '' : 's'}, got ${args.length}`);
    const block = allocate(resultMeta.size);
    inner(block.address, ...args);
    return makeCData(resultMeta, block, 0, block.address);
  };
  Object.defineProperty(wrapper, 'name', { value: d.name });
  return wrapper;
}

/** A struct passed by value in API mode: the address of its bytes (a temporary for an object). */
function recordAddress(meta: CTypeMeta, p: { fn: string; index: number; name: string | null }): ArgConverter {
  return (v, keep) => {
    if (v instanceof CData) {
      const t = v._t.kind === 'pointer' ? v._t.item! : v._t;
      if (t.kind !== 'record' || t.cname !== meta.cname) throw argumentError(p, meta, v);
      v._mem(0, meta.size);
      return v._a;
    }
    const block = allocate(meta.size);
    writeValue(meta, block, 0, v, () => `${p.fn}: argument ${p.index + 1}`);
    keep.push(block);
    return block.address;
  };
}
