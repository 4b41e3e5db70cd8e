/**
 * Ground truth from the compiler, without running anything it builds.
 *
 * Invariant: every number this file returns was written by gcc itself into the data section
 * of an assembly file (`gcc -S`), for the target asked for: `gcc` for x86_64 (the machine),
 * `aarch64-linux-gnu-gcc` for aarch64. Nothing is executed, so a cross target is as easy to
 * probe as the host. One probe is one compile: batch every question about a set of
 * declarations into one call.
 *
 * Two ways of asking:
 * - integer constants (`sizeof`, `_Alignof`, `offsetof`, `(T)-1 < 0`) go into one
 *   `const unsigned long long cb_vals[]` array;
 * - a bitfield's position (offsetof cannot take a bitfield) comes from a global initialised
 *   with only that member set to -1 (`T cb_bf_3 = { .path.to.field = -1 };`): the set bits of
 *   its bytes are the field (bit 0 = least significant bit of byte 0; both targets are
 *   little-endian).
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ProbeTarget = 'x86_64' | 'aarch64';

export interface ProbeOptions {
  readonly includeDirs?: readonly string[];
  readonly cflags?: readonly string[];
}

const COMPILERS: Record<ProbeTarget, { cc: string; apt: string }> = {
  x86_64: { cc: 'gcc', apt: 'gcc' },
  aarch64: { cc: 'aarch64-linux-gnu-gcc', apt: 'gcc-aarch64-linux-gnu' },
};

/** Directive -> bytes per value. `.word` is 2 bytes in x86 syntax but 4 on aarch64. */
const DATA_WIDTHS: Record<ProbeTarget, Record<string, number>> = {
  x86_64: { '.byte': 1, '.value': 2, '.short': 2, '.word': 2, '.hword': 2, '.2byte': 2, '.long': 4, '.int': 4, '.4byte': 4, '.quad': 8, '.8byte': 8 },
  aarch64: { '.byte': 1, '.hword': 2, '.short': 2, '.2byte': 2, '.word': 4, '.long': 4, '.int': 4, '.4byte': 4, '.xword': 8, '.quad': 8, '.8byte': 8 },
};

const compilerChecked = new Map<ProbeTarget, string | null>();

/** The compiler for `target`; throws (never skips) when it is not installed. */
export function compilerFor(target: ProbeTarget): string {
  const { cc, apt } = COMPILERS[target];
  if (!compilerChecked.has(target)) {
    const r = spawnSync(cc, ['--version'], { encoding: 'utf8' });
    compilerChecked.set(target, r.error || r.status !== 0 ? String(r.error ?? r.stderr) : null);
  }
  const problem = compilerChecked.get(target);
  if (problem) {
    throw new Error(
      `${cc} not found (${problem.trim()}): the ${target} layout tests need it as their oracle. ` +
        `Install it with \`apt-get install -y ${apt}\`.`,
    );
  }
  return cc;
}

