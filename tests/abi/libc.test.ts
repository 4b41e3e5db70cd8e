/**
 * The process's own libc (issues 3 and 4), in ABI mode and in fast mode (every test runs once
 * per mode, tests/helpers/modes.ts): `ffi.dlopen(null)` with declarations from
 * glibc's headers through `cdefHeader` (stdlib.h, stdio.h, time.h; errno.h and fcntl.h with
 * `scope: 'all'`, since ENOENT and O_RDONLY live in their bits/ headers) plus one inline struct.
 * Covered: JS comparators called back by qsort/bsearch over an int[] and over an array of structs,
 * variadic snprintf (default argument types and `ffi.cast`-typed ones), struct tm through
 * gmtime_r/strftime/timegm with fields read and written from JS, getenv/setenv, `ffi.errno` after
 * failing calls, and div/ldiv/lldiv returning structs by value.
 *
 * Expected values come from reference/libc_ref.c, which does the same steps in C (same inputs,
 * same comparators, so even the number of comparator calls glibc makes must match) and prints
 * JSON; a few are also checked against node itself (process.env, Date.UTC). The C default
 * argument promotions of variadic arguments (float -> double, short/char -> int) have their own
 * test: the contract types variadics by `ffi.cast`, and C fixes how such types are passed.
 */

import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FFI } from '../../index.js';
import { dlopenIn, MODES } from '../helpers/modes.js';
import { runReference } from '../helpers/native-build.js';

const REF = fileURLToPath(new URL('./reference/libc_ref.c', import.meta.url));

interface Tm {
  tm_sec: number;
  tm_min: number;
  tm_hour: number;
  tm_mday: number;
  tm_mon: number;
  tm_year: number;
  tm_wday: number;
  tm_yday: number;
  tm_isdst: number;
  tm_gmtoff: number;
  tm_zone: string | null;
}
interface Rec {
  id: number;
  weight: number;
  tag: number;
}
interface Printed {
  ret: number;
  out: string;
}
interface Quot {
  quot: number | string;
  rem: number | string;
}
interface LibcRef {
  constants: { ENOENT: number; EINVAL: number; EISDIR: number; O_RDONLY: number; O_WRONLY: number };
  sizeofRec: number;
  sizeofTm: number;
  qsortInts: { sorted: number[]; compares: number };
  bsearchInts: number[];
  qsortRecs: { sorted: Rec[]; compares: number };
  bsearchRecs: number[];
  snprintf: Record<string, Printed>;
  gmtime: { t: number; same: boolean; tm: Tm; strftime: Printed; timegm: number }[];
  normalised: { timegm: number; tm: Tm };
  fromFields: { timegm: number; tm: Tm };
  env: Record<string, unknown>;
  openMissing: { ret: number; errno: number };
  openDirForWrite: { ret: number; errno: number };
  div: Quot[];
  ldiv: Quot[];
  lldiv: Quot[];
}

// CData fields and Lib functions are typed by the C declarations at run time only.
type Dyn = any;

// Inputs: the same literals as libc_ref.c.
const INTS = [5, -3, 12, 0, 7, 7, -100, 2147483647, -2147483648, 42, 1, 99];
const INT_KEYS = [42, 7, -2147483648, 3, 2147483647, 1000];
const RECS: Rec[] = [
  { id: 1, weight: 2.5, tag: 10 },
  { id: 2, weight: -1.0, tag: 20 },
  { id: 3, weight: 2.5, tag: 30 },
  { id: 4, weight: 0.0, tag: 40 },
  { id: 5, weight: 1e10, tag: 50 },
  { id: 6, weight: -1.0, tag: 60 },
];
const REC_KEYS = [
  { id: 3, weight: 2.5 },
  { id: 4, weight: 0.0 },
  { id: 9, weight: 1.0 },
];
const TIMES = [0, -1, 951782400, 1234567890, 4102444800];
const STRFTIME_FORMAT = '%Y-%m-%d %H:%M:%S %a %b %j %U %Z %z';
const ENV_VAR = 'CBRIDGE_LIBC_REF_VAR';

let ref: LibcRef;

beforeAll(() => {
  ref = runReference<LibcRef>(REF);
});

/** A 64-bit integer result as a decimal string, after checking the documented JS type. */
function int64Text(v: unknown): string {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'bigint' && (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))) return String(v);
  throw new Error(`64-bit result ${String(v)} (${typeof v}) breaks the contract: exact numbers, BigInt only beyond 2^53 - 1`);
}

