/* What the API-mode test expects, as the C compiler sees zlib.h: printed as JSON. */
#include <stddef.h>
#include <stdio.h>
#include <zlib.h>

int main(void) {
  z_stream s = {0};
  int init = deflateInit(&s, 6);
  int end = deflateEnd(&s);
  printf("{\"sizeof_z_stream\": %zu, \"align_z_stream\": %zu, \"offset_avail_out\": %zu, \"offset_next_out\": %zu,"
         " \"Z_OK\": %d, \"Z_FINISH\": %d, \"MAX_WBITS\": %d, \"Z_DEFAULT_COMPRESSION\": %d,"
         " \"crc_hello\": %lu, \"deflateInit\": %d, \"deflateEnd\": %d, \"version\": \"%s\"}\n",
         sizeof(z_stream), _Alignof(z_stream), offsetof(z_stream, avail_out), offsetof(z_stream, next_out),
         Z_OK, Z_FINISH, MAX_WBITS, Z_DEFAULT_COMPRESSION,
         crc32(0, (const Bytef *)"hello", 5), init, end, zlibVersion());
  return 0;
}