/** Compile `source` to assembly text for `target`; on failure the error shows gcc's stderr and the numbered source. */
export function compileToAsm(source: string, target: ProbeTarget, options: ProbeOptions = {}): string {
  const cc = compilerFor(target);
  const dir = mkdtempSync(join(tmpdir(), 'cb-probe-'));
  try {
    const src = join(dir, 'probe.c');
    const out = join(dir, 'probe.s');
    writeFileSync(src, source);
    const args = ['-S', '-O0', '-w', ...(options.includeDirs ?? []).map((d) => `-I${d}`), ...(options.cflags ?? []), '-o', out, src];
    const r = spawnSync(cc, args, { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      const numbered = source.split('\n').map((line, i) => `${String(i + 1).padStart(4)} | ${line}`).join('\n');
      throw new Error(`${cc} ${args.join(' ')} failed (${r.error ?? `exit ${r.status}`}):\n${r.stderr}\n--- source ---\n${numbered}`);
    }
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes of every labelled data object in `asm` (local `.L` labels excluded). */
export function parseDataSymbols(asm: string, target: ProbeTarget): Map<string, Uint8Array> {
  const widths = DATA_WIDTHS[target];
  const result = new Map<string, number[]>();
  let current: number[] | null = null;
  for (const raw of asm.split('\n')) {
    const line = raw.replace(/\s+#.*$|\s+\/\/.*$/, '').trim();
    if (!line) continue;
    const label = /^([A-Za-z_$][\w$.]*):$/.exec(line);
    if (label) {
      current = label[1]!.startsWith('.L') ? null : [];
      if (current) result.set(label[1]!, current);
      continue;
    }
    if (!current) continue;
    const m = /^(\.[\w]+)\s*(.*)$/.exec(line);
    if (!m) {
      current = null; // an instruction: this label is code
      continue;
    }
    const [, directive, operands] = m as unknown as [string, string, string];
    const width = widths[directive];
    if (width !== undefined) {
      for (const operand of operands.split(',')) pushInt(current, parseInteger(operand, line), width);
    } else if (directive === '.zero' || directive === '.skip' || directive === '.space') {
      const count = Number(parseInteger(operands.split(',')[0]!, line));
      for (let i = 0; i < count; i++) current.push(0);
    } else if (directive === '.string' || directive === '.asciz' || directive === '.ascii') {
      for (const bytes of parseStrings(operands, line)) {
        current.push(...bytes);
        if (directive !== '.ascii') current.push(0);
      }
    } else {
      current = null; // GCC emits nothing but data inside an object: any other directive ends it
    }
  }
  return new Map([...result].filter(([, bytes]) => bytes.length > 0).map(([name, bytes]) => [name, Uint8Array.from(bytes)]));
}

function parseInteger(text: string, line: string): bigint {
  const t = text.trim();
  if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(t)) throw new Error(`gcc-probe: not an integer constant in '${line}' (a relocation?)`);
  return t.startsWith('-') ? -BigInt(t.slice(1)) : BigInt(t);
}

function pushInt(out: number[], value: bigint, width: number): void {
  let v = BigInt.asUintN(width * 8, value);
  for (let i = 0; i < width; i++, v >>= 8n) out.push(Number(v & 0xffn));
}

/** Operands of `.string "a\0b", "c"` -> byte arrays, decoding GNU as escapes. */
function parseStrings(operands: string, line: string): number[][] {
  const strings: number[][] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(operands); m; m = re.exec(operands)) {
    const bytes: number[] = [];
    const body = m[1]!;
    for (let i = 0; i < body.length; i++) {
      const ch = body[i]!;
      if (ch !== '\\') {
        bytes.push(...Buffer.from(ch, 'latin1'));
        continue;
      }
      const next = body[++i]!;
      const octal = /^[0-7]{1,3}/.exec(body.slice(i));
      if (octal) {
        bytes.push(parseInt(octal[0], 8) & 0xff);
        i += octal[0].length - 1;
      } else if (next === 'x') {
        const hex = /^[0-9a-f]+/i.exec(body.slice(i + 1));
        if (!hex) throw new Error(`gcc-probe: bad \\x escape in '${line}'`);
        bytes.push(parseInt(hex[0].slice(-2), 16));
        i += hex[0].length;
      } else {
        const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, '\\': 92, '"': 34, "'": 39 };
        if (simple[next] === undefined) throw new Error(`gcc-probe: unknown escape \\${next} in '${line}'`);
        bytes.push(simple[next]);
      }
    }
    strings.push(bytes);
  }
  return strings;
}

/** One compile of `source`; the bytes of every global data symbol it defines. */
export function probeValues(source: string, target: ProbeTarget, options: ProbeOptions = {}): Map<string, Uint8Array> {
  return parseDataSymbols(compileToAsm(source, target, options), target);
}

/** Little-endian 64-bit values (both targets are little-endian). */
export function readU64s(bytes: Uint8Array): bigint[] {
  if (bytes.length % 8 !== 0) throw new Error(`gcc-probe: ${bytes.length} bytes is not a whole number of 64-bit values`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: bigint[] = [];
  for (let i = 0; i < bytes.length; i += 8) out.push(view.getBigUint64(i, true));
  return out;
}

/** The one contiguous run of set bits in `bytes`, or null if no bit is set. */
export function setBitRange(bytes: Uint8Array): { bitOffset: number; bitWidth: number } | null {
  let first = -1, last = -1, count = 0;
  bytes.forEach((byte, i) => {
    for (let b = 0; b < 8; b++) {
      if (byte & (1 << b)) {
        if (first < 0) first = i * 8 + b;
        last = i * 8 + b;
        count++;
      }
    }
  });
  if (first < 0) return null;
  if (count !== last - first + 1) throw new Error(`gcc-probe: set bits are not contiguous (${first}..${last}, ${count} set)`);
  return { bitOffset: first, bitWidth: count };
}

// ---------------------------------------------------------------------------------------
// Layout questions about declared types, answered by one compile.

/** A member to locate: `path` as written after `.` in C (`a.b`, `arr[3].x`, or `arr.3.x`). */
export interface ProbeFieldRequest {
  readonly path: string;
  readonly bitfield: boolean;
  /** A flexible array member: ask its offset only (gcc refuses its sizeof). */
  readonly unsized?: boolean;
}

export interface ProbeTypeRequest {
  /** The type as C spells it: `struct s`, `pack1_t`, `enum color`, `unsigned long`. */
  readonly cname: string;
  readonly fields?: readonly ProbeFieldRequest[];
  /** Also ask `(T)-1 < 0` (integer and enum types only). */
  readonly signedness?: boolean;
}

/** Where gcc put a member. Non-bitfields: `offset` and `size`; bitfields: also `bitOffset`, `bitWidth`. */
export interface ProbedField {
  readonly offset: number;
  readonly size?: number;
  readonly bitOffset?: number;
  readonly bitWidth?: number;
}

export interface ProbedType {
  readonly size: number;
  readonly align: number;
  readonly signed?: boolean;
  readonly fields: ReadonlyMap<string, ProbedField>;
}

/** `a.3.b` / `a[3].b` -> `a[3].b` (C's member designator syntax). */
export function cMemberPath(path: string): string {
  return path
    .split('.')
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : (i ? '.' : '') + part))
    .join('');
}

