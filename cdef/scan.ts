/**
 * The scanner: one pass over C text before tree-sitter sees it.
 *
 * Invariant: the text handed to tree-sitter has exactly the length and line structure of the
 * input, so every offset, line and column tree-sitter reports is an offset, line and column
 * of what the user wrote. The scanner only ever *overwrites* characters:
 * - comments and preprocessor directives become spaces (directives are recorded:
 *   `#define`s, `#pragma pack`; line markers go to the SourceMap);
 * - GNU extensions tree-sitter-c does not parse everywhere become spaces and are recorded with
 *   their span: `__attribute__((...))`, `__asm__("name")`, `_Static_assert(...)`,
 *   `__extension__`, `_Complex`;
 * - GNU keyword spellings become the standard word padded with spaces (`__restrict` ->
 *   `restrict  `);
 * - cffi's `...` placeholders become spaces (or `int` in `typedef ... t;`) and leave a mark;
 * - non-ASCII characters become `?`, so tree-sitter's byte offsets equal string indices.
 * The converter then finds recorded items by offset (attributes inside a declaration's span
 * belong to it).
 */

import { CDefError, SourceMap } from './errors.js';

/** One attribute inside `__attribute__((...))`: `aligned(8)` -> `{ name: 'aligned', args: '8' }`. */
export interface Attribute {
  /** Name with GCC's optional surrounding underscores removed: `__packed__` -> `packed`. */
  readonly name: string;
  /** Raw argument text, null when written without parentheses. */
  readonly args: string | null;
  /** Offset of `args` in the text (for evaluating and reporting it). */
  readonly argsOffset: number;
}

export interface AttributeSpan {
  readonly start: number;
  readonly end: number;
  readonly attributes: readonly Attribute[];
}

export interface AsmLabel {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/**
 * `complex`: a `_Complex` keyword. `partial`: `...;` in a struct or `, ...` in an enum.
 * `array-dots`: `[...]`. `opaque-typedef`: `typedef ... t;`. `int-dots`: `typedef int... t;`.
 */
export type MarkKind = 'complex' | 'partial' | 'array-dots' | 'opaque-typedef' | 'int-dots';
export interface Mark {
  readonly offset: number;
  readonly kind: MarkKind;
}

export interface DefineDirective {
  readonly kind: 'define';
  readonly name: string;
  /** Parameters of a function-like macro, null for an object-like one. */
  readonly params: readonly string[] | null;
  readonly body: string;
  readonly offset: number;
  readonly bodyOffset: number;
}

export interface UndefDirective {
  readonly kind: 'undef';
  readonly name: string;
  readonly offset: number;
}

/** A pack state change: `pack` is the maximum alignment in force from `offset` on. */
export interface PackChange {
  readonly offset: number;
  readonly pack: number | null;
}

export interface ScanResult {
  readonly text: string;
  readonly attributes: readonly AttributeSpan[];
  readonly asmLabels: readonly AsmLabel[];
  readonly marks: readonly Mark[];
  readonly macros: readonly (DefineDirective | UndefDirective)[];
  readonly packChanges: readonly PackChange[];
}

export interface ScanOptions {
  /** Preprocessed input: line markers expected, other directives are not errors. */
  readonly preprocessed: boolean;
  /** Pack in force at the start (the `pack` option). */
  readonly initialPack: number | null;
}

const SPACE = 32, NL = 10, CR = 13, TAB = 9, HASH = 35, SLASH = 47, STAR = 42, BACKSLASH = 92;
const DQUOTE = 34, SQUOTE = 39, LPAREN = 40, RPAREN = 41, LBRACK = 91, RBRACK = 93, LBRACE = 123, RBRACE = 125, DOT = 46, SEMI = 59;

/** Words replaced by their standard spelling, padded to the same length. */
const RESPELL: Record<string, string> = {
  __restrict: 'restrict', __restrict__: 'restrict',
  __inline: 'inline', __inline__: 'inline',
  __const: 'const', __const__: 'const',
  __volatile: 'volatile', __volatile__: 'volatile',
  __signed: 'signed', __signed__: 'signed',
  __alignof: '_Alignof', __alignof__: '_Alignof',
  __builtin_offsetof: 'offsetof',
  __typeof: 'typeof', __typeof__: 'typeof',
};
/** Words dropped: they change nothing cbridge models. */
const DROP = new Set(['__extension__', '_Noreturn', '__thread', '_Thread_local', 'thread_local', '__auto_type']);
const COMPLEX = new Set(['_Complex', '__complex__', '__complex']);
const ATTRIBUTE = new Set(['__attribute__', '__attribute']);
const ASM = new Set(['__asm__', '__asm', 'asm']);
const STATIC_ASSERT = new Set(['_Static_assert', 'static_assert']);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

export function scan(source: string, sourceMap: SourceMap, options: ScanOptions): ScanResult {
  const n = source.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    out[i] = c < 128 ? c : 63;
  }
  const attributes: AttributeSpan[] = [];
  const asmLabels: AsmLabel[] = [];
  const marks: Mark[] = [];
  const macros: (DefineDirective | UndefDirective)[] = [];
  const packChanges: PackChange[] = [];
  const brackets: number[] = [];
  const packStack: (number | null)[] = [];
  let pack = options.initialPack;
  let lastWord = '';
  let lineStart = true;

