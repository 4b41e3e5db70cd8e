/**
 * tree-sitter-c, read once into plain objects.
 *
 * Walking tree-sitter's own node objects costs a native call per property; the converter
 * touches every node of a declaration, so the tree is copied once with a cursor into
 * `SyntaxNode`s (type, field name, span, children) and tree-sitter is not consulted again.
 * Offsets are string indices: the scanner made the text ASCII, so bytes and UTF-16 units agree.
 */

import Parser from 'tree-sitter';
import C from 'tree-sitter-c';

export interface SyntaxNode {
  /** tree-sitter-c node type: `declaration`, `pointer_declarator`, `;`... */
  readonly type: string;
  /** The field name this node fills in its parent (`declarator`, `type`), or null. */
  readonly field: string | null;
  readonly start: number;
  readonly end: number;
  readonly named: boolean;
  /** A node tree-sitter inserted to recover from an error (zero width). */
  readonly missing: boolean;
  readonly children: readonly SyntaxNode[];
}

let parser: Parser | null = null;

/** Parse C text with tree-sitter-c. */
export function parseSyntax(text: string): SyntaxNode {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(C as unknown as Parser.Language);
  }
  const tree = parser.parse(text, undefined, { bufferSize: Math.max(text.length * 2 + 16, 32 * 1024) });
  const cursor = tree.walk();
  const build = (): SyntaxNode => {
    const children: SyntaxNode[] = [];
    const node = {
      type: cursor.nodeType,
      field: cursor.currentFieldName ?? null,
      start: cursor.startIndex,
      end: cursor.endIndex,
      named: cursor.nodeIsNamed,
      missing: cursor.nodeIsMissing,
      children,
    };
    if (cursor.gotoFirstChild()) {
      do children.push(build());
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    return node;
  };
  return build();
}

/** The child filling `field`, if any. */
export function child(node: SyntaxNode, field: string): SyntaxNode | undefined {
  for (const c of node.children) if (c.field === field) return c;
  return undefined;
}

/** All children filling `field`. */
export function childrenOf(node: SyntaxNode, field: string): SyntaxNode[] {
  return node.children.filter((c) => c.field === field);
}

/** The first ERROR or MISSING node below `node`, for error reporting. */
export function findError(node: SyntaxNode): SyntaxNode | null {
  if (node.type === 'ERROR' || node.missing) return node;
  for (const c of node.children) {
    const e = findError(c);
    if (e) return e;
  }
  return null;
}
