/**
 * Ground truth for a real header: what `ffi.cdefHeader(header)` declares, checked number by
 * number against gcc compiling `#include <header>` for the machine (x86_64).
 *
 * Invariants:
 * - Every expected value comes from gcc: numbers are read from the data directives of
 *   `gcc -S` output (one global per question, so nothing is executed), and "is this macro an
 *   integer constant expression" is asked of gcc too (see `Probe.ice`). Which questions are
 *   asked is derived from our declarations (every complete struct/union, recursively through
 *   members, every enumerator, every typedef) and, for `#define`s, from gcc's own
 *   preprocessor output (`-E -dD`), so a macro the parser dropped is noticed as well as one
 *   it misclassified.
 * - One question per source line, so a question gcc rejects (a member it does not have, a
 *   macro that is not an expression) is an error on that line only: the line is blanked, the
 *   compile repeated, and the error becomes gcc's answer to that question. A macro whose
 *   expansion could spill into the next line is asked in a compile of its own.
 * - A few compiles per header: `-E -dD`, `-E` of the questions, `-S` (repeated only while
 *   gcc rejects questions), plus one per spilling macro.
 * - Nothing here decides that a difference is acceptable: every difference is a mismatch,
 *   reported with the header, the declaration, the member path and both values.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FFI } from '../../ffi.js';
import type { CTypeInfo } from '../../abi/ctype-info.js';
import { Layouts } from '../../abi/layout.js';
import { getTarget } from '../../abi/target.js';
import type { Decl } from '../../cdef/decls.js';
import type { CType } from '../../cdef/types.js';
import { underlying } from '../../cdef/types.js';
import { compilerFor, parseDataSymbols, readU64s, setBitRange } from './gcc-probe.js';

export interface HeaderCase {
  /** As written in `#include <...>`. */
  readonly header: string;
  /** The Debian package that installs it, named in the failure when it is missing. */
  readonly apt?: string;
  readonly includeDirs?: readonly string[];
}

export interface HeaderCounts {
  /** Structs and unions compared (by tag or by typedef name), and their members. */
  records: number;
  fields: number;
  bitfields: number;
  /** Tags we declare incomplete, checked to be incomplete for gcc too. */
  incomplete: number;
  enumTypes: number;
  enumerators: number;
  typedefs: number;
  /** Object-like `#define`s of the header itself: integer constants and other macros. */
  defineConstants: number;
  defineMacros: number;
}

export interface HeaderCheck {
  readonly header: string;
  /** The file gcc resolved the header to. */
  readonly headerFile: string;
  readonly counts: HeaderCounts;
  readonly mismatches: string[];
}

const CC_FLAGS = ['-O0', '-w'];

/**
 * Compare everything `cdefHeader(header)` declares with gcc. Records are asked by tag, and by
 * typedef name when they have no tag (or the typedef changes their alignment); a record C
 * cannot name at all is reached through the members of the one containing it.
 * Throws only when the check itself cannot run (a missing header names its Debian package).
 */
