/**
 * Integer constant expressions, evaluated the way a C compiler does on LP64 targets:
 * every value carries its C type (bit width and signedness), literals get the type C gives
 * them (`0xFFFFFFFF` is `unsigned int`, `4294967296` is `long`), operands go through the
 * integer promotions and usual arithmetic conversions, and results wrap to their type
 * (`-1U` is 4294967295, `1 << 31` is INT_MIN as GCC computes it).
 *
 * The evaluator knows no sizes and no names itself: `sizeof`, casts and identifiers are
 * answered by the `ConstEnv` the caller supplies (the parser, with the target's layout).
 */

import type { CType } from './types.js';
import { underlying } from './types.js';
import { primitiveClass } from './primitives.js';
import type { SyntaxNode } from './syntax.js';
import { child } from './syntax.js';

/** A typed integer: `value` is already wrapped to `bits`/`signed`. */
export interface IntValue {
  readonly value: bigint;
  readonly bits: number;
  readonly signed: boolean;
}

export interface ConstEnv {
  /** The text the syntax nodes point into. */
  readonly text: string;
  /** Whether plain `char` is signed on the target (for `'\xff'`). */
  readonly charSigned: boolean;
  /** Value of an enumerator or integer `#define`, or null if the name is not a constant. */
  identifier(name: string, node: SyntaxNode): IntValue | null;
  /** Whether `name` is a typedef name (so `sizeof(name)` means a type). */
  isTypeName(name: string): boolean;
  /** Convert a `type_descriptor` node (or a bare type name) to a type. */
  typeOf(node: SyntaxNode): CType;
  sizeof(type: CType, node: SyntaxNode): number;
  alignof(type: CType, node: SyntaxNode): number;
  /** Integer width and signedness of `type`, or null if it is not an integer type. */
  intInfo(type: CType): { bits: number; signed: boolean } | null;
  /** `offsetof(type, member)`; `member` is the member node (its text may be masked, see scan.ts). */
  offsetof(type: CType, member: SyntaxNode, node: SyntaxNode): number;
  /** A call in a constant expression: a function-like macro the caller may expand. */
  call?(node: SyntaxNode): IntValue;
}

/** Not an integer constant expression; `node` is where evaluation stopped. */
export class ConstExprError extends Error {
  constructor(
    readonly node: SyntaxNode,
    message: string,
  ) {
    super(message);
  }
}

export const INT: Pick<IntValue, 'bits' | 'signed'> = { bits: 32, signed: true };
const SIZE_T = { bits: 64, signed: false };

export function intValue(value: bigint, bits: number, signed: boolean): IntValue {
  return { value: signed ? BigInt.asIntN(bits, value) : BigInt.asUintN(bits, value), bits, signed };
}

export function evaluate(node: SyntaxNode, env: ConstEnv): IntValue {
  return new Evaluator(env).eval(node);
}

class Evaluator {
  /** Values already computed for nodes tree-sitter grouped differently from C (see `binary`). */
  private readonly given = new Map<SyntaxNode, IntValue>();

  constructor(private readonly env: ConstEnv) {}

  private text(node: SyntaxNode): string {
    return this.env.text.slice(node.start, node.end);
  }

  private fail(node: SyntaxNode, message: string): never {
    throw new ConstExprError(node, message);
  }

  eval(node: SyntaxNode): IntValue {
    const given = this.given.get(node);
    if (given) return given;
    switch (node.type) {
      case 'number_literal':
        return this.number(node);
      case 'char_literal':
        return this.char(node);
      case 'true':
        return intValue(1n, 32, true);
      case 'false':
        return intValue(0n, 32, true);
      case 'identifier': {
        const name = this.text(node);
        const v = this.env.identifier(name, node);
        if (!v) this.fail(node, `'${name}' is not an integer constant`);
        return v;
      }
      case 'parenthesized_expression':
        return this.eval(this.only(node));
      case 'unary_expression':
        return this.unary(node);
      case 'binary_expression':
        return this.binary(node);
      case 'conditional_expression':
        return this.conditional(node);
      case 'cast_expression':
        return this.cast(node);
      case 'sizeof_expression':
        return this.sizeof(node);
      case 'alignof_expression': {
        const t = this.typeOperand(node);
        return intValue(BigInt(this.env.alignof(t, node)), SIZE_T.bits, SIZE_T.signed);
      }
      case 'offsetof_expression': {
        const t = this.env.typeOf(child(node, 'type')!);
        const member = child(node, 'member');
        if (!member) this.fail(node, 'offsetof needs a member');
        return intValue(BigInt(this.env.offsetof(t, member, node)), SIZE_T.bits, SIZE_T.signed);
      }
      case 'comma_expression':
        // C11 6.6p3; gcc rejects `enum { x = (1, 2) }` too.
        return this.fail(node, 'a comma operator is not allowed in an integer constant expression');
      case 'call_expression': {
        // tree-sitter cannot know typedef names: `(T)(x)` comes out as a call of `(T)`.
        const castType = this.castType(child(node, 'function')!);
        const args = child(node, 'arguments')!.children.filter((c) => c.named && c.type !== 'comment');
        if (castType && args.length === 1) return this.castTo(node, castType, args[0]!);
        if (this.env.call) return this.env.call(node);
        return this.fail(node, 'a function call is not an integer constant expression');
      }
      default:
        return this.fail(node, `${describe(node.type)} is not an integer constant expression`);
    }
  }