  const fail = (offset: number, problem: string): never => {
    throw new CDefError(sourceMap.loc(offset), null, problem, sourceMap);
  };
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== NL && out[k] !== CR) out[k] = SPACE;
  };
  const text = (from: number, to: number) => Buffer.from(out.subarray(from, to)).toString('latin1');

  /** Skip a comment starting at i (which is `/`); returns the index after it, blanking it. */
  const skipComment = (i: number): number => {
    if (out[i + 1] === STAR) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) fail(i, 'unterminated comment');
      blank(i, end + 2);
      return end + 2;
    }
    let j = i;
    while (j < n && out[j] !== NL) {
      if (out[j] === BACKSLASH && out[j + 1] === NL) j++;
      j++;
    }
    blank(i, j);
    return j;
  };
  const skipQuoted = (i: number): number => {
    const quote = out[i]!;
    let j = i + 1;
    while (j < n && out[j] !== quote) {
      if (out[j] === NL) return j; // unterminated: tree-sitter reports it
      if (out[j] === BACKSLASH) j++;
      j++;
    }
    return j + 1;
  };
  /** Index of the next character that is not whitespace or a comment. */
  const skipSpace = (i: number): number => {
    for (;;) {
      while (i < n && (out[i] === SPACE || out[i] === NL || out[i] === TAB || out[i] === CR || out[i] === 12 || out[i] === 11)) i++;
      if (out[i] === SLASH && (out[i + 1] === STAR || out[i + 1] === SLASH)) i = skipComment(i);
      else if (out[i] === BACKSLASH && out[i + 1] === NL) i += 2;
      else return i;
    }
  };
  /** Given `(` at i, the index after its matching `)`. */
  const skipParens = (i: number): number => {
    let depth = 0;
    for (let j = i; j < n; ) {
      const c = out[j]!;
      if (c === DQUOTE || c === SQUOTE) { j = skipQuoted(j); continue; }
      if (c === SLASH && (out[j + 1] === STAR || out[j + 1] === SLASH)) { j = skipComment(j); continue; }
      if (c === LPAREN) depth++;
      else if (c === RPAREN && --depth === 0) return j + 1;
      j++;
    }
    return fail(i, "unbalanced '(': no matching ')'");
  };

  let i = 0;
  while (i < n) {
    const c = out[i]!;
    if (c === NL) { lineStart = true; i++; continue; }
    if (c === SPACE || c === TAB || c === CR || c === 12 || c === 11) { i++; continue; }
    if (c === SLASH && (out[i + 1] === STAR || out[i + 1] === SLASH)) { i = skipComment(i); continue; }
    if (c === HASH && lineStart) { i = directive(i); continue; }
    if (c === BACKSLASH && out[i + 1] === NL) { i += 2; continue; }
    lineStart = false;
    if (c === DQUOTE || c === SQUOTE) { i = skipQuoted(i); lastWord = ''; continue; }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(out[j]!)) j++;
      i = word(i, j);
      continue;
    }
    if (c === LPAREN || c === LBRACK || c === LBRACE) brackets.push(c);
    else if (c === RPAREN || c === RBRACK || c === RBRACE) brackets.pop();
    else if (c === DOT && out[i + 1] === DOT && out[i + 2] === DOT) { i = dots(i); continue; }
    lastWord = c === SEMI || c === LBRACE || c === RBRACE ? '' : String.fromCharCode(c);
    i++;
  }

  return {
    text: maskOffsetofMembers(text(0, n)),
    attributes, asmLabels, marks, macros, packChanges,
  };

  function word(start: number, end: number): number {
    const w = source.slice(start, end);
    const respelled = RESPELL[w];
    if (respelled !== undefined) {
      for (let k = 0; k < w.length; k++) out[start + k] = k < respelled.length ? respelled.charCodeAt(k) : SPACE;
      lastWord = respelled;
      return end;
    }
    if (DROP.has(w)) { blank(start, end); return end; }
    if (COMPLEX.has(w)) { blank(start, end); marks.push({ offset: start, kind: 'complex' }); return end; }
    if (ATTRIBUTE.has(w)) return attribute(start, end);
    if (ASM.has(w)) return asm(start, end);
    if (STATIC_ASSERT.has(w)) {
      const open = skipSpace(end);
      if (out[open] !== LPAREN) fail(start, `expected '(' after ${w}`);
      let after = skipParens(open);
      const semi = skipSpace(after);
      if (out[semi] === SEMI) after = semi + 1;
      blank(start, after);
      return after;
    }
    lastWord = w;
    return end;
  }

  function attribute(start: number, end: number): number {
    const open = skipSpace(end);
    if (out[open] !== LPAREN) fail(start, "expected '((' after __attribute__");
    const close = skipParens(open);
    const inner = skipSpace(open + 1);
    if (out[inner] !== LPAREN) fail(start, "expected '((' after __attribute__");
    attributes.push({ start, end: close, attributes: parseAttributeList(inner + 1, close - 2) });
    blank(start, close);
    return close;
  }

  /** Split `packed, aligned (8), format(printf, 1, 2)` into attributes. */
  function parseAttributeList(from: number, to: number): Attribute[] {
    const list: Attribute[] = [];
    let k = from;
    while (k < to) {
      k = skipSpace(k);
      if (k >= to) break;
      if (out[k] === 44) { k++; continue; } // ','
      let e = k;
      while (e < to && isIdentPart(out[e]!)) e++;
      if (e === k) fail(k, 'malformed __attribute__');
      const name = source.slice(k, e).replace(/^__(.*)__$/, '$1');
      let args: string | null = null;
      let argsOffset = e;
      const p = skipSpace(e);
      if (out[p] === LPAREN && p < to) {
        const q = skipParens(p);
        args = source.slice(p + 1, q - 1);
        argsOffset = p + 1;
        e = q;
      }
      list.push({ name, args, argsOffset });
      k = e;
    }
    return list;
  }

  function asm(start: number, end: number): number {
    let open = skipSpace(end);
    // `__asm__ volatile (...)` / `asm goto (...)` inside bodies.
    while (isIdentStart(out[open]!)) {
      let e = open;
      while (isIdentPart(out[e]!)) e++;
      open = skipSpace(e);
    }
    if (out[open] !== LPAREN) fail(start, `expected '(' after ${source.slice(start, end)}`);
    const close = skipParens(open);
    const strings = source.slice(open + 1, close - 1).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
    asmLabels.push({ start, end: close, name: strings.map((s) => s.slice(1, -1)).join('') });
    blank(start, close);
    return close;
  }

  function dots(start: number): number {
    const context = brackets[brackets.length - 1];
    const end = start + 3;
    if (context === LPAREN) { lastWord = '...'; return end; } // variadic
    blank(start, end);
    if (context === LBRACK) {
      marks.push({ offset: start, kind: 'array-dots' });
    } else if (context === LBRACE) {
      marks.push({ offset: start, kind: 'partial' });
      const semi = skipSpace(end);
      if (out[semi] === SEMI) { blank(semi, semi + 1); return semi + 1; }
    } else if (lastWord === 'typedef') {
      out[start] = 105; out[start + 1] = 110; out[start + 2] = 116; // `int` stands in
      marks.push({ offset: start, kind: 'opaque-typedef' });
    } else {
      marks.push({ offset: start, kind: 'int-dots' });
    }
    return end;
  }

  /** A directive from `#` at `start` to the end of its (continued) line. */
  function directive(start: number): number {
    let j = start;
    while (j < n && out[j] !== NL) {
      const c = out[j]!;
      if (c === SLASH && (out[j + 1] === STAR || out[j + 1] === SLASH)) {
        // A block comment may span lines inside a directive; it still ends the directive's text.
        j = skipComment(j);
        continue;
      }
      if (c === DQUOTE || c === SQUOTE) { j = Math.min(skipQuoted(j), n); continue; }
      if (c === BACKSLASH && out[j + 1] === NL) { j += 2; continue; }
      j++;
    }
    const line = text(start + 1, j).replace(/\\\n/g, ' ');
    handleDirective(start, line);
    blank(start, j);
    lineStart = true;
    return j;
  }

  function handleDirective(offset: number, line: string): void {
    const m = /^\s*(\w*)/.exec(line)!;
    const keyword = m[1]!;
    const rest = line.slice(m[0].length);
    const bodyOffset = offset + 1 + m[0].length;
    if (/^\d+$/.test(keyword) || keyword === 'line') {
      const lm = /^\s*(\d+)?\s*(?:"((?:[^"\\]|\\.)*)")?/.exec(keyword === 'line' ? rest : `${keyword}${rest}`)!;
      const lineNo = Number(lm[1]);
      const nextLine = source.indexOf('\n', offset);
      if (!Number.isNaN(lineNo) && nextLine >= 0) {
        const file = lm[2] !== undefined ? lm[2].replace(/\\(.)/g, '$1') : null;
        sourceMap.addLineMarker(nextLine + 1, lineNo, file);
      }
      return;
    }
    switch (keyword) {
      case 'define': {
        const d = /^\s+([A-Za-z_$][\w$]*)(\(([^)]*)\))?/.exec(rest);
        if (!d) fail(offset, `malformed #define: '#${line.trim()}'`);
        const params = d![2] === undefined ? null : d![3]!.split(',').map((p) => p.trim()).filter((p) => p !== '');
        const body = rest.slice(d![0].length);
        const leading = body.length - body.trimStart().length;
        macros.push({ kind: 'define', name: d![1]!, params, body: body.trim(), offset, bodyOffset: bodyOffset + d![0].length + leading });
        return;
      }
      case 'undef': {
        const u = /^\s+([A-Za-z_$][\w$]*)/.exec(rest);
        if (u) macros.push({ kind: 'undef', name: u[1]!, offset });
        return;
      }
      case 'pragma': {
        const p = /^\s*pack\s*\(\s*(push|pop)?\s*,?\s*(\d+)?\s*\)/.exec(rest);
        if (!p) return; // other pragmas change nothing we model
        if (p[1] === 'push') packStack.push(pack);
        if (p[1] === 'pop') pack = packStack.length ? packStack.pop()! : options.initialPack;
        if (p[2] !== undefined) {
          const v = Number(p[2]);
          if (v !== 0 && (v & (v - 1)) !== 0) fail(offset, `#pragma pack(${v}): alignment must be a power of two`);
          pack = v || null;
        } else if (!p[1]) pack = options.initialPack; // `#pragma pack()` resets
        packChanges.push({ offset, pack });
        return;
      }
      case '':
        return; // the null directive
      default:
        if (options.preprocessed) return;
        fail(offset, `'#${keyword}' is not supported in cdef() text (only #define and #pragma pack are; ` +
          `use cdefHeader() to run the C preprocessor on a real header)`);
    }
  }
}

