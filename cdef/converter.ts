/**
 * tree-sitter-c syntax -> declaration model: the context and the top-level switch.
 *
 * One `Converter` reads one text. It owns what a text needs while it is read: the scanner's
 * side tables (attributes, asm labels, marks, pack changes), the declaration map it adds to,
 * and the path of the declaration being read, which every error names
 * (`function f, arg 2: unknown type name 'foo_t'`).
 *
 * Invariants:
 * - Each top-level node is checked for syntax errors before it is converted, so converting
 *   code may assume well-formed shapes and report only semantic problems.
 * - Attributes and marks belong to the innermost construct that claims them; a construct
 *   claims by consuming them (`takeAttributes`), so outer declarations never see an inner
 *   struct's `packed`.
 * - The converter never computes a layout itself; `sizeof` in expressions goes to `metrics`.
 */

import type { Decl, FunctionDecl, TypedefDecl, VariableDecl } from './decls.js';
import { Declarations, RedeclarationError } from './decls.js';
import { CDefError, SourceMap } from './errors.js';
import type { Attribute, AttributeSpan, Mark, MarkKind, ScanResult } from './scan.js';
import { inRange } from './scan.js';
import type { SyntaxNode } from './syntax.js';
import { child, childrenOf } from './syntax.js';
import type { CType, Loc, Quals } from './types.js';
import { applyDeclarator, declaratorName, specifierType } from './declarators.js';
import { attributeNumber } from './defines.js';
import type { Defines } from './defines.js';

/** Sizes the parser needs for `sizeof`/`_Alignof`/casts in constant expressions; given by the FFI for its target. */
export interface TypeMetrics {
  readonly charSigned: boolean;
  /** `__BIGGEST_ALIGNMENT__`, used by a bare `__attribute__((aligned))`. */
  readonly biggestAlignment: number;
  sizeof(type: CType): number;
  alignof(type: CType): number;
  intInfo(type: CType): { bits: number; signed: boolean } | null;
  offsetof(type: CType, path: string): number;
}

export interface ConvertOptions {
  /** Replace earlier declarations of the same name instead of rejecting differing ones. */
  readonly override: boolean;
  /** Maximum member alignment before any `#pragma pack` (cffi's `pack`/`packed` options). */
  readonly initialPack: number | null;
}

/** What a declarator's attributes ask for: the GNU attributes cbridge honours. */
export interface DeclaratorAttributes {
  aligned: number | null;
  packed: boolean;
  vectorSize: number | null;
  mode: string | null;
}

export class Converter {
  /** Path segments of the declaration being read, joined by ', ' in errors. */
  readonly #path: string[] = [];
  readonly #consumedAttributes = new Set<AttributeSpan>();
  readonly #consumedMarks = new Set<Mark>();

  #text: string;

  constructor(
    text: string,
    readonly scan: ScanResult,
    readonly sourceMap: SourceMap,
    readonly decls: Declarations,
    readonly defines: Defines,
    readonly metrics: TypeMetrics | null,
    readonly options: ConvertOptions,
  ) {
    this.#text = text;
  }

  /** The text syntax nodes point into: the scanned input, or a define body being evaluated. */
  get text(): string {
    return this.#text;
  }

  /** Run `fn` with nodes pointing into `text` (a define body parsed on its own). */
  withText<T>(text: string, fn: () => T): T {
    const saved = this.#text;
    this.#text = text;
    try {
      return fn();
    } finally {
      this.#text = saved;
    }
  }

  // ---- positions and errors ----

  loc(node: SyntaxNode | number): Loc {
    return this.sourceMap.loc(typeof node === 'number' ? node : node.start);
  }

  source(node: SyntaxNode): string {
    return this.text.slice(node.start, node.end);
  }

