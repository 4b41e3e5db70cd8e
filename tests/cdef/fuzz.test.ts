/**
 * Fuzzing the parser: thousands of mutated declarations (truncated, tokens shuffled,
 * dropped, duplicated, random bytes spliced in) must each either parse or fail with a
 * `CDefError`; any other exception, a crash or a hang fails the test with the input that
 * caused it. The generator is seeded, so a failure reproduces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDefError } from '../../cdef/errors.js';
import { FFI } from '../../ffi.js';

const casesDir = join(import.meta.dirname, 'cases');
const corpus = readdirSync(casesDir).map((c) => readFileSync(join(casesDir, c, 'input.h'), 'utf8'));

/** xorshift32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 0x100000000;
  };
}

const TOKEN = /[A-Za-z_]\w*|0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\.\.\.|<<|>>|->|[^\s\w]/g;
const SPICE = ['(', ')', '[', ']', '{', '}', ';', ',', '*', '...', ':', '=', '#define', '\n#pragma pack(push, 1)\n',
  '__attribute__((', '__asm__("x")', 'struct', 'union', 'enum', 'typedef', 'const', 'sizeof(', '_Complex', 'int', '\\', '/*', '"', "'", '\0', '\u00e9', '0x', '-'];

function mutate(text: string, random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const tokens = text.match(TOKEN) ?? [];
  switch (Math.floor(random() * 7)) {
    case 0: // truncate
      return text.slice(0, Math.floor(random() * text.length));
    case 1: { // swap two tokens
      const t = [...tokens];
      const i = Math.floor(random() * t.length), j = Math.floor(random() * t.length);
      [t[i], t[j]] = [t[j]!, t[i]!];
      return t.join(' ');
    }
    case 2: // drop tokens
      return tokens.filter(() => random() > 0.1).join(' ');
    case 3: { // duplicate a run of tokens
      const i = Math.floor(random() * tokens.length);
      return [...tokens.slice(0, i), ...tokens.slice(i, i + 5), ...tokens.slice(i)].join(' ');
    }
    case 4: { // splice in C-ish noise
      const i = Math.floor(random() * text.length);
      return text.slice(0, i) + pick(SPICE) + text.slice(i);
    }
    case 5: { // random bytes
      const n = 1 + Math.floor(random() * 64);
      return Array.from({ length: n }, () => String.fromCharCode(Math.floor(random() * 256))).join('');
    }
    default: // shuffle a whole line's tokens
      return text.split('\n').map((line) => (random() < 0.3 ? (line.match(TOKEN) ?? []).sort(() => random() - 0.5).join(' ') : line)).join('\n');
  }
}

function outcome(input: string): 'ok' | 'cdef-error' {
  try {
    new FFI().cdef(input);
    return 'ok';
  } catch (e) {
    if (e instanceof CDefError) return 'cdef-error';
    throw new Error(`non-CDefError for input ${JSON.stringify(input)}: ${(e as Error).stack}`);
  }
}

describe('cdef fuzzing', () => {
  it('only ever accepts or throws CDefError on 4000 mutated inputs', () => {
    const random = rng(0xc0ffee);
    const counts = { ok: 0, 'cdef-error': 0 };
    for (let i = 0; i < 4000; i++) {
      let input = corpus[i % corpus.length]!;
      for (let k = 1 + Math.floor(random() * 3); k > 0; k--) input = mutate(input, random);
      counts[outcome(input)]++;
    }
    // Both outcomes must occur, or the mutations are not exercising the parser.
    expect(counts.ok).toBeGreaterThan(100);
    expect(counts['cdef-error']).toBeGreaterThan(1000);
  });

  it('reports absurd nesting as a CDefError, not a stack overflow', () => {
    const deep = 'int a[' + '('.repeat(20000) + '1' + ')'.repeat(20000) + '];';
    expect(['ok', 'cdef-error']).toContain(outcome(deep));
    const pointers = 'int ' + '*'.repeat(50000) + 'p;';
    expect(['ok', 'cdef-error']).toContain(outcome(pointers));
    const parens = 'int ' + '('.repeat(30000) + 'x' + ')'.repeat(30000) + ';';
    expect(['ok', 'cdef-error']).toContain(outcome(parens));
  });
});
