/**
 * Struct, union and enum specifiers.
 *
 * Invariants:
 * - One entity per tag: `struct foo` anywhere in the declarations is the same `StructType`
 *   object, created at first mention (incomplete) and completed in place when its body is read.
 *   A second body must declare the same members (a header parsed twice), or `override` must be
 *   set; otherwise it is an error naming both places.
 * - A specifier claims the attributes written between its keyword and its body and right after
 *   its closing brace (`struct s { ... } __attribute__((packed))`), and the `...` marks inside
 *   its body that no member claimed.
 * - A trailing `T name[]` member becomes a flexible array member; anywhere else it is an error.
 */

import type { Converter } from './converter.js';
import type { ConstantDecl, EnumDecl, StructDecl, UnionDecl } from './decls.js';
import { applyDeclarator, specifierType } from './declarators.js';
import { constantValue } from './defines.js';
import { isBool } from './const-expr.js';
import type { SyntaxNode } from './syntax.js';
import { child } from './syntax.js';
import type { CType, Enumerator, EnumType, Field, NonVoidType, RecordType, StructType, UnionType } from './types.js';
import { newEnum, newRecord, sameEnumerators, sameMembers, underlying } from './types.js';
import { primitiveClass } from './primitives.js';

/** A struct/union specifier: a reference to a tag, a forward declaration or a definition. */
export function recordType(cv: Converter, node: SyntaxNode): StructType | UnionType {
  const kind = node.type === 'struct_specifier' ? 'struct' : 'union';
  const body = child(node, 'body');
  const entity = tagEntity(cv, node, kind) as StructType | UnionType;
  const attrs = specifierAttributes(cv, node, body);
  if (!body) return entity;
  const label = `${kind} ${entity.name ?? '<anonymous>'}`;
  cv.within(label, () => {
    const fields = recordFields(cv, body, kind);
    const draft: RecordType = {
      ...entity,
      fields,
      partial: cv.takeMarks('partial', body.start, body.end).length > 0,
      packed: attrs.packed,
      pack: cv.packAt(body.start, cv.options.initialPack),
      aligned: attrs.aligned,
    };
    if (entity.fields !== null && !cv.options.override) {
      if (sameMembers(entity, draft)) return;
      throw cv.error(node, `${label} redefined differently (first defined at ${where(entity.loc)})`);
    }
    entity.fields = draft.fields;
    entity.partial = draft.partial;
    entity.packed = draft.packed;
    entity.pack = draft.pack;
    entity.aligned = draft.aligned;
    entity.loc = cv.loc(node);
  });
  return entity;
}

/** The attributes a specifier claims: between its keyword and body, and right after its body. */
function specifierAttributes(cv: Converter, node: SyntaxNode, body: SyntaxNode | undefined) {
  return cv.declaratorAttributes([
    ...cv.takeAttributes(node.start, body ? body.start : node.end),
    ...(body ? cv.takeAttributes(body.end, cv.nextToken(body.end)) : []),
  ]);
}

function where(loc: { file: string; line: number; column: number }): string {
  return `${loc.file}:${loc.line}:${loc.column + 1}`;
}

/** The entity a tag names, created (and declared) on first mention. */
function tagEntity(cv: Converter, node: SyntaxNode, kind: 'struct' | 'union' | 'enum'): StructType | UnionType | EnumType {
  const nameNode = child(node, 'name');
  const loc = cv.loc(node);
  if (!nameNode) return kind === 'enum' ? newEnum(null, loc) : newRecord(kind, null, loc);
  const name = cv.source(nameNode);
  const existing = cv.decls.tag(name);
  if (existing) {
    if (existing.kind !== kind) throw cv.error(nameNode, `'${name}' defined as wrong kind of tag (it is ${existing.kind} ${name})`);
    return existing.type;
  }
  if (kind === 'enum') {
    const type = newEnum(name, loc);
    cv.declare<EnumDecl>({ kind, name, type, loc }, node);
    return type;
  }
  const type = newRecord(kind, name, loc);
  cv.declare<StructDecl | UnionDecl>({ kind, name, type, loc } as StructDecl | UnionDecl, node);
  return type;
}

function recordFields(cv: Converter, body: SyntaxNode, kind: 'struct' | 'union'): Field[] {
  const fields: Field[] = [];
  for (const member of body.children) {
    if (member.type === 'field_declaration') fields.push(...fieldDeclaration(cv, member));
    else if (member.type !== '{' && member.type !== '}' && member.type !== 'comment' && member.type !== ';') {
      throw cv.error(member, `unexpected '${cv.source(member).slice(0, 40)}' in ${kind} body`);
    }
  }
  fields.forEach((f, i) => {
    if (f.type.kind !== 'array' || f.type.length !== 'unknown') return;
    if (kind === 'union' || i !== fields.length - 1) {
      throw cv.error(f.loc.offset, `field '${f.name}': flexible array member ${kind === 'union' ? 'in a union' : 'not at the end of the struct'}`);
    }
    fields[i] = { ...f, type: { ...f.type, length: 'flexible' } };
  });
  return fields;
}

