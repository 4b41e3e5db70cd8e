/**
 * CPython extension modules for tests: one C file compiled into `<module>.cpython-311-x86_64-linux-gnu.so`
 * against either header set (cbridge's cpyext/include, or CPython's own python3.11 headers),
 * and python3 as the oracle that says what such a module should return.
 *
 * Invariants:
 * - A build is cached under `node_modules/.cache/cbridge-tests/cpyext/<name>-<headers>-<hash>/`,
 *   keyed by a hash of everything that decides the output: the source and the `.h` files
 *   beside it, every file of the header set (names and contents), the flags and the
 *   compiler's version. A changed header therefore never reuses a stale module.
 * - The build directory appears whole or not at all (compiled in a temporary directory, then
 *   renamed), so concurrent test workers never load a half-written module.
 * - The module file is named as CPython's importer expects (`<name>` + EXT_SUFFIX), so the
 *   same file can be imported by python3 (headers 'cpython') to produce expected values.
 */

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EXT_SUFFIX, debianPackage, DIST_PACKAGES } from './debian.js';

const REPO = resolve(import.meta.dirname, '..', '..');
const CACHE = join(REPO, 'node_modules', '.cache', 'cbridge-tests', 'cpyext');

/** The two header sets an extension can be compiled against. */
export const HEADER_DIRS = {
  cbridge: join(REPO, 'cpyext', 'include'),
  cpython: '/usr/include/python3.11',
} as const;

export type HeaderSet = keyof typeof HEADER_DIRS;

export interface ExtensionOptions {
  readonly headers: HeaderSet;
  /** Module name (default: the file's base name); the file must define `PyInit_<name>`. */
  readonly name?: string;
  /** Extra compiler flags (`-DNAME=1`, libraries). */
  readonly flags?: readonly string[];
}

const dirHashes = new Map<string, string>();

/** A hash of every file under `dir`: relative names and contents, in sorted order. */
function hashDirectory(dir: string): string {
  let h = dirHashes.get(dir);
  if (h) return h;
  const hash = createHash('sha256');
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = sub ? `${sub}/${name}` : name;
      const path = join(dir, rel);
      if (statSync(path).isDirectory()) walk(rel);
      else hash.update(`${rel}\0`).update(readFileSync(path)).update('\0');
    }
  };
  walk('');
  dirHashes.set(dir, (h = hash.digest('hex')));
  return h;
}

let gccVersion: string | null = null;

function compilerVersion(): string {
  if (gccVersion === null) {
    const r = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`cpython-ext: gcc is needed to build extension modules (${r.error?.message ?? r.stderr})`);
    gccVersion = r.stdout.split('\n')[0]!;
  }
  return gccVersion;
}

/**
 * Compile the single-file extension `cSourcePath` (gcc -shared -fPIC -O1 -g) against the
 * chosen headers; returns the path of `<name>.cpython-311-x86_64-linux-gnu.so`. Its
 * directory holds nothing else, so it can go on a module search path as is.
 */
