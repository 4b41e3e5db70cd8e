/**
 * Real CPython extension binaries, as Debian ships them: `apt-get download` a package and
 * unpack it with `dpkg-deb -x` (nothing is installed; no Python is involved).
 *
 * Invariants:
 * - A package is unpacked once per machine into `$XDG_CACHE_HOME/cbridge/debs/<name>`
 *   (`~/.cache/cbridge/debs/<name>` without XDG_CACHE_HOME), which appears whole or not at
 *   all: everything happens in a temporary directory beside it that is renamed into place,
 *   and a worker that loses the race to another uses the winner's copy. Parallel vitest
 *   workers asking for the same package are therefore safe.
 * - `apt-get update` runs only after a download failed (a fresh machine has no package
 *   lists), at most once per process, serialised between processes by a lock directory;
 *   a process that waited for the lock while another updated does not update again.
 * - Every failure says which command failed, with its output.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { neededLibraries } from '../../cpyext/elf.js';

/** The file-name suffix of CPython 3.11 extension modules on x86-64 Linux. */
export const EXT_SUFFIX = '.cpython-311-x86_64-linux-gnu.so';

/** Where packages of the Debian (python3-*) layout keep their modules. */
export const DIST_PACKAGES = 'usr/lib/python3/dist-packages';

/** The real extension modules the tests load: importable name, package, path under dist-packages (no suffix). */
export const REAL_EXTENSIONS = [
  { module: 'xxhash._xxhash', pkg: 'python3-xxhash', path: 'xxhash/_xxhash' },
  { module: 'zstd', pkg: 'python3-zstd', path: 'zstd' },
  { module: 'lz4._version', pkg: 'python3-lz4', path: 'lz4/_version' },
  { module: 'lz4.block._block', pkg: 'python3-lz4', path: 'lz4/block/_block' },
  { module: 'lz4.frame._frame', pkg: 'python3-lz4', path: 'lz4/frame/_frame' },
  { module: '_brotli', pkg: 'python3-brotli', path: '_brotli' },
  { module: 'crcmod._crcfunext', pkg: 'python3-crcmod', path: 'crcmod/_crcfunext' },
  { module: 'crc32c', pkg: 'python3-crc32c', path: 'crc32c' },
  { module: 'tornado.speedups', pkg: 'python3-tornado', path: 'tornado/speedups.abi3.so' },
  { module: 'pvectorc', pkg: 'python3-pyrsistent', path: 'pvectorc' },
  { module: 'bitarray._bitarray', pkg: 'python3-bitarray', path: 'bitarray/_bitarray' },
  { module: 'bitarray._util', pkg: 'python3-bitarray', path: 'bitarray/_util' },
  { module: 'Levenshtein._levenshtein', pkg: 'python3-levenshtein', path: 'Levenshtein/_levenshtein' },
  { module: 'ujson', pkg: 'python3-ujson', path: 'ujson' },
  { module: 'psutil._psutil_posix', pkg: 'python3-psutil', path: 'psutil/_psutil_posix' },
  { module: 'psutil._psutil_linux', pkg: 'python3-psutil', path: 'psutil/_psutil_linux' },
  { module: 'setproctitle._setproctitle', pkg: 'python3-setproctitle', path: 'setproctitle/_setproctitle' },
  { module: 'regex._regex', pkg: 'python3-regex', path: 'regex/_regex' },
  { module: 'jellyfish.cjellyfish', pkg: 'python3-jellyfish', path: 'jellyfish/cjellyfish' },
  { module: 'markupsafe._speedups', pkg: 'python3-markupsafe', path: 'markupsafe/_speedups' },
  // Cython-generated (gen_real_cython.py records these).
  { module: 'yarl._quoting_c', pkg: 'python3-yarl', path: 'yarl/_quoting_c' },
] as const;

export type RealExtension = (typeof REAL_EXTENSIONS)[number];

export function debCacheDir(): string {
  return join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'cbridge', 'debs');
}

let updated = false;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function run(cmd: string, args: readonly string[], cwd?: string): { ok: boolean; output: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.error) return { ok: false, output: `${cmd} could not run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})` };
  return { ok: r.status === 0, output };
}

