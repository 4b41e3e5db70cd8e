/**
 * Real headers: run the system preprocessor, parse its output, expose the header's part.
 *
 * `cc -E -dD` gives the whole translation unit with `#define`s kept and line markers saying
 * which file each line came from; the parser maps positions back through those markers, so
 * every declaration knows its own header file and line.
 *
 * Invariant (scope `'header'`, the default): what becomes visible is exactly the declarations
 * written in the named header file itself, its integer `#define`s, and every declaration their
 * types reach (typedefs, tags and the enumerators of reached enums), transitively. Scope
 * `'all'` exposes everything the translation unit declares except the compiler's predefined
 * macros.
 */

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { TypeMetrics } from './converter.js';
import type { Decl } from './decls.js';
import { Declarations } from './decls.js';
import { CDefError } from './errors.js';
import type { CdefOptions, ParseResult } from './parse.js';
import { parseDeclarations } from './parse.js';
import type { CType } from './types.js';

export interface HeaderOptions extends Omit<CdefOptions, 'filename'> {
  /** `-I` directories. */
  readonly includeDirs?: readonly string[];
  /** `-D` macros: `{ NDEBUG: true, VERSION: 3, NAME: '"x"' }`. */
  readonly defines?: Readonly<Record<string, string | number | boolean>>;
  /** Any other flags for the preprocessor (`-std=gnu11`, `-m32` is not supported). */
  readonly cflags?: readonly string[];
  /** `'header'` (default): the header's own declarations and what they use. `'all'`: everything. */
  readonly scope?: 'header' | 'all';
  /** Compiler driver to run as `<cc> -E`; default `$CC` or `cc`. */
  readonly cc?: string;
}

export interface Preprocessed {
  readonly text: string;
  /** The path cpp resolved the header to (its line markers name it so). */
  readonly headerFile: string;
}

/** Run `cc -E -dD` on `#include <header>` (or `"path"` for a path to an existing file). */
export function preprocess(header: string, options: HeaderOptions = {}): Preprocessed {
  const isPath = /^\.{0,2}\//.test(header) || (header.includes('/') && existsSync(header) && !existsSync(`/usr/include/${header}`));
  const include = isPath ? `#include "${resolvePath(header)}"\n` : `#include <${header}>\n`;
  const cc = options.cc ?? process.env['CC'] ?? 'cc';
  const args = ['-E', '-dD', '-x', 'c'];
  for (const dir of options.includeDirs ?? []) args.push('-I', dir);
  for (const [name, value] of Object.entries(options.defines ?? {})) {
    if (value === false) args.push('-U', name);
    else args.push('-D', value === true ? name : `${name}=${value}`);
  }
  args.push(...(options.cflags ?? []), '-');
  let text: string;
  try {
    text = execFileSync(cc, args, { input: include, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    const why = err.code === 'ENOENT'
      ? `no C compiler '${cc}' found to preprocess headers (install gcc, or set CC)`
      : `the C preprocessor failed:\n${String(err.stderr ?? e).trim()}`;
    throw new CDefError({ file: header, line: 1, column: 0, offset: 0 }, null, why);
  }
  return { text, headerFile: includedFromStdin(text) ?? header };
}

/** The file cpp entered from `<stdin>` (line markers with flag 1 enter a file). */
function includedFromStdin(text: string): string | null {
  let current = '';
  for (const m of text.matchAll(/^# \d+ "((?:[^"\\]|\\.)*)"((?: \d+)*)$/gm)) {
    const file = m[1]!.replace(/\\(.)/g, '$1');
    if (current === '<stdin>' && m[2]!.split(' ').includes('1')) return file;
    current = file;
  }
  return null;
}

/** Preprocess and parse a real header on top of `existing`; returns the map with what it exposes added. */
export function parseHeader(header: string, existing: Declarations, metrics: TypeMetrics | null, options: HeaderOptions = {}): ParseResult {
  const { text, headerFile } = preprocess(header, options);
  const all = options.scope === 'all';
  const parsed = parseDeclarations(text, existing, metrics, {
    ...options,
    filename: headerFile,
    preprocessed: true,
    includeDefine: (_d, file) => (all ? !file.startsWith('<') : file === headerFile),
  });
  const isNew = (d: Decl) => existing.get(d.kind, d.name) !== d;
  const roots = [...parsed.decls].filter((d) => isNew(d) && (all || d.loc.file === headerFile));
  const exposed = reachable(parsed.decls, roots);
  const result = existing.clone();
  for (const d of parsed.decls) if (exposed.has(d) && isNew(d)) result.add(d, true);
  return { decls: result, sourceMap: parsed.sourceMap };
}

/** `roots` plus every declaration their types mention, transitively. */
function reachable(decls: Declarations, roots: readonly Decl[]): Set<Decl> {
  const seen = new Set<Decl>();
  const seenTypes = new Set<CType>();
  const visitDecl = (d: Decl | undefined): void => {
    if (!d || seen.has(d)) return;
    seen.add(d);
    switch (d.kind) {
      case 'function':
      case 'variable':
      case 'typedef':
      case 'struct':
      case 'union':
      case 'enum':
        visitType(d.type);
    }
  };
  const visitType = (t: CType): void => {
    if (seenTypes.has(t)) return;
    seenTypes.add(t);
    switch (t.kind) {
      case 'typedef-ref':
        visitDecl(decls.get('typedef', t.name));
        return visitType(t.target);
      case 'pointer':
        return visitType(t.to);
      case 'array':
      case 'vector':
        return visitType(t.of);
      case 'function':
        visitType(t.result);
        for (const p of t.params) visitType(p.type);
        return;
      case 'struct':
      case 'union':
        if (t.name !== null) visitDecl(decls.get(t.kind, t.name));
        for (const f of t.fields ?? []) visitType(f.type);
        return;
      case 'enum':
        if (t.name !== null) visitDecl(decls.get('enum', t.name));
        for (const v of t.values ?? []) visitDecl(decls.get('constant', v.name));
        return;
    }
  };
  for (const r of roots) visitDecl(r);
  return seen;
}
