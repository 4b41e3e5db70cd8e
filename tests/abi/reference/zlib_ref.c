/*
 * Reference for tests/abi/zlib.test.ts: the same zlib calls the test makes through cbridge,
 * made from C against the same libz.so.1, printed as one JSON object on stdout.
 *
 * Usage: zlib_ref <input file> <level> <deflate in-chunk> <deflate out-chunk>
 *                 <inflate in-chunk> <inflate out-chunk> <short buffer size>
 *
 * Byte strings are printed as lowercase hex. Every deflate()/inflate() call of the streaming
 * runs is recorded as {ret, availIn, availOut, produced, totalIn, totalOut} so the test can
 * compare its own run call by call, not only the final bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(2); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *p = malloc(n ? (size_t)n : 1);
  if (fread(p, 1, (size_t)n, f) != (size_t)n) { perror("fread"); exit(2); }
  fclose(f);
  *len = (size_t)n;
  return p;
}

static void hex(const unsigned char *p, size_t n) {
  putchar('"');
  for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
  putchar('"');
}

/* Growable output of the streaming runs. */
typedef struct { unsigned char *p; size_t n, cap; } bytes;
static void append(bytes *b, const unsigned char *p, size_t n) {
  if (b->n + n > b->cap) { b->cap = (b->n + n) * 2; b->p = realloc(b->p, b->cap); }
  memcpy(b->p + b->n, p, n);
  b->n += n;
}

static void step(int first, int ret, const z_stream *s, size_t produced) {
  printf("%s{\"ret\":%d,\"availIn\":%u,\"availOut\":%u,\"produced\":%zu,\"totalIn\":%lu,\"totalOut\":%lu}",
         first ? "" : ",", ret, s->avail_in, s->avail_out, produced, s->total_in, s->total_out);
}

