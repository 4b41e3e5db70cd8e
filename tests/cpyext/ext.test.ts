/**
 * The fixture-extension pipeline, without the shim: every tests/cpyext/ext/<name>.c compiles
 * against both header sets (cbridge's cpyext/include and CPython's), and CPython itself,
 * replaying tests/cpyext/fixtures/ext-<name>.json, gets exactly the recorded results from
 * either build. The cbridge-headers build running inside real CPython is the strongest
 * check a header can get before the shim exists: every inlined macro and struct layout it
 * compiled in must agree with CPython's binary interface.
 */

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDynamicSymbols } from '../../cpyext/elf.js';
import { buildExtension, pythonExpected, type HeaderSet } from '../helpers/cpython-ext.js';
import { FIXTURES_DIR, loadFixture, type Case } from '../helpers/cpython-ext-fixtures.js';

const EXT_DIR = join(import.meta.dirname, 'ext');
const names = readdirSync(EXT_DIR).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe.each(names)('ext/%s.c', (name) => {
  const source = join(EXT_DIR, `${name}.c`);

  it('has a fixture recorded from the current source and cases', () => {
    const fixture = loadFixture(`ext-${name}`);
    const regenerate = `regenerate with \`python3 tests/cpyext/fixtures/gen_fixture.py ${name}\``;
    expect(fixture['source_sha256'], `ext-${name}.json is stale: ${regenerate}`).toBe(sha256(source));
    expect(fixture['cases_sha256'], `ext-${name}.json is stale: ${regenerate}`).toBe(sha256(join(EXT_DIR, `${name}_cases.py`)));
  });

  for (const headers of ['cbridge', 'cpython'] as HeaderSet[]) {
    it(`built against the ${headers} headers, behaves in CPython as recorded`, () => {
      const so = buildExtension(source, { headers });
      const { defined } = readDynamicSymbols(so);
      expect(defined).toContain(`PyInit_${name}`);
      const replayed = pythonExpected<{ file: string; cases: Case[] }>(join(FIXTURES_DIR, 'replay.py'), {
        path: [dirname(so)],
        args: [join(FIXTURES_DIR, `ext-${name}.json`), name],
      });
      expect(replayed.file).toBe(so);
      expect(replayed.cases).toEqual(loadFixture(`ext-${name}`).cases);
    });
  }

  it('is cached: a second build returns the same file without compiling', () => {
    const a = buildExtension(source, { headers: 'cbridge' });
    const t0 = performance.now();
    expect(buildExtension(source, { headers: 'cbridge' })).toBe(a);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(buildExtension(source, { headers: 'cpython' })).not.toBe(a);
  });
});

describe('buildExtension errors', () => {
  it('a function our headers do not declare is a compile error, shown with the header set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-ext-'));
    const bad = join(dir, 'bad.c');
    writeFileSync(bad, '#include <Python.h>\nPyMODINIT_FUNC PyInit_bad(void) { return PyNotInTheApi_Create(); }\n');
    expect(() => buildExtension(bad, { headers: 'cbridge' })).toThrow(/failed \(cbridge headers\):[^]*PyNotInTheApi_Create/);
  });
});
