/**
 * `#define`s and every constant expression the parser evaluates.
 *
 * A `#define` is an integer constant when its body, with other macros expanded, is an
 * integer constant expression; everything else is kept as a `macro` declaration and is not
 * an error. Bodies are parsed lazily (only defines that are asked for, or that an asked-for
 * one mentions), with tree-sitter, and evaluated by `const-expr.ts` like any enum value.
 *
 * Invariants:
 * - Macro names win over other identifiers, and a macro is never expanded inside its own
 *   expansion (cpp's rule), so `#define E E` falls through to an enumerator `E`.
 * - Function-like macros are expanded by substituting argument text for parameter names
 *   (no `#`/`##`: such macros are simply not constants).
 */

import type { Converter } from './converter.js';
import type { ConstantDecl, MacroDecl } from './decls.js';
import type { ConstEnv, IntValue } from './const-expr.js';
import { ConstExprError, evaluate, intValue } from './const-expr.js';
import type { Attribute, DefineDirective, UndefDirective } from './scan.js';
import { maskOffsetofMembers, respellWords } from './scan.js';
import type { SyntaxNode } from './syntax.js';
import { child, parseSyntax } from './syntax.js';
import { typeDescriptor } from './declarators.js';
import type { CType } from './types.js';
import { cName } from './c-printer.js';
import { CDefError } from './errors.js';
import { primitiveFromWord } from './primitives.js';

