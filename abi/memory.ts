/**
 * Native memory as JavaScript sees it: a `Block` is one contiguous region with an address and
 * a DataView over it.
 *
 * Invariants:
 * - Owned blocks are ArrayBuffers (`new ArrayBuffer(n)`: zeroed, off the V8 heap, never moved),
 *   so the garbage collector frees them with their last reference and a DataView access past
 *   their end is a RangeError, never a read of someone else's memory.
 * - `release()` detaches an owned block: every view of it becomes unusable at once, and every
 *   CData over it reports the release instead of reading freed memory.
 * - Borrowed blocks view memory C owns (koffi.view). They are created lazily, sized to what is
 *   being accessed, and never freed by us. Address 0 never gets a block.
 */

import koffi from 'koffi';

export class Block {
  readonly view: DataView;
  #released = false;
  #bytes: Uint8Array | null = null;

  constructor(
    readonly buffer: ArrayBuffer,
    /** Address of byte 0. */
    readonly address: number,
    /** We allocated it: the GC or `release()` frees it. */
    readonly owned: boolean,
    /** Its extent is fixed (our allocation or an aliased JS buffer): accesses outside it are errors. */
    readonly bounded: boolean,
    /** Something that must stay alive as long as this block (a Buffer we alias). */
    readonly keep: unknown = null,
  ) {
    this.view = new DataView(buffer);
  }

  get size(): number {
    return this.buffer.byteLength;
  }

  get released(): boolean {
    return this.#released;
  }

  get bytes(): Uint8Array {
    return (this.#bytes ??= new Uint8Array(this.buffer));
  }

  /** Whether [address, address + size) lies inside this block. */
  covers(address: number, size: number): boolean {
    return address >= this.address && address + size <= this.address + this.buffer.byteLength;
  }

  release(): void {
    if (this.#released) return;
    if (!this.owned) throw new Error('cannot release memory cbridge did not allocate');
    this.#released = true;
    this.#bytes = null;
    structuredClone(this.buffer, { transfer: [this.buffer] }); // detach: the memory goes with the clone
  }
}

/** A new zeroed block we own. */
export function allocate(size: number): Block {
  const buffer = new ArrayBuffer(Math.max(size, 1));
  return new Block(buffer, addressOf(buffer), true, true);
}

/**
 * Linux never maps the lowest 64 KiB (vm.mmap_min_addr), so an address there is NULL plus an
 * offset: a field of a NULL struct pointer, an element after NULL. Refuse it instead of
 * faulting.
 */
const LOWEST_VALID_ADDRESS = 0x10000;

/** A block over `size` bytes of C memory at `address` (not owned). */
export function borrow(address: number, size: number): Block {
  if (address < LOWEST_VALID_ADDRESS) {
    throw new TypeError(address === 0 ? 'cannot access memory at NULL' : `cannot access memory at 0x${address.toString(16)} (NULL plus an offset)`);
  }
  return new Block(koffi.view(address, Math.max(size, 1)), address, false, false);
}

/** A block aliasing a JS buffer (zero-copy); the buffer stays alive as long as the block. */
export function alias(source: ArrayBuffer | ArrayBufferView): Block {
  const buffer = source instanceof ArrayBuffer ? source : source.buffer;
  if (!(buffer instanceof ArrayBuffer)) throw new TypeError('cannot alias a SharedArrayBuffer');
  return new Block(buffer, addressOf(buffer), false, true, source);
}

/** The native address of a buffer's first byte (or of a view's first byte). */
export function addressOf(source: ArrayBuffer | ArrayBufferView): number {
  return Number(koffi.address(source));
}

const libc = koffi.load(null);
const strnlen = libc.func('strnlen', 'size_t', ['uintptr_t', 'size_t']) as (address: number, max: number) => number;
const memmoveRaw = libc.func('memmove', 'uintptr_t', ['uintptr_t', 'uintptr_t', 'size_t']) as (d: number, s: number, n: number) => number;

/** Length of the NUL-terminated string at `address`, reading at most `max` bytes (libc's strnlen). */
export function cStringLength(address: number, max: number): number {
  return strnlen(address, max);
}

/** Copy `n` bytes between native addresses, overlapping or not (libc's memmove). */
export function memmoveAddresses(dest: number, src: number, n: number): void {
  if (n > 0) memmoveRaw(dest, src, n);
}