export function checkHeader(c: HeaderCase): HeaderCheck {
  const includeDirs = c.includeDirs ?? [];
  const cpp = preprocessorFacts(c);
  const ffi = new FFI({ target: 'x86_64' });
  ffi.cdefHeader(c.header, { includeDirs });
  const layouts = new Layouts(getTarget('x86_64'));
  const probe = new Probe(`#include <${c.header}>`, cpp.allMacros);
  const counts: HeaderCounts = {
    records: 0, fields: 0, bitfields: 0, incomplete: 0, enumTypes: 0, enumerators: 0, typedefs: 0, defineConstants: 0, defineMacros: 0,
  };
  const checks: (() => string | null)[] = [];
  const decls = ffi.declarations;
  const at = (d: Decl) => `${d.loc.file.replace(/^.*\/include\//, '')}:${d.loc.line}`;

  /** Queue a comparison of one number: ours (or why we have none) against gcc's value of `expr`. */
  const compareValue = (what: string, ours: () => bigint | number | boolean, expr: string, show: (v: bigint) => string = String): void => {
    const mine = attempt(() => BigInt(ours()));
    const q = probe.value(expr);
    checks.push(() => {
      const theirs = probe.answer(q);
      if (typeof mine === 'bigint' && typeof theirs === 'bigint' && mine === theirs) return null;
      const o = typeof mine === 'bigint' ? show(mine) : `error: ${mine.message}`;
      const g = typeof theirs === 'bigint' ? show(theirs) : `error: ${theirs.message}`;
      return `${what}: ours ${o}, gcc ${g}`;
    });
  };

  // 1. Structs and unions: by tag, and anonymous ones by their typedef name.
  const recordSubjects: { cname: string; decl: Decl }[] = [];
  for (const d of decls) {
    if ((d.kind === 'struct' || d.kind === 'union') && d.type.fields !== null) recordSubjects.push({ cname: `${d.kind} ${d.name}`, decl: d });
    if ((d.kind === 'struct' || d.kind === 'union') && d.type.fields === null) {
      counts.incomplete++;
      const q = probe.value(`sizeof(${d.kind} ${d.name})`);
      checks.push(() => {
        const theirs = probe.answer(q);
        return typeof theirs === 'bigint' ? `${d.kind} ${d.name} (${at(d)}): ours incomplete, gcc complete (sizeof ${theirs})` : null;
      });
    }
    if (d.kind === 'typedef') {
      const t = underlying(d.type);
      if ((t.kind === 'struct' || t.kind === 'union') && t.fields !== null && (t.name === null || d.aligned !== null)) {
        recordSubjects.push({ cname: d.name, decl: d });
      }
    }
  }
  for (const { cname, decl } of recordSubjects) {
    counts.records++;
    const where = `${cname} (${at(decl)})`;
    compareValue(`${where}: sizeof`, () => ffi.sizeof(cname), `sizeof(${cname})`);
    compareValue(`${where}: alignof`, () => ffi.alignof(cname), `_Alignof(${cname})`);
    let info: CTypeInfo;
    try {
      info = ffi.typeof(cname);
      info.fields; // lay it out once here, so a failure is reported once, not per member
    } catch (e) {
      checks.push(() => `${where}: ours cannot list its members (${(e as Error).message})`);
      continue;
    }
    const walk = (record: CTypeInfo, prefix: string, base: number): void => {
      for (const f of record.fields!) {
        const kind = f.type.kind;
        if (f.name === null) {
          // An anonymous struct/union member: its members are named as if they were ours.
          if (f.bitWidth === undefined && (kind === 'struct' || kind === 'union')) walk(f.type, prefix, base + f.offset);
          continue; // an unnamed bitfield has no C name: covered by its neighbours and the size
        }
        const path = prefix + f.name;
        if (f.bitWidth !== undefined) {
          counts.bitfields++;
          const ours = { bitOffset: base * 8 + f.bitOffset!, bitWidth: f.bitWidth };
          const q = probe.bitfield(cname, path);
          checks.push(() => {
            const theirs = probe.bits(q);
            if (!(theirs instanceof Error) && theirs.bitOffset === ours.bitOffset && theirs.bitWidth === ours.bitWidth) return null;
            const g = theirs instanceof Error ? `error: ${theirs.message}` : `bit ${theirs.bitOffset} width ${theirs.bitWidth}`;
            return `${where}: bitfield ${path}: ours bit ${ours.bitOffset} width ${ours.bitWidth}, gcc ${g}`;
          });
          continue;
        }
        member(f.type, path, base + f.offset);
        if (kind === 'struct' || kind === 'union') walk(f.type, path + '.', base + f.offset);
      }
    };
    /**
     * Offset, size and (for integers) signedness of the member at `path`, then the last
     * element of an array member. `listed`: the offset `typeof(...).fields` gives it, which
     * must agree with `offsetof`.
     */
    const member = (type: CTypeInfo, path: string, listed: number | null): void => {
      counts.fields++;
      compareValue(`${where}: offsetof(${path})`, () => ffi.offsetof(cname, path), `__builtin_offsetof(${cname}, ${path})`);
      const offset = attempt(() => ffi.offsetof(cname, path));
      if (listed !== null && typeof offset === 'number' && offset !== listed) {
        checks.push(() => `${where}: ${path}: typeof(...).fields puts it at ${listed}, offsetof at ${offset}`);
      }
      const length = type.length;
      if (length === null || typeof length === 'number') {
        compareValue(`${where}: sizeof(${path})`, () => type.size, `sizeof(((${cname} *)0)->${path})`);
      }
      const int = attempt(() => layouts.intInfo(type.type));
      if (int !== null) {
        compareValue(`${where}: signed(${path})`, () => {
          if (int instanceof Error) throw int;
          return int.signed;
        }, `((__typeof__(((${cname} *)0)->${path}))-1 < 0)`);
      }
      if (typeof length === 'number' && length > 0) {
        const item = type.item!;
        const elementPath = `${path}[${length - 1}]`;
        member(item, elementPath, null);
        if (item.kind === 'struct' || item.kind === 'union') {
          const base = attempt(() => ffi.offsetof(cname, elementPath));
          if (typeof base === 'number') walk(item, elementPath + '.', base);
        }
      }
    };
    try {
      walk(info, '', 0);
    } catch (e) {
      checks.push(() => `${where}: ours failed listing members (${(e as Error).message})`);
    }
  }

  // 2. Enum types (size, alignment, signedness) and every enumerator's value.
  for (const d of decls) {
    let cname: string | null = null;
    if (d.kind === 'enum' && d.type.values !== null) cname = `enum ${d.name}`;
    if (d.kind === 'typedef') {
      const t = underlying(d.type);
      if (t.kind === 'enum' && t.values !== null && t.name === null) cname = d.name;
    }
    if (cname !== null) {
      counts.enumTypes++;
      const where = `${cname} (${at(d)})`;
      const name = cname;
      compareValue(`${where}: sizeof`, () => ffi.sizeof(name), `sizeof(${name})`);
      compareValue(`${where}: alignof`, () => ffi.alignof(name), `_Alignof(${name})`);
      compareValue(`${where}: signed`, () => layouts.intInfo((d as { type: CType }).type)!.signed, `((${name})-1 < 0)`);
    }
    if (d.kind === 'constant' && d.origin === 'enum') {
      counts.enumerators++;
      const value = d.value;
      compareValue(`enumerator ${d.name} (${at(d)})`, () => {
        if (value === '...') throw new Error("'...' (needs a compiler)");
        return asU64(value);
      }, `(unsigned long long)(${d.name})`, showU64);
    }
  }

  // 3. Typedefs with a size: sizeof and alignment (covers the primitive each one maps to).
  for (const d of decls) {
    if (d.kind !== 'typedef' || typeof attempt(() => ffi.sizeof(d.name)) !== 'number') continue;
    counts.typedefs++;
    compareValue(`typedef ${d.name} (${at(d)}): sizeof`, () => ffi.sizeof(d.name), `sizeof(${d.name})`);
    compareValue(`typedef ${d.name} (${at(d)}): alignof`, () => ffi.alignof(d.name), `_Alignof(${d.name})`);
    const int = attempt(() => layouts.intInfo(d.type));
    if (int !== null) compareValue(`typedef ${d.name} (${at(d)}): signed`, () => {
      if (int instanceof Error) throw int;
      return int.signed;
    }, `((${d.name})-1 < 0)`);
  }

  // 4. Object-like #defines of the header file: gcc's list (from cpp) and ours, compared both ways.
  const defineNames = new Set<string>(cpp.objectMacros.keys());
  for (const d of decls) {
    if ((d.kind === 'constant' && d.origin === 'define') || (d.kind === 'macro' && d.params === null)) defineNames.add(d.name);
  }
  for (const name of defineNames) {
    const gccBody = cpp.objectMacros.get(name);
    const constant = ffi.declaration('constant', name);
    const macro = ffi.declaration('macro', name);
    const where = `#define ${name}${gccBody !== undefined ? ` ${gccBody}` : ''}`;
    if (gccBody === undefined) {
      const d = (constant ?? macro)!;
      const fn = cpp.functionMacros.has(name) ? ' (function-like for gcc)' : '';
      checks.push(() => `${where} (${at(d)}): ours declares it, but it is not an object-like #define of ${cpp.headerFile}${fn}`);
      continue;
    }
    const mine = constant ?? macro;
    if (!mine) {
      checks.push(() => `${where}: not declared by us (neither constant nor macro)`);
      continue;
    }
    if (mine.kind === 'macro' && mine.params !== null) {
      checks.push(() => `${where}: ours a function-like macro, gcc object-like`);
      continue;
    }
    if (mine.loc.file !== cpp.headerFile && (mine.kind === 'macro' || mine.origin === 'define')) {
      checks.push(() => `${where}: ours at ${mine.loc.file}, gcc defines it in ${cpp.headerFile}`);
    }
    if (mine.kind === 'constant') counts.defineConstants++;
    else counts.defineMacros++;
    const ice = probe.ice(name);
    checks.push(() => {
      const theirs = probe.iceAnswer(ice);
      if (mine.kind === 'macro') {
        return typeof theirs === 'bigint' ? `${where}: ours not an integer constant (macro), gcc an integer constant expression = ${showU64(theirs)}` : null;
      }
      if (mine.value === '...') return `${where}: ours '...', gcc ${typeof theirs === 'bigint' ? showU64(theirs) : theirs.message}`;
      const o = asU64(mine.value);
      if (typeof theirs !== 'bigint') return `${where}: ours an integer constant = ${showU64(o)}, gcc not an integer constant expression (${theirs.message})`;
      return o === theirs ? null : `${where}: ours ${showU64(o)}, gcc ${showU64(theirs)}`;
    });
  }

  // Function-like macros: declared as such, with the same parameters.
  for (const [name, params] of cpp.functionMacros) {
    const macro = ffi.declaration('macro', name);
    const ours = macro?.params ? `(${macro.params.join(', ')})` : macro ? 'object-like' : ffi.declaration('constant', name) ? 'a constant' : 'not declared';
    if (ours !== `(${params.join(', ')})`) checks.push(() => `#define ${name}(${params.join(', ')}): ours ${ours}`);
  }

  probe.run(includeDirs);
  const mismatches: string[] = [];
  for (const check of checks) {
    const m = check();
    if (m !== null) mismatches.push(`${c.header}: ${m}`);
  }
  return { header: c.header, headerFile: cpp.headerFile, counts, mismatches };
}

