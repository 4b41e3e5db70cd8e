/**
 * The oracle itself: assembly data directives decode to the bytes the C initialisers mean,
 * on both targets (`.word` is 2 bytes in x86 syntax and 4 on aarch64), and a failing compile
 * shows the compiler's message with the numbered source.
 */

import { describe, expect, it } from 'vitest';
import { cMemberPath, layoutProbe, parseDataSymbols, probeValues, readU64s, setBitRange } from '../helpers/gcc-probe.js';
import { TARGET_NAMES } from '../../abi/target.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('parseDataSymbols', () => {
  it('decodes x86 directives', () => {
    const asm = [
      '\t.globl\ta', '\t.data', '\t.type\ta, @object', '\t.size\ta, 16', 'a:',
      '\t.byte\t1', '\t.value\t-2', '\t.word\t3', '\t.long\t0x10', '\t.zero\t3', '\t.string\t"A\\"\\n\\001\\\\"',
      '\t.text', 'f:', '\tret', '.LC0:', '\t.quad\t7',
    ].join('\n');
    const symbols = parseDataSymbols(asm, 'x86_64');
    expect([...symbols.keys()]).toEqual(['a']);
    expect(symbols.get('a')).toEqual(bytes(1, 0xfe, 0xff, 3, 0, 0x10, 0, 0, 0, 0, 0, 0, 65, 34, 10, 1, 92, 0));
  });

  it('decodes aarch64 directives', () => {
    const asm = ['b:', '\t.hword\t1', '\t.word\t-1', '\t.xword\t18446744073709551615', '\t.ascii\t"xy"', '\t.size\tc, 1', 'c:', '\t.2byte 258'].join('\n');
    const symbols = parseDataSymbols(asm, 'aarch64');
    expect(symbols.get('b')).toEqual(bytes(1, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 120, 121));
    expect(symbols.get('c')).toEqual(bytes(2, 1));
  });

  it('refuses relocations instead of guessing', () => {
    expect(() => parseDataSymbols('p:\n\t.quad\tsomething', 'x86_64')).toThrow("gcc-probe: not an integer constant in '.quad\tsomething' (a relocation?)");
  });
});

describe.each(TARGET_NAMES)('probeValues [%s]', (target) => {
  it('returns the bytes gcc emits for each global', () => {
    const symbols = probeValues(
      `const unsigned long long q[] = { 1, -1ull, 0x0102030405060708ull };
       short s[3] = { 1, -2, 0x1234 };
       const char str[] = "a\\"b\\n\\001";
       struct { char c; int i; } st = { 'z', -3 };
       int zeros[2];`,
      target,
    );
    expect(readU64s(symbols.get('q')!)).toEqual([1n, 0xffffffffffffffffn, 0x0102030405060708n]);
    expect(symbols.get('s')).toEqual(bytes(1, 0, 0xfe, 0xff, 0x34, 0x12));
    expect(symbols.get('str')).toEqual(bytes(97, 34, 98, 10, 1, 0));
    expect(symbols.get('st')).toEqual(bytes(122, 0, 0, 0, 0xfd, 0xff, 0xff, 0xff));
    expect(symbols.get('zeros')).toEqual(bytes(0, 0, 0, 0, 0, 0, 0, 0));
  });

  it('shows the compiler error and the numbered source when gcc fails', () => {
    expect(() => probeValues('int ok;\nstruct nope x;\n', target)).toThrow(/error: storage size of ['‘]x['’] isn['’]t known[\s\S]*--- source ---\n {3}1 \| int ok;\n {3}2 \| struct nope x;/);
  });

  it('answers layout questions in one compile, bitfields included', () => {
    const [t] = layoutProbe('struct T { char c; int x : 5; int y; };', [
      { cname: 'struct T', fields: [{ path: 'x', bitfield: true }, { path: 'y', bitfield: false }] },
    ], target);
    // Facts of C itself on both targets, not of any layout rule under test.
    expect(t!.fields.get('x')).toEqual({ offset: 1, bitOffset: 8, bitWidth: 5 });
    expect(t!.fields.get('y')).toEqual({ offset: 4, size: 4 });
  });
});

describe('helpers', () => {
  it('finds the one run of set bits', () => {
    expect(setBitRange(bytes(0, 0b1110_0000, 0b0000_0011))).toEqual({ bitOffset: 13, bitWidth: 5 });
    expect(setBitRange(bytes(0, 0))).toBeNull();
    expect(() => setBitRange(bytes(0b101))).toThrow('gcc-probe: set bits are not contiguous (0..2, 2 set)');
  });

  it('spells member paths as C designators', () => {
    expect(cMemberPath('a.3.b')).toBe('a[3].b');
    expect(cMemberPath('a[3].b')).toBe('a[3].b');
    expect(cMemberPath('x')).toBe('x');
  });
});
