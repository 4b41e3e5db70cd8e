/**
 * CData: JavaScript objects that designate typed native memory, like cffi's cdata.
 *
 * Every CData holds `_m` (the Block its memory is in, or null until first touched), `_o` (the
 * offset of that memory in the block) and `_a` (its address). For a pointer the memory is the
 * pointee; for an array, struct or union it is the object itself. So struct field accessors
 * work unchanged on `point_t` and on `point_t *`, and are generated once per record type onto
 * the classes of both (see accessors.ts).
 *
 * Invariants:
 * - Every access first checks the memory: NULL, released and out-of-bounds accesses throw
 *   before any byte is touched (owned blocks are also bounds-checked by their DataView).
 * - Blocks are shared, never copied: a field view, an element, `p.add(n)` or a cast keep the
 *   owning block (and so keep an owned allocation alive and see its release).
 * - The numeric index of pointers and arrays (`p[3]`) is served by a Proxy at the bottom of
 *   the prototype chain, so named properties never pay for it.
 */

import type { Block } from './memory.js';
import { borrow } from './memory.js';
import type { CTypeMeta } from './ctypes.js';
import { installAccessors } from './accessors.js';
import { readValue, writeValue } from './values.js';

const indexTrap = new Proxy(Object.prototype, {
  get(target, key, receiver) {
    if (typeof key === 'string' && isIndex(key)) return (receiver as CData)._getIndex(Number(key));
    return Reflect.get(target, key, receiver);
  },
  set(target, key, value, receiver) {
    if (typeof key === 'string' && isIndex(key)) {
      (receiver as CData)._setIndex(Number(key), value);
      return true;
    }
    return Reflect.set(target, key, value, receiver);
  },
});

function isIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  const n = Number(key);
  return Number.isSafeInteger(n) && String(n) === key;
}

function IndexBase(): void {}
IndexBase.prototype = Object.create(indexTrap) as object;

