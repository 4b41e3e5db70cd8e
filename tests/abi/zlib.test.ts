/**
 * The real zlib (issues 3 and 4): `ffi.cdefHeader('zlib.h')` + `ffi.dlopen('libz.so.1')`, in ABI
 * mode (nothing compiled on our side) and in fast mode (compiled stubs): every test runs once per
 * mode (tests/helpers/modes.ts) against the same references.
 *
 * Where the expected values come from (never from cbridge itself):
 * - crc32/adler32: CPython's zlib module (`runPython`), on the same bytes.
 * - everything else: reference/zlib_ref.c, which makes the same calls from C against the same
 *   libz with the same input file, level and chunk sizes, and prints JSON. The streaming runs
 *   are compared call by call ({ret, avail_in, avail_out, bytes produced, total_in, total_out}
 *   after every deflate()/inflate()), not only by their final bytes.
 *
 * The streaming test is also the proof of deep binding: node's own binary exports a (different)
 * zlib, so a library opened without RTLD_DEEPBIND gets `deflateInit_` from libz but `deflate`'s
 * internal calls bound to node's copy, and the second call crashes the process.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FFI } from '../../index.js';
import { dlopenIn, MODES } from '../helpers/modes.js';
import { runPython, runReference } from '../helpers/native-build.js';

const REF = fileURLToPath(new URL('./reference/zlib_ref.c', import.meta.url));

const LEVEL = 6;
const DEFLATE_IN = 10_000; // input fed per deflate() round
const DEFLATE_OUT = 4096; // output window per deflate() call
const INFLATE_IN = 3000;
const INFLATE_OUT = 8192;
const SHORT = 100; // an output buffer too small for either direction

/** 65,659 bytes: words and runs (compressible) mixed with pseudo-random bytes (not), so the
 * compressed stream spans several output windows. Deterministic (a fixed LCG). */
function sampleData(): Buffer {
  const words = ['zlib ', 'deflate ', 'stream ', 'cbridge ', 'window ', 'huffman ', 'the ', 'of ', '\n', '0123456789'];
  const out = Buffer.alloc(65_536 + 123);
  let x = 12345;
  const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16;
  for (let i = 0; i < out.length; ) {
    const r = next();
    if (r % 3 === 0) {
      out[i++] = next() & 0xff;
    } else {
      for (const c of Buffer.from(words[r % words.length]!)) if (i < out.length) out[i++] = c;
    }
  }
  return out;
}

interface Step {
  ret: number;
  availIn: number;
  availOut: number;
  produced: number;
  totalIn: number;
  totalOut: number;
}

interface ZlibRef {
  zlibVersion: string;
  Z_OK: number;
  Z_STREAM_END: number;
  Z_BUF_ERROR: number;
  Z_DATA_ERROR: number;
  Z_NO_FLUSH: number;
  Z_FINISH: number;
  sizeofZStream: number;
  inputLength: number;
  crc32: number;
  adler32: number;
  compressBound: number;
  compress2: { ret: number; destLen: number; hex: string };
  uncompress: { ret: number; destLen: number; same: boolean };
  compress2Short: { ret: number; destLen: number };
  uncompressShort: { ret: number; destLen: number; hex: string };
  deflateInit: number;
  deflateSteps: Step[];
  deflateTotalIn: number;
  deflateTotalOut: number;
  deflateEnd: number;
  deflateHex: string;
  inflateInit: number;
  inflateSteps: Step[];
  inflateTotalOut: number;
  inflateEnd: number;
  inflateSame: boolean;
  inflateGarbage: { ret: number; msg: string };
}

// Field access on CData and calls on a Lib are typed by the C declarations at run time only.
type Dyn = any;

const data = sampleData();
let ref: ZlibRef;
let input: string; // the sample, as a file for the C reference and for Python
let tempDir: string;

beforeAll(() => {
  tempDir = mkdtempSync(join(tmpdir(), 'cbridge-zlib-'));
  input = join(tempDir, 'input.bin');
  writeFileSync(input, data);
  ref = runReference<ZlibRef>(REF, {
    flags: ['-lz'],
    args: [input, LEVEL, DEFLATE_IN, DEFLATE_OUT, INFLATE_IN, INFLATE_OUT, SHORT].map(String),
  });
});

