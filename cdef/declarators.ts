/**
 * Type specifiers and declarators: how `const unsigned long *(*name[4])(int)` becomes a type.
 *
 * C writes a declaration as a base type (`specifierType`) plus a declarator that wraps it
 * inside out. `applyDeclarator` walks the declarator from the outside in, wrapping the type
 * as it goes: `*` makes a pointer to the type so far, `[n]` an array of it, `(params)` a
 * function returning it, until it reaches the declared name. So `int *a[3]` is walked as
 * pointer-declarator(array-declarator(a)) and gives "array of 3 pointers to int".
 *
 * Invariant: qualifiers found on a declarator level describe the object made at that level
 * (`char *const p` -> the pointer is const), and are handed inwards with it, matching the
 * model's rule that qualifiers live where a type is used.
 */

import type { Converter, DeclaratorAttributes } from './converter.js';
import { constantValue } from './defines.js';
import { primitiveBase, primitiveClass, primitiveFromSpecifiers, primitiveFromWord } from './primitives.js';
import type { PrimitiveName } from './primitives.js';
import { enumType, recordType } from './records.js';
import type { SyntaxNode } from './syntax.js';
import { child } from './syntax.js';
import type { CType, FunctionType, NonVoidType, Param, Quals, TypedefRef } from './types.js';
import { pointerTo, primitive, Q, underlying, VOID } from './types.js';
import type { TypedefDecl } from './decls.js';

export interface BaseType {
  readonly type: CType;
  readonly quals: Quals;
  /** `_Alignas(n)` written among the specifiers. */
  readonly alignas: number | null;
}

export interface Declared {
  readonly name: string | null;
  readonly nameNode: SyntaxNode | null;
  readonly type: CType;
  readonly quals: Quals;
}

const QUALIFIER_BITS: Record<string, number> = { const: Q.const, volatile: Q.volatile, restrict: Q.restrict, _Atomic: Q.atomic };

/**
 * The base type of a declaration, field, parameter or type name: its type specifier plus the
 * qualifiers and `_Alignas` written beside it. `declaratorStart` bounds where a `_Complex`
 * keyword for this base may have been.
 */
export function specifierType(cv: Converter, node: SyntaxNode, declarator: SyntaxNode | null): BaseType {
  let quals = 0;
  let alignas: number | null = null;
  for (const c of node.children) {
    if (c.type !== 'type_qualifier') continue;
    const inner = c.children.find((k) => k.type === 'alignas_qualifier');
    if (inner) alignas = Math.max(alignas ?? 0, alignasValue(cv, inner));
    else quals |= QUALIFIER_BITS[cv.source(c).trim()] ?? 0;
  }
  const typeNode = child(node, 'type') ?? (isSpecifier(node) ? node : undefined);
  if (!typeNode) throw cv.error(node, 'missing type specifier');
  let type = typeSpecifier(cv, typeNode);
  const declStart = declarator && declarator !== node ? declarator.start : node.end;
  if (cv.takeMarks('complex', cv.previousTokenEnd(node.start), declStart).length) {
    const t = type.kind === 'primitive' ? primitiveFromSpecifiers([], type.name, true) : null;
    if (!t) throw cv.error(typeNode, `_Complex needs a floating type, not '${cv.source(typeNode)}'`);
    type = primitive(t);
  }
  return { type, quals, alignas };
}

function isSpecifier(node: SyntaxNode): boolean {
  return node.type === 'struct_specifier' || node.type === 'union_specifier' || node.type === 'enum_specifier';
}

function alignasValue(cv: Converter, node: SyntaxNode): number {
  const arg = node.children.find((c) => c.named)!;
  if (arg.type === 'type_descriptor') {
    const t = typeDescriptor(cv, arg).type;
    return cv.measure(arg, (m) => m.alignof(t));
  }
  return Number(constantValue(cv, arg));
}

/** The type a specifier node names. */
export function typeSpecifier(cv: Converter, node: SyntaxNode): CType {
  switch (node.type) {
    case 'primitive_type':
    case 'type_identifier':
      return namedType(cv, node);
    case 'sized_type_specifier': {
      const modifiers = node.children.filter((c) => !c.named).map((c) => cv.source(c));
      const base = child(node, 'type');
      const name = primitiveFromSpecifiers(modifiers, base ? cv.source(base) : null, false);
      if (!name) throw cv.error(node, `invalid type '${cv.source(node).replace(/\s+/g, ' ')}'`);
      return primitive(name);
    }
    case 'struct_specifier':
    case 'union_specifier':
      return recordType(cv, node);
    case 'enum_specifier':
      return enumType(cv, node);
    case 'macro_type_specifier':
      throw cv.error(node, `unknown type name '${cv.source(child(node, 'name') ?? node)}'`);
    default:
      throw cv.error(node, `unexpected '${cv.source(node)}' where a type was expected`);
  }
}

