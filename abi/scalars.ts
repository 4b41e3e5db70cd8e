/**
 * Scalar codecs: how each C arithmetic type is read from and written to memory, and which JS
 * values stand for it. The one place that states the value rules of docs/abi-mode.md:
 *
 * - integers come out as numbers, except 64-bit (and wider) values beyond 2^53 - 1 in
 *   magnitude, which come out as BigInt; they go in as integer numbers or BigInts in range;
 * - `_Bool` comes out as a boolean and goes in as a boolean or 0/1;
 * - `float`/`double` are numbers (`float` rounds as C does);
 * - plain `char` also accepts a one-character string going in (`signed char`, `int8_t`... do not).
 *
 * Invariant: `write` never writes a value it did not fully check; it returns false instead and
 * the caller, which knows the context (argument, field, element), builds the error message.
 */

import type { CType } from '../cdef/types.js';
import { cName } from '../cdef/c-printer.js';
import { underlying } from '../cdef/types.js';
import type { PrimitiveName } from '../cdef/primitives.js';
import { primitiveBase, primitiveClass } from '../cdef/primitives.js';
import type { Layouts } from './layout.js';

export interface Codec {
  /** What the C type is called in messages (`int`, `unsigned long`). */
  readonly name: string;
  readonly size: number;
  /** koffi's name for the type in signatures. */
  readonly koffi: string;
  /** Integer, floating or boolean: what JS values mean. */
  readonly kind: 'int' | 'float' | 'bool';
  /**
   * The numbers taken as they are (inclusive; for integers, integral ones only): the fast path
   * of argument conversion. Anything else goes through `accept`.
   */
  readonly min: number;
  readonly max: number;
  read(view: DataView, offset: number): number | bigint | boolean;
  write(view: DataView, offset: number, value: unknown): boolean;
  /** The JS value in the form koffi takes for this type, or undefined if `value` is not acceptable. */
  accept(value: unknown): number | bigint | boolean | undefined;
}

const TWO32 = 4294967296;

/** An integer value as C sees it: a number or BigInt in [min, max], or a one-char string for chars. */
function integerIn(value: unknown, min: number, max: number, bigMin: bigint, bigMax: bigint, charLike: boolean): number | bigint | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
  if (typeof value === 'bigint') return value >= bigMin && value <= bigMax ? (max <= 2 ** 53 ? Number(value) : value) : undefined;
  if (charLike && typeof value === 'string' && value.length === 1) {
    const code = value.charCodeAt(0);
    return code <= 0xff && code >= min && code <= max ? code : undefined;
  }
  return undefined;
}

function smallInt(name: string, bits: 8 | 16 | 32, signed: boolean, charLike: boolean): Codec {
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const bigMin = BigInt(min), bigMax = BigInt(max);
  const size = bits / 8;
  type Read = (view: DataView, offset: number) => number;
  type Write = (view: DataView, offset: number, value: number) => void;
  const [read, write]: [Read, Write] =
    bits === 8
      ? signed ? [(v, o) => v.getInt8(o), (v, o, x) => v.setInt8(o, x)] : [(v, o) => v.getUint8(o), (v, o, x) => v.setUint8(o, x)]
      : bits === 16
        ? signed ? [(v, o) => v.getInt16(o, true), (v, o, x) => v.setInt16(o, x, true)] : [(v, o) => v.getUint16(o, true), (v, o, x) => v.setUint16(o, x, true)]
        : signed ? [(v, o) => v.getInt32(o, true), (v, o, x) => v.setInt32(o, x, true)] : [(v, o) => v.getUint32(o, true), (v, o, x) => v.setUint32(o, x, true)];
  const accept = (v: unknown) => integerIn(v, min, max, bigMin, bigMax, charLike);
  return {
    name, size, kind: 'int', koffi: `${signed ? 'int' : 'uint'}${bits}`, min, max,
    read,
    write(view, offset, value) {
      const v = accept(value);
      if (v === undefined) return false;
      write(view, offset, Number(v));
      return true;
    },
    accept,
  };
}