export class CData extends (IndexBase as unknown as new () => object) {
  /** Elements of pointers and arrays (`p[3]`). */
  [index: number]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Members of structs and unions, and of what pointers to them point to (`p.x`). */
  [field: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** @internal */ _m: Block | null;
  /** @internal */ _o: number;
  /** @internal */ _a: number;
  /** @internal */ readonly _t: CTypeMeta;
  /** @internal Views of nested members, made once per CData. */
  _c: (CData | undefined)[] | null = null;
  /** @internal A pointer value beyond 2^53 (a sentinel such as `(void *)-1`), else undefined. */
  _big: bigint | undefined = undefined;

  constructor(meta: CTypeMeta, block: Block | null, offset: number, address: number) {
    super();
    this._t = meta;
    this._m = block;
    this._o = offset;
    this._a = address;
  }

  /** The C type as C spells it. */
  get ctypeName(): string {
    return this._t.cname;
  }

  /** The address this CData designates (for a pointer: its value). */
  get address(): number {
    return this._a;
  }

  get isNull(): boolean {
    return this._a === 0;
  }

  /**
   * @internal The block holding `size` bytes from `_o + extra`, checked: throws for NULL and
   * released memory; maps C memory on first use.
   */
  _mem(extra: number, size: number): Block {
    let m = this._m;
    if (m !== null) {
      if (m.released) throw new TypeError(`'${this._t.cname}' points to memory released by ffi.release()`);
      if (m.covers(this._a + extra, size)) return m;
      if (m.bounded) {
        throw new RangeError(`access to bytes ${extra}..${extra + size} of '${this._t.cname}' is outside its ${m.size}-byte buffer`);
      }
    }
    if (this._a === 0) throw new TypeError(`cannot read or write through a NULL '${this._t.cname}'`);
    // C memory: map what is needed (at least the whole object), growing geometrically.
    const whole = this._t.kind === 'pointer' ? this._t.item!.size : this._t.size;
    const want = Math.max(extra + size, whole, m ? m.size * 2 : 0);
    this._m = m = borrow(this._a, want);
    this._o = 0;
    return m;
  }

  /** @internal Element i (pointers and arrays). */
  _getIndex(i: number): unknown {
    const item = this._itemMeta('read', i);
    const off = i * item.size;
    const m = this._mem(off, item.size);
    return readValue(item, m, this._o + off);
  }

  /** @internal */
  _setIndex(i: number, value: unknown): void {
    const item = this._itemMeta('write', i);
    const off = i * item.size;
    const m = this._mem(off, item.size);
    writeValue(item, m, this._o + off, value, () => `element ${i} of '${this._t.cname}'`);
  }

  _itemMeta(what: string, i: number): CTypeMeta {
    const t = this._t;
    if (t.kind !== 'pointer' && t.kind !== 'array') throw new TypeError(`cannot index '${t.cname}'`);
    const item = t.item!;
    if (item.size < 0) throw new TypeError(`cannot ${what} elements of '${t.cname}': '${item.cname}' has no size`);
    if (t.kind === 'array' && t.length !== null && (i < 0 || i >= t.length)) {
      throw new RangeError(`index ${i} is out of bounds of '${t.cname}' (length ${t.length})`);
    }
    return item;
  }

  /** Number of elements of an array (null when unknown). */
  get length(): number | null {
    return this._t.kind === 'array' ? this._t.length : null;
  }

  /** Pointer arithmetic: a pointer `n` elements further (arrays decay to pointers). */
  add(n: number): CData {
    const t = this._t;
    if (t.kind !== 'pointer' && t.kind !== 'array') throw new TypeError(`cannot do pointer arithmetic on '${t.cname}'`);
    if (!Number.isInteger(n)) throw new TypeError(`add: expected an integer, got ${String(n)}`);
    const item = t.item!;
    if (item.size < 0) throw new TypeError(`cannot do pointer arithmetic on '${t.cname}': '${item.cname}' has no size`);
    const pointer = t.kind === 'pointer' ? t : t.types.pointerTo(item);
    return makeCData(pointer, this._m, this._o + n * item.size, this._a + n * item.size);
  }

  /** Pointer difference in elements: `p.add(3).diff(p) === 3`. */
  diff(other: CData): number {
    const t = this._t;
    if ((t.kind !== 'pointer' && t.kind !== 'array') || !(other instanceof CData)) throw new TypeError(`cannot subtract pointers of '${t.cname}'`);
    const size = Math.max(t.item!.size, 1);
    return (this._a - other._a) / size;
  }

  /** The value of a scalar view (`ffi.cast('int', x).value`). */
  get value(): unknown {
    return this._t.kind === 'scalar' ? readValue(this._t, this._mem(0, this._t.size), this._o) : this;
  }

  override valueOf(): unknown {
    return this._t.kind === 'scalar' ? this.value : this;
  }

  override toString(): string {
    return `<cdata '${this._t.cname}' 0x${this._a.toString(16)}>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** The CData of `meta` designating memory at (block, offset) = address. */
export function makeCData(meta: CTypeMeta, block: Block | null, offset: number, address: number): CData {
  const Class = (meta.cdataClass ??= cdataClass(meta)) as new (m: CTypeMeta, b: Block | null, o: number, a: number) => CData;
  return new Class(meta, block, offset, address);
}

/** One class per C type, with that type's member accessors on its prototype. */
function cdataClass(meta: CTypeMeta): unknown {
  const Class = class extends CData {};
  Object.defineProperty(Class, 'name', { value: `CData<${meta.cname}>` });
  const record = meta.kind === 'record' ? meta : meta.kind === 'pointer' && meta.item!.kind === 'record' ? meta.item! : null;
  if (record) installAccessors(Class.prototype, record);
  return Class;
}

export function isCData(value: unknown): value is CData {
  return value instanceof CData;
}
