/**
 * A Debian package's files for the benchmark (the real python3-xxhash extension): `apt-get
 * download` it and unpack it with `dpkg-deb -x`; nothing is installed.
 *
 * Invariants:
 * - Same cache as the tests' helper (tests/helpers/debian.ts, which the bench must not
 *   import): `$XDG_CACHE_HOME/cbridge/debs/<name>/root`, `~/.cache` without XDG_CACHE_HOME.
 *   The directory appears whole or not at all (unpacked beside it, then renamed into place),
 *   so either side reuses what the other fetched.
 * - `apt-get update` runs only after a download failed (a machine with no package lists), as
 *   root only. Every failure is an Error naming the command and its output.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function debCacheDir(): string {
  return join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'cbridge', 'debs');
}

function run(cmd: string, args: readonly string[], cwd?: string): { ok: boolean; output: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.error) return { ok: false, output: `${cmd} could not run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})` };
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** The directory the package unpacks to (it holds `usr/...`), fetching it on first use. */
export function debianPackage(name: string): string {
  if (!/^[a-z0-9][a-z0-9+.-]+$/.test(name)) throw new Error(`'${name}' is not a Debian package name`);
  const final = join(debCacheDir(), name);
  const root = join(final, 'root');
  if (existsSync(root)) return root;
  const tmp = join(debCacheDir(), `.tmp-${name}-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(tmp, { recursive: true });
  try {
    let r = run('apt-get', ['download', name], tmp);
    if (!r.ok && !r.output.includes('could not run') && process.getuid?.() === 0) {
      run('apt-get', ['update', '-qq']);
      r = run('apt-get', ['download', name], tmp);
    }
    if (!r.ok) throw new Error(`\`apt-get download ${name}\` failed: ${r.output.split('\n').slice(-2).join(' / ')}`);
    const deb = readdirSync(tmp).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`\`apt-get download ${name}\` left no .deb`);
    const x = run('dpkg-deb', ['-x', join(tmp, deb), join(tmp, 'root')]);
    if (!x.ok) throw new Error(`\`dpkg-deb -x ${deb}\` failed: ${x.output}`);
    rmSync(join(tmp, deb));
    try {
      renameSync(tmp, final);
    } catch (e) {
      if (!existsSync(root)) throw e; // not a lost race with another process
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return root;
}