int main(int argc, char **argv) {
  if (argc != 8) { fprintf(stderr, "usage: %s file level din dout iin iout short\n", argv[0]); return 2; }
  size_t len;
  unsigned char *data = read_file(argv[1], &len);
  int level = atoi(argv[2]);
  size_t din = strtoul(argv[3], 0, 10), dout = strtoul(argv[4], 0, 10);
  size_t iin = strtoul(argv[5], 0, 10), iout = strtoul(argv[6], 0, 10);
  size_t shortLen = strtoul(argv[7], 0, 10);

  printf("{\"zlibVersion\":\"%s\",\"Z_OK\":%d,\"Z_STREAM_END\":%d,\"Z_BUF_ERROR\":%d,\"Z_NO_FLUSH\":%d,\"Z_FINISH\":%d,",
         zlibVersion(), Z_OK, Z_STREAM_END, Z_BUF_ERROR, Z_NO_FLUSH, Z_FINISH);
  printf("\"sizeofZStream\":%zu,\"inputLength\":%zu,", sizeof(z_stream), len);
  printf("\"crc32\":%lu,\"adler32\":%lu,", crc32(0, data, (uInt)len), adler32(1, data, (uInt)len));
  printf("\"compressBound\":%lu,", compressBound(len));

  /* compress2 / uncompress round trip. */
  uLongf clen = compressBound(len);
  unsigned char *comp = malloc(clen);
  int ret = compress2(comp, &clen, data, len, level);
  printf("\"compress2\":{\"ret\":%d,\"destLen\":%lu,\"hex\":", ret, clen);
  hex(comp, clen);
  uLongf ulen = len;
  unsigned char *back = malloc(len + 1);
  ret = uncompress(back, &ulen, comp, clen);
  printf("},\"uncompress\":{\"ret\":%d,\"destLen\":%lu,\"same\":%s},", ret, ulen,
         ulen == len && memcmp(back, data, len) == 0 ? "true" : "false");

  /* Short output buffers: Z_BUF_ERROR, and how much was written / claimed. */
  uLongf sclen = shortLen;
  unsigned char *sbuf = calloc(shortLen + 1, 1);
  ret = compress2(sbuf, &sclen, data, len, level);
  printf("\"compress2Short\":{\"ret\":%d,\"destLen\":%lu},", ret, sclen);
  uLongf sulen = shortLen;
  memset(sbuf, 0, shortLen);
  ret = uncompress(sbuf, &sulen, comp, clen);
  printf("\"uncompressShort\":{\"ret\":%d,\"destLen\":%lu,\"hex\":", ret, sulen);
  hex(sbuf, sulen);
  printf("},");

  /* Streaming deflate: input in din-byte chunks, output drained in dout-byte windows. */
  z_stream s;
  memset(&s, 0, sizeof s);
  ret = deflateInit_(&s, level, zlibVersion(), (int)sizeof(z_stream));
  printf("\"deflateInit\":%d,\"deflateSteps\":[", ret);
  bytes out = {0};
  unsigned char *obuf = malloc(dout), *ibuf = malloc(din);
  int first = 1;
  for (size_t off = 0; off < len || off == 0; off += din) {
    size_t n = len - off < din ? len - off : din;
    int flush = off + n >= len ? Z_FINISH : Z_NO_FLUSH;
    memcpy(ibuf, data + off, n);
    s.next_in = ibuf;
    s.avail_in = (uInt)n;
    do {
      s.next_out = obuf;
      s.avail_out = (uInt)dout;
      ret = deflate(&s, flush);
      size_t have = dout - s.avail_out;
      append(&out, obuf, have);
      step(first, ret, &s, have);
      first = 0;
    } while (s.avail_out == 0);
    if (flush == Z_FINISH) break;
  }
  printf("],\"deflateTotalIn\":%lu,\"deflateTotalOut\":%lu,\"deflateEnd\":%d,\"deflateHex\":", s.total_in, s.total_out,
         deflateEnd(&s));
  hex(out.p, out.n);

  /* Streaming inflate of that output: iin-byte chunks in, iout-byte windows out. */
  memset(&s, 0, sizeof s);
  ret = inflateInit_(&s, zlibVersion(), (int)sizeof(z_stream));
  printf(",\"inflateInit\":%d,\"inflateSteps\":[", ret);
  bytes plain = {0};
  unsigned char *iobuf = malloc(iout), *iibuf = malloc(iin);
  first = 1;
  ret = Z_OK;
  for (size_t off = 0; off < out.n && ret != Z_STREAM_END; off += iin) {
    size_t n = out.n - off < iin ? out.n - off : iin;
    memcpy(iibuf, out.p + off, n);
    s.next_in = iibuf;
    s.avail_in = (uInt)n;
    do {
      s.next_out = iobuf;
      s.avail_out = (uInt)iout;
      ret = inflate(&s, Z_NO_FLUSH);
      size_t have = iout - s.avail_out;
      append(&plain, iobuf, have);
      step(first, ret, &s, have);
      first = 0;
    } while (s.avail_out == 0 && ret == Z_OK);
  }
  printf("],\"inflateTotalOut\":%lu,\"inflateEnd\":%d,\"inflateSame\":%s,", s.total_out, inflateEnd(&s),
         plain.n == len && memcmp(plain.p, data, len) == 0 ? "true" : "false");

  /* Inflating bytes that are not a zlib stream: Z_DATA_ERROR and the message in strm.msg. */
  memset(&s, 0, sizeof s);
  inflateInit_(&s, zlibVersion(), (int)sizeof(z_stream));
  unsigned char garbage[] = "not zlib data!";
  s.next_in = garbage;
  s.avail_in = (uInt)strlen((char *)garbage);
  s.next_out = iobuf;
  s.avail_out = (uInt)iout;
  ret = inflate(&s, Z_NO_FLUSH);
  printf("\"inflateGarbage\":{\"ret\":%d,\"msg\":\"%s\"},\"Z_DATA_ERROR\":%d}\n", ret, s.msg ? s.msg : "", Z_DATA_ERROR);
  inflateEnd(&s);
  return 0;
}
