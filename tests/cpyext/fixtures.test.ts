/**
 * The fixtures of tests/cpyext/fixtures are what CPython says today: replaying every case of
 * every real-*.json against Debian's binaries under the machine's python3 reproduces the
 * file exactly (a fixture cannot silently go stale, and the format round-trips through its
 * Python decoder); the TypeScript side decodes every value and regenerates the patterned
 * inputs byte for byte.
 */

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_EXTENSIONS, distPackages } from '../helpers/debian.js';
import { pythonExpected } from '../helpers/cpython-ext.js';
import {
  FIXTURES_DIR, PyDigest, PyOpaque, PyTuple, decodeValue, fixtureNames, loadFixture, patternBytes, stepsOf,
  type Case, type Encoded, type PatternSpec,
} from '../helpers/cpython-ext-fixtures.js';

const real = fixtureNames('real-');
const all = [...real, ...fixtureNames('ext-')];

describe('fixture files', () => {
  it('there is one real-*.json per real extension module', () => {
    expect(real).toEqual(REAL_EXTENSIONS.map((e) => `real-${e.module}`).sort());
  });

  it.each(real)('%s replays identically under CPython', (name) => {
    const fixture = loadFixture(name);
    const pkgs = [...new Set(REAL_EXTENSIONS.map((e) => e.pkg))];
    const replayed = pythonExpected<{ file: string; cases: Case[] }>(join(FIXTURES_DIR, 'replay.py'), {
      path: pkgs.map(distPackages),
      args: [join(FIXTURES_DIR, `${name}.json`)],
    });
    expect(replayed.file.endsWith(fixture['path'] as string)).toBe(true);
    expect(replayed.cases).toEqual(fixture.cases);
  });

  it.each(all)('%s: every value decodes', (name) => {
    const patterns: PatternSpec[] = [];
    const visit = (v: Encoded | undefined) => {
      if (v === undefined) return;
      JSON.stringify(v, (_k, x) => {
        if (x && typeof x === 'object' && '$pattern' in x) patterns.push(x.$pattern);
        return x;
      });
      decodeValue(v, { ref: (n) => new PyOpaque(`ref ${n}`) });
    };
    let steps = 0;
    for (const c of loadFixture(name).cases) {
      for (const s of stepsOf(c)) {
        steps++;
        expect([s.call, s.get, s.set, s.let].filter((x) => x !== undefined), `${c.name}: one kind of step`).toHaveLength(1);
        expect('result' in s || 'error' in s || 'let' in s, `${c.name}: a result or an error`).toBe(true);
        for (const a of s.args ?? []) visit(a);
        for (const a of Object.values(s.kwargs ?? {})) visit(a);
        visit(s.value);
        visit(s.result);
      }
    }
    expect(steps).toBeGreaterThan(0);
    for (const p of patterns) expect(patternBytes(p.len, p.seed, p.alphabet, p.skip ?? 0).length).toBe(p.len);
  });
});

describe('value decoding', () => {
  it('patternBytes makes what fixture_format.pattern makes', () => {
    const specs = [[0, 1, 256, 0], [5, 1, 256, 0], [1024, 2, 16, 0], [4097, 3, 4, 0], [7000, 3, 256, 14000], [300, 0xffffffff, 256, 1]];
    const script = `
import hashlib, json, sys
sys.path.insert(0, ${JSON.stringify(FIXTURES_DIR)})
from fixture_format import pattern
print(json.dumps([hashlib.sha256(pattern(n, s, a, k)).hexdigest() for n, s, a, k in ${JSON.stringify(specs)}]))`;
    const expected = pythonExpected<string[]>(script);
    const actual = specs.map(([n, s, a, k]) => createHash('sha256').update(patternBytes(n!, s!, a!, k!)).digest('hex'));
    expect(actual).toEqual(expected);
  });

  it('decodes every tag to a plain JS form by default', () => {
    const v = decodeValue({
      $tuple: [
        1, 2.5, { $int: '-18446744073709551617' }, { $float: '1.0' }, { $float: '-inf' }, { $float: 'nan' },
        { $bytes: 'AP8=' }, { $bytearray: { $bytes: 'YQ==' } }, { $memoryview: { $bytes: '' } },
        { $dict: [['k', [null, true]]] }, { $object: 'PyCapsule' }, { $digest: { len: 3, sha256: 'ab' } },
        { $pattern: { len: 2, seed: 1, alphabet: 256 } },
      ],
    }) as unknown[];
    expect(v).toBeInstanceOf(PyTuple);
    expect(v).toHaveLength(13);
    expect(v[0]).toBe(1);
    expect(v[1]).toBe(2.5);
    expect(v[2]).toBe(-18446744073709551617n);
    expect(v[3]).toBe(1);
    expect(v[4]).toBe(-Infinity);
    expect(v[5]).toBeNaN();
    expect(v[6]).toEqual(Buffer.from([0, 255]));
    expect(v[9]).toEqual(new Map([['k', [null, true]]]));
    expect(v[10]).toEqual(new PyOpaque('PyCapsule'));
    expect(v[11]).toEqual(new PyDigest(3, 'ab'));
    expect(v[12]).toEqual(patternBytes(2, 1));
    expect(() => decodeValue({ $ref: 'x' })).toThrow('needs a ref hook');
  });
});