  private only(node: SyntaxNode): SyntaxNode {
    const inner = node.children.filter((c) => c.named);
    if (inner.length !== 1) this.fail(node, 'expected one expression in parentheses');
    return inner[0]!;
  }

  private number(node: SyntaxNode): IntValue {
    const text = this.text(node).replace(/'/g, '');
    // tree-sitter-c folds a leading minus into the literal (`-1`): apply it as C's unary minus.
    if (text.startsWith('-') || text.startsWith('+')) {
      const v = promote(this.literal(node, text.slice(1).trim()));
      return text[0] === '-' ? intValue(-v.value, v.bits, v.signed) : v;
    }
    return this.literal(node, text);
  }

  private literal(node: SyntaxNode, raw: string): IntValue {
    const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(raw);
    if (!m) this.fail(node, `'${raw}' is not an integer literal`);
    const digits = m[1]!;
    const suffix = m[2]!.toLowerCase();
    const value = digits.length > 1 && digits[0] === '0' && /[0-7]/.test(digits[1]!) ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
    const unsignedSuffix = suffix.includes('u');
    const longs = (suffix.match(/l/g) ?? []).length;
    if (suffix.replace('u', '').replace(/^(l|ll)$/, '') !== '' || (suffix.match(/u/g) ?? []).length > 1) {
      this.fail(node, `invalid suffix on integer literal '${raw}'`);
    }
    const decimal = !/^0/.test(digits) || digits === '0';
    // C's candidate types, in order; long and long long are both 64 bits on LP64.
    const candidates: [number, boolean][] = [];
    if (longs === 0) candidates.push([32, true], [32, false]);
    candidates.push([64, true], [64, false]);
    for (const [bits, signed] of candidates) {
      if (signed && unsignedSuffix) continue;
      if (!signed && decimal && !unsignedSuffix && bits === 32) continue;
      const max = (1n << BigInt(signed ? bits - 1 : bits)) - 1n;
      if (value <= max) return intValue(value, bits, signed);
    }
    // GCC: "integer constant is so large that it is unsigned".
    if (value < 1n << 64n) return intValue(value, 64, false);
    return this.fail(node, `integer literal '${raw}' is too large`);
  }

  private char(node: SyntaxNode): IntValue {
    const raw = this.text(node);
    const m = /^(L|u|U|u8)?'(.*)'$/s.exec(raw);
    if (!m) this.fail(node, `malformed character literal ${raw}`);
    const units = decodeEscapes(m[2]!, node);
    if (units.length === 0) this.fail(node, 'empty character literal');
    if (m[1]) {
      // Wide literals: the value of the (last) unit, in the literal's type
      // (wchar_t is taken as int; char16_t, char32_t and u8 chars are unsigned).
      const bits = m[1] === 'u' ? 16 : m[1] === 'u8' ? 8 : 32;
      return intValue(BigInt(units[units.length - 1]!), bits, m[1] === 'L');
    }
    if (units.length === 1) {
      // A plain char's value is that of a `char` converted to int.
      const c = BigInt(units[0]! & 0xff);
      return intValue(this.env.charSigned ? BigInt.asIntN(8, c) : c, 32, true);
    }
    // Multi-character constant: GCC packs the chars big-endian into an int.
    let v = 0n;
    for (const u of units) v = (v << 8n) | BigInt(u & 0xff);
    return intValue(v, 32, true);
  }

  private unary(node: SyntaxNode): IntValue {
    const op = this.text(child(node, 'operator')!);
    const arg = this.eval(child(node, 'argument')!);
    const a = promote(arg);
    switch (op) {
      case '-': return intValue(-a.value, a.bits, a.signed);
      case '+': return a;
      case '~': return intValue(~a.value, a.bits, a.signed);
      case '!': return intValue(a.value === 0n ? 1n : 0n, 32, true);
      default: return this.fail(node, `operator '${op}' is not allowed in a constant expression`);
    }
  }

  private binary(node: SyntaxNode): IntValue {
    const op = this.text(child(node, 'operator')!);
    const leftNode = child(node, 'left')!;
    const rightNode = child(node, 'right')!;
    const castType = op === '-' || op === '+' ? this.castType(leftNode) : null;
    if (castType) {
      // `(T)-x*y` with T a typedef name comes out as `(T) - (x*y)`; C reads `((T)(-x))*y`:
      // the sign and the cast apply to the leftmost operand of what follows.
      let first = rightNode;
      while (first.type === 'binary_expression') first = child(first, 'left')!;
      const operand = promote(this.eval(first));
      this.given.set(first, this.convertTo(node, castType, () => (op === '-' ? intValue(-operand.value, operand.bits, operand.signed) : operand)));
      try {
        return this.eval(rightNode);
      } finally {
        this.given.delete(first);
      }
    }
    if (op === '&&' || op === '||') {
      const l = this.eval(leftNode).value !== 0n;
      if (op === '&&' && !l) return intValue(0n, 32, true);
      if (op === '||' && l) return intValue(1n, 32, true);
      return intValue(this.eval(rightNode).value !== 0n ? 1n : 0n, 32, true);
    }
    const left = this.eval(leftNode);
    const right = this.eval(rightNode);
    if (op === '<<' || op === '>>') {
      const l = promote(left);
      const count = right.value;
      if (count < 0n || count >= BigInt(l.bits)) this.fail(node, `shift count ${count} is out of range for a ${l.bits}-bit value`);
      return intValue(op === '<<' ? l.value << count : l.value >> count, l.bits, l.signed);
    }
    const [l, r, type] = convert(left, right);
    const bool = (b: boolean) => intValue(b ? 1n : 0n, 32, true);
    switch (op) {
      case '+': return intValue(l + r, type.bits, type.signed);
      case '-': return intValue(l - r, type.bits, type.signed);
      case '*': return intValue(l * r, type.bits, type.signed);
      case '/':
      case '%':
        if (r === 0n) this.fail(node, 'division by zero in a constant expression');
        return intValue(op === '/' ? l / r : l % r, type.bits, type.signed);
      case '&': return intValue(l & r, type.bits, type.signed);
      case '|': return intValue(l | r, type.bits, type.signed);
      case '^': return intValue(l ^ r, type.bits, type.signed);
      case '<': return bool(l < r);
      case '>': return bool(l > r);
      case '<=': return bool(l <= r);
      case '>=': return bool(l >= r);
      case '==': return bool(l === r);
      case '!=': return bool(l !== r);
      default: return this.fail(node, `operator '${op}' is not allowed in a constant expression`);
    }
  }

  private conditional(node: SyntaxNode): IntValue {
    const cond = this.eval(child(node, 'condition')!).value !== 0n;
    const yes = child(node, 'consequence');
    const no = child(node, 'alternative')!;
    const chosen = cond ? (yes ? this.eval(yes) : this.eval(child(node, 'condition')!)) : this.eval(no);
    // The result has the common type of both arms when the other arm is a constant too.
    let other: IntValue;
    try {
      other = cond ? this.eval(no) : yes ? this.eval(yes) : chosen;
    } catch {
      return chosen;
    }
    const [, , type] = convert(chosen, other);
    return intValue(chosen.value, type.bits, type.signed);
  }

  private cast(node: SyntaxNode): IntValue {
    return this.castTo(node, this.env.typeOf(child(node, 'type')!), child(node, 'value')!);
  }

  private castTo(node: SyntaxNode, type: CType, value: SyntaxNode): IntValue {
    let operand = value;
    while (operand.type === 'parenthesized_expression') operand = this.only(operand);
    // A floating constant may be the immediate operand of a cast (C11 6.6p6): `(int)2.5` is 2.
    // As in gcc, a signed one (`(int)-2.5`) or one out of the type's range is not an ICE.
    const x = operand.type === 'number_literal' ? floatLiteral(this.text(operand).replace(/'/g, '')) : null;
    if (x !== null) return this.convertTo(node, type, () => this.truncated(node, x, type));
    return this.convertTo(node, type, () => this.eval(value));
  }

  private truncated(node: SyntaxNode, x: number, type: CType): IntValue {
    const info = this.env.intInfo(type)!;
    if (isBool(type)) return intValue(x !== 0 ? 1n : 0n, info.bits, false);
    const v = BigInt(Math.trunc(x));
    const limit = 1n << BigInt(info.signed ? info.bits - 1 : info.bits);
    if (v >= limit || v < (info.signed ? -limit : 0n)) this.fail(node, `the floating constant ${x} is out of range of the cast's type`);
    return intValue(v, info.bits, info.signed);
  }

  private convertTo(node: SyntaxNode, type: CType, value: () => IntValue): IntValue {
    const info = this.env.intInfo(type);
    if (!info) this.fail(node, 'a cast to a non-integer type is not an integer constant expression');
    const v = value();
    if (isBool(type)) return intValue(v.value !== 0n ? 1n : 0n, info.bits, false);
    return intValue(v.value, info.bits, info.signed);
  }

  /** The type `T` when `node` is `(T)` and T a typedef name, i.e. the head of a cast; else null. */
  private castType(node: SyntaxNode): CType | null {
    if (node.type !== 'parenthesized_expression') return null;
    const inner = node.children.filter((c) => c.named && c.type !== 'comment');
    if (inner.length !== 1 || inner[0]!.type !== 'identifier' || !this.env.isTypeName(this.text(inner[0]!))) return null;
    return this.env.typeOf(inner[0]!);
  }

  private sizeof(node: SyntaxNode): IntValue {
    const t = this.typeOperand(node);
    return intValue(BigInt(this.env.sizeof(t, node)), SIZE_T.bits, SIZE_T.signed);
  }

  /** The type operand of sizeof/_Alignof: `sizeof(int)`, or `sizeof(name)` for a typedef name. */
  private typeOperand(node: SyntaxNode): CType {
    const type = child(node, 'type');
    if (type) return this.env.typeOf(type);
    let value = child(node, 'value');
    while (value?.type === 'parenthesized_expression') value = value.children.find((c) => c.named);
    if (value?.type === 'identifier' && this.env.isTypeName(this.text(value))) return this.env.typeOf(value);
    return this.fail(node, 'sizeof of an expression is not supported; write sizeof(type)');
  }
}

/** The value of an unsigned decimal or hexadecimal floating literal (`2.5`, `1e3f`, `0x1.8p1`), else null. */
function floatLiteral(text: string): number | null {
  const dec = /^(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][+-]?\d+)?[fFlL]?$/.exec(text);
  if (dec) return Number(text.replace(/[fFlL]$/, ''));
  const hex = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)[fFlL]?$/.exec(text);
  if (!hex || hex[1]! + (hex[2] ?? '') === '') return null;
  const fraction = hex[2] ?? '';
  return parseInt(hex[1]! + fraction || '0', 16) * 2 ** (Number(hex[3]) - 4 * fraction.length);
}

/** `_Bool` (or `bool`, or a typedef of it): conversions to it yield 0 or 1. */
export function isBool(type: CType): boolean {
  const t = underlying(type);
  return t.kind === 'primitive' && primitiveClass(t.name) === 'bool';
}

function describe(type: string): string {
  return type === 'ERROR' ? 'a syntax error' : `'${type.replace(/_/g, ' ')}'`;
}

/** C's integer promotions: anything narrower than int becomes int. */
function promote(v: IntValue): IntValue {
  return v.bits < 32 ? intValue(v.value, 32, true) : v;
}

/** C's usual arithmetic conversions on two integers (LP64 ranks by width). */
function convert(a: IntValue, b: IntValue): [bigint, bigint, { bits: number; signed: boolean }] {
  const pa = promote(a), pb = promote(b);
  let bits: number, signed: boolean;
  if (pa.signed === pb.signed) {
    bits = Math.max(pa.bits, pb.bits);
    signed = pa.signed;
  } else {
    const u = pa.signed ? pb : pa;
    const s = pa.signed ? pa : pb;
    if (u.bits >= s.bits) { bits = u.bits; signed = false; }
    else { bits = s.bits; signed = true; }
  }
  const wrap = (v: bigint) => (signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v));
  return [wrap(pa.value), wrap(pb.value), { bits, signed }];
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, e: 27, '\\': 92, "'": 39, '"': 34, '?': 63 };

/** The code units of a character literal's contents. */
function decodeEscapes(body: string, node: SyntaxNode): number[] {
  const units: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') { units.push(c.charCodeAt(0)); continue; }
    const e = body[++i];
    if (e === undefined) break;
    if (e === 'x') {
      const m = /^[0-9a-fA-F]+/.exec(body.slice(i + 1));
      if (!m) throw new ConstExprError(node, 'malformed \\x escape');
      units.push(parseInt(m[0], 16));
      i += m[0].length;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i))!;
      units.push(parseInt(m[0], 8));
      i += m[0].length - 1;
    } else if (e in SIMPLE_ESCAPES) {
      units.push(SIMPLE_ESCAPES[e]!);
    } else {
      throw new ConstExprError(node, `unknown escape sequence '\\${e}'`);
    }
  }
  return units;
}
