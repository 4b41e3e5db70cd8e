/**
 * The real extension binaries come from Debian packages (tests/helpers/debian.ts): each is
 * there after unpacking, the system has every library it links, and parallel test workers
 * unpacking the same package into an empty cache all end up with one complete copy.
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { neededLibraries } from '../../cpyext/elf.js';
import { REAL_EXTENSIONS, debianPackage, extensionPath, missingLibraries } from '../helpers/debian.js';

/** The Debian package that provides each soname the binaries link (for the failure message). */
const PROVIDER: Record<string, string> = {
  'libxxhash.so.0': 'libxxhash0',
  'liblz4.so.1': 'liblz4-1',
  'libdouble-conversion.so.3': 'libdouble-conversion3',
  'libstdc++.so.6': 'libstdc++6',
  'libgcc_s.so.1': 'libgcc-s1',
  'libm.so.6': 'libc6',
  'libc.so.6': 'libc6',
};

describe.each(REAL_EXTENSIONS.map((e) => [e.module, e]))('%s', (_module, ext) => {
  it(`is in ${ext.pkg}, and every library it links is installed`, () => {
    const path = extensionPath(ext.pkg, ext.path);
    expect(existsSync(path)).toBe(true);
    const missing = missingLibraries(path);
    const install = [...new Set(missing.map((m) => PROVIDER[m] ?? `<the package providing ${m}>`))];
    expect(missing, `install them with \`apt-get install -y ${install.join(' ')}\``).toEqual([]);
    for (const lib of neededLibraries(path)) expect(PROVIDER, `which Debian package provides ${lib}?`).toHaveProperty([lib]);
  });
});

describe('debianPackage', () => {
  it('rejects what is not a package name, before running anything', () => {
    expect(() => debianPackage('../etc')).toThrow("debian: '../etc' is not a Debian package name");
    expect(() => debianPackage('python3-x; rm -rf /')).toThrow('is not a Debian package name');
  });

  it('an extension path that is not in the package lists what is', () => {
    expect(() => extensionPath('python3-lz4', 'lz4/nothing')).toThrow(/has no lz4\/nothing\.cpython-311-x86_64-linux-gnu\.so .* it has: .*lz4\/block\/_block/);
  });

  it('four processes unpacking into an empty cache at once end with one complete copy', async () => {
    // The helpers are TypeScript: transpile them (and what they import) for plain node children.
    const repo = resolve(import.meta.dirname, '..', '..');
    const out = mkdtempSync(join(tmpdir(), 'cb-debs-js-'));
    writeFileSync(join(out, 'package.json'), '{"type":"module"}');
    for (const file of ['tests/helpers/debian.ts', 'cpyext/elf.ts']) {
      const js = ts.transpileModule(readFileSync(join(repo, file), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      mkdirSync(join(out, dirname(file)), { recursive: true });
      writeFileSync(join(out, file.replace(/\.ts$/, '.js')), js);
    }
    const cache = mkdtempSync(join(tmpdir(), 'cb-debs-cache-'));
    const script = `import { debianPackage } from ${JSON.stringify(join(out, 'tests/helpers/debian.js'))};\nconsole.log(debianPackage('python3-crcmod'));`;
    const run = () =>
      new Promise<string>((done, fail) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, XDG_CACHE_HOME: cache } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => (code === 0 ? done(stdout.trim()) : fail(new Error(`child exited ${code}:\n${stderr}`))));
      });
    try {
      const roots = await Promise.all([run(), run(), run(), run()]);
      const root = join(cache, 'cbridge', 'debs', 'python3-crcmod', 'root');
      expect(roots).toEqual([root, root, root, root]);
      expect(existsSync(join(root, 'usr/lib/python3/dist-packages/crcmod/_crcfunext.cpython-311-x86_64-linux-gnu.so'))).toBe(true);
      expect(readdirSync(join(cache, 'cbridge', 'debs'))).toEqual(['python3-crcmod']); // no temporary directory left behind
      expect(readFileSync(join(dirname(root), 'deb'), 'utf8')).toMatch(/^python3-crcmod_.*\.deb\n$/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