// ---------------------------------------------------------------------------------------

function attempt<T>(f: () => T): T | Error {
  try {
    return f();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

const asU64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/** A 64-bit pattern as a decimal, with its signed reading when the top bit is set. */
function showU64(v: bigint): string {
  const s = BigInt.asIntN(64, v);
  return s < 0n ? `${v} (${s})` : String(v);
}

interface CppFacts {
  readonly headerFile: string;
  /** Object-like macros written in the header file itself and still defined at its end: name -> body. */
  readonly objectMacros: Map<string, string>;
  /** Function-like macros written in the header file itself: name -> parameter names. */
  readonly functionMacros: Map<string, string[]>;
  /** Every macro defined at the end of the header, wherever it was defined. */
  readonly allMacros: Set<string>;
}

/** What gcc's preprocessor says about the header: where it is and which macros it defines itself. */
function preprocessorFacts(c: HeaderCase): CppFacts {
  const cc = compilerFor('x86_64');
  const args = ['-E', '-dD', '-x', 'c', ...(c.includeDirs ?? []).map((d) => `-I${d}`), '-'];
  const r = spawnSync(cc, args, { input: `#include <${c.header}>\n`, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) {
    const stderr = String(r.stderr ?? r.error);
    if (/No such file or directory/.test(stderr)) {
      const install = c.apt ? ` Install the Debian package with \`apt-get install -y ${c.apt}\`.` : '';
      throw new Error(`${c.header} is not installed: these tests need it.${install}\n${stderr.trim()}`);
    }
    throw new Error(`${cc} ${args.join(' ')} failed:\n${stderr}`);
  }
  let headerFile: string | null = null;
  let current = '';
  const defined = new Map<string, { file: string; params: string[] | null; body: string }>();
  for (const line of r.stdout.split('\n')) {
    const marker = /^# \d+ "((?:[^"\\]|\\.)*)"((?: \d)*)$/.exec(line);
    if (marker) {
      const file = marker[1]!.replace(/\\(.)/g, '$1');
      if (headerFile === null && current === '<stdin>' && marker[2]!.includes('1')) headerFile = file;
      current = file;
      continue;
    }
    const def = /^#define ([A-Za-z_$][\w$]*)(?:\(([^)]*)\))?(?: (.*))?$/.exec(line);
    if (def) {
      const params = def[2] === undefined ? null : def[2].split(',').map((p) => p.trim()).filter((p) => p !== '');
      defined.set(def[1]!, { file: current, params, body: (def[3] ?? '').trim() });
      continue;
    }
    const undef = /^#undef ([A-Za-z_$][\w$]*)/.exec(line);
    if (undef) defined.delete(undef[1]!);
  }
  if (headerFile === null) throw new Error(`${c.header}: no line marker entering the header in ${cc} -E output`);
  const objectMacros = new Map<string, string>();
  const functionMacros = new Map<string, string[]>();
  for (const [name, d] of defined) {
    if (d.file !== headerFile) continue;
    if (d.params) functionMacros.set(name, d.params);
    else objectMacros.set(name, d.body);
  }
  return { headerFile, objectMacros, functionMacros, allMacros: new Set(defined.keys()) };
}

type Handle = number;

/**
 * One C translation unit of questions, one per line, each a global gcc must initialise with
 * a constant; answered by `gcc -S` (repeated without the lines gcc rejected).
 *
 * Two sections: first the questions about the header's macros (which must expand), then,
 * after `#undef`ing every macro named like an identifier they use, the questions about
 * declared names. Our names are the ones the declarations have after preprocessing (glibc's
 * `#define si_pid _sifields._kill.si_pid` is defined after `siginfo_t`, whose member is
 * really `si_pid`), so they must not be expanded again.
 */
class Probe {
  readonly #questions: { symbol: string; text: string; section: 'macros' | 'names'; line: number }[] = [];
  #errors = new Map<number, string>();
  #data = new Map<string, Uint8Array>();
  #ran = false;
  /** Lines of the prelude (the `#include`). */
  readonly #first: number;

  constructor(
    readonly prelude: string,
    /** Every macro defined at the end of the prelude (they may need `#undef`). */
    readonly macros: ReadonlySet<string>,
  ) {
    this.#first = prelude.split('\n').length;
  }

  #add(section: 'macros' | 'names', text: (symbol: string) => string): Handle {
    const symbol = `cb_q${this.#questions.length}`;
    this.#questions.push({ symbol, text: text(symbol), section, line: -1 });
    return this.#questions.length - 1;
  }

  /** The value of an integer expression over declared names, as a 64-bit pattern. */
  value(expr: string): Handle {
    return this.#add('names', (s) => `const unsigned long long ${s} = (unsigned long long)(${expr});`);
  }

  /** Where the bitfield at `path` of `cname` is: the set bits of a global with only it set to -1. */
  bitfield(cname: string, path: string): Handle {
    return this.#add('names', (s) => `${cname} ${s} = { .${path} = -1 };`);
  }

  /**
   * Whether macro `name` expands to an integer constant expression, and its value. C's own
   * test: `(void *)(e * 0)` is a null pointer constant (so `1 ? (int *)0 : it` has type
   * `int *`) exactly when `e` is an integer constant expression; gcc implements that strictly,
   * unlike `enum { x = e }`, which it accepts for anything it can fold (`(int)(long)(void *)0`,
   * `1.0 > 0`, `1 ? 2 : variable`). The value is only taken when it is one
   * (`__builtin_choose_expr` does not evaluate the other branch), so a string or a variable
   * never needs a relocation.
   */
  ice(name: string): Handle {
    const test = `_Generic((1 ? (int *)0 : (void *)((${name}) * 0ll)), int *: 1ull, default: 0ull)`;
    return this.#add('macros', (s) => `const unsigned long long ${s}[2] = { ${test}, __builtin_choose_expr(${test}, (unsigned long long)(${name}), 0ull) };`);
  }

  #source(): string[] {
    const lines = this.prelude.split('\n');
    const emit = (section: 'macros' | 'names') => {
      for (const q of this.#questions) {
        if (q.section !== section) continue;
        q.line = lines.length;
        lines.push(q.text);
      }
    };
    emit('macros');
    lines.push(`enum { ${END_OF_MACROS} };`);
    const used = new Set<string>();
    for (const q of this.#questions) {
      if (q.section === 'names') for (const w of q.text.match(/[A-Za-z_$][\w$]*/g) ?? []) if (this.macros.has(w)) used.add(w);
    }
    for (const name of [...used].sort()) lines.push(`#undef ${name}`);
    emit('names');
    return lines;
  }

  /**
   * Compile the questions. A macro whose expansion is not one balanced expression
   * (`UV_HANDLE_FIELDS` expands to member declarations) would make gcc's error recovery
   * swallow the next line, so such questions, found in `gcc -E` output, are compiled alone.
   */
  run(includeDirs: readonly string[]): void {
    const cc = compilerFor('x86_64');
    const dir = mkdtempSync(join(tmpdir(), 'cb-header-'));
    try {
      const src = join(dir, 'probe.c');
      const lines = this.#source();
      const flags = includeDirs.map((d) => `-I${d}`);
      writeFileSync(src, lines.join('\n') + '\n');
      const pre = spawnSync(cc, ['-E', ...flags, src], { encoding: 'utf8', maxBuffer: 1 << 30 });
      if (pre.error || pre.status !== 0) throw new Error(`${cc} -E ${src} failed:\n${pre.error ?? pre.stderr}`);
      const alone = this.#questions.filter((q) => q.section === 'macros' && !balanced(expansionOf(pre.stdout, q.symbol)));
      for (const q of alone) lines[q.line] = '';
      const batch = this.#compile(cc, dir, lines, flags);
      this.#errors = batch.errors;
      this.#data = batch.data;
      for (const q of alone) {
        const only = lines.map((text, i) => (i < this.#first ? text : i === q.line ? q.text : ''));
        const single = this.#compile(cc, dir, only, flags);
        for (const [line, message] of single.errors) this.#errors.set(line, message);
        for (const [symbol, bytes] of single.data) if (symbol === q.symbol) this.#data.set(symbol, bytes);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    this.#ran = true;
  }

  /** `gcc -S` of `lines`, blanking the questions gcc rejects until it accepts the rest. */
  #compile(cc: string, dir: string, source: readonly string[], flags: readonly string[]): { errors: Map<number, string>; data: Map<string, Uint8Array> } {
    const lines = [...source];
    const src = join(dir, 'probe.c');
    const out = join(dir, 'probe.s');
    const questionLines = new Set(this.#questions.map((q) => q.line));
    const errors = new Map<number, string>();
    for (let round = 0; ; round++) {
      writeFileSync(src, lines.join('\n') + '\n');
      const args = ['-S', ...CC_FLAGS, ...flags, '-o', out, src];
      const r = spawnSync(cc, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
      if (!r.error && r.status === 0) return { errors, data: parseDataSymbols(readFileSync(out, 'utf8'), 'x86_64') };
      let blanked = 0;
      for (const [index, message] of errorLines(String(r.stderr), src)) {
        if (!questionLines.has(index) || lines[index] === '') continue;
        if (!errors.has(index)) errors.set(index, message);
        lines[index] = '';
        blanked++;
      }
      if (blanked === 0 || round > 20) throw new Error(`${cc} ${args.join(' ')} failed outside the questions:\n${r.error ?? r.stderr}`);
    }
  }

  #bytes(h: Handle): Uint8Array | Error {
    if (!this.#ran) throw new Error('Probe: run() first');
    const q = this.#questions[h]!;
    const error = this.#errors.get(q.line);
    if (error !== undefined) return new Error(error);
    const bytes = this.#data.get(q.symbol);
    // gcc omits nothing it was asked to define; a missing symbol would be a parsing bug here.
    if (!bytes) throw new Error(`Probe: ${q.symbol} missing from gcc's assembly`);
    return bytes;
  }

  answer(h: Handle): bigint | Error {
    const bytes = this.#bytes(h);
    return bytes instanceof Error ? bytes : readU64s(bytes)[0]!;
  }

  bits(h: Handle): { bitOffset: number; bitWidth: number } | Error {
    const bytes = this.#bytes(h);
    if (bytes instanceof Error) return bytes;
    return setBitRange(bytes) ?? new Error('setting it to -1 set no bit');
  }

  /** The value of an integer constant expression, or why it is not one. */
  iceAnswer(h: Handle): bigint | Error {
    const bytes = this.#bytes(h);
    if (bytes instanceof Error) return bytes;
    const [isIce, value] = readU64s(bytes) as [bigint, bigint];
    return isIce === 1n ? value : new Error('an expression, but not an integer constant expression');
  }
}

/**
 * Errors of a gcc run, by the 0-based line of `src` they belong to. An error inside a macro
 * expansion is reported where the macro was defined, followed by notes leading back to the
 * line that expanded it: the first note in `src` names that line.
 */
function errorLines(stderr: string, src: string): Map<number, string> {
  const result = new Map<number, string>();
  let pending: string | null = null;
  for (const line of stderr.split('\n')) {
    const m = /^(.*?):(\d+):\d+: (error|warning|note): (.*)$/.exec(line);
    if (!m) continue;
    const [, file, lineNo, severity, message] = m as unknown as [string, string, string, string, string];
    if (severity === 'error') pending = message;
    else if (severity === 'warning') pending = null;
    if (pending !== null && file === src) {
      const index = Number(lineNo) - 1;
      if (!result.has(index)) result.set(index, pending);
      pending = null;
    }
  }
  return result;
}

const END_OF_MACROS = 'cb_end_of_macro_questions';

/** The preprocessed text of macro question `symbol`'s line: after its name, up to the next line. */
function expansionOf(preprocessed: string, symbol: string): string {
  const m = new RegExp(`\\b${symbol}\\b`).exec(preprocessed);
  if (!m) return '';
  const rest = preprocessed.slice(m.index + symbol.length);
  const next = new RegExp(`\\bconst unsigned long long cb_q\\d+\\b|\\benum \\{ ${END_OF_MACROS}\\b`).exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** Whether `text` is one declaration: brackets balanced, and its only `;` (outside literals) last. */
function balanced(text: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const body = text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '0').replace(/^#.*$/gm, '').trim();
  if (!body.endsWith(';')) return false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c in pairs) {
      if (stack.pop() !== pairs[c]) return false;
    } else if (c === ';' && i !== body.length - 1) return false;
    else if (c === '"' || c === "'") return false; // an unterminated literal
  }
  return stack.length === 0;
}