afterAll(() => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

describe.each(MODES)('zlib through ffi.dlopen (%s mode)', (mode) => {
  const ffi = new FFI();
  let lib: Dyn;

  beforeAll(() => {
    ffi.cdefHeader('zlib.h');
    lib = dlopenIn(ffi, 'libz.so.1', mode);
  });

  it('is the same libz the C reference links, with the header constants on the lib', () => {
    expect(ref.inputLength).toBe(data.length);
    expect(ffi.string(lib.zlibVersion())).toBe(ref.zlibVersion);
    expect(ffi.sizeof('z_stream')).toBe(ref.sizeofZStream);
    expect({
      Z_OK: lib.Z_OK,
      Z_STREAM_END: lib.Z_STREAM_END,
      Z_BUF_ERROR: lib.Z_BUF_ERROR,
      Z_DATA_ERROR: lib.Z_DATA_ERROR,
      Z_NO_FLUSH: lib.Z_NO_FLUSH,
      Z_FINISH: lib.Z_FINISH,
    }).toEqual({
      Z_OK: ref.Z_OK,
      Z_STREAM_END: ref.Z_STREAM_END,
      Z_BUF_ERROR: ref.Z_BUF_ERROR,
      Z_DATA_ERROR: ref.Z_DATA_ERROR,
      Z_NO_FLUSH: ref.Z_NO_FLUSH,
      Z_FINISH: ref.Z_FINISH,
    });
  });

  it('crc32 and adler32 of known buffers equal CPython zlib', () => {
    const buffers: Record<string, Buffer> = {
      hello: Buffer.from('hello world'),
      fox: Buffer.from('The quick brown fox jumps over the lazy dog'),
      utf8: Buffer.from('häß ✓ 𝄞'),
      bytes: Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      sample: data,
    };
    const hexes = Object.fromEntries(Object.entries(buffers).filter(([k]) => k !== 'sample').map(([k, v]) => [k, v.toString('hex')]));
    const expected = runPython<Record<string, unknown>>(`
import json, zlib
bufs = {k: bytes.fromhex(v) for k, v in json.loads(${JSON.stringify(JSON.stringify(hexes))}).items()}
bufs['sample'] = open(${JSON.stringify(input)}, 'rb').read()
out = {k: {'crc32': zlib.crc32(v), 'adler32': zlib.adler32(v)} for k, v in bufs.items()}
out['empty'] = {'crc32': zlib.crc32(b''), 'adler32': zlib.adler32(b'')}
out['chained'] = {'crc32': zlib.crc32(b'world', zlib.crc32(b'hello ')), 'adler32': zlib.adler32(b'world', zlib.adler32(b'hello '))}
print(json.dumps(out))`);

    const actual: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(buffers)) {
      actual[k] = { crc32: lib.crc32(0, v, v.length), adler32: lib.adler32(1, v, v.length) };
    }
    // NULL buffer: zlib returns the initial value.
    actual['empty'] = { crc32: lib.crc32(0, null, 0), adler32: lib.adler32(1, null, 0) };
    // Running checksums: the first result is passed back in as the start value.
    const hello = Buffer.from('hello ');
    const world = Buffer.from('world');
    actual['chained'] = {
      crc32: lib.crc32(lib.crc32(0, hello, hello.length), world, world.length),
      adler32: lib.adler32(lib.adler32(1, hello, hello.length), world, world.length),
    };
    expect(actual).toEqual(expected);
    expect(actual['sample']).toEqual({ crc32: ref.crc32, adler32: ref.adler32 });
  });

  it('compress2 gives the bytes C gets, and uncompress gives the input back', () => {
    const bound = lib.compressBound(data.length);
    expect(bound).toBe(ref.compressBound);
    const dest = Buffer.alloc(bound);
    const destLen = ffi.new('uLongf *', bound);
    const ret = lib.compress2(dest, destLen, data, data.length, LEVEL);
    expect({ ret, destLen: destLen[0], hex: dest.subarray(0, destLen[0]).toString('hex') }).toEqual(ref.compress2);

    const back = Buffer.alloc(data.length);
    const backLen = ffi.new('uLongf *', data.length);
    const ret2 = lib.uncompress(back, backLen, dest, destLen[0]);
    expect({ ret: ret2, destLen: backLen[0], same: back.equals(data) }).toEqual(ref.uncompress);
    expect(ref.uncompress).toEqual({ ret: ref.Z_OK, destLen: data.length, same: true });
  });

  it('Z_BUF_ERROR when the output buffer is too short, in both directions', () => {
    const small = Buffer.alloc(SHORT);
    const smallLen = ffi.new('uLongf *', SHORT);
    expect({ ret: lib.compress2(small, smallLen, data, data.length, LEVEL), destLen: smallLen[0] }).toEqual(ref.compress2Short);

    const compressed = Buffer.from(ref.compress2.hex, 'hex');
    small.fill(0);
    smallLen[0] = SHORT;
    const ret = lib.uncompress(small, smallLen, compressed, compressed.length);
    expect({ ret, destLen: smallLen[0], hex: small.subarray(0, smallLen[0]).toString('hex') }).toEqual(ref.uncompressShort);
    expect(ret).toBe(lib.Z_BUF_ERROR);
  });

  it('streaming deflate/inflate driving a z_stream from JS, call by call like C (deep binding)', () => {
    const strm = ffi.new('z_stream *');
    const version = lib.zlibVersion();
    const size = ffi.sizeof('z_stream');
    // Pointer fields that JS reads back must agree with the counters zlib updated.
    const pointerMismatches: string[] = [];

    // --- deflate: DEFLATE_IN bytes at a time into a native buffer, drained DEFLATE_OUT at a time.
    expect(lib.deflateInit_(strm, LEVEL, version, size)).toBe(ref.deflateInit);
    const inBuf = ffi.new('unsigned char[]', DEFLATE_IN);
    const outBuf = ffi.new('unsigned char[]', DEFLATE_OUT);
    const deflateSteps: Step[] = [];
    const compressed: Buffer[] = [];
    for (let off = 0; ; off += DEFLATE_IN) {
      const n = Math.min(DEFLATE_IN, data.length - off);
      const flush = off + n >= data.length ? lib.Z_FINISH : lib.Z_NO_FLUSH;
      ffi.buffer(inBuf, n).set(data.subarray(off, off + n));
      strm.next_in = inBuf;
      strm.avail_in = n;
      do {
        strm.next_out = outBuf;
        strm.avail_out = DEFLATE_OUT;
        const ret = lib.deflate(strm, flush);
        const produced = DEFLATE_OUT - strm.avail_out;
        compressed.push(Buffer.from(ffi.buffer(outBuf, produced)));
        deflateSteps.push(step(ret, strm, produced));
        if (strm.next_in.address - inBuf.address !== n - strm.avail_in) pointerMismatches.push(`deflate next_in at ${off}`);
        if (strm.next_out.address - outBuf.address !== produced) pointerMismatches.push(`deflate next_out at ${off}`);
      } while (strm.avail_out === 0);
      if (flush === lib.Z_FINISH) break;
    }
    const deflated = { totalIn: strm.total_in, totalOut: strm.total_out, end: lib.deflateEnd(strm) };
    expect(deflateSteps).toEqual(ref.deflateSteps);
    expect(deflated).toEqual({ totalIn: ref.deflateTotalIn, totalOut: ref.deflateTotalOut, end: ref.deflateEnd });
    expect(Buffer.concat(compressed).toString('hex')).toBe(ref.deflateHex);
    expect(deflateSteps.length).toBeGreaterThan(3); // really several chunks and windows
    expect(strm.state).toBe(null); // deflateEnd cleared it: a NULL pointer field reads as null

    // --- inflate it back with the same z_stream, re-initialised.
    const zin = Buffer.concat(compressed);
    expect(lib.inflateInit_(strm, version, size)).toBe(ref.inflateInit);
    const iIn = ffi.new('unsigned char[]', INFLATE_IN);
    const iOut = ffi.new('unsigned char[]', INFLATE_OUT);
    const inflateSteps: Step[] = [];
    const plain: Buffer[] = [];
    let ret = lib.Z_OK;
    for (let off = 0; off < zin.length && ret !== lib.Z_STREAM_END; off += INFLATE_IN) {
      const n = Math.min(INFLATE_IN, zin.length - off);
      ffi.buffer(iIn, n).set(zin.subarray(off, off + n));
      strm.next_in = iIn;
      strm.avail_in = n;
      do {
        strm.next_out = iOut;
        strm.avail_out = INFLATE_OUT;
        ret = lib.inflate(strm, lib.Z_NO_FLUSH);
        const produced = INFLATE_OUT - strm.avail_out;
        plain.push(Buffer.from(ffi.buffer(iOut, produced)));
        inflateSteps.push(step(ret, strm, produced));
        if (strm.next_in.address - iIn.address !== n - strm.avail_in) pointerMismatches.push(`inflate next_in at ${off}`);
      } while (strm.avail_out === 0 && ret === lib.Z_OK);
    }
    const inflated = { totalOut: strm.total_out, end: lib.inflateEnd(strm), same: Buffer.concat(plain).equals(data) };
    expect(inflateSteps).toEqual(ref.inflateSteps);
    expect(inflated).toEqual({ totalOut: ref.inflateTotalOut, end: ref.inflateEnd, same: ref.inflateSame });
    expect(inflated.same).toBe(true);
    expect(pointerMismatches).toEqual([]);
  });

  it('inflating bytes that are not zlib data: Z_DATA_ERROR and the message read from strm.msg', () => {
    const strm = ffi.new('z_stream *');
    expect(lib.inflateInit_(strm, lib.zlibVersion(), ffi.sizeof('z_stream'))).toBe(lib.Z_OK);
    expect(strm.msg).toBe(null);
    const garbage = ffi.new('unsigned char[]', 'not zlib data!'.length);
    ffi.buffer(garbage).set(Buffer.from('not zlib data!'));
    const out = ffi.new('unsigned char[]', INFLATE_OUT);
    strm.next_in = garbage;
    strm.avail_in = 'not zlib data!'.length;
    strm.next_out = out;
    strm.avail_out = INFLATE_OUT;
    const ret = lib.inflate(strm, lib.Z_NO_FLUSH);
    expect({ ret, msg: ffi.string(strm.msg) }).toEqual(ref.inflateGarbage);
    expect(lib.inflateEnd(strm)).toBe(lib.Z_OK);
  });
});

function step(ret: number, strm: Dyn, produced: number): Step {
  return {
    ret,
    availIn: strm.avail_in,
    availOut: strm.avail_out,
    produced,
    totalIn: strm.total_in,
    totalOut: strm.total_out,
  };
}
