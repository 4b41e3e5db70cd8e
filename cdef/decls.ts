/**
 * Declarations: a closed union on `kind`, kept in one ordered map keyed by
 * `"<kind> <name>"` (`"function add"`, `"struct point"`, `"constant RED"`), like cffi's
 * `_declarations`.
 *
 * Invariants:
 * - Tags (`struct`, `union`, `enum`) and ordinary identifiers (functions, variables,
 *   typedefs, constants) are separate namespaces, as in C. Within the ordinary namespace a
 *   name has one declaration; `Declarations.add` rejects a second one that differs
 *   (same kind and same type is a harmless repeat, as C allows) unless `override` is set.
 * - Every declaration carries the `loc` where it was written.
 */

import type { CType, EnumType, FunctionType, Loc, Quals, StructType, UnionType } from './types.js';
import { sameEnumerators, sameMembers, sameType } from './types.js';
import { cDeclaration } from './c-printer.js';

/** `int add(int a, int b);` or `static inline int twice(int x) { ... }` (`inline: true`). */
export interface FunctionDecl {
  readonly kind: 'function';
  readonly name: string;
  readonly type: FunctionType;
  /** `__asm__("__isoc99_fscanf")`: the symbol to bind instead of `name`. */
  readonly asmName: string | null;
  /** Defined with a body in the declarations (`static inline`): not callable through dlopen. */
  readonly inline: boolean;
  readonly storage: 'extern' | 'static' | null;
  readonly loc: Loc;
}

/** `extern int errno_value;` */
export interface VariableDecl {
  readonly kind: 'variable';
  readonly name: string;
  readonly type: Exclude<CType, { kind: 'void' | 'function' }>;
  readonly quals: Quals;
  readonly asmName: string | null;
  readonly storage: 'extern' | 'static' | null;
  readonly loc: Loc;
}

/** `typedef struct z_stream_s z_stream;` */
export interface TypedefDecl {
  readonly kind: 'typedef';
  readonly name: string;
  readonly type: CType;
  readonly quals: Quals;
  /** `typedef int aligned_int __attribute__((aligned(8)));` */
  readonly aligned: number | null;
  readonly loc: Loc;
}

/** The definition or forward declaration of a struct tag. */
export interface StructDecl {
  readonly kind: 'struct';
  readonly name: string;
  readonly type: StructType;
  readonly loc: Loc;
}

export interface UnionDecl {
  readonly kind: 'union';
  readonly name: string;
  readonly type: UnionType;
  readonly loc: Loc;
}

export interface EnumDecl {
  readonly kind: 'enum';
  readonly name: string;
  readonly type: EnumType;
  readonly loc: Loc;
}

/**
 * An integer constant: an enumerator (`origin: 'enum'`) or an object-like `#define` whose
 * body is an integer constant expression (`origin: 'define'`). `value` is `'...'` for cffi's
 * `#define X ...`, to be resolved by a compiler.
 */
export interface ConstantDecl {
  readonly kind: 'constant';
  readonly name: string;
  readonly value: bigint | '...';
  readonly origin: 'enum' | 'define';
  readonly loc: Loc;
}

/** Any other `#define`, kept for reference (`#define NULL ((void*)0)`, `#define MAX(a,b) ...`). */
export interface MacroDecl {
  readonly kind: 'macro';
  readonly name: string;
  /** Parameter names of a function-like macro, null for an object-like one. */
  readonly params: readonly string[] | null;
  readonly body: string;
  readonly loc: Loc;
}

export type Decl =
  | FunctionDecl
  | VariableDecl
  | TypedefDecl
  | StructDecl
  | UnionDecl
  | EnumDecl
  | ConstantDecl
  | MacroDecl;

export type DeclKind = Decl['kind'];

const ORDINARY: ReadonlySet<DeclKind> = new Set(['function', 'variable', 'typedef', 'constant']);
const TAGS: ReadonlySet<DeclKind> = new Set(['struct', 'union', 'enum']);

/** Why `Declarations.add` refused a declaration; the caller turns it into a CDefError. */
export class RedeclarationError extends Error {
  constructor(
    readonly previous: Decl,
    readonly next: Decl,
  ) {
    const at = `${previous.loc.file}:${previous.loc.line}:${previous.loc.column + 1}`;
    super(`'${next.name}' redeclared differently: '${describe(next)}' here, '${describe(previous)}' at ${at}`);
  }
}

/** One declaration as C would write it, for messages. */
function describe(d: Decl): string {
  switch (d.kind) {
    case 'function':
      return cDeclaration(d.type, d.name);
    case 'variable':
      return cDeclaration(d.type, d.name, d.quals);
    case 'typedef':
      return `typedef ${cDeclaration(d.type, d.name, d.quals)}`;
    case 'constant':
      return `${d.name} = ${d.value}`;
    case 'macro':
      return `#define ${d.name} ${d.body}`;
    default:
      return `${d.kind} ${d.name}`;
  }
}

export class Declarations implements Iterable<Decl> {
  readonly #map = new Map<string, Decl>();
  /** name -> key, for the ordinary identifier namespace and for tags. */
  readonly #ordinary = new Map<string, string>();
  readonly #tags = new Map<string, string>();

  static key(kind: DeclKind, name: string): string {
    return `${kind} ${name}`;
  }

  get size(): number {
    return this.#map.size;
  }

  [Symbol.iterator](): Iterator<Decl> {
    return this.#map.values();
  }

  get<K extends DeclKind>(kind: K, name: string): Extract<Decl, { kind: K }> | undefined {
    return this.#map.get(Declarations.key(kind, name)) as Extract<Decl, { kind: K }> | undefined;
  }