/** Body shapes that can never be integer constants, rejected without parsing. */
const NOT_AN_EXPRESSION = /["{};#]|^$/;
const MAX_EXPANSION_DEPTH = 64;

export class Defines {
  readonly #table = new Map<string, DefineDirective>();
  readonly #values = new Map<string, IntValue | null>();
  readonly #active = new Set<string>();

  constructor(macros: readonly (DefineDirective | UndefDirective)[]) {
    for (const m of macros) {
      if (m.kind === 'define') this.#table.set(m.name, m);
      else this.#table.delete(m.name);
    }
  }

  get(name: string): DefineDirective | undefined {
    return this.#table.get(name);
  }

  all(): IterableIterator<DefineDirective> {
    return this.#table.values();
  }

  /** The value of an object-like define, or null when it is not an integer constant. */
  value(cv: Converter, name: string): IntValue | null {
    const d = this.#table.get(name);
    if (!d || d.params !== null || this.#active.has(name)) return null;
    if (this.#values.has(name)) return this.#values.get(name)!;
    this.#active.add(name);
    let v: IntValue | null = null;
    try {
      v = NOT_AN_EXPRESSION.test(d.body) || d.body === '...' ? null : evaluateText(cv, d.body);
    } catch (e) {
      if (!(e instanceof ConstExprError)) throw e;
    } finally {
      this.#active.delete(name);
    }
    this.#values.set(name, v);
    return v;
  }

  /** Expand a call of a function-like macro in a constant expression. */
  expand(cv: Converter, call: SyntaxNode, env: ConstEnv): IntValue {
    const fn = child(call, 'function')!;
    const name = env.text.slice(fn.start, fn.end);
    const d = this.#table.get(name);
    if (!d || d.params === null || this.#active.has(name) || this.#active.size > MAX_EXPANSION_DEPTH) {
      throw new ConstExprError(call, `'${name}(...)' is not an integer constant expression`);
    }
    const argsNode = child(call, 'arguments')!;
    const args = argsNode.children.filter((c) => c.named && c.type !== 'comment').map((a) => env.text.slice(a.start, a.end));
    const variadic = d.params[d.params.length - 1] === '...';
    const names = variadic ? d.params.slice(0, -1) : d.params;
    if (args.length < names.length || (!variadic && args.length > names.length)) {
      throw new ConstExprError(call, `macro '${name}' takes ${names.length} arguments, given ${args.length}`);
    }
    const bound = new Map(names.map((p, i) => [p, args[i]!]));
    if (variadic) bound.set('__VA_ARGS__', args.slice(names.length).join(', '));
    const body = substitute(d.body, bound);
    this.#active.add(name);
    try {
      return evaluateText(cv, body);
    } finally {
      this.#active.delete(name);
    }
  }

  /**
   * The constants and macros the defines declare: integer ones as `constant`s, cffi's
   * `#define X ...` as a constant to be resolved by a compiler, the rest as `macro`s.
   */
  declarations(cv: Converter, include: (d: DefineDirective) => boolean): (ConstantDecl | MacroDecl)[] {
    const result: (ConstantDecl | MacroDecl)[] = [];
    for (const d of this.#table.values()) {
      if (!include(d)) continue;
      const loc = cv.loc(d.offset);
      if (d.params === null && d.body === '...') {
        result.push({ kind: 'constant', name: d.name, value: '...', origin: 'define', loc });
        continue;
      }
      const v = d.params === null ? this.value(cv, d.name) : null;
      result.push(v
        ? { kind: 'constant', name: d.name, value: v.value, origin: 'define', loc }
        : { kind: 'macro', name: d.name, params: d.params, body: d.body, loc });
    }
    return result;
  }
}

/**
 * cpp's substitution of arguments into a function-like macro body: parameters are replaced
 * by the argument text, `#param` by a string literal, and `a ## b` pastes the two tokens.
 * String and character literals and numbers (`1e5`) are copied untouched.
 */
function substitute(body: string, bound: ReadonlyMap<string, string>): string {
  const TOKENS = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\.?\d[\w.]*|(?<!#)#(?!#)\s*([A-Za-z_$][\w$]*)|[A-Za-z_$][\w$]*/g;
  const replaced = body.replace(TOKENS, (token, stringified: string | undefined) => {
    if (stringified !== undefined && bound.has(stringified)) return JSON.stringify(bound.get(stringified)!.trim());
    return bound.get(token) ?? token;
  });
  return replaced.replace(/\s*##\s*/g, '');
}

/** Evaluate a constant expression node of the converted text; errors become CDefErrors there. */
export function constantValue(cv: Converter, node: SyntaxNode): bigint {
  try {
    return evaluate(node, makeEnv(cv, cv.text, cv.sourceMap.text)).value;
  } catch (e) {
    if (e instanceof ConstExprError) {
      const inText = e.node.start <= node.end && e.node.end >= node.start && e.node.end <= cv.text.length;
      throw cv.error(inText ? e.node : node, e.message);
    }
    throw e;
  }
}

/** The integer argument of an attribute such as `aligned(8)` or `vector_size(4 * sizeof(int))`. */
export function attributeNumber(cv: Converter, attr: Attribute): number {
  try {
    const v = evaluateText(cv, attr.args ?? '');
    return Number(v.value);
  } catch (e) {
    if (e instanceof ConstExprError) throw cv.error(attr.argsOffset, `__attribute__((${attr.name}(${attr.args}))): ${e.message}`);
    throw e;
  }
}

const PREFIX = 'enum { __cbridge_value = (';
const SUFFIX = ') };';

/** Parse and evaluate expression text (a define body, an attribute argument). */
function evaluateText(cv: Converter, text: string): IntValue {
  const original = PREFIX + respellWords(text.replace(/\n/g, ' ')) + SUFFIX;
  const source = maskOffsetofMembers(original);
  const root = parseSyntax(source);
  const enumerator = findEnumerator(root);
  const value = enumerator && child(enumerator, 'value');
  if (!value || hasError(root)) throw new ConstExprError(root, `'${text}' is not an integer constant expression`);
  return evaluate(value, makeEnv(cv, source, original));
}

function findEnumerator(node: SyntaxNode): SyntaxNode | null {
  if (node.type === 'enumerator') return node;
  for (const c of node.children) {
    const e = findEnumerator(c);
    if (e) return e;
  }
  return null;
}

function hasError(node: SyntaxNode): boolean {
  return node.type === 'ERROR' || node.missing || node.children.some(hasError);
}

/** The evaluator's view of the parser: names, types and (through metrics) sizes. */
function makeEnv(cv: Converter, text: string, original: string): ConstEnv {
  const metrics = () => {
    if (!cv.metrics) throw new ConstExprError({ type: 'x', start: 0, end: 0 } as SyntaxNode, 'sizeof needs a target layout');
    return cv.metrics;
  };
  const measured = <T>(what: string, type: CType, node: SyntaxNode, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof ConstExprError) throw e;
      throw new ConstExprError(node, `${what}(${cName(type)}): ${(e as Error).message}`);
    }
  };
  const env: ConstEnv = {
    text,
    charSigned: cv.metrics?.charSigned ?? true,
    identifier(name) {
      const fromDefine = cv.defines.value(cv, name);
      if (fromDefine) return fromDefine;
      const decl = cv.decls.ordinary(name);
      if (decl?.kind === 'constant' && typeof decl.value === 'bigint') {
        const v = decl.value;
        return v >= -(1n << 31n) && v < 1n << 31n ? intValue(v, 32, true) : intValue(v, 64, v < 0n || v < 1n << 63n);
      }
      return null;
    },
    isTypeName(name) {
      return cv.decls.ordinary(name)?.kind === 'typedef' || primitiveFromWord(name) !== null;
    },
    typeOf(node) {
      return typeDescriptorIn(cv, text, node);
    },
    sizeof: (type, node) => measured('sizeof', type, node, () => metrics().sizeof(type)),
    alignof: (type, node) => measured('_Alignof', type, node, () => metrics().alignof(type)),
    intInfo: (type) => measured('cast to', type, { type: 'x', start: 0, end: 0 } as SyntaxNode, () => metrics().intInfo(type)),
    offsetof: (type, member, node) => {
      const path = original.slice(member.start, member.end).replace(/\s+/g, '');
      return measured('offsetof', type, node, () => metrics().offsetof(type, path));
    },
    call: (node) => cv.defines.expand(cv, node, env),
  };
  return env;
}

/** Convert a type node that may belong to synthetic text (a define body) rather than the converted text. */
function typeDescriptorIn(cv: Converter, text: string, node: SyntaxNode): CType {
  if (text === cv.text) return typeDescriptor(cv, node).type;
  try {
    return cv.withText(text, () => typeDescriptor(cv, node).type);
  } catch (e) {
    if (e instanceof CDefError) throw new ConstExprError(node, e.problem);
    throw e;
  }
}