export function buildExtension(cSourcePath: string, opts: ExtensionOptions): string {
  const name = opts.name ?? basename(cSourcePath).replace(/\.c$/, '');
  const include = HEADER_DIRS[opts.headers];
  if (!existsSync(join(include, 'Python.h'))) {
    throw new Error(
      `cpython-ext: ${include}/Python.h not found: ` +
        (opts.headers === 'cpython' ? 'install CPython 3.11\'s headers (`apt-get install -y python3-dev`)' : 'cpyext/include is incomplete'),
    );
  }
  const flags = [
    '-shared', '-fPIC', '-O1', '-g', '-std=gnu11', '-Wall',
    // Our headers must declare everything an extension calls: an undeclared function is an error, not a guess.
    '-Werror=implicit-function-declaration', '-Werror=int-conversion', '-Werror=incompatible-pointer-types',
    `-I${include}`, `-I${dirname(resolve(cSourcePath))}`, ...(opts.flags ?? []),
  ];
  const sourceDir = dirname(resolve(cSourcePath));
  const key = createHash('sha256')
    .update([compilerVersion(), name, opts.headers, hashDirectory(include), ...flags.filter((f) => f !== `-I${sourceDir}`)].join('\0'))
    .update('\0')
    .update(readFileSync(cSourcePath));
  // Headers beside the source (a shared test header) count too.
  for (const h of readdirSync(sourceDir).filter((f) => f.endsWith('.h')).sort()) key.update(`\0${h}\0`).update(readFileSync(join(sourceDir, h)));
  const dir = join(CACHE, `${name}-${opts.headers}-${key.digest('hex').slice(0, 24)}`);
  const out = join(dir, `${name}${EXT_SUFFIX}`);
  if (existsSync(out)) return out;
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(tmp);
  try {
    const args = [...flags, '-o', join(tmp, `${name}${EXT_SUFFIX}`), resolve(cSourcePath)];
    const r = spawnSync('gcc', args, { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      throw new Error(`cpython-ext: gcc ${args.join(' ')} failed (${opts.headers} headers):\n${(r.stderr || String(r.error)).trim()}`);
    }
    try {
      renameSync(tmp, dir);
    } catch (e) {
      if (!existsSync(out)) throw e; // another worker built the same module first
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

/** Flags every Cython fixture is compiled with (both header sets, and gen_fixture.py): Cython's
 * registration of its generator type with collections.abc runs Python source (PyRun_String),
 * which the shim cannot run; with it on, loading prints an unraisable error and a warning. */
export const CYTHON_FLAGS = ['-DCYTHON_REGISTER_ABCS=0'] as const;

/**
 * The C that Debian's Cython (package cython3, unpacked by debianPackage, never installed) makes
 * of `pyxPath`, run with /usr/bin/python3 from the .pyx's directory (so tracebacks name the
 * file as `<name>.pyx`). Cached like the builds: under the same cache directory, keyed by the
 * .pyx's contents and the Cython package, appearing whole or not at all.
 */
export function cythonize(pyxPath: string): string {
  const name = basename(pyxPath).replace(/\.pyx$/, '');
  const root = debianPackage('cython3');
  const version = existsSync(join(root, '..', 'deb')) ? readFileSync(join(root, '..', 'deb'), 'utf8').trim() : 'cython3';
  const key = createHash('sha256').update(`${version}\0${name}\0`).update(readFileSync(pyxPath)).digest('hex').slice(0, 24);
  const dir = join(CACHE, `${name}-cython-${key}`);
  const out = join(dir, `${name}.c`);
  if (existsSync(out)) return out;
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(tmp);
  try {
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : pythonExecutable();
    const args = ['-m', 'cython', '-3', basename(pyxPath), '-o', join(tmp, `${name}.c`)];
    const r = spawnSync(python, args, {
      cwd: dirname(resolve(pyxPath)),
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: join(root, DIST_PACKAGES), PYTHONDONTWRITEBYTECODE: '1' },
    });
    if (r.error || r.status !== 0) throw new Error(`cpython-ext: cython ${args.join(' ')} failed:\n${(r.stderr || String(r.error)).trim()}`);
    try {
      renameSync(tmp, dir);
    } catch (e) {
      if (!existsSync(out)) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

export interface PythonOptions {
  /** Directories put first on the module search path (PYTHONPATH). */
  readonly path?: readonly string[];
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** Command-line arguments for the script (sys.argv[1:]). */
  readonly args?: readonly string[];
}

/** The interpreter used as the oracle: `$PYTHON` or `python3`. */
export function pythonExecutable(): string {
  return process.env['PYTHON'] ?? 'python3';
}

/**
 * Run python3 on `script` (a path to a `.py` file, or the code itself) and return its stdout
 * parsed as JSON. A failing script is an error showing its stderr.
 */
export function pythonExpected<T = unknown>(script: string, options: PythonOptions = {}): T {
  const isFile = /\.py$/.test(script) && existsSync(script);
  const argv = [...(isFile ? [script] : ['-c', script]), ...(options.args ?? [])];
  const path = [...(options.path ?? []), ...(process.env['PYTHONPATH'] ? [process.env['PYTHONPATH']] : [])].join(':');
  const r = spawnSync(pythonExecutable(), argv, {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...(path ? { PYTHONPATH: path } : {}), PYTHONDONTWRITEBYTECODE: '1', ...options.env },
  });
  if (r.error || r.status !== 0) {
    const what = isFile ? script : `-c <script of ${script.length} characters>`;
    throw new Error(`cpython-ext: ${pythonExecutable()} ${what} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr.trim()}`);
  }
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`cpython-ext: python3 printed something that is not JSON:\n${r.stdout.slice(0, 2000)}`);
  }
}
