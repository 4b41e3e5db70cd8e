/**
 * The module registry and PyImport_* (cpyext/native/import.c, bridge.c registerModule):
 * an extension's PyImport_ImportModule finds modules loaded with loadExtension and JS
 * stand-ins registered with registerModule; a miss is CPython's ModuleNotFoundError; and
 * PyCapsule_Import shares a C API between two loaded extensions as under CPython.
 */

import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExtension, py, PythonError, registerModule } from '../../cpyext/index.js';
import { buildExtension, pythonExpected } from '../helpers/cpython-ext.js';
import { decodeValue, loadFixture } from '../helpers/cpython-ext-fixtures.js';
import { bridgeext, EXT_DIR, HEADER_SETS, recordedError, recordedResult } from '../helpers/bridgeext.js';

const smokeRecorded = (name: string) => decodeValue(loadFixture('ext-smoke').cases.find((c) => c.name === name)!.result!);

describe.each(HEADER_SETS)('imports (%s headers)', (headers) => {
  const ext = () => bridgeext(headers);

  it('an extension imports itself by its registered name', () => {
    expect(ext().import_attr('bridgeext', '__name__')).toBe(recordedResult('import self'));
  });

  it('a module loaded earlier with loadExtension is found by PyImport_ImportModule', () => {
    const smoke = loadExtension(buildExtension(join(EXT_DIR, 'smoke.c'), { headers }));
    expect(ext().import_attr('smoke', 'ANSWER')).toBe(smokeRecorded('get ANSWER'));
    expect(ext().import_attr('smoke', 'GREETING')).toBe(smokeRecorded('get GREETING'));
    // PyImport_Import + a call of the imported module's function
    expect(ext().import_call('smoke', 'add', 2, 3)).toBe(5);
    expect(py.is(py.import('smoke'), smoke)).toBe(true);
  });

  it('registerModule(name, loaded module) makes it importable under another dotted name', () => {
    const smoke = loadExtension(buildExtension(join(EXT_DIR, 'smoke.c'), { headers }), { name: 'pkg.sub.smoke' });
    expect(ext().import_attr('pkg.sub.smoke', '__name__')).toBe('pkg.sub.smoke');
    registerModule(`alias_smoke_${headers}`, smoke);
    expect(ext().import_attr(`alias_smoke_${headers}`, 'ANSWER')).toBe(smokeRecorded('get ANSWER'));
  });

  it('a JS stand-in object: the extension reads its attributes and calls its functions', () => {
    const calls: unknown[] = [];
    const standIn = {
      LEVEL: 3,
      name: 'js-zlib',
      compress(data: Buffer, level?: number) {
        calls.push([this === standIn, [...data], level]);
        return Buffer.from([...data].reverse());
      },
    };
    registerModule(`jsmod_${headers}`, standIn);
    expect(ext().import_attr(`jsmod_${headers}`, 'LEVEL')).toBe(3);
    expect(ext().import_attr(`jsmod_${headers}`, 'name')).toBe('js-zlib');
    const out = ext().import_call(`jsmod_${headers}`, 'compress', Buffer.from([1, 2, 3]), 9);
    expect([...out]).toEqual([3, 2, 1]);
    expect(calls).toEqual([[true, [1, 2, 3], 9]]);
    // the registry keeps the live object: later changes are seen
    standIn.LEVEL = 7;
    expect(ext().import_attr(`jsmod_${headers}`, 'LEVEL')).toBe(7);
    expect(() => ext().import_attr(`jsmod_${headers}`, 'nope')).toThrow(expect.objectContaining({ type: 'AttributeError' }));
  });

  it('a missing module is ModuleNotFoundError "No module named \'x\'", as CPython', () => {
    const want = recordedError('import missing');
    let err: unknown;
    try {
      ext().import_attr('no_such_module_x', 'y');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PythonError);
    expect({ type: (err as PythonError).type, message: (err as PythonError).message }).toEqual(want);
    expect(py.isinstance((err as PythonError).exception, py.builtins['ImportError'])).toBe(true);
    expect(py.toJS(py.getattr((err as PythonError).exception, 'name'))).toBe('no_such_module_x');
    expect(() => py.import('no_such_module_x')).toThrow(expect.objectContaining(want));
  });

  it('PyCapsule_Import across two loaded extensions gives CPython\'s results', () => {
    ext();
    const user = buildExtension(join(EXT_DIR, 'jsonly', 'capuser.c'), { headers });
    const capuser = loadExtension(user);
    const pyCapuser = buildExtension(join(EXT_DIR, 'jsonly', 'capuser.c'), { headers: 'cpython' });
    const pyBridge = buildExtension(join(EXT_DIR, 'bridgeext.c'), { headers: 'cpython' });
    const expected = pythonExpected<{ use: unknown; missing: [string, string]; badattr: [string, string] }>(
      `import json, capuser
def err(f):
    try:
        f()
    except Exception as e:
        return [type(e).__name__, str(e)]
print(json.dumps({"use": capuser.use(6, 7, "a", [1]),
                  "missing": err(lambda: capuser.import_capsule("no_such_mod._C_API")),
                  "badattr": err(lambda: capuser.import_capsule("bridgeext.nothing"))}))`,
      { path: [dirname(pyCapuser), dirname(pyBridge)] },
    );
    expect(capuser.use(6, 7, 'a', [1])).toEqual(expected.use);
    for (const [name, want] of [['no_such_mod._C_API', expected.missing], ['bridgeext.nothing', expected.badattr]] as const) {
      let e: PythonError | undefined;
      try {
        capuser.import_capsule(name);
      } catch (x) {
        e = x as PythonError;
      }
      expect([e?.type, e?.message]).toEqual(want);
    }
  });
});
