/**
 * loadExtension's checks and linking (cpyext/loader.ts, bridge.c load): a binary needing
 * C-API symbols the shim lacks is refused before dlopen with every missing name; files
 * that are not extensions fail with a clear error and no crash; and extensions are opened
 * with RTLD_DEEPBIND, so a library they link (the system zlib) is not replaced by the copy
 * the node binary exports.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neededLibraries } from '../../cpyext/elf.js';
import { loadExtension, MissingSymbolsError, missingSymbols, py } from '../../cpyext/index.js';
import { buildExtension, pythonExpected } from '../helpers/cpython-ext.js';
import { EXT_DIR, HEADER_SETS } from '../helpers/bridgeext.js';

const JSONLY = join(EXT_DIR, 'jsonly');

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe.each(HEADER_SETS)('loader (%s headers)', (headers) => {
  it('a missing C-API symbol is a MissingSymbolsError naming it, before dlopen', () => {
    const so = buildExtension(join(JSONLY, 'missing_api.c'), { headers });
    const live = py.liveObjects();
    const e = thrown(() => loadExtension(so));
    expect(e).toBeInstanceOf(MissingSymbolsError);
    expect((e as MissingSymbolsError).symbols).toEqual(['PyCbridge_DoesNotExist']);
    expect((e as MissingSymbolsError).path).toBe(so);
    expect(e.message).toContain('PyCbridge_DoesNotExist');
    expect(py.liveObjects()).toBe(live); // PyInit never ran
    expect(py.import('builtins')).toBeTruthy(); // and the runtime is fine
  });

  it('several missing symbols are all named (sorted), and only the C-API ones', () => {
    const so = buildExtension(join(JSONLY, 'missing_api.c'), { headers, name: 'missing_api', flags: ['-DSECOND_MISSING'] });
    expect(missingSymbols(so)).toEqual(['PyCbridge_DoesNotExist', '_PyCbridge_AlsoMissing']);
    const e = thrown(() => loadExtension(so)) as MissingSymbolsError;
    expect(e).toBeInstanceOf(MissingSymbolsError);
    expect(e.symbols).toEqual(['PyCbridge_DoesNotExist', '_PyCbridge_AlsoMissing']);
    expect(e.message).toMatch(/2 C-API symbols.*PyCbridge_DoesNotExist, _PyCbridge_AlsoMissing/);
  });

  it('a file without PyInit_<name> is a clear error', () => {
    const so = buildExtension(join(JSONLY, 'no_init.c'), { headers });
    const e = thrown(() => loadExtension(so));
    expect(e.message).toContain('PyInit_no_init');
    expect(e.message).toContain(so);
    // the name decides the init function looked for
    const e2 = thrown(() => loadExtension(so, { name: 'pkg.other' }));
    expect(e2.message).toContain('PyInit_other');
  });
});

describe('loader: files that are not extensions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-loader-'));

  it('a non-ELF file is a clear error', () => {
    const path = join(dir, 'text.cpython-311-x86_64-linux-gnu.so');
    writeFileSync(path, 'this is not a shared object\n'.repeat(10));
    const e = thrown(() => loadExtension(path));
    expect(e.message).toContain(path);
    expect(e.message).toMatch(/not an ELF file/);
  });

  it('a missing file is a clear error', () => {
    const path = join(dir, 'absent.so');
    const e = thrown(() => loadExtension(path));
    expect(e.message).toContain(path);
    expect(e.message).toMatch(/ENOENT/);
  });

  it('a truncated ELF file is a clear error', () => {
    const so = buildExtension(join(JSONLY, 'no_init.c'), { headers: 'cbridge' });
    const path = join(dir, 'trunc.so');
    writeFileSync(path, readFileSync(so).subarray(0, 200));
    const e = thrown(() => loadExtension(path));
    expect(e.message).toContain(path);
  });
});

describe.each(HEADER_SETS)('RTLD_DEEPBIND (%s headers)', (headers) => {
  it('an extension linking the system zlib gets the system libz, not node\'s bundled zlib', () => {
    const so = buildExtension(join(JSONLY, 'zlibver.c'), { headers, flags: ['-Wl,--no-as-needed', '-lz'] });
    expect(neededLibraries(so)).toContain('libz.so.1');
    const system = pythonExpected<{ version: string; crc: number }>(
      'import json, zlib; print(json.dumps({"version": zlib.ZLIB_RUNTIME_VERSION, "crc": zlib.crc32(b"cbridge")}))',
    );
    expect(process.versions.zlib).not.toBe(system.version); // otherwise this test proves nothing
    const m = loadExtension(so);
    expect(m.version()).toBe(system.version);
    expect(m.crc32(Buffer.from('cbridge'))).toBe(system.crc);
  });
});
