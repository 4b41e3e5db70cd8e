/**
 * The parser's entry points: C text in, declarations out.
 *
 * Invariant: a parse either succeeds completely or leaves the declarations as they were
 * (it works on a clone and adopts it at the end), and whatever goes wrong inside comes out
 * as a `CDefError`: a stack overflow on absurdly nested input is reported like a syntax error.
 */

import { Converter } from './converter.js';
import type { TypeMetrics } from './converter.js';
import type { Decl } from './decls.js';
import { Declarations } from './decls.js';
import { Defines } from './defines.js';
import { CDefError, SourceMap } from './errors.js';
import { scan } from './scan.js';
import type { DefineDirective } from './scan.js';
import { child, findError, parseSyntax } from './syntax.js';
import { typeDescriptor } from './declarators.js';
import type { CType, Quals } from './types.js';

export interface CdefOptions {
  /** Name used for positions in errors; default `<cdef>`. */
  readonly filename?: string;
  /** Let these declarations replace earlier, different ones (cffi's `override=True`). */
  readonly override?: boolean;
  /** Lay out every struct as if `__attribute__((packed))`-ish: maximum member alignment 1. */
  readonly packed?: boolean;
  /** Maximum member alignment, as `#pragma pack(n)` before the text. */
  readonly pack?: number;
}

export interface ParseRequest extends CdefOptions {
  /** The text is `cc -E` output: line markers are honoured, other directives ignored. */
  readonly preprocessed?: boolean;
  /** Which `#define`s become declarations (all by default). */
  readonly includeDefine?: (define: DefineDirective, file: string) => boolean;
}

export interface ParseResult {
  /** Declarations this parse added or completed, in source order (a clone, not yet adopted). */
  readonly decls: Declarations;
  readonly sourceMap: SourceMap;
}

/** Parse `source` on top of `existing` (which is not modified) and return the new declaration map. */
export function parseDeclarations(source: string, existing: Declarations, metrics: TypeMetrics | null, request: ParseRequest = {}): ParseResult {
  const sourceMap = new SourceMap(source, request.filename ?? '<cdef>');
  const initialPack = request.pack ?? (request.packed ? 1 : null);
  if (initialPack !== null && (initialPack < 1 || (initialPack & (initialPack - 1)) !== 0)) {
    throw new CDefError(sourceMap.loc(0), null, `pack must be a power of two, not ${initialPack}`);
  }
  const decls = existing.clone();
  try {
    const scanned = scan(source, sourceMap, { preprocessed: request.preprocessed ?? false, initialPack });
    const defines = new Defines(scanned.macros);
    const cv = new Converter(scanned.text, scanned, sourceMap, decls, defines, metrics, {
      override: request.override ?? false,
      initialPack,
    });
    cv.convertTranslationUnit(parseSyntax(scanned.text));
    const include = request.includeDefine;
    const constants = defines.declarations(cv, include ? (d) => include(d, sourceMap.loc(d.offset).file) : () => true);
    for (const c of constants) cv.within(`#define ${c.name}`, () => cv.declare<Decl>(c, c.loc.offset));
  } catch (e) {
    if (e instanceof RangeError) {
      throw new CDefError(sourceMap.loc(0), null, 'declarations nested too deeply to parse');
    }
    throw e;
  }
  return { decls, sourceMap };
}

const TYPE_PREFIX = 'int __cbridge_type = (\n';
const TYPE_SUFFIX = '\n)0;';

/**
 * Parse a type name as C spells it in a cast: `'int[4]'`, `'struct z_stream_s'`,
 * `'int (*)(const void *, const void *)'`. Errors point into `text` as file `<type>`.
 * Tags first mentioned here are not added to `decls`.
 */
export function parseTypeName(text: string, decls: Declarations, metrics: TypeMetrics | null): { type: CType; quals: Quals } {
  const source = TYPE_PREFIX + text + TYPE_SUFFIX;
  const sourceMap = new SourceMap(source, '<type>');
  sourceMap.addLineMarker(TYPE_PREFIX.length, 1, '<type>');
  const scanned = scan(source, sourceMap, { preprocessed: false, initialPack: null });
  const cv = new Converter(scanned.text, scanned, sourceMap, decls.clone(), new Defines([]), metrics, { override: false, initialPack: null });
  const root = parseSyntax(scanned.text);
  const declaration = root.children.length === 1 ? root.children[0]! : null;
  const init = declaration && child(declaration, 'declarator');
  const cast = init && child(init, 'value');
  const bad = findError(root);
  if (!cast || cast.type !== 'cast_expression' || bad) {
    const at = bad && bad.start >= TYPE_PREFIX.length ? bad.start : TYPE_PREFIX.length;
    throw new CDefError(sourceMap.loc(Math.min(at, source.length - TYPE_SUFFIX.length)), null, `'${text}' is not a C type name`, sourceMap);
  }
  return typeDescriptor(cv, child(cast, 'type')!);
}
