/**
 * cpyext/elf.ts against binutils: the exported and imported names of real shared objects
 * (system libraries, a CPython stdlib extension, the Debian extension binaries the shim will
 * load) equal what `nm -D` lists, and the needed libraries what `readelf -d` lists. Files
 * that are not 64-bit little-endian ELF are clear errors naming the file. And what the
 * reader finds is used: every C-API symbol the real binaries import is declared in
 * cpyext/include (the shim must then define each of them).
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElfError, neededLibraries, readDynamicSymbols } from '../../cpyext/elf.js';
import { FFI } from '../../ffi.js';
import { REAL_EXTENSIONS, extensionPath } from '../helpers/debian.js';

/** `nm -D` names, without their `@VERSION` / `@@VERSION` suffix. */
function nm(path: string, which: '--defined-only' | '--undefined-only'): Set<string> {
  const out = execFileSync('nm', ['-D', which, path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const names = new Set<string>();
  for (const line of out.split('\n')) {
    const m = /^\s*(?:[0-9a-f]+\s+)?([A-Za-z?])\s+(\S+)$/.exec(line);
    if (!m) continue;
    // Lowercase letters other than u (unique), w/v (weak) and i (ifunc) are local symbols: not exported.
    if (which === '--defined-only' && /[a-z]/.test(m[1]!) && !/[uwvi]/.test(m[1]!)) continue;
    names.add(m[2]!.replace(/@.*$/, ''));
  }
  return names;
}

function readelfNeeded(path: string): string[] {
  const out = execFileSync('readelf', ['-d', '-W', path], { encoding: 'utf8' });
  return [...out.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]!);
}

const systemFiles = [
  '/usr/lib/x86_64-linux-gnu/libz.so.1',
  '/usr/lib/x86_64-linux-gnu/libc.so.6',
  '/usr/lib/x86_64-linux-gnu/libstdc++.so.6',
  '/usr/lib/python3.11/lib-dynload/_json.cpython-311-x86_64-linux-gnu.so',
  '/usr/lib/python3.11/lib-dynload/_ctypes.cpython-311-x86_64-linux-gnu.so',
].filter(existsSync);

const files = [...systemFiles, ...REAL_EXTENSIONS.map((e) => ({ pkg: e.pkg, path: e.path }))];
const label = (f: (typeof files)[number]) => (typeof f === 'string' ? f : `${f.pkg}: ${f.path}`);
const resolve = (f: (typeof files)[number]) => (typeof f === 'string' ? f : extensionPath(f.pkg, f.path));

describe('readDynamicSymbols and neededLibraries agree with binutils', () => {
  it('has the system files it means to check', () => {
    expect(systemFiles).toContain('/usr/lib/x86_64-linux-gnu/libz.so.1');
    expect(systemFiles).toContain('/usr/lib/x86_64-linux-gnu/libc.so.6');
  });

  for (const f of files) {
    it(label(f), () => {
      const path = resolve(f);
      const { defined, undefined: undef } = readDynamicSymbols(path);
      expect(new Set(defined)).toEqual(nm(path, '--defined-only'));
      expect(new Set(undef)).toEqual(nm(path, '--undefined-only'));
      expect(new Set(defined).size).toBe(defined.length);
      expect(neededLibraries(path)).toEqual(readelfNeeded(path));
    });
  }

  it('an extension exports its PyInit_ function and imports the C API', () => {
    const path = extensionPath('python3-xxhash', 'xxhash/_xxhash');
    const { defined, undefined: undef } = readDynamicSymbols(path);
    expect(defined).toContain('PyInit__xxhash');
    expect(undef).toContain('PyModule_Create2');
    expect(undef.filter((s) => s.startsWith('Py') || s.startsWith('_Py')).length).toBeGreaterThan(10);
    expect(neededLibraries(path)).toContain('libxxhash.so.0');
  });
});

describe('cpyext/include declares every C-API symbol the real binaries import', () => {
  const include = join(import.meta.dirname, '..', '..', 'cpyext', 'include');
  const wrapper = join(mkdtempSync(join(tmpdir(), 'cb-elf-api-')), 'all.h');
  writeFileSync(wrapper, ['Python.h', 'structmember.h', 'pythread.h', 'frameobject.h'].map((h) => `#include "${h}"\n`).join(''));
  const ffi = new FFI();
  ffi.cdefHeader(wrapper, { includeDirs: [include], scope: 'all' });
  const declared = new Set(ffi.declarations.filter((d) => d.kind === 'function' || d.kind === 'variable').map((d) => d.name));

  it.each(REAL_EXTENSIONS.map((e) => [e.module, e]))('%s', (_module, e) => {
    const api = readDynamicSymbols(extensionPath(e.pkg, e.path)).undefined.filter((s) => /^_?Py/.test(s));
    expect(api.length).toBeGreaterThan(0);
    expect(api.filter((s) => !declared.has(s)), 'imported but not declared in cpyext/include').toEqual([]);
  });
});

describe('files that are not 64-bit little-endian ELF', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-elf-'));
  const write = (name: string, bytes: Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const header = (cls: number, data: number) => {
    const b = new Uint8Array(64);
    b.set([0x7f, 0x45, 0x4c, 0x46, cls, data, 1]);
    return b;
  };

  it('a text file', () => {
    const path = write('text.so', new TextEncoder().encode('INPUT(-lfoo)\n'.repeat(10)));
    expect(() => readDynamicSymbols(path)).toThrow(ElfError);
    expect(() => readDynamicSymbols(path)).toThrow(`${path}: not an ELF file`);
    expect(() => neededLibraries(path)).toThrow(`${path}: not an ELF file`);
  });

  it('a 32-bit ELF file', () => {
    const path = write('elf32.so', header(1, 1));
    expect(() => readDynamicSymbols(path)).toThrow(`${path}: a 32-bit ELF file; only 64-bit ELF is supported`);
  });

  it('a big-endian ELF file', () => {
    const path = write('be.so', header(2, 2));
    expect(() => neededLibraries(path)).toThrow(`${path}: a big-endian ELF file`);
  });

  it('a truncated file', () => {
    const path = write('short.so', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1]));
    expect(() => readDynamicSymbols(path)).toThrow(`${path}: not an ELF file`);
  });

  it('section headers past the end of the file', () => {
    const b = header(2, 1);
    new DataView(b.buffer).setBigUint64(0x28, 4096n, true);
    new DataView(b.buffer).setUint16(0x3a, 64, true);
    new DataView(b.buffer).setUint16(0x3c, 3, true);
    const path = write('cut.so', b);
    expect(() => readDynamicSymbols(path)).toThrow(`${path}: the section header table`);
  });

  it('a missing file', () => {
    const path = join(dir, 'absent.so');
    expect(() => readDynamicSymbols(path)).toThrow(`${path}: cannot read (ENOENT)`);
  });

  it('an ELF file without dynamic sections has no symbols and needs nothing', () => {
    const b = header(2, 1); // e_shoff = 0: no section headers at all
    const path = write('bare.o', b);
    expect(readDynamicSymbols(path)).toEqual({ defined: [], undefined: [] });
    expect(neededLibraries(path)).toEqual([]);
  });
});
