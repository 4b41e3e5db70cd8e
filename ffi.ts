/**
 * The FFI facade users see: declarations in (`cdef`, `cdefHeader`), facts out (`sizeof`,
 * `offsetof`, `typeof`, `integerConst`), and calls and native memory (`dlopen`, `new`, `cast`,
 * `string`, `callback`...; docs/abi-mode.md), all on the same declarations.
 *
 * Invariants:
 * - One FFI, one target ABI (`x86_64` by default, the machine; `aarch64` for tests); every
 *   size the parser or a user asks for comes from that target's `Layouts`.
 * - Declarations only grow by whole, successful parses: a failed `cdef` changes nothing.
 * - Type names given as strings are parsed by the same C parser and cached until the next
 *   `cdef`.
 */

import { CTypeInfo, jsInteger } from './abi/ctype-info.js';
import { Layouts } from './abi/layout.js';
import { getTarget, hostTarget } from './abi/target.js';
import type { Target, TargetName } from './abi/target.js';
import type { TypeMetrics } from './cdef/converter.js';
import type { Decl } from './cdef/decls.js';
import { Declarations } from './cdef/decls.js';
import { CDefError } from './cdef/errors.js';
import type { HeaderOptions } from './cdef/header.js';
import { parseHeader } from './cdef/header.js';
import type { CdefOptions } from './cdef/parse.js';
import { parseDeclarations, parseTypeName } from './cdef/parse.js';
import type { CType, Quals } from './cdef/types.js';
import { cName } from './cdef/c-printer.js';
import { CData, isCData } from './abi/cdata.js';
import { CTypes } from './abi/ctypes.js';
import type { CTypeMeta } from './abi/ctypes.js';
import { installDeclarations, openLibrary } from './abi/library.js';
import type { Library } from './abi/library.js';
import { Runtime } from './abi/runtime.js';
import { openFast } from './abi/fast.js';
import { compileApiModule } from './abi/api-mode.js';
import type { SourceOptions } from './abi/api-mode.js';
import type { FastOptions } from './abi/fast.js';
import { tierOf } from './abi/calls.js';
import type { CallTier } from './abi/calls.js';

export interface DlopenOptions extends FastOptions {
  /** `'abi'` (default): calls through koffi, nothing compiled. `'fast'`: compiled stubs. */
  readonly mode?: 'abi' | 'fast';
}

export interface FFIOptions {
  /** ABI to lay types out for; default the machine's (`x86_64`). */
  readonly target?: TargetName;
}

export class FFI {
  readonly target: Target;
  readonly #decls = new Declarations();
  readonly #layouts: Layouts;
  readonly #metrics: TypeMetrics;
  readonly #typeNames = new Map<string, { type: CType; quals: Quals }>();
  readonly #libraries = new Set<WeakRef<Library>>();
  #runtime: Runtime | null = null;
  #source: { name: string; source: string; options: SourceOptions } | null = null;

  constructor(options: FFIOptions = {}) {
    this.target = options.target ? getTarget(options.target) : (hostTarget() ?? getTarget('x86_64'));
    const layouts = (this.#layouts = new Layouts(this.target));
    this.#metrics = {
      charSigned: this.target.charSigned,
      biggestAlignment: this.target.biggestAlignment,
      sizeof: (t) => layouts.sizeof(t),
      alignof: (t) => layouts.alignof(t),
      intInfo: (t) => layouts.intInfo(t),
      offsetof: (t, path) => this.#byteOffset(t, path),
    };
  }