  error(at: SyntaxNode | number, problem: string): CDefError {
    return new CDefError(this.loc(at), this.#path.length ? this.#path.join(', ') : null, problem, this.sourceMap);
  }

  /** Run `fn` with `segment` appended to the declaration path. */
  within<T>(segment: string, fn: () => T): T {
    this.#path.push(segment);
    try {
      return fn();
    } finally {
      this.#path.pop();
    }
  }

  /** Ask the target's metrics; a failure (an incomplete type...) becomes a CDefError at `at`. */
  measure<T>(at: SyntaxNode | number, ask: (metrics: TypeMetrics) => T): T {
    if (!this.metrics) throw this.error(at, 'this needs a target layout (sizeof/alignment)');
    try {
      return ask(this.metrics);
    } catch (e) {
      if (e instanceof CDefError) throw e;
      throw this.error(at, (e as Error).message);
    }
  }

  /** Add a declaration, turning a conflicting redeclaration into a CDefError. */
  declare<D extends Decl>(decl: D, at: SyntaxNode | number): D {
    try {
      return this.decls.add(decl, this.options.override);
    } catch (e) {
      if (e instanceof RedeclarationError) throw this.error(at, e.message);
      throw e;
    }
  }

  // ---- scanner side tables ----

  /** Attributes in [from, to) not yet claimed by an inner construct; claims them. */
  takeAttributes(from: number, to: number): Attribute[] {
    const result: Attribute[] = [];
    for (const span of inRange(this.scan.attributes, from, to)) {
      if (this.#consumedAttributes.has(span)) continue;
      this.#consumedAttributes.add(span);
      result.push(...span.attributes);
    }
    return result;
  }

  /** Unclaimed marks of `kind` in [from, to); claims them. */
  takeMarks(kind: MarkKind, from: number, to: number): Mark[] {
    const result = inRange(this.scan.marks, from, to).filter((m) => m.kind === kind && !this.#consumedMarks.has(m));
    for (const m of result) this.#consumedMarks.add(m);
    return result;
  }

  asmLabel(from: number, to: number): string | null {
    const labels = inRange(this.scan.asmLabels, from, to);
    return labels.length ? labels[labels.length - 1]!.name : null;
  }

  /** The `#pragma pack` value in force at `offset`. */
  packAt(offset: number, initial: number | null): number | null {
    const changes = inRange(this.scan.packChanges, 0, offset);
    return changes.length ? changes[changes.length - 1]!.pack : initial;
  }

  /** Offset just after the last non-blank character before `offset` (blanked GNU words sit in between). */
  previousTokenEnd(offset: number): number {
    let i = offset;
    while (i > 0 && /\s/.test(this.text[i - 1]!)) i--;
    return i;
  }

  /** Offset of the first non-blank character at or after `offset`. */
  nextToken(offset: number): number {
    const m = /\S/g;
    m.lastIndex = offset;
    const found = m.exec(this.text);
    return found ? found.index : this.text.length;
  }

  /** Interpret the attributes of a declarator (or a field, or a typedef). */
  declaratorAttributes(attributes: readonly Attribute[]): DeclaratorAttributes {
    const result: DeclaratorAttributes = { aligned: null, packed: false, vectorSize: null, mode: null };
    for (const a of attributes) {
      switch (a.name) {
        case 'aligned': {
          const n = a.args === null ? (this.metrics?.biggestAlignment ?? 16) : attributeNumber(this, a);
          result.aligned = Math.max(result.aligned ?? 0, n);
          break;
        }
        case 'packed':
          result.packed = true;
          break;
        case 'vector_size':
          result.vectorSize = attributeNumber(this, a);
          break;
        case 'mode':
          result.mode = (a.args ?? '').trim().replace(/^__(.*)__$/, '$1');
          break;
      }
    }
    return result;
  }

  // ---- the top level ----

  convertTranslationUnit(root: SyntaxNode): void {
    for (const node of root.children) {
      const bad = syntaxError(node);
      if (bad) throw this.syntaxError(bad);
      this.topLevel(node);
    }
  }

  syntaxError(bad: SyntaxNode): CDefError {
    const what = declaredWhatAt(this, bad);
    const problem = bad.missing
      ? `syntax error: expected '${bad.type.replace(/_/g, ' ')}'`
      : `syntax error: unexpected '${snippet(this.source(bad)) || 'end of input'}'`;
    return what ? this.within(what, () => this.error(bad, problem)) : this.error(bad, problem);
  }

  topLevel(node: SyntaxNode): void {
    switch (node.type) {
      case 'declaration':
        return this.declaration(node, null);
      case 'type_definition':
        return this.typedef(node);
      case 'function_definition':
        return this.declaration(node, 'inline');
      case 'struct_specifier':
      case 'union_specifier':
      case 'enum_specifier':
        specifierType(this, node, node);
        return;
      case 'linkage_specification': {
        const body = child(node, 'body');
        if (body) for (const c of body.type === 'declaration_list' ? body.children : [body]) this.topLevel(c);
        return;
      }
      case ';':
      case 'comment':
      case '{':
      case '}':
        return;
      case 'expression_statement':
        if (node.children.length === 1 && node.children[0]!.type === ';') return;
        throw this.error(node, `expected a declaration, found '${snippet(this.source(node))}'`);
      default:
        throw this.error(node, `expected a declaration, found '${snippet(this.source(node))}'`);
    }
  }

  /** `declaration` (prototypes, variables) and `function_definition` (bodies, skipped). */
  declaration(node: SyntaxNode, body: 'inline' | null): void {
    const declarators = childrenOf(node, 'declarator');
    const words = storageWords(this, node);
    const storage = words.has('static') ? 'static' : words.has('extern') ? 'extern' : null;
    const first = declarators[0];
    const what = first ? declaredWhat(this, first) : null;
    this.within(what ?? 'declaration', () => {
      const base = specifierType(this, node, first ?? node);
      if (!first) {
        if (base.type.kind === 'struct' || base.type.kind === 'union' || base.type.kind === 'enum') return;
        throw this.error(node, 'declaration declares nothing');
      }
      const shared = this.takeAttributes(this.previousTokenEnd(node.start), first.start);
      declarators.forEach((d, i) => {
        const end = declarators[i + 1]?.start ?? node.end;
        const segment = i === 0 ? null : declaredWhat(this, d);
        const run = () => this.oneDeclarator(d, end, base, shared, storage, body !== null || words.has('inline'));
        if (segment) this.within(segment, run); else run();
      });
    });
  }

  oneDeclarator(
    declarator: SyntaxNode, end: number, base: { type: CType; quals: Quals },
    shared: readonly Attribute[], storage: 'extern' | 'static' | null, inline: boolean,
  ): void {
    const own = this.takeAttributes(declarator.start, end);
    const attrs = this.declaratorAttributes([...shared, ...own]);
    const d = applyDeclarator(this, declarator, base.type, base.quals, attrs);
    if (!d.name) throw this.error(declarator, 'declaration has no name');
    const asmName = this.asmLabel(declarator.start, end);
    const loc = this.loc(d.nameNode ?? declarator);
    if (d.type.kind === 'function') {
      const decl: FunctionDecl = { kind: 'function', name: d.name, type: d.type, asmName, inline, storage, loc };
      this.declare(decl, declarator);
    } else if (d.type.kind === 'void') {
      throw this.error(declarator, `variable '${d.name}' declared void`);
    } else {
      const decl: VariableDecl = { kind: 'variable', name: d.name, type: d.type, quals: d.quals, asmName, storage, loc };
      this.declare(decl, declarator);
    }
  }

  /** `typedef <type> <declarators>;` */
  typedef(node: SyntaxNode): void {
    const declarators = childrenOf(node, 'declarator');
    if (declarators.length === 0) throw this.error(node, 'typedef declares no name');
    this.within(`typedef ${declaratorName(this, declarators[0]!) ?? '?'}`, () => {
      const typeNode = child(node, 'type')!;
      const opaque = this.takeMarks('opaque-typedef', typeNode.start, typeNode.end).length > 0;
      const intDots = this.takeMarks('int-dots', typeNode.end, declarators[0]!.start).length > 0;
      const base = specifierType(this, node, declarators[0]!);
      const shared = this.takeAttributes(node.start, declarators[0]!.start);
      declarators.forEach((declarator, i) => {
        const end = declarators[i + 1]?.start ?? node.end;
        const attrs = this.declaratorAttributes([...shared, ...this.takeAttributes(declarator.start, end)]);
        const d = applyDeclarator(this, declarator, base.type, base.quals, { ...attrs, aligned: null });
        if (!d.name) throw this.error(declarator, 'typedef declares no name');
        const type: CType = opaque || intDots ? { kind: 'opaque', name: d.name, integer: intDots } : d.type;
        const decl: TypedefDecl = { kind: 'typedef', name: d.name, type, quals: d.quals, aligned: attrs.aligned, loc: this.loc(d.nameNode ?? declarator) };
        this.declare(decl, declarator);
      });
    });
  }
}

/**
 * The first ERROR or MISSING node of a top-level node, ignoring what cbridge tolerates:
 * the name tree-sitter invents for an unnamed bitfield (`int : 3;`) and anything inside a
 * function body, which is skipped anyway.
 */
function syntaxError(node: SyntaxNode, parent: SyntaxNode | null = null): SyntaxNode | null {
  if (node.type === 'ERROR') return node;
  if (node.missing) {
    const unnamedBitfield = node.type === 'field_identifier' && parent?.children.some((c) => c.type === 'bitfield_clause');
    return unnamedBitfield ? null : node;
  }
  if (parent?.type === 'function_definition' && node.field === 'body') return null;
  for (const c of node.children) {
    const e = syntaxError(c, node);
    if (e) return e;
  }
  return null;
}

/** A best-effort declaration path for a syntax error: the name declared on its line, if any. */
function declaredWhatAt(cv: Converter, bad: SyntaxNode): string | null {
  const lineStart = cv.text.lastIndexOf('\n', bad.start) + 1;
  const before = cv.text.slice(lineStart, bad.start);
  const m = /([A-Za-z_]\w*)\s*\(/.exec(before);
  return m ? `function ${m[1]}` : null;
}

function snippet(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** Storage classes and function specifiers written on a declaration. */
function storageWords(cv: Converter, node: SyntaxNode): Set<string> {
  const words = new Set<string>();
  for (const c of node.children) if (c.type === 'storage_class_specifier') words.add(cv.source(c).trim());
  return words;
}

/**
 * `function f` / `variable x`, for error paths: a name is a function when the declarator
 * level closest to it is a function declarator (`int *f(void)`, not `int (*f)(void)`).
 */
function declaredWhat(cv: Converter, declarator: SyntaxNode): string | null {
  const name = declaratorName(cv, declarator);
  if (!name) return null;
  let closest = '';
  for (let d: SyntaxNode | undefined = declarator; d; ) {
    if (d.type === 'parenthesized_declarator') {
      d = d.children.find((c) => c.named);
    } else {
      if (d.type === 'function_declarator' || d.type === 'pointer_declarator' || d.type === 'array_declarator') closest = d.type;
      d = child(d, 'declarator');
    }
  }
  return closest === 'function_declarator' ? `function ${name}` : `variable ${name}`;
}