/**
 * Sizes, alignments, member offsets, bitfield positions and signedness of `types`, declared
 * by `source`, as gcc lays them out for `target`. One compile for all of them.
 */
export function layoutProbe(
  source: string,
  types: readonly ProbeTypeRequest[],
  target: ProbeTarget,
  options: ProbeOptions = {},
): ProbedType[] {
  const vals: string[] = [];
  const bitfieldVars: string[] = [];
  const plan = types.map((t) => {
    const base = vals.length;
    vals.push(`sizeof(${t.cname})`, `_Alignof(${t.cname})`);
    if (t.signedness) vals.push(`((${t.cname})-1 < 0)`);
    const fields = (t.fields ?? []).map((f) => {
      const member = cMemberPath(f.path);
      if (!f.bitfield) {
        const at = vals.length;
        vals.push(`__builtin_offsetof(${t.cname}, ${member})`);
        if (!f.unsized) vals.push(`sizeof(((${t.cname} *)0)->${member})`);
        return { path: f.path, at, sized: !f.unsized, symbol: null };
      }
      const symbol = `cb_bf_${bitfieldVars.length}`;
      bitfieldVars.push(`${t.cname} ${symbol} = { .${member} = -1 };`);
      return { path: f.path, at: -1, sized: false, symbol };
    });
    return { base, signedness: !!t.signedness, fields };
  });
  const text = [
    source,
    '',
    '/* --- layout probe --- */',
    ...bitfieldVars,
    `const unsigned long long cb_vals[] = {\n  ${vals.length ? vals.join(',\n  ') : '0'}\n};`,
    '',
  ].join('\n');
  const symbols = probeValues(text, target, options);
  const cbVals = symbols.get('cb_vals');
  if (!cbVals) throw new Error('gcc-probe: cb_vals missing from the assembly');
  const v = readU64s(cbVals).map(Number);
  return plan.map((p) => {
    const fields = new Map<string, ProbedField>();
    for (const f of p.fields) {
      if (f.symbol === null) {
        fields.set(f.path, f.sized ? { offset: v[f.at]!, size: v[f.at + 1]! } : { offset: v[f.at]! });
        continue;
      }
      const bytes = symbols.get(f.symbol);
      const range = bytes && setBitRange(bytes);
      if (!range) throw new Error(`gcc-probe: setting ${f.path} to -1 set no bit (${f.symbol})`);
      fields.set(f.path, { offset: Math.floor(range.bitOffset / 8), ...range });
    }
    return {
      size: v[p.base]!,
      align: v[p.base + 1]!,
      ...(p.signedness ? { signed: v[p.base + 2] === 1 } : {}),
      fields,
    };
  });
}