  /** Declare C types, functions, variables, enums and integer `#define`s from C text. */
  cdef(source: string, options: CdefOptions = {}): void {
    const { decls } = parseDeclarations(source, this.#decls, this.#metrics, options);
    this.#adopt(decls);
  }

  /**
   * Declare what a real header declares: runs the system preprocessor (`cc -E -dD`) on
   * `#include <header>` (or a path), parses the result, and exposes the header's own
   * declarations plus the types they use (`scope: 'all'` exposes everything).
   */
  cdefHeader(header: string, options: HeaderOptions = {}): void {
    const { decls } = parseHeader(header, this.#decls, this.#metrics, options);
    this.#adopt(decls);
  }

  /** Every declaration, in the order it was declared. */
  get declarations(): readonly Decl[] {
    return [...this.#decls];
  }

  /** Look up one declaration: `ffi.declaration('struct', 'point')`. */
  declaration<K extends Decl['kind']>(kind: K, name: string): Extract<Decl, { kind: K }> | undefined {
    return this.#decls.get(kind, name);
  }

  sizeof(type: string | CData): number {
    if (isCData(type)) return this.#rt.sizeof(type);
    return this.#layouts.sizeof(this.#typeName(type).type);
  }

  alignof(type: string): number {
    return this.#layouts.alignof(this.#typeName(type).type);
  }

  /** Byte offset of a member, by dotted path through nested and anonymous members: `'a.b.c'`. */
  offsetof(type: string, path: string): number {
    return this.#byteOffset(this.#typeName(type).type, path);
  }

  /** C's offsetof: bitfields have no byte offset of their own. */
  #byteOffset(type: CType, path: string): number {
    const field = this.#layouts.fieldPath(type, path);
    if (field.bitWidth !== undefined) {
      throw new Error(`offsetof(${cName(type)}, ${path}): '${path}' is a bitfield, which has no byte offset (its bitOffset is in typeof(...).fields)`);
    }
    return field.offset;
  }

  /**
   * A type by its C spelling (`'struct point'`, `'int[4]'`, `'z_stream'`), or the type of a
   * declared function or variable by its name (`ffi.typeof('add').cname` -> `'int(int, int)'`).
   */
  typeof(x: string | CData): CTypeInfo {
    if (isCData(x)) return new CTypeInfo(x._t.type, x._t.quals, this.#layouts);
    const decl = /^\s*[A-Za-z_$][\w$]*\s*$/.test(x) ? this.#decls.ordinary(x.trim()) : undefined;
    if (decl?.kind === 'function') return new CTypeInfo(decl.type, 0, this.#layouts);
    if (decl?.kind === 'variable') return new CTypeInfo(decl.type, decl.quals, this.#layouts);
    const { type, quals } = this.#typeName(x);
    return new CTypeInfo(type, quals, this.#layouts);
  }

  /** The value of an enumerator or integer `#define` (a BigInt when beyond 2^53), like cffi's `integer_const`. */
  integerConst(name: string): number | bigint {
    const decl = this.#decls.ordinary(name);
    if (decl?.kind === 'constant') {
      if (decl.value === '...') throw new Error(`integerConst('${name}'): '#define ${name} ...' gets its value from a compiler (API mode)`);
      return jsInteger(decl.value);
    }
    const macro = this.#decls.get('macro', name);
    if (macro) throw new Error(`integerConst('${name}'): the macro '${name}' is not an integer constant (#define ${name}${macro.params ? `(${macro.params.join(', ')})` : ''} ${macro.body})`);
    throw new Error(`integerConst('${name}'): no enum constant or integer #define named '${name}'${decl ? ` ('${name}' is a ${decl.kind})` : ''}`);
  }

  // ---- calling C and its memory (ABI mode, docs/abi-mode.md) ----

  /** Open a shared library (deep binding), or the process itself with `null`. */
  dlopen(path: string | null, options: DlopenOptions = {}): Library {
    const mode = options.mode ?? 'abi';
    if (mode !== 'abi' && mode !== 'fast') throw new Error(`ffi.dlopen: unknown mode '${String(mode)}' (use 'abi' or 'fast')`);
    const lib = mode === 'fast' ? openFast(this.#rt.types, path, this.#decls, options) : openLibrary(this.#rt.types, path, this.#decls);
    this.#libraries.add(new WeakRef(lib));
    return lib;
  }

  /**
   * API mode, like cffi's `set_source`: C source (usually `#include`s of the real headers) that
   * `compile()` builds together with call stubs for every declaration.
   */
  setSource(name: string, source: string, options: SourceOptions = {}): void {
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new TypeError(`ffi.setSource: '${name}' is not a usable module name`);
    this.#source = { name, source, options };
  }

  /**
   * Compile the `setSource` module (cached by content) and return its library: functions (macros
   * and inline functions included), globals and constants, with every `...` filled in from
   * the real headers. A cdef that disagrees with the header is a compile error naming the field.
   */
  compile(): Library {
    const s = this.#source;
    if (!s) throw new Error('ffi.compile: call ffi.setSource(name, source, options) first');
    const types = () => {
      this.#runtime = null; // layouts may have been completed by the compiler: fresh type metas
      return this.#rt.types;
    };
    const lib = compileApiModule(s.name, s.source, s.options, this.#decls, types, this.#layouts, (d) => this.#decls.add(d, true));
    this.#typeNames.clear();
    this.#runtime = null;
    return lib;
  }

  /** How a library function calls C: `'fastapi'`, `'v8'`, `'napi'` (compiled stubs) or `'abi'` (koffi). */
  tierOf(fn: unknown): CallTier | undefined {
    return tierOf(fn);
  }

  /** Zeroed memory for `type`'s target (`'point_t *'`), an array (`'int[]'`, 10) or a struct. */
  new(type: string, init?: unknown): CData {
    return this.#rt.new(this.#meta(type), init);
  }

  cast(type: string, value: unknown): CData {
    return this.#rt.cast(this.#meta(type), value);
  }

  string(p: CData, maxlen?: number): string {
    return this.#rt.string(p, maxlen);
  }

  unpack(p: CData, n: number): Buffer | unknown[] {
    return this.#rt.unpack(p, n);
  }

  buffer(p: CData, size?: number): Buffer {
    return this.#rt.buffer(p, size);
  }

  fromBuffer(type: string, buffer: ArrayBuffer | ArrayBufferView): CData {
    return this.#rt.fromBuffer(this.#meta(type), buffer);
  }

  memmove(dest: CData | ArrayBuffer | ArrayBufferView, src: CData | ArrayBuffer | ArrayBufferView, n: number): void {
    this.#rt.memmove(dest, src, n);
  }

  addressof(p: CData, field?: string): CData {
    return this.#rt.addressof(p, field);
  }

  gc(p: CData, destructor: ((p: CData) => void) | null): CData {
    return this.#rt.gc(p, destructor);
  }

  callback(type: string, fn: (...args: never[]) => unknown): CData {
    return this.#rt.callback(this.#meta(type), fn);
  }

  release(p: CData): void {
    this.#rt.release(p);
  }

  /** errno as the last C call through cbridge left it; assignable. */
  get errno(): number {
    return this.#rt.errno;
  }

  set errno(value: number) {
    this.#rt.errno = value;
  }

  get #rt(): Runtime {
    if (!this.#runtime) {
      const host = hostTarget();
      if (this.target !== host) {
        throw new Error(`this FFI lays out types for ${this.target.name}; calling C and native memory need the machine's own target (${host?.name ?? 'unsupported machine'})`);
      }
      this.#runtime = new Runtime(new CTypes(this.#layouts));
    }
    return this.#runtime;
  }

  #meta(type: string): CTypeMeta {
    const { type: t, quals } = this.#typeName(type);
    return this.#rt.types.meta(t, quals);
  }

  #typeName(text: string): { type: CType; quals: Quals } {
    let t = this.#typeNames.get(text);
    if (!t) this.#typeNames.set(text, (t = parseTypeName(text, this.#decls, this.#metrics)));
    return t;
  }

  #adopt(decls: Declarations): void {
    this.#decls.adopt(decls);
    this.#typeNames.clear();
    for (const ref of this.#libraries) {
      const lib = ref.deref();
      if (lib) installDeclarations(this.#rt.types, lib, this.#decls);
      else this.#libraries.delete(ref);
    }
  }
}

export { CDefError, CData };
export type { Library };