/** A 64-bit integer: a number while exact, a BigInt beyond. */
function int64(name: string, signed: boolean): Codec {
  const min = signed ? -(2 ** 63) : 0;
  const max = signed ? 2 ** 63 : 2 ** 64; // exclusive: 2^63 - 1 rounds up to 2^63 as a double
  const bigMin = signed ? -(1n << 63n) : 0n;
  const bigMax = signed ? (1n << 63n) - 1n : (1n << 64n) - 1n;
  const accept = (v: unknown): number | bigint | undefined => {
    // koffi clamps unsigned numbers from 2^63 up: those travel as BigInt.
    if (typeof v === 'number') return Number.isInteger(v) && v >= min && v < max ? (v >= 2 ** 63 ? BigInt(v) : v) : undefined;
    if (typeof v === 'bigint') return v >= bigMin && v <= bigMax ? v : undefined;
    return undefined;
  };
  return {
    // Inclusive bounds of the argument fast path: the largest double below 2^63 (unsigned
    // numbers from 2^63 up take `accept`, which makes them BigInts for koffi).
    name, size: 8, kind: 'int', koffi: signed ? 'int64' : 'uint64', min, max: 9223372036854774784,
    read(view, offset) {
      const lo = view.getUint32(offset, true);
      const hi = signed ? view.getInt32(offset + 4, true) : view.getUint32(offset + 4, true);
      if (hi > -0x200000 && hi < 0x200000) return hi * TWO32 + lo;
      return exactOrBig(signed ? view.getBigInt64(offset, true) : view.getBigUint64(offset, true));
    },
    write(view, offset, value) {
      const v = accept(value);
      if (v === undefined) return false;
      if (typeof v === 'bigint') {
        if (signed) view.setBigInt64(offset, v, true);
        else view.setBigUint64(offset, v, true);
      } else {
        view.setUint32(offset, v >>> 0, true);
        view.setUint32(offset + 4, Math.floor(v / TWO32) >>> 0, true);
      }
      return true;
    },
    accept,
  };
}

/** A 64-bit value as JS sees it: a number when it is a safe integer, else the BigInt. */
export function exactOrBig(v: bigint): number | bigint {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

function int128(name: string, signed: boolean): Codec {
  const bigMin = signed ? -(1n << 127n) : 0n;
  const bigMax = signed ? (1n << 127n) - 1n : (1n << 128n) - 1n;
  const accept = (v: unknown): bigint | undefined => {
    const b = typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : typeof v === 'bigint' ? v : undefined;
    return b !== undefined && b >= bigMin && b <= bigMax ? b : undefined;
  };
  return {
    name, size: 16, kind: 'int', koffi: '', min: 0, max: -1, // no fast path
    read(view, offset) {
      const lo = view.getBigUint64(offset, true);
      const hi = signed ? view.getBigInt64(offset + 8, true) : view.getBigUint64(offset + 8, true);
      return exactOrBig((hi << 64n) | lo);
    },
    write(view, offset, value) {
      const v = accept(value);
      if (v === undefined) return false;
      view.setBigUint64(offset, BigInt.asUintN(64, v), true);
      view.setBigUint64(offset + 8, BigInt.asUintN(64, v >> 64n), true);
      return true;
    },
    accept,
  };
}

function float(name: string, size: 4 | 8): Codec {
  const accept = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    name, size, kind: 'float', koffi: size === 4 ? 'float' : 'double', min: -Infinity, max: Infinity,
    read: (view, offset) => (size === 4 ? view.getFloat32(offset, true) : view.getFloat64(offset, true)),
    write(view, offset, value) {
      if (typeof value !== 'number') return false;
      if (size === 4) view.setFloat32(offset, value, true);
      else view.setFloat64(offset, value, true);
      return true;
    },
    accept,
  };
}