describe.each(MODES)('libc through ffi.dlopen(null) (%s mode)', (mode) => {
  const ffi = new FFI();
  let lib: Dyn;

  beforeAll(() => {
    ffi.cdefHeader('stdlib.h');
    ffi.cdefHeader('stdio.h');
    ffi.cdefHeader('time.h');
    ffi.cdefHeader('errno.h', { scope: 'all' });
    ffi.cdefHeader('fcntl.h', { scope: 'all' });
    ffi.cdef('struct rec { int id; double weight; short tag; };');
    lib = dlopenIn(ffi, null, mode);
  });

  /** Comparators with a call counter, the JS twins of int_desc and rec_cmp in libc_ref.c. */
  let compares = 0;
  function intDesc(a: Dyn, b: Dyn): number {
    compares++;
    const x: number = ffi.cast('int *', a)[0];
    const y: number = ffi.cast('int *', b)[0];
    return Number(y > x) - Number(y < x);
  }
  function recCmp(a: Dyn, b: Dyn): number {
    compares++;
    const x = ffi.cast('struct rec *', a);
    const y = ffi.cast('struct rec *', b);
    if (x.weight !== y.weight) return x.weight < y.weight ? -1 : 1;
    return Number(y.id > x.id) - Number(y.id < x.id);
  }

  function readTm(tm: Dyn): Tm {
    return {
      tm_sec: tm.tm_sec,
      tm_min: tm.tm_min,
      tm_hour: tm.tm_hour,
      tm_mday: tm.tm_mday,
      tm_mon: tm.tm_mon,
      tm_year: tm.tm_year,
      tm_wday: tm.tm_wday,
      tm_yday: tm.tm_yday,
      tm_isdst: tm.tm_isdst,
      tm_gmtoff: tm.tm_gmtoff,
      tm_zone: tm.tm_zone === null ? null : ffi.string(tm.tm_zone),
    };
  }

  it('header constants on the lib and layouts agree with C', () => {
    const { ENOENT, EINVAL, EISDIR, O_RDONLY, O_WRONLY } = lib;
    expect({ ENOENT, EINVAL, EISDIR, O_RDONLY, O_WRONLY }).toEqual(ref.constants);
    expect(ffi.integerConst('ENOENT')).toBe(ref.constants.ENOENT);
    expect({ rec: ffi.sizeof('struct rec'), tm: ffi.sizeof('struct tm') }).toEqual({ rec: ref.sizeofRec, tm: ref.sizeofTm });
  });

  it('qsort and bsearch over an int[] with a JS comparator (ffi.callback)', () => {
    const cmp = ffi.callback('int(*)(const void *, const void *)', intDesc);
    const arr = ffi.new(`int[${INTS.length}]`, INTS);
    compares = 0;
    lib.qsort(arr, INTS.length, ffi.sizeof('int'), cmp);
    const sorted = Array.from({ length: INTS.length }, (_, i) => arr[i]);
    expect({ sorted, compares }).toEqual(ref.qsortInts);

    const found = INT_KEYS.map((k) => {
      const hit = lib.bsearch(ffi.new('int *', k), arr, INTS.length, ffi.sizeof('int'), cmp);
      return hit === null ? -1 : (hit.address - arr.address) / ffi.sizeof('int');
    });
    expect(found).toEqual(ref.bsearchInts);
    ffi.release(cmp);
  });

  it('qsort and bsearch over an array of structs (comparator typed by the __compar_fn_t typedef)', () => {
    const cmp = ffi.callback('__compar_fn_t', recCmp);
    const size = ffi.sizeof('struct rec');
    const arr = ffi.new(`struct rec[${RECS.length}]`, RECS);
    compares = 0;
    lib.qsort(arr, RECS.length, size, cmp);
    const sorted = Array.from({ length: RECS.length }, (_, i): Rec => ({ id: arr[i].id, weight: arr[i].weight, tag: arr[i].tag }));
    expect({ sorted, compares }).toEqual(ref.qsortRecs);

    const found = REC_KEYS.map((k) => {
      const hit = lib.bsearch(ffi.new('struct rec *', k), arr, RECS.length, size, cmp);
      return hit === null ? -1 : (hit.address - arr.address) / size;
    });
    expect(found).toEqual(ref.bsearchRecs);
  });

  it('qsort with a plain JS function as comparator (wrapped for the call)', () => {
    const arr = ffi.new(`int[${INTS.length}]`, INTS);
    lib.qsort(arr, INTS.length, 4, (a: Dyn, b: Dyn) => -intDesc(a, b));
    expect(Array.from({ length: INTS.length }, (_, i) => arr[i])).toEqual([...ref.qsortInts.sorted].reverse());
  });

  it('an exception in the comparator is rethrown from qsort once qsort returns', () => {
    const boom = new RangeError('comparator failed');
    let calls = 0;
    const cmp = ffi.callback('int(*)(const void *, const void *)', () => {
      calls++;
      if (calls === 1) throw boom;
      return 0;
    });
    const arr = ffi.new(`int[${INTS.length}]`, INTS);
    let caught: unknown;
    try {
      lib.qsort(arr, INTS.length, 4, cmp);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(boom); // the same object, not a copy
    expect(calls).toBeGreaterThan(1); // C got 0 and went on sorting
    // And the library still works afterwards.
    const ok = ffi.new(`int[${INTS.length}]`, INTS);
    lib.qsort(ok, INTS.length, 4, ffi.callback('int(*)(const void *, const void *)', intDesc));
    expect(Array.from({ length: INTS.length }, (_, i) => ok[i])).toEqual(ref.qsortInts.sorted);
  });

  it('snprintf: variadic ints, doubles, strings, BigInt, long, booleans, NULL and ffi.cast-typed arguments', () => {
    const cases: [string, string, unknown[]][] = [
      ['ints', '%d %d %d|%i', [1, -2, 2147483647, -2147483648]],
      ['doubles', '%f %.3f %g %e', [1.5, Math.PI, 1e-10, -2.5]],
      ['castDouble', '%.1f %.2f', [ffi.cast('double', 2), ffi.cast('double', -7)]],
      ['strings', '%s|%s|%5s|%-5s|', ['hello', 'wörld', 'ab', 'cd']],
      ['castLongLong', '%lld %lld %llx', [ffi.cast('long long', 2n ** 62n), ffi.cast('long long', -1), ffi.cast('long long', -1)]],
      ['bigint', '%lld %lld', [9007199254740993n, -9223372036854775808n]],
      ['long', '%ld %ld', [2 ** 40, -(2 ** 32)]],
      ['mixed', '%5.2f|%-6d|%x|%o|%u|%c', [3.14159, 42, 255, 8, ffi.cast('unsigned int', 4294967295), 65]],
      ['booleans', '%d %d', [true, false]],
      ['pointers', '%p %p', [null, ffi.cast('void *', 0x1234)]],
      [
        'manyArgs', // more than the 6 integer / 8 float registers: the rest go on the stack
        '%d %g %d %g %d %g %d %g %d %g %d %g %d %g %d %g %d %g %d %g',
        [1, 0.5, 2, 1.5, 3, 2.5, 4, 3.5, 5, 4.5, 6, 5.5, 7, 6.5, 8, 7.5, 9, 8.5, 10, 9.5],
      ],
    ];
    const buf = ffi.new('char[]', 512);
    const actual: Record<string, Printed> = {};
    for (const [name, fmt, args] of cases) {
      const ret = lib.snprintf(buf, 512, fmt, ...args);
      actual[name] = { ret, out: ffi.string(buf) };
    }
    const small = ffi.new('char[8]');
    actual['truncated'] = { ret: lib.snprintf(small, 8, '%s', 'a long string here'), out: ffi.string(small) };
    actual['measure'] = { ret: lib.snprintf(null, 0, '%d', 12345), out: '' };
    const { promotions: _, ...expected } = ref.snprintf;
    expect(actual).toEqual(expected);
  });

  it('snprintf: float, short and unsigned char variadics are promoted as C promotes them', () => {
    const buf = ffi.new('char[]', 64);
    const ret = lib.snprintf(buf, 64, '%.2f %hd %hhu', ffi.cast('float', 1.25), ffi.cast('short', -5), ffi.cast('unsigned char', 200));
    expect({ ret, out: ffi.string(buf) }).toEqual(ref.snprintf['promotions']);
  });

  it('gmtime_r, strftime and timegm with struct tm', () => {
    const buf = ffi.new('char[]', 512);
    const actual = TIMES.map((t) => {
      const tm = ffi.new('struct tm *');
      const res = lib.gmtime_r(ffi.new('time_t *', t), tm);
      const len = lib.strftime(buf, 512, STRFTIME_FORMAT, tm);
      const fields = readTm(tm);
      const out = ffi.string(buf);
      return { t, same: res !== null && res.address === tm.address, tm: fields, strftime: { ret: len, out }, timegm: lib.timegm(tm) };
    });
    expect(actual).toEqual(ref.gmtime);
  });

  it('struct tm fields written from JS: out-of-range values normalised by timegm, and a tm built from an initialiser', () => {
    const tm = ffi.new('struct tm *');
    lib.gmtime_r(ffi.new('time_t *', 1234567890), tm);
    tm.tm_mday += 40;
    tm.tm_hour = 25;
    tm.tm_sec = -1;
    const normalised = lib.timegm(tm);
    expect({ timegm: normalised, tm: readTm(tm) }).toEqual(ref.normalised);

    const built = ffi.new('struct tm *', { tm_year: 124, tm_mon: 1, tm_mday: 29, tm_hour: 12, tm_min: 34, tm_sec: 56 });
    const t = lib.timegm(built);
    expect({ timegm: t, tm: readTm(built) }).toEqual(ref.fromFields);
    expect(t).toBe(Date.UTC(2024, 1, 29, 12, 34, 56) / 1000);
  });

  it('getenv/setenv/unsetenv, seen by node process.env too; EINVAL in ffi.errno for bad names', () => {
    const str = (p: Dyn): string | null => (p === null ? null : ffi.string(p));
    const actual: Record<string, unknown> = {};
    actual['initial'] = str(lib.getenv(ENV_VAR));
    actual['set'] = lib.setenv(ENV_VAR, 'välue=1', 1);
    actual['afterSet'] = str(lib.getenv(ENV_VAR));
    const seenByNode = process.env[ENV_VAR];
    actual['noOverwrite'] = lib.setenv(ENV_VAR, 'other', 0);
    actual['afterNoOverwrite'] = str(lib.getenv(ENV_VAR));
    actual['overwrite'] = lib.setenv(ENV_VAR, 'other', 1);
    actual['afterOverwrite'] = str(lib.getenv(ENV_VAR));
    actual['unset'] = lib.unsetenv(ENV_VAR);
    actual['afterUnset'] = str(lib.getenv(ENV_VAR));
    ffi.errno = 0;
    actual['badName'] = { ret: lib.setenv('BAD=NAME', 'x', 1), errno: ffi.errno };
    ffi.errno = 0;
    actual['emptyName'] = { ret: lib.setenv('', 'x', 1), errno: ffi.errno };
    expect(actual).toEqual(ref.env);
    expect(seenByNode).toBe('välue=1');

    // And the other way: node's setenv, read through libc's getenv.
    process.env[ENV_VAR] = 'from node ✓';
    try {
      expect(str(lib.getenv(ENV_VAR))).toBe('from node ✓');
    } finally {
      delete process.env[ENV_VAR];
    }
    expect(lib.getenv(ENV_VAR)).toBe(null);
  });

  it('ffi.errno after a failing open: ENOENT, then EISDIR; ffi.errno = 0 resets it', () => {
    ffi.errno = 0;
    expect(ffi.errno).toBe(0);
    const missing = { ret: lib.open('/nonexistent-cbridge-dir/file', lib.O_RDONLY), errno: ffi.errno };
    expect(missing).toEqual(ref.openMissing);
    expect(missing.errno).toBe(ffi.integerConst('ENOENT'));
    ffi.errno = 0;
    expect(ffi.errno).toBe(0);
    const dir = { ret: lib.open('/', lib.O_WRONLY), errno: ffi.errno };
    expect(dir).toEqual(ref.openDirForWrite);
    expect(dir.errno).toBe(lib.EISDIR);
  });

  it('div/ldiv/lldiv return structs by value', () => {
    const q = (r: Dyn): Quot => ({ quot: r.quot, rem: r.rem });
    const q64 = (r: Dyn): Quot => ({ quot: int64Text(r.quot), rem: int64Text(r.rem) });
    expect([lib.div(7, -2), lib.div(-7, 2), lib.div(-2147483648, 3)].map(q)).toEqual(ref.div);
    expect([lib.ldiv(2 ** 40 + 1, 3), lib.ldiv(-9007199254740993n, 10)].map(q64)).toEqual(ref.ldiv);
    expect([lib.lldiv(9223372036854775807n, 10), lib.lldiv(-9223372036854775808n, 7)].map(q64)).toEqual(ref.lldiv);
  });

  it('__asm__ renames from glibc headers are honoured: sscanf binds __isoc99_sscanf', () => {
    // glibc's stdio.h declares sscanf with __asm__("__isoc99_sscanf"): the C99 scanf. The plain
    // `sscanf` symbol is the pre-C99 one, which reads "%as" as "allocate a string" and stores a
    // malloc'd pointer; C99 reads a float, then a literal 's'. The 16-byte buffer holds either.
    expect(ffi.declaration('function', 'sscanf')!.asmName).toBe('__isoc99_sscanf');
    const a = ffi.new('int *');
    const out = ffi.new('char[16]');
    expect(lib.sscanf('42 1.5s', '%d %as', a, ffi.cast('float *', out))).toBe(2);
    expect([a[0], ffi.cast('float *', out)[0]]).toEqual([42, 1.5]);
  });
});
