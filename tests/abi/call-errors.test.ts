/**
 * Errors of calls (docs/abi-mode.md, "Errors"), the same in ABI and in fast mode (every test
 * runs once per mode, tests/helpers/modes.ts): the documented messages asserted as
 * whole strings (wrong argument count; wrong argument type for integer, floating, _Bool, enum,
 * struct, pointer and function-pointer parameters, named and unnamed; a missing symbol, naming
 * symbol and library), non-callable things, and that bad input never crashes the process.
 *
 * Where a message's wording is documented (a JS string received: `got string "x"`), the whole
 * string is asserted; for other received values only the documented part up to `got ` is, as
 * docs/abi-mode.md does not spell out how a number or an object is shown. Everything that
 * could crash a process (NULL, released memory, garbage for every parameter of every fixture
 * function) runs in a child Node process, and the test asserts how the child ended.
 */

import { describe, expect, it } from 'vitest';
import { FFI } from '../../ffi.js';
import { CALLS_H, lastJson, openCalls, runCallsChild, thrown, type AbiFFI } from '../helpers/calls-fixture.js';
import { dlopenIn, MODES } from '../helpers/modes.js';

describe.each(MODES)('%s mode', (mode) => {
  const { ffi, lib, path } = openCalls(mode);

  function typeError(fn: () => unknown): string {
    const e = thrown(fn);
    expect(e).toBeInstanceOf(TypeError);
    return e.message;
  }

  describe('wrong argument count', () => {
    it('too many and too few, whole messages', () => {
      expect(typeError(() => lib.add_i32(1, 2, 3))).toBe('add_i32: expected 2 arguments, got 3');
      expect(typeError(() => lib.add_i32(1))).toBe('add_i32: expected 2 arguments, got 1');
      expect(typeError(() => lib.pack3_make(1, 2))).toBe('pack3_make: expected 3 arguments, got 2');
      expect(typeError(() => lib.do_nothing(1))).toBe('do_nothing: expected 0 arguments, got 1');
      expect(typeError(() => lib.many_args())).toBe('many_args: expected 18 arguments, got 0');
    });

    it('a variadic function still needs its fixed arguments', () => {
      expect(typeError(() => lib.sum_ints())).toMatch(/^sum_ints: /);
      expect(typeError(() => lib.format_va(ffi.new('char[8]'), 8))).toMatch(/^format_va: /);
    });
  });

  describe('wrong argument type', () => {
    it('a string where the C type does not take one, for every kind of parameter', () => {
      const cases: [() => unknown, string][] = [
        [() => lib.add_i32(1, 'x'), `add_i32: argument 2 'b': expected int32_t, got string "x"`],
        [() => lib.neg_int('x'), `neg_int: argument 1 'x': expected int, got string "x"`],
        [() => lib.inc_u64('x'), `inc_u64: argument 1 'x': expected uint64_t, got string "x"`],
        [() => lib.neg_ssize('12'), `neg_ssize: argument 1 'x': expected ssize_t, got string "12"`],
        [() => lib.upper_char('ab'), `upper_char: argument 1 'c': expected char, got string "ab"`],
        [() => lib.neg_schar('x'), `neg_schar: argument 1 'c': expected signed char, got string "x"`],
        [() => lib.mul_f64('x', 1), `mul_f64: argument 1 'a': expected double, got string "x"`],
        [() => lib.mul_f32(1, 'x'), `mul_f32: argument 2 'b': expected float, got string "x"`],
        [() => lib.not_bool('x'), `not_bool: argument 1 'b': expected _Bool, got string "x"`],
        [() => lib.next_color('RED'), `next_color: argument 1 'c': expected enum color, got string "RED"`],
        [() => lib.point_sum('x'), `point_sum: argument 1 'p': expected point_t, got string "x"`],
        [() => lib.int_float_u_bits('x'), `int_float_u_bits: argument 1 'u': expected int_float_u, got string "x"`],
        [() => lib.get_point(1, 2, 'x'), `get_point: argument 3 'out': expected point_t *, got string "x"`],
        [() => lib.sum_array('x', 1), `sum_array: argument 1 'a': expected const int *, got string "x"`],
        [() => lib.fill_u8('x', 1, 0), `fill_u8: argument 1 'buf': expected uint8_t *, got string "x"`],
        [() => lib.apply_op('x', 1, 2), `apply_op: argument 1 'op': expected int_op_t, got string "x"`],
        [() => lib.add_unnamed(1, 'x'), `add_unnamed: argument 2: expected int, got string "x"`],
        [() => lib.many_args(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 'x', 17, 18), `many_args: argument 16 'p': expected long, got string "x"`],
        [() => lib.sum_ints('x'), `sum_ints: argument 1 'n': expected int, got string "x"`],
      ];
      const wrong: string[] = [];
      for (const [call, message] of cases) {
        try {
          const r = call();
          wrong.push(`${message.split(':')[0]}: returned ${String(r)} instead of: ${message}`);
        } catch (e) {
          if (!(e instanceof TypeError) || e.message !== message) wrong.push(`${String(e)} instead of: ${message}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('other JS values: the message names the function, the argument and the C type', () => {
      const values: unknown[] = [1.5, NaN, true, null, undefined, {}, [], 2 ** 31, 2n ** 40n, Symbol('s'), () => 1, new Int32Array(1)];
      for (const v of values) {
        expect(typeError(() => lib.add_i32(1, v)), String(v)).toMatch(/^add_i32: argument 2 'b': expected int32_t, got /);
      }
      for (const v of [null, undefined, {}, 1n, true, 'x']) {
        expect(typeError(() => lib.mul_f64(v, 1)), String(v)).toMatch(/^mul_f64: argument 1 'a': expected double, got /);
      }
      for (const v of [null, undefined, 1.5, 5, true]) {
        expect(typeError(() => lib.point_sum(v)), String(v)).toMatch(/^point_sum: argument 1 'p': expected point_t, got /);
      }
      for (const v of [undefined, 42, 1.5, {}, true]) {
        expect(typeError(() => lib.get_point(1, 2, v)), String(v)).toMatch(/^get_point: argument 3 'out': expected point_t \*, got /);
      }
    });

    it('CData of an incompatible type and TypedArrays of another element size are refused', () => {
      expect(typeError(() => lib.get_point(1, 2, ffi.new('int *')))).toMatch(/^get_point: argument 3 'out': expected point_t \*, got /);
      expect(typeError(() => lib.point_sum(ffi.new('pack2_t *')[0]))).toMatch(/^point_sum: argument 1 'p': expected point_t, got /);
      expect(typeError(() => lib.sum_array(new Uint8Array(8), 2))).toMatch(/^sum_array: argument 1 'a': expected const int \*, got /);
      expect(typeError(() => lib.fill_i16(new Int32Array(2), 2))).toMatch(/^fill_i16: argument 1 'buf': expected int16_t \*, got /);
      expect(typeError(() => lib.scale_f64(new Float32Array(2), 2, 1))).toMatch(/^scale_f64: argument 1 'a': expected double \*, got /);
    });

    it('nothing reaches C when an argument is refused', () => {
      lib.apply_op((a: number, b: number) => a + b, 1, 1);
      expect(lib.last_op_result).toBe(2);
      let called = false;
      thrown(() => lib.apply_op(() => ((called = true), 5), 1, 'x'));
      expect(called).toBe(false);
      expect(lib.last_op_result).toBe(2);
    });
  });

  describe('missing symbols', () => {
    it('a declared function the library lacks fails on first use with an Error naming symbol and library', () => {
      const e = thrown(() => lib.calls_missing_function(1));
      expect(e).toBeInstanceOf(Error);
      expect(e).not.toBeInstanceOf(TypeError);
      expect(e.message).toBe(`calls_missing_function: symbol 'calls_missing_function' not found in ${path}`);
      expect(thrown(() => lib.calls_missing_function(1)).message).toBe(e.message);
      expect(lib.add_i32(2, 3)).toBe(5);
    });

    it('a declared variable the library lacks, the same way', () => {
      const e = thrown(() => lib.calls_missing_variable);
      expect(e.message).toBe(`calls_missing_variable: symbol 'calls_missing_variable' not found in ${path}`);
    });

    it('dlopen itself fails clearly for a path that is not a library', () => {
      const f = new FFI() as unknown as AbiFFI;
      f.cdef('int f(int);');
      expect(thrown(() => dlopenIn(f, '/nonexistent/libnope.so', mode)).message).toContain('/nonexistent/libnope.so');
      expect(thrown(() => dlopenIn(f, CALLS_H, mode)).message).toContain(CALLS_H);
    });
  });

  describe('non-callable things', () => {
    it('variables and constants are values, not functions', () => {
      expect(() => lib.g_int(1)).toThrow(TypeError);
      expect(() => lib.RED()).toThrow(TypeError);
      expect(() => lib.CALLS_MAGIC()).toThrow(TypeError);
      expect(() => ffi.new('point_t *')()).toThrow(TypeError);
    });

    it('an undeclared name is not callable', () => {
      expect(() => lib.not_declared_anywhere(1)).toThrow();
    });

    it('non-functions where a function pointer is expected', () => {
      for (const v of [42, {}, true, ffi.new('int *'), ffi.new('point_t *')]) {
        expect(typeError(() => lib.apply_op(v, 1, 2)), String(v)).toMatch(/^apply_op: argument 1 'op': expected int_op_t, got /);
      }
    });

    it('ffi.callback needs a function and a function type', () => {
      expect(() => ffi.callback('int(*)(int, int)', 42 as never)).toThrow(TypeError);
      expect(() => ffi.callback('int', () => 0)).toThrow();
      expect(() => ffi.callback('point_t', () => 0)).toThrow();
    });
  });

  describe('bad input never crashes', () => {
    it('NULL, released memory, overruns and bad initialisers throw; the process survives', () => {
      const r = runCallsChild(
        'bad-input',
        `
        const results: Record<string, string> = {};
        const attempt = (name: string, fn: () => unknown) => {
          process.stdout.write('# ' + name + '\\n');
          try {
            fn();
            results[name] = 'returned';
          } catch (e) {
            results[name] = e instanceof Error ? e.constructor.name : 'non-Error ' + typeof e;
          }
        };
        const NULL_INT = () => ffi.cast('int *', 0);
        attempt('string(null)', () => ffi.string(null));
        attempt('string(NULL char *)', () => ffi.string(ffi.cast('char *', 0)));
        attempt('string(p, -1)', () => ffi.string(ffi.new('char[]', 'x'), -1));
        attempt('read NULL', () => NULL_INT()[0]);
        attempt('write NULL', () => { NULL_INT()[0] = 1; });
        attempt('field of NULL', () => ffi.cast('point_t *', 0).x);
        attempt('unpack NULL', () => ffi.unpack(NULL_INT(), 4));
        attempt('buffer NULL', () => ffi.buffer(NULL_INT(), 4));
        attempt('memmove to NULL', () => ffi.memmove(NULL_INT(), ffi.new('int[1]'), 4));
        attempt('memmove from NULL', () => ffi.memmove(ffi.new('int[1]'), NULL_INT(), 4));
        attempt('memmove overrun', () => ffi.memmove(ffi.new('int[1]'), ffi.new('int[1]'), 4096));
        const released = ffi.new('int[4]', [1, 2, 3, 4]);
        ffi.release(released);
        attempt('read released', () => released[0]);
        attempt('released to C', () => lib.sum_array(released, 4));
        const releasedPoint = ffi.new('point_t *', { x: 1, y: 2 });
        ffi.release(releasedPoint);
        attempt('released struct by value', () => lib.point_sum(releasedPoint[0]));
        attempt('released struct pointer by value', () => lib.point_sum(releasedPoint));
        attempt('unpack released', () => ffi.unpack(released, 4));
        attempt('buffer released', () => ffi.buffer(released));
        attempt('string released', () => ffi.string(released));
        attempt('new int[-1]', () => ffi.new('int[]', -1));
        attempt('new int[2^53]', () => ffi.new('int[]', 2 ** 53));
        attempt('new int[1.5]', () => ffi.new('int[]', 1.5));
        attempt('new char[4] too long', () => ffi.new('char[4]', 'too long'));
        attempt('new int[2] too many', () => ffi.new('int[2]', [1, 2, 3]));
        attempt('new unknown type', () => ffi.new('no_such_type *'));
        attempt('new with bad field', () => ffi.new('point_t *', { x: 'a' }));
        attempt('fromBuffer non-buffer', () => ffi.fromBuffer('int[]', 'not a buffer'));
        attempt('addressof unknown field', () => ffi.addressof(ffi.new('point_t *'), 'nope'));
        attempt('cast to struct', () => ffi.cast('point_t', 5));
        attempt('struct by value from null', () => lib.point_sum(null));
        attempt('huge struct by value from null', () => lib.huge_sum(null));
        attempt('struct by value from bad field', () => lib.point_sum({ x: 'a' }));
        attempt('callback result of the wrong type', () => lib.apply_op(() => 'x', 1, 2));
        attempt('callback throwing a non-Error', () => lib.apply_op(() => { throw 'str'; }, 1, 2));
        // Outcome free, but must not crash:
        attempt('callback returning undefined', () => lib.apply_op(() => undefined, 1, 2));
        attempt('callback of another signature', () => lib.call_n_times(ffi.callback('int(*)(int, int)', () => 0), 2));
        attempt('release twice', () => { const p = ffi.new('int *'); ffi.release(p); ffi.release(p); });
        attempt('release a non-CData', () => ffi.release({}));
        out(results);
        `,
        { mode },
      );
      expect(r.signal, `killed while: ${r.stdout.trim().split('\n').pop()}\n${r.stderr}`).toBeNull();
      expect(r.status, r.stderr).toBe(0);
      const results = lastJson<Record<string, string>>(r);
      const free = new Set(['string(p, -1)', 'callback returning undefined', 'callback of another signature', 'release twice', 'release a non-CData', 'callback throwing a non-Error']);
      for (const [name, outcome] of Object.entries(results)) {
        if (free.has(name)) continue;
        expect(['TypeError', 'RangeError', 'Error', 'CDefError', 'LayoutError'], `${name}: ${outcome}`).toContain(outcome);
      }
      expect(results['callback throwing a non-Error']).toBe('non-Error string');
    });

    it('garbage for every parameter of every scalar and by-value fixture function: refused with a TypeError, or a result', () => {
      const r = runCallsChild(
        'fuzz-params',
        `
        const values: [string, () => unknown][] = [
          ['undefined', () => undefined], ['null', () => null], ['true', () => true], ['false', () => false],
          ['"x"', () => 'x'], ['""', () => ''], ['{}', () => ({})], ['[]', () => []], ['[1,2]', () => [1, 2]],
          ['1.5', () => 1.5], ['NaN', () => NaN], ['Infinity', () => Infinity], ['-0', () => -0], ['0', () => 0], ['1', () => 1],
          ['2^64', () => 2 ** 64], ['-2^64', () => -(2 ** 64)], ['2n^64', () => 2n ** 64n], ['-1n', () => -1n],
          ['symbol', () => Symbol('s')], ['function', () => () => 1], ['Uint8Array', () => new Uint8Array(8)],
          ['int *', () => ffi.new('int *')],
        ];
        const classOf = (t: any): string => {
          if (t.kind === 'primitive' || t.kind === 'enum') {
            const n = t.cname;
            if (n === '_Bool') return 'bool';
            if (n === 'float' || n === 'double') return 'float';
            if (n === 'char') return 'char'; // plain char also takes a one-character string
            return 'integer';
          }
          if (t.kind === 'struct' || t.kind === 'union') return 'record';
          return 'other';
        };
        const defaults: Record<string, unknown> = { bool: true, float: 1, integer: 1, char: 1, record: {} };
        const rows: [string, number, string, string][] = [];
        for (const d of ffi.declarations) {
          if (d.kind !== 'function' || d.name.startsWith('calls_missing') || d.type.variadic) continue;
          const info = ffi.typeof(d.name);
          const classes = info.args.map(classOf);
          if (classes.includes('other')) continue;
          for (let i = 0; i < classes.length; i++) {
            for (const [label, make] of values) {
              const args = classes.map((c: string) => defaults[c]);
              args[i] = make();
              process.stdout.write('# ' + d.name + ' ' + i + ' ' + label + '\\n');
              let outcome: string;
              try {
                lib[d.name](...args);
                outcome = 'returned';
              } catch (e) {
                outcome = e instanceof Error ? e.constructor.name : 'non-Error';
              }
              rows.push([d.name, i, label, classes[i] + ':' + outcome]);
            }
          }
        }
        out(rows);
        `,
        { mode },
      );
      expect(r.signal, `killed while: ${r.stdout.trim().split('\n').pop()}\n${r.stderr}`).toBeNull();
      expect(r.status, r.stderr).toBe(0);
      const rows = lastJson<[string, number, string, string][]>(r);
      expect(rows.length).toBeGreaterThan(1000);
      // What docs/abi-mode.md's table refuses for each kind of parameter.
      const refused: Record<string, string[]> = {
        integer: ['undefined', 'null', 'true', 'false', '"x"', '""', '{}', '[]', '[1,2]', '1.5', 'NaN', 'Infinity', '2^64', '-2^64', '2n^64', 'symbol', 'function', 'Uint8Array', 'int *'],
        char: ['undefined', 'null', 'true', 'false', '""', '{}', '[]', '[1,2]', '1.5', 'NaN', 'Infinity', '2^64', '-2^64', '2n^64', 'symbol', 'function', 'Uint8Array', 'int *'],
        float: ['undefined', 'null', 'true', 'false', '"x"', '""', '{}', '[]', '[1,2]', '2n^64', '-1n', 'symbol', 'function', 'Uint8Array', 'int *'],
        bool: ['undefined', 'null', '"x"', '""', '{}', '[]', '[1,2]', '1.5', 'NaN', 'Infinity', '2^64', '-2^64', '2n^64', '-1n', 'symbol', 'function', 'Uint8Array', 'int *'],
        record: ['undefined', 'null', 'true', 'false', '"x"', '""', '1.5', 'NaN', 'Infinity', '-0', '0', '1', '2^64', '-2^64', '2n^64', '-1n', 'symbol', 'Uint8Array', 'int *'],
      };
      const wrong: string[] = [];
      for (const [fn, i, label, result] of rows) {
        const [cls, outcome] = result.split(':') as [string, string];
        // RangeError: an initialiser list longer than the struct, like an array's.
        if (outcome !== 'returned' && outcome !== 'TypeError' && outcome !== 'RangeError') wrong.push(`${fn} argument ${i + 1} = ${label}: ${outcome}`);
        else if (refused[cls]!.includes(label) && outcome === 'returned') wrong.push(`${fn} argument ${i + 1} (${cls}) = ${label}: accepted`);
      }
      expect(wrong).toEqual([]);
    });
  });
});