const typedefRefs = new WeakMap<TypedefDecl, TypedefRef>();

/** A one-word type name: a typedef in scope, `void`, or a built-in primitive. */
function namedType(cv: Converter, node: SyntaxNode): CType {
  const name = cv.source(node);
  if (name === 'void') return VOID;
  const decl = cv.decls.ordinary(name);
  if (decl?.kind === 'typedef') {
    let ref = typedefRefs.get(decl);
    if (!ref) typedefRefs.set(decl, (ref = { kind: 'typedef-ref', name, target: decl.type, targetQuals: decl.quals, aligned: decl.aligned }));
    return ref;
  }
  const builtin = primitiveFromWord(name);
  if (builtin) return primitive(builtin);
  if (decl) throw cv.error(node, `'${name}' is a ${decl.kind}, not a type`);
  throw cv.error(node, `unknown type name '${name}'`);
}

/** The name a declarator declares, without converting it. */
export function declaratorName(cv: Converter, node: SyntaxNode | undefined): string | null {
  while (node) {
    switch (node.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
      case 'primitive_type':
        return node.missing ? null : cv.source(node);
      case 'parenthesized_declarator':
        node = node.children.find((c) => c.named);
        break;
      default:
        node = child(node, 'declarator');
    }
  }
  return null;
}

/** Wrap `type` by the declarator `node`; see the file comment. */
export function applyDeclarator(
  cv: Converter, node: SyntaxNode | null, type: CType, quals: Quals, attrs: DeclaratorAttributes,
): Declared {
  if (attrs.mode) type = withMode(cv, node, type, attrs.mode);
  if (attrs.vectorSize !== null) type = { kind: 'vector', of: type, size: attrs.vectorSize };
  return node ? walk(cv, node, type, quals) : { name: null, nameNode: null, type, quals };
}

function walk(cv: Converter, node: SyntaxNode, type: CType, quals: Quals): Declared {
  const inner = child(node, 'declarator');
  const next = (t: CType, q: Quals): Declared => (inner ? walk(cv, inner, t, q) : { name: null, nameNode: null, type: t, quals: q });
  switch (node.type) {
    case 'identifier':
    case 'field_identifier':
    case 'type_identifier':
    case 'primitive_type':
      return { name: node.missing ? null : cv.source(node), nameNode: node, type, quals };
    case 'pointer_declarator':
    case 'abstract_pointer_declarator': {
      let ptrQuals = 0;
      for (const c of node.children) if (c.type === 'type_qualifier') ptrQuals |= QUALIFIER_BITS[cv.source(c).trim()] ?? 0;
      return next(pointerTo(type, quals), ptrQuals);
    }
    case 'array_declarator':
    case 'abstract_array_declarator': {
      const resolved = underlying(type);
      if (resolved.kind === 'void') throw cv.error(node, 'array of void');
      if (resolved.kind === 'function') throw cv.error(node, 'array of functions (did you mean an array of function pointers?)');
      const size = child(node, 'size');
      let length: number | '...' | 'unknown';
      if (size) {
        const n = constantValue(cv, size);
        if (n < 0n) throw cv.error(size, `array size ${n} is negative`);
        if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw cv.error(size, `array size ${n} is too large`);
        length = Number(n);
      } else {
        length = cv.takeMarks('array-dots', inner?.end ?? node.start, node.end).length ? '...' : 'unknown';
      }
      return next({ kind: 'array', of: type, ofQuals: quals, length }, 0);
    }
    case 'function_declarator':
    case 'abstract_function_declarator': {
      const resolved = underlying(type);
      if (resolved.kind === 'array') throw cv.error(node, 'function returning an array');
      if (resolved.kind === 'function') throw cv.error(node, 'function returning a function');
      return next(functionType(cv, child(node, 'parameters')!, type, quals), 0);
    }
    case 'parenthesized_declarator':
    case 'abstract_parenthesized_declarator': {
      const only = node.children.find((c) => c.named);
      return only ? walk(cv, only, type, quals) : { name: null, nameNode: null, type, quals };
    }
    case 'init_declarator':
    case 'attributed_declarator':
      return inner ? walk(cv, inner, type, quals) : { name: null, nameNode: null, type, quals };
    default:
      throw cv.error(node, `unexpected '${cv.source(node)}' in a declarator`);
  }
}

