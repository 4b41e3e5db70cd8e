/**
 * The system C compiler as a function: source in, shared library (or program) out, cached.
 *
 * Invariants:
 * - Output is cached by a hash of everything that affects it (source, flags, compiler
 *   version, Node ABI), so a changed input never reuses a stale binary.
 * - Output is written under a temporary name and renamed into place, so concurrent processes
 *   compiling the same thing never see (or produce) a half-written file.
 * - A missing compiler is a clear error naming it, not a spawn failure.
 */

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CompileOptions {
  /** Extra compiler and linker flags (`-O2`, `-lz`, `-I...`). */
  readonly flags?: readonly string[];
  /** Where to cache; default `$CBRIDGE_CACHE_DIR` or `~/.cache/cbridge`. */
  readonly cacheDir?: string;
  /** File name stem, for humans reading the cache. */
  readonly name?: string;
  /** `.c` (default) or `.cc` source. */
  readonly language?: 'c' | 'c++';
  /** A shared library (default) or an executable. */
  readonly output?: 'shared' | 'program';
}

export class CompileError extends Error {
  override readonly name = 'CompileError';
}

let compilerVersions = new Map<string, string>();

export function defaultCacheDir(): string {
  return process.env['CBRIDGE_CACHE_DIR'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'cbridge');
}

function compilerVersion(cc: string): string {
  let v = compilerVersions.get(cc);
  if (v === undefined) {
    const r = spawnSync(cc, ['--version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      throw new CompileError(`no C compiler: '${cc}' ${r.error ? `could not run (${(r.error as NodeJS.ErrnoException).code})` : 'failed'}; install gcc (or set CC)`);
    }
    compilerVersions.set(cc, (v = r.stdout.split('\n')[0]!));
  }
  return v;
}

/** Compile `source` and return the path of the cached output. */
export function compile(source: string, options: CompileOptions = {}): string {
  const cpp = options.language === 'c++';
  const cc = cpp ? (process.env['CXX'] ?? 'c++') : (process.env['CC'] ?? 'cc');
  const flags = options.flags ?? [];
  const output = options.output ?? 'shared';
  const hash = createHash('sha256')
    .update([compilerVersion(cc), process.versions.modules, process.arch, output, ...flags].join('\0'))
    .update('\0')
    .update(source)
    .digest('hex')
    .slice(0, 20);
  const dir = options.cacheDir ?? defaultCacheDir();
  const stem = `${options.name ?? 'module'}-${hash}`;
  const out = join(dir, output === 'shared' ? `lib${stem}.so` : stem);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const src = join(dir, `${stem}.${unique}.${cpp ? 'cc' : 'c'}`);
  const tmp = `${out}.${unique}.tmp`;
  writeFileSync(src, source);
  const args = [...(output === 'shared' ? ['-shared', '-fPIC'] : []), '-o', tmp, src, ...flags];
  const r = spawnSync(cc, args, { encoding: 'utf8' });
  rmSync(src, { force: true });
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    throw new CompileError(`${cc} ${args.join(' ')} failed:\n${(r.stderr || String(r.error)).trim()}`);
  }
  renameSync(tmp, out);
  return out;
}

/** For tests: forget which compilers were found. */
export function resetCompilerCache(): void {
  compilerVersions = new Map();
}

export interface ModuleSources {
  /** C translation unit (API mode: the user's source, thunks, layout checks), or null. */
  readonly c: string | null;
  /** C++ translation unit (the call stubs). */
  readonly cxx: string;
}

/**
 * Compile a C and a C++ translation unit into one shared library (each with its own compiler,
 * then linked by the C++ driver), cached like `compile`. `cflags` go to the C compile, `flags`
 * to the C++ compile, `ldflags` (libraries) to the link.
 */
export function compileModule(sources: ModuleSources, options: { name: string; flags: readonly string[]; cflags?: readonly string[]; ldflags?: readonly string[]; cacheDir?: string }): string {
  const cc = process.env['CC'] ?? 'cc';
  const cxx = process.env['CXX'] ?? 'c++';
  const hash = createHash('sha256')
    .update([compilerVersion(cc), compilerVersion(cxx), process.versions.modules, process.arch, ...options.flags, '|', ...(options.cflags ?? []), '|', ...(options.ldflags ?? [])].join('\0'))
    .update('\0').update(sources.c ?? '').update('\0').update(sources.cxx)
    .digest('hex').slice(0, 20);
  const dir = options.cacheDir ?? defaultCacheDir();
  const out = join(dir, `lib${options.name}-${hash}.so`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const base = join(dir, `${options.name}-${hash}.${unique}`);
  const run = (tool: string, args: string[], what: string) => {
    const r = spawnSync(tool, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new CompileError(`${what} failed (${tool} ${args.join(' ')}):\n${(r.stderr || String(r.error)).trim()}`);
  };
  const objects: string[] = [];
  const temps: string[] = [];
  try {
    if (sources.c !== null) {
      writeFileSync(`${base}.c`, sources.c);
      temps.push(`${base}.c`, `${base}.c.o`);
      run(cc, ['-c', '-fPIC', '-o', `${base}.c.o`, `${base}.c`, ...(options.cflags ?? [])], 'compiling the C source');
      objects.push(`${base}.c.o`);
    }
    writeFileSync(`${base}.cc`, sources.cxx);
    temps.push(`${base}.cc`, `${base}.cc.o`, `${base}.tmp`);
    run(cxx, ['-c', '-fPIC', '-o', `${base}.cc.o`, `${base}.cc`, ...options.flags], 'compiling the call stubs');
    objects.push(`${base}.cc.o`);
    run(cxx, ['-shared', '-o', `${base}.tmp`, ...objects, ...(options.ldflags ?? [])], 'linking');
    renameSync(`${base}.tmp`, out);
  } finally {
    for (const t of temps) rmSync(t, { force: true });
  }
  return out;
}
