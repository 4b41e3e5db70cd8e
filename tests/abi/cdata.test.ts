/**
 * CData (docs/abi-mode.md, "CData"), with the fixture library opened in each call mode
 * (tests/helpers/modes.ts: every test runs once per mode): ffi.new with every initialiser kind,
 * fields and nested views, arrays and their bounds, pointer arithmetic, casts,
 * string/unpack/buffer/fromBuffer, memmove, addressof, gc, typeof/sizeof, release, NULL; and that
 * every layout cbridge hands to C is the layout C uses.
 *
 * Where expected values come from: the values a test writes itself and reads back (through
 * JS or through C), the compiler's own sizeof/_Alignof/offsetof printed by
 * reference/calls_ref.c and returned by the fixture library (layout_sizeof, read_field...),
 * and the rules of docs/abi-mode.md. ffi.gc needs a collection, so it runs in a child
 * `node --expose-gc` process that reports what its destructor saw.
 */

import { describe, expect, it } from 'vitest';
import { callsReference, decode, lastJson, openCalls, plain, runCallsChild } from '../helpers/calls-fixture.js';
import { MODES } from '../helpers/modes.js';

const ref = callsReference();

/** `'a.x'` / `'name[3]'` -> `['a', 'x']` / `['name', 3]` (cbridge access path of a C member designator). */
function steps(path: string): (string | number)[] {
  return path.split(/[.[\]]+/).filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
function getPath(p: any, path: string): any {
  return steps(path).reduce((o, k) => o[k], p);
}
function setPath(p: any, path: string, v: unknown): void {
  const s = steps(path);
  const last = s.pop()!;
  s.reduce((o, k) => o[k], p)[last] = v;
}

describe.each(MODES)('%s mode', (mode) => {
  const { ffi, lib } = openCalls(mode);

  describe('ffi.new', () => {
    it('a struct pointer from an object, zeroed, and partly initialised', () => {
      const p = ffi.new('point_t *', { x: 1, y: 2 });
      expect([p.x, p.y]).toEqual([1, 2]);
      expect(p[0].y).toBe(2);
      expect(ffi.typeof(p).cname).toBe('point_t *');
      const z = ffi.new('point_t *');
      expect([z.x, z.y]).toEqual([0, 0]);
      const half = ffi.new('point_t *', { y: 5 });
      expect([half.x, half.y]).toEqual([0, 5]);
    });

    it('arrays from a list (the rest zero), from a length, and of structs', () => {
      const a = ffi.new('int[4]', [1, 2, 3, 4]);
      expect(a.length).toBe(4);
      expect(plain(ffi, a)).toEqual([1, 2, 3, 4]);
      expect(plain(ffi, ffi.new('int[4]', [1, 2]))).toEqual([1, 2, 0, 0]);
      const n = ffi.new('int[]', 10);
      expect(n.length).toBe(10);
      expect(plain(ffi, n)).toEqual(Array(10).fill(0));
      expect(plain(ffi, ffi.new('point_t[2]', [{ x: 1 }, { y: 2 }]))).toEqual([{ x: 1, y: 0 }, { x: 0, y: 2 }]);
    });

    it('char[] from a string: UTF-8 plus NUL', () => {
      const s = ffi.new('char[]', 'text');
      expect(s.length).toBe(5);
      expect(ffi.string(s)).toBe('text');
      const u = ffi.new('char[]', 'héllo ✓');
      expect(u.length).toBe(Buffer.byteLength('héllo ✓') + 1);
      expect(ffi.unpack(u, u.length)).toEqual(Buffer.from('héllo ✓\0'));
      expect(lib.str_len(u)).toBe(Buffer.byteLength('héllo ✓'));
    });

    it('scalar pointers from a value, with the 64-bit rule on reading back', () => {
      expect(ffi.new('int *', 5)[0]).toBe(5);
      expect(ffi.new('double *', 0.1)[0]).toBe(0.1);
      expect(ffi.new('float *', 0.1)[0]).toBe(Math.fround(0.1));
      expect(ffi.new('int64_t *', 2n ** 60n)[0]).toBe(2n ** 60n);
      expect(ffi.new('int64_t *', -(2 ** 53 - 1))[0]).toBe(-(2 ** 53 - 1));
      expect(ffi.new('uint64_t *', 5n)[0]).toBe(5);
      expect(ffi.new('_Bool *', true)[0]).toBe(true);
      expect(ffi.new('char *', 65)[0]).toBe(65);
    });

    it('nested structs, array members, unions and _Bool members', () => {
      const r = ffi.new('rect_t *', { a: { x: 1, y: 2 }, b: { x: 3, y: 4 } });
      expect(plain(ffi, r[0])).toEqual({ a: { x: 1, y: 2 }, b: { x: 3, y: 4 } });
      const d = ffi.new('deep_t *', { r: { b: { y: 9 } }, w: 1.5 });
      expect(plain(ffi, d[0])).toEqual({ r: { a: { x: 0, y: 0 }, b: { x: 0, y: 9 } }, w: 1.5 });
      const n = ffi.new('named_t *', { name: [104, 105], id: 3 });
      expect(plain(ffi, n.name)).toEqual([104, 105, 0, 0, 0, 0, 0, 0]);
      expect(ffi.string(n.name)).toBe('hi');
      const [fromFloat] = ref.structs.int_float_u_from_float!;
      const u = ffi.new('int_float_u *', { f: decode(fromFloat!.args[0]!) });
      expect(plain(ffi, u[0])).toEqual(decode(fromFloat!.result));
      const m = ffi.new('small_mix_t *', { flag: true, c: 120, s: -300, i: 70000 });
      expect(plain(ffi, m[0])).toEqual({ flag: true, c: 120, s: -300, i: 70000 });
      expect(lib.small_mix_sum(m)).toBe(decode(ref.structs.small_mix_sum![0]!.result));
    });
  });

  describe('fields', () => {
    it('a nested struct field is a view into the same memory', () => {
      const r = ffi.new('rect_t *');
      const b = r.b;
      expect(ffi.typeof(b).cname).toBe('point_t');
      b.x = 7;
      expect(r.b.x).toBe(7);
      r.b = { x: 1, y: 2 };
      expect([b.x, b.y]).toEqual([1, 2]);
      r.a.y = -3;
      expect(lib.rect_area(r[0])).toBe((1 - 0) * (2 - -3));
      const d = ffi.new('deep_t *');
      d.r.b.y = 11;
      expect(lib.read_field('deep_t', 'r.b.y', d)).toBe(11);
    });

    it('field writes are checked like arguments', () => {
      const p = ffi.new('point_t *');
      expect(() => (p.x = 'a')).toThrow(TypeError);
      expect(() => (p.x = 2 ** 31)).toThrow(TypeError);
      expect(() => (p.x = 1.5)).toThrow(TypeError);
      const f = ffi.new('float2_t *');
      expect(() => (f.a = 1n)).toThrow(TypeError);
      expect([p.x, p.y, f.a]).toEqual([0, 0, 0]);
    });
  });

  describe('arrays and bounds', () => {
    it('indexing reads and writes; past the end throws', () => {
      const a = ffi.new('int[4]');
      a[3] = 9;
      expect(a[3]).toBe(9);
      expect(() => a[4]).toThrow(RangeError);
      expect(() => (a[4] = 1)).toThrow(RangeError);
      const n = ffi.new('int[]', 10);
      expect(() => n[10]).toThrow(RangeError);
      const pts = ffi.new('point_t[3]');
      pts[1].x = 5;
      expect(lib.sum_points(pts, 3)).toBe(5000);
      expect(() => pts[3]).toThrow(RangeError);
    });

    it('array members are bounds-checked too', () => {
      const n = ffi.new('named_t *');
      n.name[7] = 65;
      expect(lib.read_field('named_t', 'name[7]', n)).toBe(65);
      expect(() => n.name[8]).toThrow(RangeError);
      expect(() => (n.name[8] = 1)).toThrow(RangeError);
      expect(n.id).toBe(0);
    });
  });

  describe('pointers', () => {
    it('add and diff count elements; address counts bytes', () => {
      const a = ffi.new('int[4]', [10, 20, 30, 40]);
      const p = a.add(1);
      expect(ffi.typeof(p).cname).toBe('int *');
      expect(p[0]).toBe(20);
      expect(p[2]).toBe(40);
      expect(p.add(2)[0]).toBe(40);
      expect(p.add(-1)[0]).toBe(10);
      expect(p.add(2).diff(p)).toBe(2);
      expect(p.diff(p.add(2))).toBe(-2);
      expect(p.address - a.add(0).address).toBe(4);
      p[1] = 31;
      expect(a[2]).toBe(31);
      const pts = ffi.new('point_t[3]');
      expect(pts.add(2).address - pts.add(0).address).toBe(2 * ffi.sizeof('point_t'));
      expect(pts.add(2).diff(pts.add(0))).toBe(2);
    });

    it('isNull, and String(p) shows type and address', () => {
      const p = ffi.new('int *', 1);
      expect(p.isNull).toBe(false);
      expect(String(p)).toBe(`<cdata 'int *' 0x${p.address.toString(16)}>`);
      expect(ffi.cast('int *', 0).isNull).toBe(true);
    });
  });

  describe('ffi.cast', () => {
    it('pointer <-> integer', () => {
      const p = ffi.new('int *', 42);
      expect(ffi.cast('intptr_t', p).value).toBe(p.address);
      expect(ffi.cast('uintptr_t', p).value).toBe(p.address);
      const q = ffi.cast('int *', p.address);
      expect(q[0]).toBe(42);
      q[0] = 43;
      expect(p[0]).toBe(43);
    });

    it('pointer -> pointer reinterprets the same memory', () => {
      const a = ffi.new('uint32_t[1]', [0x01020304]);
      const bytes = ffi.cast('uint8_t *', a);
      expect(ffi.typeof(bytes).cname).toBe('uint8_t *');
      expect([bytes[0], bytes[1], bytes[2], bytes[3]]).toEqual([4, 3, 2, 1]);
      const v = ffi.cast('void *', a);
      expect(ffi.cast('uint32_t *', v)[0]).toBe(0x01020304);
    });

    it('to a scalar type: a typed scalar CData with .value', () => {
      const c = ffi.cast('int8_t', -5);
      expect(c.value).toBe(-5);
      expect(ffi.typeof(c).cname).toBe('int8_t');
      expect(ffi.cast('double', 3).value).toBe(3);
      expect(ffi.cast('uint64_t', 2n ** 64n - 1n).value).toBe(2n ** 64n - 1n);
      expect(ffi.cast('unsigned short', 65535).value).toBe(65535);
      // A C cast converts: the low bits of an integer that does not fit.
      expect(ffi.cast('uint8_t', 0x1ff).value).toBe(0xff);
    });
  });

  describe('memory <-> JS', () => {
    it('ffi.string, with maxlen', () => {
      const s = ffi.new('char[]', 'hello');
      expect(ffi.string(s)).toBe('hello');
      expect(ffi.string(s, 3)).toBe('hel');
      expect(ffi.string(s, 100)).toBe('hello');
      const noNul = ffi.new('char[5]', [104, 101, 108, 108, 111]);
      expect(ffi.string(noNul, 5)).toBe('hello');
      expect(ffi.string(ffi.new('char[]', 'wörld ✓'))).toBe('wörld ✓');
      expect(ffi.string(lib.greeting(), 5)).toBe('hello');
    });

    it('ffi.unpack: chars as a Buffer copy, other types as arrays', () => {
      const s = ffi.new('char[]', 'abc');
      const b = ffi.unpack(s, 3);
      expect(Buffer.isBuffer(b)).toBe(true);
      expect(b.toString()).toBe('abc');
      b[0] = 0x7a;
      expect(ffi.string(s)).toBe('abc');
      expect(ffi.unpack(ffi.new('int[4]', [1, -2, 3, 4]), 3)).toEqual([1, -2, 3]);
      expect(ffi.unpack(ffi.new('int64_t[2]', [1n, 2n ** 60n]), 2)).toEqual([1, 2n ** 60n]);
      expect(ffi.unpack(ffi.new('double[2]', [0.5, 0.1]), 2)).toEqual([0.5, 0.1]);
    });

    it('ffi.buffer is a zero-copy view: writes either side are seen by the other', () => {
      const p = ffi.new('point_t *', { x: 1, y: 2 });
      const b = ffi.buffer(p);
      expect(b.length).toBe(ffi.sizeof('point_t'));
      expect(b.readInt32LE(4)).toBe(2);
      b.writeInt32LE(77, 0);
      expect(p.x).toBe(77);
      lib.get_point(5, 6, p);
      expect([b.readInt32LE(0), b.readInt32LE(4)]).toEqual([5, 6]);
      expect(ffi.buffer(ffi.new('int[4]')).length).toBe(16);
      expect(ffi.buffer(p, 4).length).toBe(4);
    });

    it('ffi.fromBuffer makes CData over the Buffer itself', () => {
      const buf = Buffer.alloc(16);
      const a = ffi.fromBuffer('int[]', buf);
      expect(a.length).toBe(4);
      a[1] = 5;
      expect(buf.readInt32LE(4)).toBe(5);
      buf.writeInt32LE(9, 8);
      expect(a[2]).toBe(9);
      expect(lib.sum_array(a, 4)).toBe(14);
      const pts = ffi.fromBuffer('point_t[]', buf);
      expect(pts.length).toBe(2);
      lib.get_point(-1, -2, pts.add(1));
      expect([buf.readInt32LE(8), buf.readInt32LE(12)]).toEqual([-1, -2]);
    });

    it('ffi.memmove copies bytes, overlapping ranges included', () => {
      const a = ffi.new('int[4]', [1, 2, 3, 4]);
      ffi.memmove(a.add(1), a, 8);
      expect(plain(ffi, a)).toEqual([1, 1, 2, 4]);
      const b = ffi.new('int[4]');
      ffi.memmove(b, a, 16);
      expect(plain(ffi, b)).toEqual([1, 1, 2, 4]);
    });

    it('ffi.addressof a struct and of a field', () => {
      const s = lib.point_make(1, 2);
      const ps = ffi.addressof(s);
      expect(ffi.typeof(ps).cname).toBe('point_t *');
      ps.x = 5;
      expect(s.x).toBe(5);
      const p = ffi.new('point_t *', { x: 1, y: 2 });
      const py = ffi.addressof(p, 'y');
      expect(ffi.typeof(py).cname).toBe('int *');
      expect(py.address).toBe(p.address + ffi.offsetof('point_t', 'y'));
      py[0] = 9;
      expect(p.y).toBe(9);
      const r = ffi.new('rect_t *');
      const rb = ffi.addressof(r, 'b');
      lib.get_point(3, 4, rb);
      expect(plain(ffi, r.b)).toEqual({ x: 3, y: 4 });
    });
  });

  describe('typeof, sizeof, release, NULL', () => {
    it('ffi.typeof and ffi.sizeof of CData', () => {
      const a = ffi.new('int[4]');
      expect(ffi.typeof(a).cname).toBe('int[4]');
      expect(ffi.sizeof(a)).toBe(16);
      expect(ffi.sizeof(ffi.new('int[]', 10))).toBe(40);
      const s = lib.point_make(1, 2);
      expect(ffi.typeof(s).cname).toBe('point_t');
      expect(ffi.sizeof(s)).toBe(8);
      const p = ffi.new('big_t *');
      expect(ffi.typeof(p).item!.cname).toBe('big_t');
      expect(ffi.sizeof(p)).toBe(ffi.typeof(p).size);
      expect(ffi.typeof(lib.greeting()).cname).toBe('const char *');
    });

    it('after ffi.release, reads and writes throw, views included', () => {
      const p = ffi.new('point_t *', { x: 1 });
      ffi.release(p);
      expect(() => p.x).toThrow();
      expect(() => (p.x = 1)).toThrow();
      const a = ffi.new('int[4]');
      ffi.release(a);
      expect(() => a[0]).toThrow();
      const r = ffi.new('rect_t *');
      const b = r.b;
      const q = r.add(0);
      ffi.release(r);
      expect(() => b.x).toThrow();
      expect(() => q.a).toThrow();
    });

    it('reading or writing through NULL throws', () => {
      const n = ffi.cast('int *', 0);
      expect(() => n[0]).toThrow();
      expect(() => (n[0] = 1)).toThrow();
      const s = ffi.cast('point_t *', 0);
      expect(() => s.x).toThrow();
      expect(() => s.add(1).x).toThrow();
    });

    it('ffi.gc calls the destructor once its CData is collected', () => {
      const r = runCallsChild(
        'gc',
        `
        const seen: number[] = [];
        let address = 0;
        (() => {
          const p = ffi.new('int *', 1);
          address = p.address;
          ffi.gc(p, (q: any) => seen.push(q.address));
        })();
        // C-allocated memory with a C destructor: must not crash when collected.
        (() => {
          const outp = ffi.new('char *[1]');
          lib.alloc_str('freed by gc', outp);
          ffi.gc(outp[0], lib.free_str);
        })();
        for (let i = 0; i < 100 && seen.length === 0; i++) {
          (globalThis as any).gc();
          await new Promise((r) => setTimeout(r, 10));
        }
        for (let i = 0; i < 5; i++) {
          (globalThis as any).gc();
          await new Promise((r) => setTimeout(r, 10));
        }
        out({ seen, address });
        `,
        { exposeGc: true, mode },
      );
      expect(r.signal, r.stderr).toBeNull();
      expect(r.status, r.stderr).toBe(0);
      const { seen, address } = lastJson(r);
      expect(seen).toEqual([address]);
    });
  });

  describe('layout handed to C is the layout C uses', () => {
    const L = ref.layout;

    it('sizeof and alignof of every fixture type: cbridge, the reference and the library agree', () => {
      for (const t of L.types) {
        expect([ffi.sizeof(t.name), ffi.alignof(t.name)], t.name).toEqual([decode(t.size), decode(t.align)]);
        expect([lib.layout_sizeof(t.name), lib.layout_alignof(t.name)], t.name).toEqual([decode(t.size), decode(t.align)]);
      }
    });

    it('offsetof of every listed member, nested and indexed ones included', () => {
      for (const f of L.fields) {
        expect(ffi.offsetof(f.type, f.field), `${f.type}.${f.field}`).toBe(decode(f.offset));
        expect(lib.layout_offsetof(f.type, f.field), `${f.type}.${f.field}`).toBe(decode(f.offset));
      }
    });

    const sample: Record<string, number | boolean> = {
      bool: true, char: -5, int8_t: -5, uint8_t: 200, int16_t: -300, uint16_t: 65000,
      int32_t: -70000, uint32_t: 3000000000, int64_t: -(2 ** 40), uint64_t: 2 ** 40, float: 1.5, double: 0.1,
    };

    it('a member JS writes is the member C reads, and the reverse', () => {
      for (const f of L.fields) {
        const v = sample[f.kind]!;
        const p = ffi.new(`${f.type} *`);
        setPath(p, f.field, v);
        expect(lib.read_field(f.type, f.field, p), `JS writes ${f.type}.${f.field}`).toBe(Number(v));
        const q = ffi.new(`${f.type} *`);
        expect(lib.write_field(f.type, f.field, q, Number(v)), `${f.type}.${f.field} is known to C`).toBe(0);
        expect(getPath(q, f.field), `C writes ${f.type}.${f.field}`).toBe(v);
      }
    });
  });
});
