/**
 * What the real extension modules import at init time that is Python source under CPython
 * (there is no interpreter here): each entry registers, with `registerModule`, a stand-in
 * for the imported module before the extension is loaded.
 *
 * Invariant: a stand-in provides only what the extension's C code uses, and the fixtures
 * (gen_real_c.py, gen_real_cython.py) record only cases whose results do not depend on the stand-in's
 * internals, so replaying them against CPython's real packages gives the same results.
 */

import { loadExtension, py, registerModule } from '../../cpyext/index.js';
import { REAL_EXTENSIONS, realExtension, type RealExtension } from './debian.js';

type Loader = (module: RealExtension['module']) => Record<string, any>;

/** Stand-ins for the modules an extension imports; `load` loads a sibling real extension. */
const STAND_INS: Partial<Record<RealExtension['module'], (load: Loader) => void>> = {
  // bitarray/__init__.py re-exports _bitarray's type; _util takes `bitarray` from it.
  'bitarray._util': (load) => registerModule('bitarray', load('bitarray._bitarray')),
  // unicodedata is a C module of CPython's standard library, absent here: its normalize()
  // is JS's (the fixtures use characters whose decompositions every Unicode version agrees on).
  'jellyfish.cjellyfish': () => registerModule('unicodedata', { normalize: (form: string, s: string) => s.normalize(form) }),
  // markupsafe.Markup is a str subclass defined in Python; escape() only calls it with a str.
  'markupsafe._speedups': () => {
    const Markup = py.call(py.builtins['type'], 'Markup', py.tuple([py.builtins['str']]), new Map([['__module__', 'markupsafe']]));
    registerModule('markupsafe', { Markup });
  },
  // yarl's _quoting_c takes two constants from Python's `string` module (their real values).
  'yarl._quoting_c': () =>
    registerModule('string', { ascii_letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', digits: '0123456789' }),
};

const loaded = new Map<string, Record<string, any>>();

/** The real extension `module`, loaded once per process, after its stand-ins are registered. */
export function loadRealExtension(module: RealExtension['module']): Record<string, any> {
  let m = loaded.get(module);
  if (!m) {
    STAND_INS[module]?.(loadRealExtension);
    if (!REAL_EXTENSIONS.some((e) => e.module === module)) throw new Error(`not a real extension: ${module}`);
    loaded.set(module, (m = loadExtension(realExtension(module), { name: module })));
  }
  return m;
}
