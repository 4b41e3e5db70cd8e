/**
 * Builds the C side of tests: shared libraries (fixtures called from JS) and small programs
 * (reference implementations whose output is the expected value), with the system compiler.
 *
 * Invariant: outputs are cached by a hash of the source and flags under
 * `node_modules/.cache/cbridge-tests/`, written to a temporary name and renamed into place, so
 * parallel test files never see a half-written library.
 */

import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CACHE = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'cbridge-tests');

export interface BuildOptions {
  /** Extra flags, e.g. `['-lz']`, `['-pthread']`. */
  readonly flags?: readonly string[];
}

function build(sourceFile: string, kind: 'shared' | 'program', options: BuildOptions): string {
  const source = readFileSync(sourceFile, 'utf8');
  const flags = options.flags ?? [];
  const hash = createHash('sha256').update(kind).update(source).update(flags.join('\0')).digest('hex').slice(0, 16);
  const name = sourceFile.replace(/^.*\//, '').replace(/\.c$/, '');
  const out = join(CACHE, kind === 'shared' ? `lib${name}-${hash}.so` : `${name}-${hash}`);
  if (existsSync(out)) return out;
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const args = ['-O1', '-g', '-Wall', '-o', tmp, sourceFile, ...(kind === 'shared' ? ['-shared', '-fPIC'] : []), ...flags];
  const r = spawnSync('cc', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cc ${args.join(' ')} failed:\n${r.stderr}`);
  renameSync(tmp, out);
  return out;
}

/** Compile `sourceFile` into a shared library; returns its path. */
export function buildSharedLibrary(sourceFile: string, options: BuildOptions = {}): string {
  return build(sourceFile, 'shared', options);
}

/** Compile `sourceFile` into a program; returns its path. */
export function buildProgram(sourceFile: string, options: BuildOptions = {}): string {
  return build(sourceFile, 'program', options);
}

/** Compile and run a reference program; returns its stdout parsed as JSON. */
export function runReference<T = unknown>(sourceFile: string, options: BuildOptions & { args?: readonly string[] } = {}): T {
  const program = buildProgram(sourceFile, options);
  const out = execFileSync(program, options.args ?? [], { encoding: 'utf8' });
  return JSON.parse(out) as T;
}

/** Run python3 (the machine's CPython) on a script; returns stdout parsed as JSON. */
export function runPython<T = unknown>(script: string): T {
  const out = execFileSync('python3', ['-c', script], { encoding: 'utf8' });
  return JSON.parse(out) as T;
}

export function writeTemp(name: string, text: string): string {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, name);
  writeFileSync(file, text);
  return file;
}
