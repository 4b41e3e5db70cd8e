/**
 * Calls (docs/abi-mode.md), in ABI mode and in fast mode (tests/helpers/modes.ts: every test runs
 * once per mode, against the same references), against the fixture library fixtures/calls.c,
 * declared by fixtures/calls.h through ffi.cdef: every scalar type with its boundary values and the
 * 64-bit number/BigInt rule, structs and unions by value for each x86-64 classification case,
 * pointers, TypedArrays and Buffers (zero-copy), strings, callbacks (exceptions, release, another
 * pthread), variadic functions, global variables, errno, constants.
 *
 * Where expected values come from:
 * - reference/calls_ref.c runs the same calls.c on the same inputs and prints both; the tests
 *   read inputs and results from it (`ref`), so nothing is computed by cbridge on both sides;
 * - values a test wrote itself and reads back through C (zero-copy, globals, out-parameters);
 * - rules stated in docs/abi-mode.md (which JS type comes back, what is accepted).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALLS_H,
  callsLibrary,
  callsOptions,
  callsReference,
  childRows,
  decode,
  integer,
  isIntegerString,
  lastJson,
  openCalls,
  plain,
  runCallsChild,
  type ChildResult,
  type RefCase,
} from '../helpers/calls-fixture.js';
import { FFI } from '../../ffi.js';
import type { AbiFFI } from '../helpers/calls-fixture.js';
import { dlopenIn, MODES } from '../helpers/modes.js';

const ref = callsReference();

function show(c: RefCase): string {
  return JSON.stringify(c.args);
}

describe.each(MODES)('%s mode', (mode) => {
  const { ffi, lib } = openCalls(mode);

  describe('scalars', () => {
    for (const [fn, cases] of Object.entries(ref.scalars)) {
      it(`${fn}: the reference's results, integer arguments as numbers and as BigInts`, () => {
        for (const c of cases) {
          const expected = decode(c.result);
          expect(lib[fn](...c.args.map((a) => decode(a))), `${fn}(${show(c)})`).toBe(expected);
          if (c.args.some(isIntegerString)) {
            expect(lib[fn](...c.args.map((a) => decode(a, { bigint: true }))), `${fn}(${show(c)}) with BigInts`).toBe(expected);
          }
        }
      });
    }

    it('64-bit results are numbers up to 2^53 - 1 and BigInts beyond, both signs', () => {
      expect(lib.add_u64(2 ** 53 - 1, 0)).toBe(9007199254740991);
      expect(lib.add_u64(2 ** 53 - 1, 1)).toBe(9007199254740992n);
      expect(lib.add_i64(-(2 ** 53 - 1), 0)).toBe(-9007199254740991);
      expect(lib.add_i64(-(2 ** 53 - 1), -1)).toBe(-9007199254740992n);
      expect(lib.add_u64(1n, 2n)).toBe(3);
      expect(lib.inc_u64(0xffffffffffffffffn)).toBe(0);
      expect(lib.neg_i64(-0x8000000000000000n)).toBe(-0x8000000000000000n);
      expect(lib.inc_size(2 ** 53 - 1)).toBe(9007199254740992n);
      expect(lib.neg_long(-(2 ** 53 - 1))).toBe(9007199254740991);
      expect(lib.inc_ullong(0xfffffffffffffffen)).toBe(0xffffffffffffffffn);
    });

    it('smaller integers, char and enums come back as numbers; _Bool as boolean; void as undefined', () => {
      expect(lib.inc_u32(0xfffffffe)).toBe(4294967295);
      expect(lib.upper_char('q'.charCodeAt(0))).toBe('Q'.charCodeAt(0));
      expect(lib.next_color(lib.BLUE)).toBe(lib.RED);
      expect(lib.not_bool(false)).toBe(true);
      expect(lib.not_bool(true)).toBe(false);
      expect(lib.not_bool(0)).toBe(true);
      expect(lib.not_bool(1)).toBe(false);
      expect(lib.is_positive(-1)).toBe(false);
      expect(lib.do_nothing()).toBeUndefined();
    });

    it('BigInt arguments are accepted for every integer type, in range', () => {
      expect(lib.neg_i8(-128n)).toBe(-128);
      expect(lib.inc_u8(255n)).toBe(0);
      expect(lib.neg_i32(-2147483648n)).toBe(-2147483648);
      expect(lib.upper_char(97n)).toBe(65);
      expect(lib.next_color(5n)).toBe(6);
    });

    it('float arguments and results are rounded to float; double ones are not', () => {
      expect(lib.f32_to_f64(0.1)).toBe(Math.fround(0.1));
      expect(lib.mul_f32(16777217, 1)).toBe(16777216);
      expect(lib.mul_f64(16777217, 1)).toBe(16777217);
      expect(lib.f64_to_f32(1e39)).toBe(Infinity);
      expect(lib.mul_f64(NaN, 1)).toBeNaN();
      expect(Object.is(lib.mul_f64(-1, 0), -0)).toBe(true);
    });

    it('out-of-range, fractional and wrongly typed numbers are rejected with a TypeError before the call', () => {
      for (const [fn, arg] of [
        ['neg_i8', 128],
        ['neg_i8', -129],
        ['inc_u8', -1],
        ['inc_u8', 256],
        ['inc_u16', 65536],
        ['neg_i32', 2 ** 31],
        ['inc_u32', -1],
        ['neg_i32', 1.5],
        ['neg_i64', 0.5],
        ['inc_u64', -1],
        ['inc_u64', 2n ** 64n],
        ['neg_i64', 2n ** 63n],
        ['neg_i8', 128n],
        ['not_bool', 2],
        ['f32_to_f64', 1n],
      ] as const) {
        expect(() => lib[fn](arg), `${fn}(${String(arg)})`).toThrow(TypeError);
      }
    });
  });

  describe('structs and unions by value', () => {
    // Every by-value call runs in one child process: a struct classified differently from gcc
    // (registers vs memory) corrupts the stack, and must not take the other tests down with
    // it. The child prints one `= {id, got | error}` line per call and `# id` before each, so a
    // crash names its call. Each struct/union argument is passed three ways: a plain object, a
    // CData struct and a pointer to one; integer arguments once more as BigInts.
    const BODY = `
      const ref = callsReference();
      const step = (id: string) => process.stdout.write('# ' + id + '\\n');
      const run = (id: string, f: () => unknown) => {
        step(id);
        let row: object;
        try {
          row = { id, got: f() };
        } catch (e) {
          row = { id, error: (e as Error)?.constructor?.name + ': ' + (e as Error)?.message };
        }
        process.stdout.write('= ' + encodeJs(row) + '\\n');
      };
      const result = (fn: string, v: any) => {
        const kind = ffi.typeof(fn).result.kind;
        return kind === 'struct' || kind === 'union' ? plain(ffi, v) : v;
      };
      const forms = (fn: string, args: any[]): any[][] => {
        const params = ffi.typeof(fn).args;
        const records = params.map((p: any) => p.kind === 'struct' || p.kind === 'union');
        if (!records.some(Boolean)) return [args];
        const pointers = args.map((a, i) => (records[i] ? ffi.new(params[i].cname + ' *', a) : a));
        return [args, pointers.map((p, i) => (records[i] ? p[0] : p)), pointers];
      };
      for (const [fn, cases] of Object.entries(ref.structs)) {
        cases.forEach((c, i) => {
          forms(fn, c.args.map((a) => decode(a))).forEach((args, f) => run(fn + '#' + i + '/' + f, () => result(fn, lib[fn](...args))));
          if (c.args.some(isIntegerString)) run(fn + '#' + i + '/bigint', () => result(fn, lib[fn](...c.args.map((a) => decode(a, { bigint: true })))));
        });
      }
      for (const [family, cases] of Object.entries(ref.chains)) {
        cases.forEach((c, i) => run('chain:' + family + '#' + i, () => Number(lib[family + '_sum'](lib[family + '_twice'](lib[family + '_make'](...c.args.map((a) => decode(a))))))));
      }
      ref.huge.forEach((c, i) => run('huge#' + i, () => {
        const h = lib.huge_make(decode(c.args[0]));
        return { size: ffi.sizeof(h), last: h.v[32775], sum: lib.huge_sum(h), sumPtr: lib.huge_sum_ptr(ffi.addressof(h)) };
      }));
    `;
    let child: ChildResult;
    let rows: Map<string, { id: string; got?: unknown; error?: string }>;
    let lastStep: string;
    beforeAll(() => {
      child = runCallsChild('structs-by-value', BODY, { timeoutMs: 120_000, mode });
      const r = childRows<{ id: string; got?: unknown; error?: string }>(child);
      rows = new Map(r.rows.map((x) => [x.id, x]));
      lastStep = r.lastStep;
    });

    /** What call `id` returned in the child; fails naming the crash or the exception otherwise. */
    function got(id: string): any {
      const r = rows.get(id);
      if (!r) {
        const end = child.signal ? `died of ${child.signal}` : child.timedOut ? 'hung' : `exited with status ${child.status}`;
        throw new Error(`${id} did not run: the child process ${end} during '${lastStep}'\n${child.stderr.slice(-1500)}`);
      }
      if (r.error !== undefined) throw new Error(`${id} threw ${r.error}`);
      return r.got;
    }

    it('the child making every by-value call exits normally', () => {
      expect(child.signal, `crashed during '${lastStep}'\n${child.stderr.slice(-1500)}`).toBeNull();
      expect(child.status, child.stderr.slice(-1500)).toBe(0);
    });

    /**
     * packed_t has a misaligned member: the x86-64 ABI passes it in memory, koffi would use
     * registers, so ABI mode refuses it by value with a TypeError (docs/abi-mode.md).
     */
    const refusedByValue = (fn: string) => fn.startsWith('packed_');
    const REFUSAL = /TypeError: 'packed_t' has a misaligned member \('value' at offset 1\).*ABI mode cannot pass it by value/;

    for (const [fn, cases] of Object.entries(ref.structs)) {
      it(`${fn}: ${ffi.typeof(fn).cname}`, () => {
        const records = ffi.typeof(fn).args!.some((p) => p.kind === 'struct' || p.kind === 'union');
        cases.forEach((c, i) => {
          const expected = decode(c.result);
          const ids = (records ? [0, 1, 2] : [0]).map((f) => `${fn}#${i}/${f}`);
          if (c.args.some(isIntegerString)) ids.push(`${fn}#${i}/bigint`);
          for (const id of ids) {
            if (refusedByValue(fn)) expect(() => got(id), id).toThrow(REFUSAL);
            else expect(got(id), `${id}: ${fn}(${show(c)})`).toEqual(expected);
          }
        });
      });
    }

    for (const [family, cases] of Object.entries(ref.chains)) {
      it(`${family}: make -> twice -> sum, each result passed straight back to C`, () => {
        cases.forEach((c, i) => {
          if (refusedByValue(`${family}_`)) expect(() => got(`chain:${family}#${i}`)).toThrow(REFUSAL);
          else expect(got(`chain:${family}#${i}`), `${family}(${show(c)})`).toBe(decode(c.result));
        });
      });
    }

    it('a packed struct still works through a pointer', () => {
      const p = ffi.new('packed_t *', { tag: 7, value: -5, extra: 9 });
      expect([p.tag, p.value, p.extra]).toEqual([7, -5, 9]);
      expect(ffi.sizeof('packed_t')).toBe(7);
    });

    it('a struct bigger than 256 KiB, returned and passed by value and by pointer', () => {
      ref.huge.forEach((c, i) => {
        const expected = decode(c.result) as { sum: number | bigint; last: number };
        expect(got(`huge#${i}`)).toEqual({ size: 262208, last: expected.last, sum: expected.sum, sumPtr: expected.sum });
      });
    });

    it('a struct returned by value is a new owned CData of the declared type', () => {
      const a = lib.point_make(1, 2);
      const b = lib.point_make(1, 2);
      expect(ffi.typeof(a).cname).toBe('point_t');
      a.x = 100;
      expect(b.x).toBe(1);
      expect(lib.point_sum(a)).toBe(100 * 1000 + 2);
    });
  });

  describe('pointers, arrays and strings', () => {
    const P = ref.pointers;

    it('an out-parameter written by C is read through the CData', () => {
      const p = ffi.new('point_t *');
      lib.get_point(3, -4, p);
      expect([p.x, p.y]).toEqual([3, -4]);
      const arr = ffi.new('point_t[2]');
      lib.get_point(5, 6, arr.add(1));
      expect(plain(ffi, arr)).toEqual([{ x: 0, y: 0 }, { x: 5, y: 6 }]);
    });

    it('arrays of ints and of structs, as CData arrays and pointers', () => {
      const ints = decode(P.sum_array.in) as number[];
      const expected = decode(P.sum_array.result);
      expect(lib.sum_array(ffi.new('int[6]', ints), ints.length)).toBe(expected);
      expect(lib.sum_array(ffi.new('int[]', ints.length).add(0), 0)).toBe(0);
      const viaPointer = ffi.new('int[6]', ints);
      expect(lib.sum_array(viaPointer.add(0), ints.length)).toBe(expected);
      expect(lib.sum_array(viaPointer.add(2), 4)).toBe(ints.slice(2).reduce((a, b) => a + b, 0));
      const pts = decode(P.sum_points.in);
      expect(lib.sum_points(ffi.new('point_t[3]', pts), 3)).toBe(decode(P.sum_points.result));
    });

    it('TypedArrays, Buffers and ArrayBuffers are passed zero-copy: C writes, JS sees', () => {
      const u8 = Buffer.alloc(decode(P.fill_u8.n));
      lib.fill_u8(u8, u8.length, decode(P.fill_u8.seed));
      expect([...u8]).toEqual(decode(P.fill_u8.out));

      const ab = new ArrayBuffer(decode(P.fill_u8.n));
      lib.fill_u8(ab, ab.byteLength, decode(P.fill_u8.seed));
      expect([...new Uint8Array(ab)]).toEqual(decode(P.fill_u8.out));

      const window = new Uint8Array(new ArrayBuffer(32), 8, 16);
      lib.fill_u8(window, 16, 1);
      const filled = Array.from({ length: 16 }, (_, i) => (1 + 3 * i) & 0xff); // fill_u8's own definition
      expect([...new Uint8Array(window.buffer)]).toEqual([...Array(8).fill(0), ...filled, ...Array(8).fill(0)]);

      const i16 = new Int16Array(decode(P.fill_i16.n));
      lib.fill_i16(i16, i16.length);
      expect([...i16]).toEqual(decode(P.fill_i16.out));

      const f32 = new Float32Array(decode(P.fill_f32.n));
      lib.fill_f32(f32, f32.length);
      expect([...f32]).toEqual(decode(P.fill_f32.out));

      const u64 = new BigUint64Array(decode(P.fill_u64.n));
      lib.fill_u64(u64, u64.length);
      expect([...u64]).toEqual((P.fill_u64.out as string[]).map(BigInt));

      const f64 = Float64Array.from(decode(P.scale_f64.in) as number[]);
      lib.scale_f64(f64, f64.length, decode(P.scale_f64.k));
      expect([...f64]).toEqual(decode(P.scale_f64.out));

      const i32 = Int32Array.from(decode(P.sum_array.in) as number[]);
      expect(lib.sum_array(i32, i32.length)).toBe(decode(P.sum_array.result));
    });

    it('a Buffer for a char * parameter is written by C in place', () => {
      const b = Buffer.alloc(16, 0x58);
      expect(lib.write_str(b, b.length, 5)).toBe(4);
      expect(b.toString('latin1', 0, 5)).toBe('n=5;\0');
    });

    it('pointers to scalars: swap, identity, NULL, address', () => {
      const a = ffi.new('int *', 1);
      const b = ffi.new('int *', 2);
      lib.swap_ints(a, b);
      expect([a[0], b[0]]).toEqual([2, 1]);
      const same = lib.int_ptr_identity(a);
      expect(ffi.typeof(same).cname).toBe('int *');
      expect(same.address).toBe(a.address);
      expect(same[0]).toBe(2);
      expect(lib.int_ptr_identity(null)).toBeNull();
      expect(lib.is_null(null)).toBe(1);
      expect(lib.is_null(a)).toBe(0);
      expect(lib.ptr_to_int(a)).toBe(a.address);
      expect(lib.ptr_to_int(b.add(3))).toBe(b.address + 12);
    });

    it('JS strings in: UTF-8, NUL-terminated', () => {
      for (const c of P.str_len as RefCase[]) {
        expect(lib.str_len(c.args[0]), show(c)).toBe(decode(c.result));
      }
      for (const c of P.count_char as RefCase[]) {
        const [s, ch] = c.args.map((a) => decode(a));
        expect(lib.count_char(s, ch)).toBe(decode(c.result));
      }
      expect(lib.str_len(ffi.new('char[]', 'héllo'))).toBe(6);
    });

    it('char * out: C strings become strings through ffi.string; NULL is null', () => {
      const g = lib.greeting();
      expect(ffi.typeof(g).cname).toBe('const char *');
      expect(ffi.string(g)).toBe(P.greeting);
      expect(ffi.string(lib.utf8_sample())).toBe(P.utf8_sample);
      expect(Buffer.byteLength(P.utf8_sample as string)).toBe(decode(P.utf8_sample_len));
      expect(lib.str_null()).toBeNull();
    });

    it('char * written by C: in place, through snprintf, and allocated by C', () => {
      const s = ffi.new('char[]', P.str_upper.in);
      const r = lib.str_upper(s);
      expect(ffi.string(s)).toBe(P.str_upper.out);
      expect(r.address).toBe(s.address);
      for (const c of P.write_str as any[]) {
        const buf = ffi.new('char[64]');
        expect(lib.write_str(buf, decode(c.size), decode(c.n))).toBe(decode(c.result));
        expect(ffi.string(buf)).toBe(c.text);
      }
      const outp = ffi.new('char *[1]');
      lib.alloc_str('wörld', outp);
      expect(ffi.string(outp[0])).toBe('wörld');
      lib.free_str(outp[0]);
    });
  });

  describe('callbacks', () => {
    const C = ref.callbacks;
    const released: any[] = [];
    const callback = (type: string, fn: (...args: any[]) => unknown) => {
      const cb = ffi.callback(type, fn);
      released.push(cb);
      return cb;
    };
    afterAll(() => {
      for (const cb of released.splice(0)) ffi.release(cb);
    });

    it('an ffi.callback, a plain JS function and a C function pointer as int (*)(int, int)', () => {
      const [mulCase] = C.apply_op_mul as RefCase[];
      const [a, b] = mulCase!.args.map((x) => decode(x));
      const mul = callback('int(*)(int, int)', (x: number, y: number) => x * y);
      expect(lib.apply_op(mul, a, b)).toBe(decode(mulCase!.result));
      expect(lib.last_op_result).toBe(decode(mulCase!.result));
      expect(lib.apply_op((x: number, y: number) => x * y, a, b)).toBe(decode(mulCase!.result));
      const [addCase] = C.apply_op_add_fn as RefCase[];
      expect(lib.apply_op(lib.get_add_fn(), ...addCase!.args.map((x) => decode(x)))).toBe(decode(addCase!.result));
    });

    it('a callback called N times sees every argument', () => {
      const seen: number[] = [];
      expect(lib.call_n_times((i: number) => void seen.push(i), decode(C.call_n_times.n))).toBe(decode(C.call_n_times.result));
      expect(seen).toEqual(decode(C.call_n_times.seen));
      const folded = lib.fold_ints(ffi.new('int[5]', decode(C.fold_ints.in)), 5, (acc: number, x: number) => acc * 2 + x, decode(C.fold_ints.init));
      expect(folded).toBe(decode(C.fold_ints.result));
    });

    it('a callback stored by C in a global and called later', () => {
      const sub = callback('int(*)(int, int)', (x: number, y: number) => x - y);
      lib.set_stored_cb(sub);
      expect(lib.has_stored_cb()).toBe(1);
      lib.sum_array(ffi.new('int[3]', [1, 2, 3]), 3);
      const [c] = C.call_stored_cb as RefCase[];
      expect(lib.call_stored_cb(...c!.args.map((x) => decode(x)))).toBe(decode(c!.result));
      expect(lib.call_stored_cb(100, 1)).toBe(99);
      const back = lib.get_stored_cb();
      expect(ffi.cast('intptr_t', back).value).toBe(ffi.cast('intptr_t', sub).value);
      lib.set_stored_cb(null);
      expect(lib.has_stored_cb()).toBe(0);
      expect(lib.call_stored_cb(10, 3)).toBe(decode(C.call_stored_cb_none));
    });

    it('a callback taking and returning a struct by value', () => {
      const [c] = C.apply_point as RefCase[];
      const rotate = callback('point_t(*)(point_t)', (p: any) => ({ x: -p.y, y: p.x * 2 }));
      expect(plain(ffi, lib.apply_point(rotate, decode(c!.args[0]!)))).toEqual(decode(c!.result));
    });

    it('a callback writing through a struct pointer', () => {
      const [c] = C.gather_points as RefCase[];
      const fill = callback('void(*)(point_t *, int)', (p: any, i: number) => {
        p.x = i;
        p.y = -2 * i;
      });
      expect(lib.gather_points(fill, decode(c!.args[0]!))).toBe(decode(c!.result));
    });

    it('a callback returning char pointers and NULL', () => {
      const [c] = C.total_name_len as RefCase[];
      const names = ['a', 'bb', 'ccc'].map((s) => ffi.new('char[]', s));
      const nameOf = callback('const char *(*)(int)', (i: number) => (i === 4 ? null : names[i % 3]));
      expect(lib.total_name_len(nameOf, decode(c!.args[0]!))).toBe(decode(c!.result));
    });

    it('callback arguments follow the rules for values coming out of C (int8_t, uint64_t, float, double, _Bool)', () => {
      let received: unknown[] = [];
      const mix = callback('double(*)(int8_t, uint64_t, float, double, _Bool)', (...args: any[]) => {
        received = args;
        const [a, , c, d, e] = args;
        return a + c + d + (e ? 100 : 0);
      });
      expect(lib.call_mix(mix)).toBe(decode(C.call_mix.result));
      expect(received).toEqual(decode(C.call_mix.received));
    });

    it('a callback returning a void * (the same pointer, then NULL)', () => {
      const p = ffi.new('int *', 7);
      expect(lib.cb_ptr_roundtrip((q: any) => q, p)).toBe(decode(C.cb_ptr_identity));
      expect(lib.cb_ptr_roundtrip(() => null, p)).toBe(decode(C.cb_ptr_null));
    });

    it('an exception in a callback is rethrown from the outer call once C returns; C got 0', () => {
      const boom = new Error('boom');
      lib.apply_op((x: number, y: number) => x + y, 1, 1);
      expect(lib.last_op_result).toBe(2);
      let caught: unknown;
      try {
        lib.apply_op(() => {
          throw boom;
        }, 1, 2);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBe(boom);
      expect(lib.last_op_result).toBe(0);
      expect(lib.apply_op((x: number, y: number) => x * y, 3, 4)).toBe(12);
      const cb = callback('int(*)(int, int)', () => {
        throw new RangeError('from a stored callback');
      });
      lib.set_stored_cb(cb);
      expect(() => lib.call_stored_cb(1, 2)).toThrow(new RangeError('from a stored callback'));
      lib.set_stored_cb(null);
    });

    it('ffi.release(cb) frees the callback: passing it again throws instead of calling freed code', () => {
      const r = runCallsChild(
        'release-callback',
        `
        const cb = ffi.callback('int(*)(int, int)', (x: number, y: number) => x + y);
        const before = lib.apply_op(cb, 2, 3);
        ffi.release(cb);
        let after: string;
        try {
          after = 'returned ' + String(lib.apply_op(cb, 2, 3));
        } catch (e) {
          after = (e as Error).constructor.name;
        }
        out({ before, after });
        `,
        { mode },
      );
      expect(r.signal, r.stderr).toBeNull();
      expect(r.status, r.stderr).toBe(0);
      const res = lastJson(r);
      expect(res.before).toBe(5);
      expect(['TypeError', 'RangeError']).toContain(res.after);
    });

    it('a callback called from another pthread runs on the JS thread, and its result reaches C', async () => {
      lib.mark_main_thread();
      expect(lib.on_main_thread()).toBe(1);
      const onMain: number[] = [];
      const mul = callback('int(*)(int, int)', (x: number, y: number) => {
        onMain.push(lib.on_main_thread());
        return x * y;
      });
      expect(lib.thread_start(mul, 6, 7)).toBe(0);
      const deadline = Date.now() + 20_000;
      while (!lib.thread_done()) {
        if (Date.now() > deadline) throw new Error('the callback from the other thread never ran (event loop was free)');
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(lib.thread_join()).toBe(decode(C.call_in_thread_mul));
      expect(onMain).toEqual([1]);
    });

    // A C call that blocks the JS thread until another thread's callback has run deadlocks:
    // koffi queues foreign-thread callbacks to the event loop (documented in docs/abi-mode.md;
    // a native trampoline that detects it belongs with the compiled fast path).
  });

  describe('variadic functions', () => {
    const V = ref.variadic;
    const [ints] = V.sum_ints as RefCase[];
    const [longs] = V.sum_longs as RefCase[];
    const [llongs] = V.sum_llongs as RefCase[];
    const [doubles] = V.sum_doubles as RefCase[];

    it('integer numbers are int, booleans are int', () => {
      expect(lib.sum_ints(4, 10, -20, 30, true)).toBe(decode(ints!.result));
      expect(ints!.args.map((a) => decode(a))).toEqual([4, 10, -20, 30, true]);
    });

    it('integer numbers beyond int are long; casts type the others', () => {
      expect(longs!.args.map((a) => decode(a))).toEqual([3, 2 ** 40, -(2 ** 41), 5]);
      expect(lib.sum_longs(3, 2 ** 40, -(2 ** 41), ffi.cast('long', 5))).toBe(decode(longs!.result));
    });

    it('BigInts are long long', () => {
      expect(llongs!.args.map((a) => decode(a, { bigint: true }))).toEqual([3n, 2n ** 60n, -1n, 2n ** 53n + 1n]);
      expect(lib.sum_llongs(3, 2n ** 60n, -1n, 2n ** 53n + 1n)).toBe(decode(llongs!.result));
    });

    it('non-integer numbers are double; an integer needs ffi.cast to be one', () => {
      expect(doubles!.args.map((a) => decode(a))).toEqual([3, 1.5, 2.25, 3]);
      expect(lib.sum_doubles(3, 1.5, 2.25, ffi.cast('double', 3))).toBe(decode(doubles!.result));
    });

    it('null is a NULL void *, CData pointers and strings are pointers', () => {
      const n = lib.count_nonnull(5, null, ffi.new('int *', 1), 'str', null, ffi.new('int8_t *', 2));
      expect(n).toBe(decode(V.count_nonnull));
    });

    it('vsnprintf sees every argument with the type the rules give it', () => {
      const F = V.format_va as Record<string, { fmt: string; size: string; result: string; text: string }>;
      const args: Record<string, unknown[]> = {
        int_string_double: [42, 'str', 3.14159],
        bigint_llong: [-(2n ** 60n), ffi.cast('unsigned long long', 18446744073709551615n)],
        cast_small: [ffi.cast('char', 72), ffi.cast('char', 105), ffi.cast('int8_t', -5), ffi.cast('unsigned short', 65535)],
        long_default: [2 ** 40, 0.1, true],
        utf8_strings: ['héllo', ffi.new('char[]', 'wörld').add(0)],
        negative_default: [-7, -(2 ** 40)],
        truncated: [12345, 678],
      };
      expect(Object.keys(args).sort()).toEqual(Object.keys(F).sort());
      for (const [id, c] of Object.entries(F)) {
        const buf = ffi.new('char[64]');
        expect(lib.format_va(buf, decode(c.size), c.fmt, ...args[id]!), id).toBe(decode(c.result));
        expect(ffi.string(buf), id).toBe(c.text);
      }
    });
  });

  describe('global variables', () => {
    const G = ref.globals;

    it('read: scalars, a 64-bit value beyond 2^53, a struct, an array, pointers', () => {
      expect(lib.g_int).toBe(decode(G.g_int));
      expect(lib.g_double).toBe(decode(G.g_double));
      expect(lib.g_u64).toBe(decode(G.g_u64));
      expect(typeof lib.g_u64).toBe('bigint');
      expect(plain(ffi, lib.g_point)).toEqual(decode(G.g_point));
      expect(plain(ffi, lib.g_array)).toEqual(decode(G.g_array));
      expect(lib.g_array.length).toBe(4);
      expect(ffi.string(lib.g_str)).toBe(G.g_str);
      expect(lib.g_int_ptr[0]).toBe(decode(G.g_int));
    });

    it('write: C sees every assignment', () => {
      lib.g_int = -5;
      expect(lib.get_g_int()).toBe(-5);
      expect(lib.g_int).toBe(-5);
      expect(lib.g_int_ptr[0]).toBe(-5);
      lib.g_double = 0.1;
      expect(lib.get_g_double()).toBe(0.1);
      lib.g_u64 = 2n ** 63n;
      expect(lib.get_g_u64()).toBe(2n ** 63n);
      lib.g_u64 = 7;
      expect(lib.get_g_u64()).toBe(7);
      lib.g_point = { x: -1, y: 2 };
      expect(plain(ffi, lib.get_g_point())).toEqual({ x: -1, y: 2 });
      lib.g_point = lib.point_make(8, 9);
      expect(plain(ffi, lib.get_g_point())).toEqual({ x: 8, y: 9 });
      lib.g_array[2] = 99;
      expect(lib.get_g_array(2)).toBe(99);
      const text = ffi.new('char[]', 'replaced');
      lib.g_str = text;
      expect(ffi.string(lib.get_g_str())).toBe('replaced');
      lib.g_int_ptr = null;
      expect(lib.g_int_ptr_is_null()).toBe(1);
      expect(lib.g_int_ptr).toBeNull();
      const mine = ffi.new('int *', 31);
      lib.g_int_ptr = mine;
      expect(lib.g_int_ptr_is_null()).toBe(0);
      expect(lib.g_int_ptr[0]).toBe(31);
    });
  });

  describe('errno, constants, the process itself', () => {
    it('ffi.errno is errno as of the last call; ffi.errno = n sets it', () => {
      const E = ref.errno;
      expect(lib.set_errno(decode(E.EDOM))).toBe(decode(E.set_errno));
      expect(ffi.errno).toBe(decode(E.after));
      lib.add_i32(1, 2);
      expect(ffi.errno).toBe(decode(E.after));
      lib.set_errno(decode(E.ERANGE));
      expect(ffi.errno).toBe(decode(E.ERANGE));
      ffi.errno = 0;
      expect(ffi.errno).toBe(0);
      expect(lib.get_errno()).toBe(0);
      ffi.errno = 7;
      expect(lib.get_errno()).toBe(7);
    });

    it('enum constants and integer #defines are on the lib (BigInt beyond 2^53)', () => {
      for (const [name, value] of Object.entries(ref.constants)) {
        expect(lib[name], name).toBe(integer(value));
      }
      expect(lib.next_color(lib.RED)).toBe(lib.GREEN);
    });

    it('two libraries with the same declarations each call their own code', () => {
      // Another instance of the fixture (another file) with the same calls.h, opened the same
      // way, in a child process (so this file's library is left alone).
      const other = callsLibrary(mode, 'second');
      const options = mode === 'abi' ? '' : `, ${JSON.stringify({ mode, ...callsOptions(mode) })}`;
      const r = runCallsChild(
        'two-libraries',
        `
        const second: any = new FFI();
        second.cdef(readFileSync(${JSON.stringify(CALLS_H)}, 'utf8'));
        const lib2 = second.dlopen(${JSON.stringify(other)}${options});
        lib.g_int = 1;
        lib2.g_int = 2;
        lib.g_double = 0.5;
        lib2.g_double = 0.25;
        out({
          first: [lib.g_int, lib.get_g_int(), lib.get_g_double(), lib.add_i32(2, 3)],
          second: [lib2.g_int, lib2.get_g_int(), lib2.get_g_double(), lib2.add_i32(2, 3)],
        });
        `,
        { mode },
      );
      expect(r.signal, r.stderr).toBeNull();
      expect(r.status, r.stderr).toBe(0);
      expect(lastJson(r)).toEqual({ first: [1, 1, 0.5, 5], second: [2, 2, 0.25, 5] });
    });

    it('ffi.dlopen(null) is the process (libc)', () => {
      const libc = new FFI() as unknown as AbiFFI;
      libc.cdef('size_t strlen(const char *s); int abs(int x);');
      const c = dlopenIn(libc, null, mode);
      expect(c.strlen('héllo')).toBe(6);
      expect(c.abs(-4)).toBe(4);
    });
  });
});
