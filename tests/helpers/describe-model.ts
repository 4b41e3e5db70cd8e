/**
 * A stable, readable text form of parsed declarations, for model snapshots
 * (`tests/cdef/<case>/model.txt`). One line per declaration (anonymous member bodies are
 * printed inline), each with its position, so a snapshot shows kinds, types (through the
 * one C printer), attributes and locations at a glance.
 */

import { cDeclaration, cName } from '../../cdef/c-printer.js';
import type { Decl } from '../../cdef/decls.js';
import type { CType, EnumType, Field, Loc, RecordType } from '../../cdef/types.js';

export function describeDecls(decls: Iterable<Decl>): string {
  const lines: string[] = [];
  for (const d of decls) lines.push(`${at(d.loc)} ${describeDecl(d)}`);
  return lines.join('\n') + '\n';
}

function at(loc: Loc): string {
  return `${loc.line}:${loc.column + 1}`.padEnd(6);
}

function describeDecl(d: Decl): string {
  switch (d.kind) {
    case 'function':
      return `function ${d.name}: ${cDeclaration(d.type, d.name)}${flags({ asm: d.asmName, inline: d.inline, storage: d.storage })}`;
    case 'variable':
      return `variable ${d.name}: ${cDeclaration(d.type, d.name, d.quals)}${flags({ asm: d.asmName, storage: d.storage })}`;
    case 'typedef':
      return `typedef ${d.name}: ${describeType(d.type, d.quals)}${flags({ aligned: d.aligned })}`;
    case 'struct':
    case 'union':
      return `${d.kind} ${d.name}: ${describeRecord(d.type)}`;
    case 'enum':
      return `enum ${d.name}: ${describeEnum(d.type)}`;
    case 'constant':
      return `constant ${d.name} = ${d.value} (${d.origin})`;
    case 'macro':
      return `macro ${d.name}${d.params ? `(${d.params.join(', ')})` : ''} = ${d.body}`;
  }
}

/** A type, with the body of an anonymous struct/union/enum spelled out. */
function describeType(t: CType, quals = 0): string {
  if ((t.kind === 'struct' || t.kind === 'union') && t.name === null) return `${prefix(quals)}${t.kind} ${describeRecord(t)}`;
  if (t.kind === 'enum' && t.name === null) return `${prefix(quals)}enum ${describeEnum(t)}`;
  if (t.kind === 'opaque') return `opaque${t.integer ? ' integer' : ''} ${t.name}`;
  return cName(t, '', quals);
}

function prefix(quals: number): string {
  return quals ? cName({ kind: 'void' }, '', quals).replace(/void$/, '') : '';
}

function describeRecord(r: RecordType): string {
  const attrs = flags({ partial: r.partial, packed: r.packed, pack: r.pack, aligned: r.aligned });
  if (r.fields === null) return `incomplete${attrs}`;
  return `{ ${r.fields.map(describeField).join(' ')} }${attrs}`;
}

function describeField(f: Field): string {
  const anonymous = (f.type.kind === 'struct' || f.type.kind === 'union') && f.type.name === null;
  const body = anonymous ? `${describeType(f.type, f.quals)}${f.name ? ' ' + f.name : ''}` : cDeclaration(f.type, f.name ?? '', f.quals);
  const width = f.bitWidth !== null ? ` : ${f.bitWidth}` : '';
  return `${body}${width}${flags({ aligned: f.aligned, packed: f.packed })};`;
}

function describeEnum(e: EnumType): string {
  const attrs = flags({ partial: e.partial, packed: e.packed });
  if (e.values === null) return `incomplete${attrs}`;
  return `{ ${e.values.map((v) => `${v.name} = ${v.value}`).join(', ')} }${attrs}`;
}

function flags(f: Record<string, string | number | boolean | null>): string {
  const parts = Object.entries(f)
    .filter(([, v]) => v !== null && v !== false)
    .map(([k, v]) => (v === true ? k : `${k}=${typeof v === 'string' ? JSON.stringify(v) : v}`));
  return parts.length ? ` [${parts.join(', ')}]` : '';
}