  /** The declaration of an ordinary identifier (function, variable, typedef or constant). */
  ordinary(name: string): FunctionDecl | VariableDecl | TypedefDecl | ConstantDecl | undefined {
    const key = this.#ordinary.get(name);
    return key === undefined ? undefined : (this.#map.get(key) as FunctionDecl | VariableDecl | TypedefDecl | ConstantDecl);
  }

  /** The struct, union or enum declared with this tag, whatever its kind. */
  tag(name: string): StructDecl | UnionDecl | EnumDecl | undefined {
    const key = this.#tags.get(name);
    return key === undefined ? undefined : (this.#map.get(key) as StructDecl | UnionDecl | EnumDecl);
  }

  /**
   * Add or repeat a declaration. A repeat of the same declaration is accepted (and an
   * unprototyped function is upgraded by a later prototype); a different one throws
   * `RedeclarationError` unless `override`, which replaces it.
   * Returns the declaration now in force.
   */
  add<D extends Decl>(decl: D, override = false): D {
    const key = Declarations.key(decl.kind, decl.name);
    const space = ORDINARY.has(decl.kind) ? this.#ordinary : TAGS.has(decl.kind) ? this.#tags : null;
    const clashKey = space?.get(decl.name);
    const previous = clashKey !== undefined ? this.#map.get(clashKey) : this.#map.get(key);
    if (previous && !override) {
      const kept = this.#merge(previous, decl);
      if (!kept) throw new RedeclarationError(previous, decl);
      if (kept !== previous) this.#map.set(key, kept);
      return kept as D;
    }
    if (previous && clashKey !== undefined && clashKey !== key) this.#map.delete(clashKey);
    this.#map.set(key, decl);
    space?.set(decl.name, key);
    return decl;
  }

  /** A copy sharing the declarations (and entities) but not the map: parse into it, then adopt it. */
  clone(): Declarations {
    const copy = new Declarations();
    for (const [k, v] of this.#map) copy.#map.set(k, v);
    for (const [k, v] of this.#ordinary) copy.#ordinary.set(k, v);
    for (const [k, v] of this.#tags) copy.#tags.set(k, v);
    return copy;
  }

  /** Make this map hold exactly what `other` holds (after a successful parse into a clone). */
  adopt(other: Declarations): void {
    this.#map.clear(); this.#ordinary.clear(); this.#tags.clear();
    for (const [k, v] of other.#map) this.#map.set(k, v);
    for (const [k, v] of other.#ordinary) this.#ordinary.set(k, v);
    for (const [k, v] of other.#tags) this.#tags.set(k, v);
  }

  delete(kind: DeclKind, name: string): void {
    const key = Declarations.key(kind, name);
    if (!this.#map.delete(key)) return;
    if (this.#ordinary.get(name) === key) this.#ordinary.delete(name);
    if (this.#tags.get(name) === key) this.#tags.delete(name);
  }

  /** The declaration to keep when `next` repeats `previous`, or null if they conflict. */
  #merge(previous: Decl, next: Decl): Decl | null {
    if (previous.kind !== next.kind) return null;
    switch (next.kind) {
      case 'function': {
        const prev = previous as FunctionDecl;
        if (!sameType(prev.type, next.type)) return null;
        // Keep the most informative of the two: a prototype beats `f()`, a body marks inline.
        const better = !prev.type.prototyped && next.type.prototyped;
        const asmName = prev.asmName ?? next.asmName;
        const base = better ? next : prev;
        if (asmName === base.asmName && !(next.inline && !base.inline)) return base;
        return { ...base, asmName, inline: base.inline || next.inline };
      }
      case 'variable': {
        const prev = previous as VariableDecl;
        if (sameType(prev.type, next.type, prev.quals, next.quals)) return prev;
        // `extern int a[];` completed by `int a[10];`
        if (prev.type.kind === 'array' && next.type.kind === 'array' && prev.type.length === 'unknown' &&
            sameType(prev.type.of, next.type.of, prev.type.ofQuals, next.type.ofQuals)) return next;
        return null;
      }
      case 'typedef': {
        const prev = previous as TypedefDecl;
        return sameType(prev.type, next.type, prev.quals, next.quals) && prev.aligned === next.aligned ? prev : null;
      }
      case 'constant':
        return (previous as ConstantDecl).value === next.value ? previous : null;
      case 'macro':
        return (previous as MacroDecl).body.trim() === next.body.trim() ? previous : null;
      case 'struct':
      case 'union':
      case 'enum': {
        // The parser reuses the entity of a known tag, so a repeat is normally the same object.
        // Another entity with this tag (from a separate parse) is accepted if it is no more
        // complete than ours, or completes ours, or has the same members.
        const prev = (previous as StructDecl | UnionDecl | EnumDecl).type;
        const type = (next as StructDecl | UnionDecl | EnumDecl).type;
        if (prev === type || !isComplete(type)) return previous;
        if (!isComplete(prev)) {
          completeFrom(prev, type);
          return previous;
        }
        return sameType(prev, type) && sameBody(prev, type) ? previous : null;
      }
    }
  }
}

type TagType = StructType | UnionType | EnumType;

function isComplete(t: TagType): boolean {
  return t.kind === 'enum' ? t.values !== null : t.fields !== null;
}

function sameBody(a: TagType, b: TagType): boolean {
  return a.kind === 'enum' ? sameEnumerators(a, b as EnumType) : sameMembers(a, b as StructType);
}

function completeFrom(target: TagType, source: TagType): void {
  if (target.kind === 'enum') {
    const s = source as EnumType;
    Object.assign(target, { values: s.values, partial: s.partial, packed: s.packed, loc: s.loc });
  } else {
    const s = source as StructType;
    Object.assign(target, { fields: s.fields, partial: s.partial, packed: s.packed, pack: s.pack, aligned: s.aligned, loc: s.loc });
  }
}
