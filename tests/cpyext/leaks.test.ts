/**
 * No path through the shim leaks Python objects: for each way JS reaches Python (module
 * functions of every METH_* kind, type construction, methods, getset/member access, errors
 * raised as PythonError, keyword arguments, iteration, the py.* protocol, container
 * conversions both ways) N repetitions leave `py.liveObjects()` where it was, once the JS
 * garbage collector has dropped the handles. A warm-up round first creates what is cached
 * on first use (per-type handle classes, interned names). A soak of 1,000,000 METH_FASTCALL
 * calls keeps the process's RSS flat.
 *
 * Modules: the call-overhead extension (bench/native/cpyext_overhead.c, built against our
 * headers) for the four calling conventions, and Debian's real binaries for the rest.
 */

import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PythonError, kwargs, loadExtension, py } from '../../cpyext/index.js';
import { buildExtension } from '../helpers/cpython-ext.js';
import { realExtension } from '../helpers/debian.js';
import { patternBytes } from '../helpers/cpython-ext-fixtures.js';
import { settle } from '../helpers/gc.js';

const N = 1000;
/** Objects a correct round may still leave (nothing is allowed to grow with N). */
const SLACK = 3;

/** liveObjects() after N runs of `body` minus before (after a warm-up round of N). */
async function growth(body: (i: number) => void, n = N): Promise<number> {
  for (let i = 0; i < n; i++) body(i);
  await settle();
  const before = py.liveObjects();
  for (let i = 0; i < n; i++) body(i);
  await settle();
  return py.liveObjects() - before;
}

/** Run `f`, which must throw a PythonError of `type`. */
function raises(type: string, f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (e instanceof PythonError && e.type === type) return;
    throw e;
  }
  throw new Error(`expected ${type}`);
}

type Mod = Record<string, any>;
let over: Mod, xx: Mod, zstd: Mod, block: Mod, frame: Mod, brotli: Mod, crc: Mod;
const SMALL = Buffer.from('hello world, hello world');
const BIG = patternBytes(100 * 1024, 3); // crosses zero-copy
const TEXT = 'h\u00e9llo \u20ac \u{1f600}';

beforeAll(() => {
  const so = buildExtension(resolve(import.meta.dirname, '../../bench/native/cpyext_overhead.c'), { headers: 'cbridge' });
  over = loadExtension(so, { name: 'cpyext_overhead' });
  xx = loadExtension(realExtension('xxhash._xxhash'), { name: 'xxhash._xxhash' });
  zstd = loadExtension(realExtension('zstd'), { name: 'zstd' });
  block = loadExtension(realExtension('lz4.block._block'), { name: 'lz4.block._block' });
  frame = loadExtension(realExtension('lz4.frame._frame'), { name: 'lz4.frame._frame' });
  brotli = loadExtension(realExtension('_brotli'), { name: '_brotli' });
  crc = loadExtension(realExtension('crcmod._crcfunext'), { name: 'crcmod._crcfunext' });
});

describe('gc', () => {
  it('is available, and the count sees objects come and go', async () => {
    await settle();
    const before = py.liveObjects();
    const held = Array.from({ length: 100 }, (_, i) => py.handle([i, 'x'.repeat(i)]));
    expect(py.liveObjects() - before).toBeGreaterThanOrEqual(100);
    held.length = 0;
    await settle();
    expect(py.liveObjects() - before).toBeLessThanOrEqual(SLACK);
  });

  it('a leak is detected (the check can fail)', async () => {
    const kept: unknown[] = [];
    expect(await growth(() => kept.push(py.handle([1, 2])), 500)).toBeGreaterThanOrEqual(500);
  });
});

