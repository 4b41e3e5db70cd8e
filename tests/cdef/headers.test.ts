/**
 * Real headers against gcc (the acceptance test): for each header, every complete
 * struct and union `cdefHeader` declares (sizeof, alignment, every member's offset, size and
 * signedness, recursively through nested and anonymous members and array elements, every
 * bitfield's bit position and width), every enum type and enumerator, every typedef's size,
 * and every `#define` of the header file (declared at all, function-like with the same
 * parameters, or object-like and then an integer constant exactly when gcc says it is an
 * integer constant expression, with gcc's value) must be what gcc says. See
 * tests/helpers/header-oracle.ts for how gcc is asked.
 *
 * A missing header fails, naming the Debian package that provides it. One test per header;
 * a failure lists every mismatch of that header at once.
 */

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkHeader, type HeaderCase } from '../helpers/header-oracle.js';

const GLIBC = 'libc6-dev';

const HEADERS: readonly HeaderCase[] = [
  { header: 'zlib.h', apt: 'zlib1g-dev' },
  { header: 'sqlite3.h', apt: 'libsqlite3-dev' },
  { header: 'png.h', apt: 'libpng-dev' },
  { header: 'openssl/evp.h', apt: 'libssl-dev' },
  { header: 'libxml/parser.h', apt: 'libxml2-dev', includeDirs: ['/usr/include/libxml2'] },
  { header: 'uv.h', apt: 'libuv1-dev' },
  { header: 'curl/curl.h', apt: 'libcurl4-openssl-dev' },
  { header: 'stdio.h', apt: GLIBC },
  { header: 'stdlib.h', apt: GLIBC },
  { header: 'time.h', apt: GLIBC },
  { header: 'sys/stat.h', apt: GLIBC },
  { header: 'signal.h', apt: GLIBC },
  { header: 'fcntl.h', apt: GLIBC },
  { header: 'netinet/tcp.h', apt: GLIBC },
  // Our own header of hard cases (bitfields, packing, alignment, casts in #defines...).
  { header: 'hard-cases.h', includeDirs: [fileURLToPath(new URL('./header-fixtures', import.meta.url))] },
];

describe('cdefHeader matches gcc on real headers (x86_64)', () => {
  for (const c of HEADERS) {
    it(c.header, () => {
      const result = checkHeader(c);
      const n = result.counts;
      console.log(
        `${c.header}: ${n.records} structs/unions, ${n.fields} members, ${n.bitfields} bitfields, ${n.incomplete} incomplete tags, ` +
          `${n.enumTypes} enum types, ${n.enumerators} enumerators, ${n.typedefs} typedefs, ` +
          `${n.defineConstants} integer #defines, ${n.defineMacros} other object-like #defines`,
      );
      expect(result.mismatches).toEqual([]);
      // Every header here defines macros of its own: none compared means the check saw nothing.
      expect(n.defineConstants + n.defineMacros).toBeGreaterThan(0);
    });
  }
});