/** `apt-get update`, as root directly or through passwordless sudo; once per process, one process at a time. */
function aptUpdate(cache: string): void {
  if (updated) return;
  const lock = join(cache, '.apt-update.lock');
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed process: older than the longest plausible update.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`debian: timed out waiting for ${lock} (another process running apt-get update?)`);
      sleep(200);
    }
  }
  try {
    // Another process may have updated the lists while this one waited for the lock.
    const marker = join(cache, '.apt-updated');
    if (existsSync(marker) && Date.now() - statSync(marker).mtimeMs < 600_000) {
      updated = true;
      return;
    }
    const root = process.getuid?.() === 0;
    const r = root ? run('apt-get', ['update', '-qq']) : run('sudo', ['-n', 'apt-get', 'update', '-qq']);
    if (!r.ok) throw new Error(`debian: \`${root ? '' : 'sudo -n '}apt-get update\` failed:\n${r.output}`);
    writeFileSync(marker, `${new Date().toISOString()}\n`);
    updated = true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** `apt-get download name` into `dir`; returns the .deb's path. */
function download(name: string, dir: string, cache: string): string {
  let r = run('apt-get', ['download', name], dir);
  if (!r.ok) {
    aptUpdate(cache);
    r = run('apt-get', ['download', name], dir);
  }
  if (!r.ok) throw new Error(`debian: \`apt-get download ${name}\` failed (after apt-get update):\n${r.output}`);
  const debs = readdirSync(dir).filter((f) => f.endsWith('.deb'));
  if (debs.length !== 1) throw new Error(`debian: \`apt-get download ${name}\` left ${debs.length} .deb files in ${dir}: ${debs.join(', ')}`);
  return join(dir, debs[0]!);
}

/**
 * The directory a Debian package unpacks to (it holds `usr/...`), downloading and unpacking
 * the package on first use. Synchronous, so it can be called while collecting tests.
 */
export function debianPackage(name: string): string {
  if (!/^[a-z0-9][a-z0-9+.-]+$/.test(name)) throw new Error(`debian: '${name}' is not a Debian package name`);
  const cache = debCacheDir();
  const final = join(cache, name);
  const root = join(final, 'root');
  if (existsSync(root)) return root;
  mkdirSync(cache, { recursive: true });
  const tmp = join(cache, `.tmp-${name}-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(tmp);
  try {
    const deb = download(name, tmp, cache);
    const x = run('dpkg-deb', ['-x', deb, join(tmp, 'root')]);
    if (!x.ok) throw new Error(`debian: \`dpkg-deb -x ${deb}\` failed:\n${x.output}`);
    writeFileSync(join(tmp, 'deb'), `${deb.replace(/^.*\//, '')}\n`);
    rmSync(deb);
    try {
      renameSync(tmp, final);
    } catch (e) {
      if (!existsSync(root)) throw e; // not a lost race
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return root;
}

/** The package's `usr/lib/python3/dist-packages` (a PYTHONPATH entry). */
export function distPackages(pkg: string): string {
  return join(debianPackage(pkg), DIST_PACKAGES);
}

/**
 * The path of an extension module inside a package: `relPath` is relative to dist-packages,
 * either a full file name or a module path without suffix (`'lz4/block/_block'`).
 */
export function extensionPath(pkg: string, relPath: string): string {
  const file = relPath.endsWith('.so') ? relPath : `${relPath}${EXT_SUFFIX}`;
  const dir = distPackages(pkg);
  const path = join(dir, file);
  if (!existsSync(path)) {
    const found = listSharedObjects(dir).map((f) => f.slice(dir.length + 1));
    throw new Error(`debian: ${pkg} has no ${file} under ${DIST_PACKAGES}; it has: ${found.join(', ') || 'no .so files'}`);
  }
  return path;
}

function listSharedObjects(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSharedObjects(path));
    else if (entry.name.endsWith('.so')) out.push(path);
  }
  return out;
}

/** The path of one of REAL_EXTENSIONS, by module name. */
export function realExtension(module: RealExtension['module']): string {
  const ext = REAL_EXTENSIONS.find((e) => e.module === module)!;
  return extensionPath(ext.pkg, ext.path);
}

let ldCache: Set<string> | null = null;

/** Sonames the dynamic linker's cache (`ldconfig -p`) knows. */
export function systemLibraries(): Set<string> {
  if (ldCache) return ldCache;
  for (const ldconfig of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    const r = spawnSync(ldconfig, ['-p'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) continue;
    ldCache = new Set(r.stdout.split('\n').map((l) => /^\s+(\S+)\s+\(/.exec(l)?.[1]).filter((s): s is string => !!s));
    return ldCache;
  }
  throw new Error('debian: ldconfig -p could not run');
}

/** The DT_NEEDED libraries of `path` the system cannot provide (empty when it can load). */
export function missingLibraries(path: string): string[] {
  const known = systemLibraries();
  return neededLibraries(path).filter((soname) => !known.has(soname));
}
