/**
 * Runtime type descriptors (`CTypeMeta`): what a CData needs to know about its C type, built
 * once per type and cached.
 *
 * Invariant: a meta is derived from the model type and `Layouts` only, and owns the class
 * whose instances are the CData of that type, so property access on a CData goes straight to
 * accessors generated for its type (see cdata.ts). Pointer metas hang off their target's
 * meta, so `T *` is built once however often pointers to T are made.
 */

import { cName } from '../cdef/c-printer.js';
import type { CType, Quals, RecordType } from '../cdef/types.js';
import { pointerTo, underlying } from '../cdef/types.js';
import type { Layouts } from './layout.js';
import type { Codec } from './scalars.js';
import { codecFor } from './scalars.js';

export type MetaKind = 'scalar' | 'pointer' | 'array' | 'record' | 'function' | 'void' | 'opaque';

export interface CTypeMeta {
  readonly types: CTypes;
  /** The type as declared (typedef names kept, for messages and `ffi.typeof`). */
  readonly type: CType;
  readonly quals: Quals;
  readonly cname: string;
  readonly kind: MetaKind;
  /** sizeof, or -1 when the type has no size (void, functions, incomplete, flexible). */
  readonly size: number;
  /** Scalars: how to read and write one. */
  readonly codec: Codec | null;
  /** Why a scalar type has no codec (`long double`...). */
  readonly unsupported: string | null;
  /** Records: the record type (resolved). */
  readonly record: RecordType | null;
  /** Pointers: the pointee; arrays: the element. */
  readonly item: CTypeMeta | null;
  /** Arrays: the length (null for `[]`, flexible or unknown). */
  readonly length: number | null;
  /** The class of CData of this type (set by cdata.ts on first use). */
  cdataClass: unknown;
  /** `T *` for this T, built on first use. */
  pointer: CTypeMeta | null;
  /** Per-type data other modules attach (koffi types, accessors). */
  readonly extra: Map<string, unknown>;
}

export class CTypes {
  readonly #metas = new WeakMap<CType, Map<Quals, CTypeMeta>>();

  constructor(readonly layouts: Layouts) {}

  meta(type: CType, quals: Quals = 0): CTypeMeta {
    let byQuals = this.#metas.get(type);
    if (!byQuals) this.#metas.set(type, (byQuals = new Map()));
    let m = byQuals.get(quals);
    if (!m) byQuals.set(quals, (m = this.#build(type, quals)));
    return m;
  }

  /** The meta of `T *` for a meta of T. */
  pointerTo(target: CTypeMeta): CTypeMeta {
    return (target.pointer ??= this.meta(pointerTo(target.type, target.quals)));
  }

  #build(type: CType, quals: Quals): CTypeMeta {
    const t = underlying(type);
    const base = {
      types: this, type, quals, cname: cName(type, '', quals), codec: null, unsupported: null, record: null,
      item: null, length: null, cdataClass: null, pointer: null, extra: new Map<string, unknown>(),
    };
    const sized = (): number => {
      try {
        return this.layouts.sizeof(type);
      } catch {
        return -1;
      }
    };
    switch (t.kind) {
      case 'void':
        return { ...base, kind: 'void', size: -1 };
      case 'function':
        return { ...base, kind: 'function', size: -1 };
      case 'opaque':
        return { ...base, kind: 'opaque', size: -1 };
      case 'pointer':
        return { ...base, kind: 'pointer', size: 8, item: this.meta(t.to, t.toQuals) };
      case 'array':
        return {
          ...base, kind: 'array', size: typeof t.length === 'number' ? sized() : -1,
          item: this.meta(t.of, t.ofQuals), length: typeof t.length === 'number' ? t.length : null,
        };
      case 'struct':
      case 'union':
        return { ...base, kind: t.fields === null ? 'opaque' : 'record', size: t.fields === null ? -1 : sized(), record: t };
      default: {
        const codec = codecFor(this.layouts, type);
        return typeof codec === 'string'
          ? { ...base, kind: 'scalar', size: sized(), unsupported: codec }
          : { ...base, kind: 'scalar', size: codec.size, codec };
      }
    }
  }
}