/** One `field_declaration`: several declarators, each maybe with a bitfield width. */
function fieldDeclaration(cv: Converter, node: SyntaxNode): Field[] {
  // Pair each declarator with the bitfield clause that follows it.
  const items: { declarator: SyntaxNode | null; width: SyntaxNode | null }[] = [];
  for (const c of node.children) {
    if (c.field === 'declarator') items.push({ declarator: c, width: null });
    else if (c.type === 'bitfield_clause') {
      const last = items[items.length - 1];
      if (last && last.width === null) last.width = c;
      else items.push({ declarator: null, width: c });
    }
  }
  const first = items[0]?.declarator ?? null;
  const base = specifierType(cv, node, first ?? items[0]?.width ?? null);
  if (items.length === 0) {
    const t = base.type;
    if ((t.kind === 'struct' || t.kind === 'union') && t.name === null) {
      return [{ name: null, type: t, quals: base.quals, bitWidth: null, aligned: base.alignas, packed: false, loc: cv.loc(node) }];
    }
    if (t.kind === 'struct' || t.kind === 'union' || t.kind === 'enum') return []; // a tag declared inside a body
    throw cv.error(node, 'member declaration declares nothing');
  }
  const shared = cv.takeAttributes(node.start, items[0]!.declarator?.start ?? items[0]!.width!.start);
  return items.map(({ declarator, width }, i) => {
    const end = items[i + 1]?.declarator?.start ?? items[i + 1]?.width?.start ?? node.end;
    const from = declarator?.start ?? width!.start;
    const attrs = cv.declaratorAttributes([...shared, ...cv.takeAttributes(from, end)]);
    const d = applyDeclarator(cv, declarator, base.type, base.quals, attrs);
    const label = d.name ? `field ${d.name}` : 'unnamed bitfield';
    return cv.within(label, (): Field => {
      if (underlying(d.type).kind === 'void') throw cv.error(declarator ?? node, "field has type 'void'");
      if (underlying(d.type).kind === 'function') throw cv.error(declarator ?? node, 'field declared as a function (did you mean a function pointer?)');
      const bitWidth = width ? bitfieldWidth(cv, width, d.type, d.name) : null;
      const aligned = Math.max(attrs.aligned ?? 0, base.alignas ?? 0) || null;
      return { name: d.name, type: d.type as NonVoidType, quals: d.quals, bitWidth, aligned, packed: attrs.packed, loc: cv.loc(d.nameNode && !d.nameNode.missing ? d.nameNode : node) };
    });
  });
}

function bitfieldWidth(cv: Converter, clause: SyntaxNode, type: CType, name: string | null): number {
  const expr = clause.children.find((c) => c.named)!;
  const t = underlying(type);
  const integral = t.kind === 'enum' || (t.kind === 'primitive' && ['integer', 'char', 'bool'].includes(primitiveClass(t.name)));
  if (!integral) throw cv.error(clause, `bitfield has non-integer type`);
  const width = constantValue(cv, expr);
  if (width < 0n) throw cv.error(expr, `bitfield width ${width} is negative`);
  if (width === 0n && name !== null) throw cv.error(expr, 'named bitfield has zero width');
  if (cv.metrics) {
    const info = cv.measure(clause, (m) => m.intInfo(type));
    const bits = isBool(type) ? 1 : info ? info.bits : 64;
    if (width > BigInt(bits)) throw cv.error(expr, `bitfield width ${width} exceeds the width of its type (${bits} bits)`);
  }
  return Number(width);
}

/** An enum specifier: reference, forward declaration or definition (with its constants). */
export function enumType(cv: Converter, node: SyntaxNode): EnumType {
  const body = child(node, 'body');
  const entity = tagEntity(cv, node, 'enum') as EnumType;
  const attrs = specifierAttributes(cv, node, body);
  if (!body) return entity;
  const label = `enum ${entity.name ?? '<anonymous>'}`;
  cv.within(label, () => {
    const values: Enumerator[] = [];
    let next = 0n;
    for (const e of body.children) {
      if (e.type !== 'enumerator') continue;
      const nameNode = child(e, 'name')!;
      const name = cv.source(nameNode);
      const valueNode = child(e, 'value');
      const value = valueNode ? cv.within(name, () => constantValue(cv, valueNode)) : next;
      const loc = cv.loc(nameNode);
      cv.declare<ConstantDecl>({ kind: 'constant', name, value, origin: 'enum', loc }, nameNode);
      values.push({ name, value, loc });
      next = value + 1n;
    }
    const draft: EnumType = { ...entity, values, packed: attrs.packed, partial: cv.takeMarks('partial', body.start, body.end).length > 0 };
    if (entity.values !== null && !cv.options.override) {
      if (sameEnumerators(entity, draft)) return;
      throw cv.error(node, `${label} redefined differently (first defined at ${where(entity.loc)})`);
    }
    entity.values = values;
    entity.packed = draft.packed;
    entity.partial = draft.partial;
    entity.loc = cv.loc(node);
  });
  return entity;
}