function functionType(cv: Converter, list: SyntaxNode, result: CType, resultQuals: Quals): FunctionType {
  const items = list.children.filter((c) => c.named && c.type !== 'comment');
  if (items.length === 0) return { kind: 'function', result, resultQuals, params: [], variadic: false, prototyped: false };
  const params: Param[] = [];
  let variadic = false;
  items.forEach((p, i) => {
    if (p.type === 'variadic_parameter') {
      if (i !== items.length - 1) throw cv.error(p, "'...' must be the last parameter");
      if (i === 0) throw cv.error(p, "'...' needs a named parameter before it");
      variadic = true;
      return;
    }
    if (p.type !== 'parameter_declaration') {
      throw cv.error(p, `expected a parameter declaration, found '${cv.source(p)}' (old-style parameter lists are not supported)`);
    }
    cv.within(`arg ${i + 1}`, () => {
      const declarator = child(p, 'declarator') ?? null;
      const base = specifierType(cv, p, declarator);
      const attrs = cv.declaratorAttributes(cv.takeAttributes(p.start, p.end));
      const d = applyDeclarator(cv, declarator, base.type, base.quals, attrs);
      if (underlying(d.type).kind === 'void' && d.type.kind !== 'pointer') {
        if (items.length === 1 && !declarator && base.quals === 0) return; // `(void)`
        throw cv.error(p, "parameter has type 'void'");
      }
      params.push({ name: d.name, type: d.type as NonVoidType, quals: d.quals, loc: cv.loc(d.nameNode ?? p) });
    });
  });
  return { kind: 'function', result, resultQuals, params, variadic, prototyped: true };
}

/** A type name as written in casts, `sizeof` and `ffi.sizeof('int[4]')`: specifiers plus an abstract declarator. */
export function typeDescriptor(cv: Converter, node: SyntaxNode): { type: CType; quals: Quals } {
  if (node.type === 'identifier' || node.type === 'type_identifier' || node.type === 'primitive_type') {
    return { type: namedType(cv, node), quals: 0 };
  }
  const declarator = child(node, 'declarator') ?? null;
  const base = specifierType(cv, node, declarator);
  const d = applyDeclarator(cv, declarator, base.type, base.quals, cv.declaratorAttributes(cv.takeAttributes(node.start, node.end)));
  return { type: d.type, quals: d.quals };
}

const MODE_BYTES: Record<string, number> = { QI: 1, HI: 2, SI: 4, DI: 8, TI: 16, word: 8, pointer: 8, byte: 1 };
const INT_OF_SIZE: Record<number, [PrimitiveName, PrimitiveName]> = {
  1: ['signed char', 'unsigned char'], 2: ['short', 'unsigned short'], 4: ['int', 'unsigned int'],
  8: ['long', 'unsigned long'], 16: ['__int128', 'unsigned __int128'],
};
const FLOAT_MODES: Record<string, PrimitiveName> = { SF: 'float', DF: 'double', XF: 'long double', TF: '_Float128' };

/** GCC's `__attribute__((mode(X)))`: the integer (or float) type of that machine mode. */
function withMode(cv: Converter, at: SyntaxNode | null, type: CType, mode: string): CType {
  const resolved = underlying(type);
  if (FLOAT_MODES[mode]) return primitive(FLOAT_MODES[mode]);
  const bytes = MODE_BYTES[mode];
  if (bytes === undefined || (resolved.kind !== 'primitive' && resolved.kind !== 'enum')) {
    throw cv.error(at ?? 0, `unsupported __attribute__((mode(${mode}))) on '${cv.source(at ?? ({ start: 0, end: 0 } as SyntaxNode))}'`);
  }
  const base = resolved.kind === 'primitive' ? primitiveBase(resolved.name) : 'int';
  const unsigned = base.startsWith('unsigned') || (resolved.kind === 'primitive' && primitiveClass(resolved.name) === 'bool');
  return primitive(INT_OF_SIZE[bytes]![unsigned ? 1 : 0]);
}
