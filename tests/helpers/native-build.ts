/**
 * Builds the C side of tests: shared libraries (fixtures called from JS) and small programs
 * (reference implementations whose output is the expected value), with the system compiler.
 *
 * Invariant: outputs are cached (abi/compiler.ts: by a hash of source and flags, written to a
 * temporary name and renamed) under `node_modules/.cache/cbridge-tests/`, so parallel test
 * files never see a half-written library. Sources are compiled from a copy, so `#include`s of
 * headers beside them are found through `-I` of their directory.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../abi/compiler.js';

const CACHE = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'cbridge-tests');

export interface BuildOptions {
  /** Extra flags, e.g. `['-lz']`, `['-pthread']`. */
  readonly flags?: readonly string[];
}

function build(sourceFile: string, output: 'shared' | 'program', options: BuildOptions): string {
  const name = sourceFile.replace(/^.*\//, '').replace(/\.c$/, '');
  const flags = ['-O1', '-g', '-Wall', `-I${sourceFile.replace(/\/[^/]*$/, '')}`, ...(options.flags ?? [])];
  return compile(readFileSync(sourceFile, 'utf8'), { flags, cacheDir: CACHE, name, output });
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
