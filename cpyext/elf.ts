/**
 * What a shared object exports, imports and links: a reader for 64-bit little-endian ELF
 * files (x86-64, aarch64), enough to answer those three questions without running anything.
 *
 * Invariants:
 * - Facts come from the section headers only: `.dynsym` (the table the dynamic linker
 *   resolves against) with its string table named by the section's `sh_link`, and
 *   `.dynamic` (its `DT_NEEDED` entries) with its own `sh_link` string table. `.symtab`
 *   (debug symbols, absent from stripped files) is never read.
 * - The file is read whole, once per call; nothing is cached, so a rebuilt file is seen.
 * - Anything that is not a 64-bit little-endian ELF file, or whose tables point outside the
 *   file, is an `ElfError` naming the file and what is wrong, never a wrong answer.
 * - Symbol names are bare (no `@VERSION`), each listed once, in table order.
 */

import { readFileSync } from 'node:fs';

export class ElfError extends Error {
  override readonly name = 'ElfError';
}

export interface DynamicSymbols {
  /**
   * Symbols the file provides to others: defined (`st_shndx != SHN_UNDEF`), with global,
   * weak or GNU-unique binding and default or protected visibility (both are exported).
   */
  readonly defined: string[];
  /** Symbols the file needs from others (`SHN_UNDEF`), weak ones included; the null symbol is not. */
  readonly undefined: string[];
}

const SHT_DYNAMIC = 6;
const SHT_DYNSYM = 11;
const SHN_UNDEF = 0;
const SHN_XINDEX = 0xffff;
const STB_GLOBAL = 1;
const STB_WEAK = 2;
const STB_GNU_UNIQUE = 10;
const STV_DEFAULT = 0;
const STV_PROTECTED = 3;
const DT_NULL = 0;
const DT_NEEDED = 1;
const SYM_SIZE = 24;
const DYN_SIZE = 16;
const SHDR_SIZE = 64;

interface Section {
  readonly type: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly entsize: number;
}

class Elf {
  readonly sections: Section[];
  readonly #view: DataView;

  constructor(readonly path: string, readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
      throw new ElfError(`${path}: not an ELF file (no \\x7fELF magic at the start)`);
    }
    if (bytes[4] !== 2) throw new ElfError(`${path}: a ${bytes[4] === 1 ? '32-bit' : `class-${bytes[4]}`} ELF file; only 64-bit ELF is supported`);
    if (bytes[5] !== 1) throw new ElfError(`${path}: a big-endian ELF file; only little-endian ELF is supported`);
    const shoff = this.u64(0x28);
    const shentsize = this.u16(0x3a);
    let shnum = this.u16(0x3c);
    let shstrndx = this.u16(0x3e);
    if (shoff === 0) {
      this.sections = [];
      return;
    }
    if (shentsize !== SHDR_SIZE) throw new ElfError(`${path}: section header entries are ${shentsize} bytes, expected ${SHDR_SIZE}`);
    // 0xff00 (SHN_LORESERVE) sections or more: the real count (and string table index) live in section 0.
    if (shnum === 0) shnum = this.u64(shoff + 32);
    if (shstrndx === SHN_XINDEX) shstrndx = this.u32(shoff + 40);
    this.check(shoff, shnum * SHDR_SIZE, 'the section header table');
    this.sections = [];
    for (let i = 0; i < shnum; i++) {
      const at = shoff + i * SHDR_SIZE;
      this.sections.push({
        type: this.u32(at + 4),
        offset: this.u64(at + 24),
        size: this.u64(at + 32),
        link: this.u32(at + 40),
        entsize: this.u64(at + 56),
      });
    }
  }

  u8(at: number): number {
    return this.#view.getUint8(at);
  }

  u16(at: number): number {
    return this.#view.getUint16(at, true);
  }

  u32(at: number): number {
    return this.#view.getUint32(at, true);
  }

  u64(at: number): number {
    const v = this.#view.getBigUint64(at, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`${this.path}: value ${v} at offset ${at} is too large`);
    return Number(v);
  }

  i64(at: number): bigint {
    return this.#view.getBigInt64(at, true);
  }

  /** Throw unless `[offset, offset + size)` lies inside the file. */
  check(offset: number, size: number, what: string): void {
    if (offset < 0 || size < 0 || offset + size > this.bytes.length) {
      throw new ElfError(`${this.path}: ${what} (offset ${offset}, ${size} bytes) extends past the end of the file (${this.bytes.length} bytes)`);
    }
  }

  section(type: number): Section | undefined {
    return this.sections.find((s) => s.type === type);
  }

  /** The string table of section `index` (a `sh_link`), as a function from offset to string. */
  strings(index: number, owner: string): (offset: number) => string {
    const table = this.sections[index];
    if (!table) throw new ElfError(`${this.path}: ${owner} links to section ${index}, which does not exist`);
    this.check(table.offset, table.size, `the string table of ${owner}`);
    return (offset) => {
      if (offset >= table.size) throw new ElfError(`${this.path}: string offset ${offset} is outside the string table of ${owner}`);
      const start = table.offset + offset;
      let end = start;
      const limit = table.offset + table.size;
      while (end < limit && this.bytes[end] !== 0) end++;
      return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, end - start).toString('latin1');
    };
  }
}

function open(path: string): Elf {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new ElfError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return new Elf(path, bytes);
}

/** The exported (defined) and imported (undefined) names of `path`'s dynamic symbol table. */
export function readDynamicSymbols(path: string): DynamicSymbols {
  const elf = open(path);
  const defined = new Set<string>();
  const undefined_ = new Set<string>();
  const dynsym = elf.section(SHT_DYNSYM);
  if (!dynsym) return { defined: [], undefined: [] };
  if (dynsym.entsize !== SYM_SIZE) throw new ElfError(`${path}: .dynsym entries are ${dynsym.entsize} bytes, expected ${SYM_SIZE}`);
  elf.check(dynsym.offset, dynsym.size, '.dynsym');
  const name = elf.strings(dynsym.link, '.dynsym');
  const count = Math.floor(dynsym.size / SYM_SIZE);
  for (let i = 1; i < count; i++) {
    const at = dynsym.offset + i * SYM_SIZE;
    const info = elf.u8(at + 4);
    const visibility = elf.u8(at + 5) & 3;
    const shndx = elf.u16(at + 6);
    const symbol = name(elf.u32(at));
    if (shndx === SHN_UNDEF) {
      if (symbol) undefined_.add(symbol);
      continue;
    }
    const binding = info >> 4;
    const exported = binding === STB_GLOBAL || binding === STB_WEAK || binding === STB_GNU_UNIQUE;
    if (exported && (visibility === STV_DEFAULT || visibility === STV_PROTECTED) && symbol) defined.add(symbol);
  }
  return { defined: [...defined], undefined: [...undefined_] };
}

/** The `DT_NEEDED` entries of `path` (the sonames it links against), in order. */
export function neededLibraries(path: string): string[] {
  const elf = open(path);
  const dynamic = elf.section(SHT_DYNAMIC);
  if (!dynamic) return [];
  elf.check(dynamic.offset, dynamic.size, '.dynamic');
  const name = elf.strings(dynamic.link, '.dynamic');
  const needed: string[] = [];
  for (let at = dynamic.offset; at + DYN_SIZE <= dynamic.offset + dynamic.size; at += DYN_SIZE) {
    const tag = elf.i64(at);
    if (tag === BigInt(DT_NULL)) break;
    if (tag === BigInt(DT_NEEDED)) needed.push(name(elf.u64(at + 8)));
  }
  return needed;
}