/** Items of a sorted-by-offset list whose offset lies in [from, to). Binary search. */
export function inRange<T extends { readonly start: number } | { readonly offset: number }>(
  list: readonly T[], from: number, to: number,
): T[] {
  const at = (t: T) => ('start' in t ? t.start : t.offset);
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(list[mid]!) < from) lo = mid + 1;
    else hi = mid;
  }
  const result: T[] = [];
  for (let k = lo; k < list.length && at(list[k]!) < to; k++) result.push(list[k]!);
  return result;
}

/**
 * tree-sitter-c accepts only an identifier as `offsetof`'s member; C allows a designator path
 * (`offsetof(struct s, in.arr[1])`). The path's `.`, `[`, `]` and inner blanks become `_`, so
 * tree-sitter sees one identifier of the same length; the evaluator reads the real path back
 * from the unmasked text at the same offsets.
 */
export function maskOffsetofMembers(text: string): string {
  const OFFSETOF = /\boffsetof\s*\(/g;
  let result = text;
  for (let m = OFFSETOF.exec(text); m; m = OFFSETOF.exec(text)) {
    let depth = 1, comma = -1, i = m.index + m[0].length;
    for (; i < text.length && depth > 0; i++) {
      const c = text[i];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (c === ',' && depth === 1 && comma < 0) comma = i;
    }
    if (comma < 0 || depth !== 0) continue;
    const member = text.slice(comma + 1, i - 1);
    const path = member.trim();
    if (!/^[A-Za-z_$][\w$]*(\s*(\.\s*[A-Za-z_$][\w$]*|\[\s*\d+\s*\]))*$/.test(path)) continue;
    const start = comma + 1 + member.indexOf(path);
    result = result.slice(0, start) + path.replace(/[.[\]\s]/g, '_') + result.slice(start + path.length);
  }
  return result;
}

/**
 * The scanner's word rewrites (GNU spellings to standard ones, dropped words) applied to a
 * fragment that did not go through `scan`, such as a `#define` body. Length-preserving.
 */
export function respellWords(text: string): string {
  return text.replace(/[A-Za-z_$][\w$]*/g, (w) => {
    const standard = RESPELL[w];
    if (standard !== undefined) return standard.padEnd(w.length);
    return DROP.has(w) ? ' '.repeat(w.length) : w;
  });
}

// Every respelling must fit in the word it replaces: the scanner never moves text.
for (const [word, standard] of Object.entries(RESPELL)) {
  if (standard.length > word.length) throw new Error(`scan.ts: '${standard}' does not fit in '${word}'`);
}