const bool: Codec = {
  name: '_Bool', size: 1, kind: 'bool', koffi: 'bool', min: 0, max: -1, // booleans, not numbers
  read: (view, offset) => view.getUint8(offset) !== 0,
  write(view, offset, value) {
    const v = bool.accept(value);
    if (v === undefined) return false;
    view.setUint8(offset, v ? 1 : 0);
    return true;
  },
  accept: (v) => (typeof v === 'boolean' ? v : v === 0 || v === 1 ? v === 1 : undefined),
};

const codecs = new WeakMap<Layouts, Map<PrimitiveName, Codec | string>>();

/**
 * The codec of an arithmetic type (typedefs and enums resolved), or a string saying why there
 * is none (`long double`, `_Complex`, vectors...).
 */
export function codecFor(layouts: Layouts, type: CType): Codec | string {
  const t = underlying(type);
  if (t.kind === 'enum') {
    const base = layouts.enumBase(t);
    const c = primitiveCodec(layouts, base);
    return typeof c === 'string' ? c : { ...c, name: cName(type) };
  }
  if (t.kind !== 'primitive') return `'${cName(type)}' is not an arithmetic type`;
  return primitiveCodec(layouts, t.name);
}

function primitiveCodec(layouts: Layouts, name: PrimitiveName): Codec | string {
  let table = codecs.get(layouts);
  if (!table) codecs.set(layouts, (table = new Map()));
  let c = table.get(name);
  if (c === undefined) table.set(name, (c = makeCodec(layouts, name)));
  return c;
}

function makeCodec(layouts: Layouts, name: PrimitiveName): Codec | string {
  const base = primitiveBase(name);
  const cls = primitiveClass(base);
  const size = layouts.sizeof({ kind: 'primitive', name: base });
  switch (cls) {
    case 'bool':
      return { ...bool, name };
    case 'float':
      return size === 4 || (size === 8 && base === 'double') ? float(name, size as 4 | 8) : `'${name}' values are not supported by cbridge's ABI mode`;
    case 'complex':
    case 'va_list':
      return `'${name}' values are not supported by cbridge's ABI mode`;
    case 'char':
    case 'integer': {
      const info = layouts.intInfo({ kind: 'primitive', name })!;
      if (info.bits === 64) return int64(name, info.signed);
      if (info.bits === 128) return int128(name, info.signed);
      return smallInt(name, info.bits as 8 | 16 | 32, info.signed, cls === 'char');
    }
  }
}

/** A JS value described for error messages: `string "x"`, `number 1.5`, `cdata 'int *'`. */
export function describeJs(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${value}`;
    case 'bigint':
      return `bigint ${value}n`;
    case 'undefined':
      return 'undefined';
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    case 'symbol':
      return `symbol ${String((value as symbol).description)}`;
    default:
      if (value === null) return 'null';
      if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.byteLength} bytes)`;
      if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength} bytes)`;
      if (Array.isArray(value)) return `array of ${value.length}`;
      if (typeof (value as { ctypeName?: unknown }).ctypeName === 'string') return `cdata '${(value as { ctypeName: string }).ctypeName}'`;
      return `object ${(value as object).constructor?.name ?? 'Object'}`;
  }
}

/** Whether a type is one of C's character types (`char`, `signed char`, `unsigned char`, or a typedef of one), not `int8_t`/`uint8_t`. */
export function isCharacterType(type: CType): boolean {
  let t = type;
  while (t.kind === 'typedef-ref') t = t.target;
  return t.kind === 'primitive' && (t.name === 'char' || t.name === 'signed char' || t.name === 'unsigned char');
}

/**
 * Normalise a 64-bit (or wider) integer koffi hands back to the value rule: koffi returns
 * numbers up to 2^53 inclusive and may report unsigned values as negative.
 */
export function int64Result(signed: boolean): (v: unknown) => unknown {
  return (v) => {
    if (typeof v === 'number') {
      if (!signed && v < 0) return exactOrBig(BigInt.asUintN(64, BigInt(v)));
      return Number.isSafeInteger(v) ? v : BigInt(v);
    }
    if (typeof v === 'bigint') return exactOrBig(signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v));
    return v;
  };
}