// Each case: one round's body; it uses what it returns so nothing is optimised away.
const cases: [string, (i: number) => void][] = [
  // calling conventions (cpyext_overhead.c)
  ['METH_FASTCALL', (i) => expect(over['add'](i, 1)).toBe(i + 1)],
  ['METH_VARARGS (PyArg_ParseTuple)', (i) => expect(over['addv'](i, 2)).toBe(i + 2)],
  ['METH_O', (i) => expect(over['ident'](i)).toBe(i)],
  ['METH_NOARGS', () => expect(over['noop']()).toBe(null)],
  ['METH_FASTCALL raising', () => raises('TypeError', () => over['add']('x', 1))],
  ['METH_FASTCALL, wrong argument count', () => raises('TypeError', () => over['add'](1))],
  ['METH_VARARGS raising', () => raises('TypeError', () => over['addv'](1))],
  ['METH_O, kwargs refused', () => raises('TypeError', () => over['ident'](1, kwargs({ x: 1 })))],
  ['METH_NOARGS, argument refused', () => raises('TypeError', () => over['noop'](1))],
  // METH_VARARGS | METH_KEYWORDS, with and without keywords (xxhash)
  ['keywords: xxh64_intdigest(data, seed=)', (i) => expect(['number', 'bigint']).toContain(typeof xx['xxh64_intdigest'](SMALL, kwargs({ seed: i })))],
  ['keywords: all by keyword', (i) => expect(xx['xxh32_hexdigest'](kwargs({ input: SMALL, seed: i }))).toHaveLength(8)],
  ['keywords: bad keyword raising', () => raises('TypeError', () => xx['xxh64_digest'](SMALL, kwargs({ foo: 1 })))],
  ['a str argument (UTF-8 inside)', () => expect(xx['xxh64_hexdigest'](TEXT)).toHaveLength(16)],
  ['a lone surrogate raising UnicodeEncodeError', () => raises('UnicodeEncodeError', () => xx['xxh64_digest']('\ud800'))],
  ['a big Buffer (zero-copy)', () => expect(['number', 'bigint']).toContain(typeof xx['xxh3_64_intdigest'](BIG))],
  ['a bytes result', () => expect(xx['xxh3_128_digest'](SMALL)).toHaveLength(16)],
  // types: construction, methods, getset/member access, copy
  [
    'type construction, methods, attributes',
    (i) => {
      const h = xx['xxh64'](SMALL, i);
      h.update(BIG);
      h.update('text');
      expect(h.digest()).toHaveLength(8);
      expect(h.hexdigest()).toHaveLength(16);
      const c = h.copy();
      c.reset();
      expect(['number', 'bigint']).toContain(typeof c.intdigest());
      expect(h.seed).toBe(i);
      expect(h.digest_size).toBe(8);
      expect(h.name).toBe('XXH64');
      expect(py.toJS(py.getattr(h, 'block_size'))).toBe(32);
    },
  ],
  ['type construction raising', () => raises('TypeError', () => xx['xxh3_128'](1))],
  ['a method raising', () => raises('TypeError', () => xx['xxh32']().update(5))],
  ['a read-only attribute set raising', () => raises('AttributeError', () => py.setattr(xx['xxh32'](), 'seed', 3))],
  ['a missing attribute raising', () => raises('AttributeError', () => py.getattr(xx['xxh32'](), 'nonexistent'))],
  // real binaries, each through its own paths
  ['zstd round trip', (i) => expect(zstd['decompress'](zstd['compress'](SMALL, (i % 5) + 1))).toEqual(SMALL)],
  ['zstd.Error raising', () => raises('zstd.Error', () => zstd['decompress'](Buffer.from('garbage!')))],
  [
    'lz4.block round trip, keywords, bytearray result',
    () => {
      const c = block['compress'](SMALL, kwargs({ mode: 'high_compression', return_bytearray: true }));
      expect(py.len(c)).toBeGreaterThan(4);
      expect(block['decompress'](c)).toEqual(SMALL);
    },
  ],
  ['lz4.block error raising', () => raises('_block.LZ4BlockError', () => block['decompress'](Buffer.from('garbage!')))],
  [
    'lz4.frame: capsule contexts, dict and tuple results',
    () => {
      const ctx = frame['create_compression_context']();
      const head = frame['compress_begin'](ctx, kwargs({ source_size: SMALL.length }));
      const body = frame['compress_chunk'](ctx, SMALL);
      const tail = frame['compress_flush'](ctx);
      const whole = Buffer.concat([head, body, tail]);
      expect(frame['get_frame_info'](whole).content_size).toBe(SMALL.length);
      const [out, read] = frame['decompress'](whole, kwargs({ return_bytes_read: true }));
      expect(out).toEqual(SMALL);
      expect(read).toBe(whole.length);
    },
  ],
  ['lz4.frame errors raising', () => raises('RuntimeError', () => frame['decompress'](Buffer.from('garbage!')))],
  [
    'brotli Compressor / Decompressor objects',
    () => {
      const c = brotli['Compressor'](kwargs({ quality: 1 }));
      const data = Buffer.concat([c.process(SMALL), c.finish()]);
      const d = brotli['Decompressor']();
      expect(d.process(data)).toEqual(SMALL);
      expect(d.is_finished()).toBe(true);
    },
  ],
  ['brotli.error raising', () => raises('brotli.error', () => brotli['decompress'](Buffer.from('garbage!')))],
  ['crcmod with a table', () => expect(crc['_crc32r'](SMALL, 0, Buffer.alloc(1024))).toBe(0)],
  ['crcmod raising ValueError', () => raises('ValueError', () => crc['_crc32r'](SMALL, 0, Buffer.alloc(10)))],
  // conversions, both ways, through METH_O
  [
    'containers JS -> Python -> JS',
    (i) => {
      const v = over['ident']([i, 'a', TEXT, 1.5, true, null, [1, [2, [3]]], { k: [i, { n: null }] }, Buffer.from('xy')]);
      expect(v).toEqual([i, 'a', TEXT, 1.5, true, null, [1, [2, [3]]], { k: [i, { n: null }] }, Buffer.from('xy')]);
    },
  ],
  ['a Map with non-str keys (dict -> Map)', (i) => expect(over['ident'](new Map<unknown, unknown>([[i, 'a'], ['b', 2]]))).toEqual(new Map<unknown, unknown>([[i, 'a'], ['b', 2]]))],
  ['big ints both ways', (i) => expect(over['ident'](2n ** 100n + BigInt(i))).toBe(2n ** 100n + BigInt(i))],
  ['a JS object crossing as a proxy and back', () => {
    const o = new (class Thing {})();
    expect(over['ident'](o)).toBe(o);
  }],
  ['a JS function crossing and back', () => {
    const f = () => 1;
    expect(over['ident'](f)).toBe(f);
  }],
  ['a handle crossing and back', () => {
    const h = xx['xxh32']();
    expect(py.is(over['ident'](h), h)).toBe(true);
  }],
  ['py.handle / py.toJS of containers', (i) => expect(py.toJS(py.handle({ a: [i, 'b'], c: new Map([[1, 2]]) }))).toEqual({ a: [i, 'b'], c: new Map([[1, 2]]) })],
  ['py.release', () => py.release(py.handle([1, 2, 3]))],
  // iteration
  [
    'for...of over a handle, py.iter / py.next',
    () => {
      expect([...(py.tuple([1, 'a', [2]]) as Iterable<unknown>)]).toEqual([1, 'a', [2]]);
      const it = py.iter(py.list([1, 2]));
      expect(py.toJS(py.next(it))).toBe(1);
      expect(py.toJS(py.next(it))).toBe(2);
      expect(py.toJS(py.next(it, 'end'))).toBe('end');
      raises('StopIteration', () => py.next(it));
      expect([...(py.dict({ a: 1, b: 2 }) as Iterable<unknown>)]).toEqual(['a', 'b']);
    },
  ],
  // the py.* protocol
  [
    'py.* operations',
    (i) => {
      const l = py.list([1, 2, 3]);
      py.setitem(l, 0, i);
      expect(py.toJS(py.getitem(l, 0))).toBe(i);
      expect(py.contains(l, 2)).toBe(true);
      expect(py.len(l)).toBe(3);
      py.delitem(l, 0);
      expect(py.toJS(py.binop('add', l, [9]))).toEqual([2, 3, 9]);
      expect(py.toJS(py.binop('mul', 2n ** 70n, 3))).toBe(3n * 2n ** 70n);
      expect(py.toJS(py.unop('neg', 5))).toBe(-5);
      expect(py.str(l)).toBe('[2, 3]');
      expect(py.repr('x')).toBe("'x'");
      expect(py.hash('abc')).toBeTypeOf('bigint');
      expect(py.bool(l)).toBe(true);
      expect(py.isinstance(l, py.builtins['list'])).toBe(true);
      expect(py.toJS(py.getattr(py.type(l), '__name__'))).toBe('list');
      const d = py.dict({ a: 1 });
      py.setitem(d, 'b', [1]);
      expect(py.toJS(d)).toEqual({ a: 1, b: [1] });
      expect(py.toJS(py.getitem(py.bytes(SMALL), py.slice(0, 5)))).toEqual(SMALL.subarray(0, 5));
      expect(py.hasattr(l, 'append')).toBe(true);
      py.call(py.getattr(l, 'append'), 'x'); // a bound method: a JS function per getattr
      expect(py.len(l)).toBe(3);
      expect((py.toJS(py.getattr(py.handle(5), 'bit_length')) as () => number)()).toBe(3);
    },
  ],
  ['py.* raising', () => {
    raises('KeyError', () => py.getitem(py.dict({}), 'missing'));
    raises('TypeError', () => py.binop('add', 1, 'a'));
    raises('ZeroDivisionError', () => py.binop('floordiv', 1, 0));
    raises('IndexError', () => py.getitem(py.list([]), 0));
  }],
];

describe('no Python object outlives its JS use', () => {
  it.each(cases)('%s', async (_name, body) => {
    expect(await growth(body)).toBeLessThanOrEqual(SLACK);
  });
});

describe('soak', () => {
  it('1,000,000 METH_FASTCALL calls keep RSS flat', async () => {
    const add = over['add'] as (a: number, b: number) => number;
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += add(i, 1);
    await settle();
    const rss0 = process.memoryUsage().rss;
    const live0 = py.liveObjects();
    const t0 = performance.now();
    for (let i = 0; i < 1_000_000; i++) sum += add(i, 1);
    const seconds = (performance.now() - t0) / 1000;
    await settle();
    const grown = process.memoryUsage().rss - rss0;
    expect(sum).toBe(100_000 * 100_001 / 2 + 1_000_000 * 1_000_001 / 2);
    expect(py.liveObjects() - live0).toBeLessThanOrEqual(SLACK);
    expect(grown, `RSS grew by ${(grown / 2 ** 20).toFixed(1)} MiB`).toBeLessThan(4 * 2 ** 20);
    expect(seconds).toBeLessThan(20);
  });
});
