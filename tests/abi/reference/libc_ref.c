/*
 * Reference for tests/abi/libc.test.ts: the same libc calls the test makes through cbridge
 * (qsort/bsearch with a comparator, snprintf, gmtime_r/strftime/timegm, getenv/setenv, errno
 * after failing calls, div/ldiv/lldiv), made from C in this process's libc, printed as one JSON
 * object. 64-bit integers are printed as decimal strings (JSON numbers cannot hold them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void json_string_or_null(const char *s) {
  if (s) json_string(s);
  else printf("null");
}

/* ---- qsort / bsearch ---- */
static int compares;
static int int_desc(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  compares++;
  return (y > x) - (y < x);
}

struct rec { int id; double weight; short tag; };
/* weight ascending, then id descending */
static int rec_cmp(const void *a, const void *b) {
  const struct rec *x = a, *y = b;
  compares++;
  if (x->weight != y->weight) return x->weight < y->weight ? -1 : 1;
  return (y->id > x->id) - (y->id < x->id);
}

/* ---- snprintf ---- */
static char buf[512];
static void sn(const char *name, int ret, const char *out, int last) {
  printf("\"%s\":{\"ret\":%d,\"out\":", name, ret);
  json_string(out);
  printf("}%s", last ? "" : ",");
}

/* ---- struct tm ---- */
static void print_tm(const struct tm *tm) {
  printf("{\"tm_sec\":%d,\"tm_min\":%d,\"tm_hour\":%d,\"tm_mday\":%d,\"tm_mon\":%d,\"tm_year\":%d,\"tm_wday\":%d,"
         "\"tm_yday\":%d,\"tm_isdst\":%d,\"tm_gmtoff\":%ld,\"tm_zone\":",
         tm->tm_sec, tm->tm_min, tm->tm_hour, tm->tm_mday, tm->tm_mon, tm->tm_year, tm->tm_wday, tm->tm_yday,
         tm->tm_isdst, tm->tm_gmtoff);
  json_string_or_null(tm->tm_zone);
  putchar('}');
}

#define STRFTIME_FORMAT "%Y-%m-%d %H:%M:%S %a %b %j %U %Z %z"

int main(void) {
  printf("{\"constants\":{\"ENOENT\":%d,\"EINVAL\":%d,\"EISDIR\":%d,\"O_RDONLY\":%d,\"O_WRONLY\":%d},", ENOENT, EINVAL,
         EISDIR, O_RDONLY, O_WRONLY);
  printf("\"sizeofRec\":%zu,\"sizeofTm\":%zu,", sizeof(struct rec), sizeof(struct tm));

  /* qsort an int[] descending, then bsearch it. */
  int ints[] = {5, -3, 12, 0, 7, 7, -100, INT_MAX, INT_MIN, 42, 1, 99};
  size_t n = sizeof ints / sizeof ints[0];
  compares = 0;
  qsort(ints, n, sizeof(int), int_desc);
  printf("\"qsortInts\":{\"sorted\":[");
  for (size_t i = 0; i < n; i++) printf("%s%d", i ? "," : "", ints[i]);
  printf("],\"compares\":%d},", compares);
  int keys[] = {42, 7, INT_MIN, 3, INT_MAX, 1000};
  printf("\"bsearchInts\":[");
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
    int *hit = bsearch(&keys[k], ints, n, sizeof(int), int_desc);
    printf("%s%ld", k ? "," : "", hit ? (long)(hit - ints) : -1L);
  }
  printf("],");

  /* qsort an array of structs, then bsearch it. */
  struct rec recs[] = {{1, 2.5, 10}, {2, -1.0, 20}, {3, 2.5, 30}, {4, 0.0, 40}, {5, 1e10, 50}, {6, -1.0, 60}};
  size_t nr = sizeof recs / sizeof recs[0];
  compares = 0;
  qsort(recs, nr, sizeof(struct rec), rec_cmp);
  printf("\"qsortRecs\":{\"sorted\":[");
  for (size_t i = 0; i < nr; i++)
    printf("%s{\"id\":%d,\"weight\":%.17g,\"tag\":%d}", i ? "," : "", recs[i].id, recs[i].weight, recs[i].tag);
  printf("],\"compares\":%d},", compares);
  struct rec rkeys[] = {{3, 2.5, 0}, {4, 0.0, 0}, {9, 1.0, 0}};
  printf("\"bsearchRecs\":[");
  for (size_t k = 0; k < sizeof rkeys / sizeof rkeys[0]; k++) {
    struct rec *hit = bsearch(&rkeys[k], recs, nr, sizeof(struct rec), rec_cmp);
    printf("%s%ld", k ? "," : "", hit ? (long)(hit - recs) : -1L);
  }
  printf("],");

  /* snprintf, one case per line of the test's table. */
  printf("\"snprintf\":{");
  int r;
  r = snprintf(buf, sizeof buf, "%d %d %d|%i", 1, -2, 2147483647, (int)-2147483648LL); sn("ints", r, buf, 0);
  r = snprintf(buf, sizeof buf, "%f %.3f %g %e", 1.5, M_PI, 1e-10, -2.5); sn("doubles", r, buf, 0);
  r = snprintf(buf, sizeof buf, "%.1f %.2f", 2.0, -7.0); sn("castDouble", r, buf, 0);
  r = snprintf(buf, sizeof buf, "%s|%s|%5s|%-5s|", "hello", "w\xc3\xb6rld", "ab", "cd"); sn("strings", r, buf, 0);
  r = snprintf(buf, sizeof buf, "%lld %lld %llx", 1LL << 62, -1LL, -1LL); sn("castLongLong", r, buf, 0);
  r = snprintf(buf, sizeof buf, "%lld %lld", 9007199254740993LL, (long long)INT64_MIN); sn("bigint", r, buf, 0);
  r = snprintf(buf, sizeof buf, "%ld %ld", 1099511627776L, -4294967296L); sn("long", r, buf, 0);
  r = snprintf(buf, sizeof buf, "%5.2f|%-6d|%x|%o|%u|%c", 3.14159, 42, 255, 8, 4294967295u, 65); sn("mixed", r, buf, 0);
  r = snprintf(buf, sizeof buf, "%d %d", 1, 0); sn("booleans", r, buf, 0);
  r = snprintf(buf, sizeof buf, "%p %p", (void *)0, (void *)0x1234); sn("pointers", r, buf, 0);
  r = snprintf(buf, sizeof buf, "%.2f %hd %hhu", (double)1.25f, (short)-5, (unsigned char)200); sn("promotions", r, buf, 0);
  r = snprintf(buf, sizeof buf, "%d %g %d %g %d %g %d %g %d %g %d %g %d %g %d %g %d %g %d %g", 1, 0.5, 2, 1.5, 3, 2.5, 4,
               3.5, 5, 4.5, 6, 5.5, 7, 6.5, 8, 7.5, 9, 8.5, 10, 9.5);
  sn("manyArgs", r, buf, 0);
  volatile size_t eight = 8; /* not a constant: no -Wformat-truncation, a real call */
  r = snprintf(buf, eight, "%s", "a long string here"); sn("truncated", r, buf, 0);
  r = snprintf(NULL, 0, "%d", 12345); sn("measure", r, "", 1);
  printf("},");

  /* gmtime_r / strftime / timegm. */
  time_t times[] = {0, -1, 951782400, 1234567890, 4102444800};
  printf("\"gmtime\":[");
  for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    struct tm *res = gmtime_r(&times[i], &tm);
    size_t len = strftime(buf, sizeof buf, STRFTIME_FORMAT, &tm);
    time_t back = timegm(&tm);
    printf("%s{\"t\":%ld,\"same\":%s,\"tm\":", i ? "," : "", (long)times[i], res == &tm ? "true" : "false");
    print_tm(&tm);
    printf(",\"strftime\":{\"ret\":%zu,\"out\":", len);
    json_string(buf);
    printf("},\"timegm\":%ld}", (long)back);
  }
  printf("],");
  {
    /* Normalisation: out-of-range fields written, then timegm. */
    struct tm tm;
    time_t t = 1234567890;
    gmtime_r(&t, &tm);
    tm.tm_mday += 40;
    tm.tm_hour = 25;
    tm.tm_sec = -1;
    time_t back = timegm(&tm);
    printf("\"normalised\":{\"timegm\":%ld,\"tm\":", (long)back);
    print_tm(&tm);
    printf("},");
  }
  {
    /* A struct tm built from fields only (the rest zero). */
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 124;
    tm.tm_mon = 1;
    tm.tm_mday = 29;
    tm.tm_hour = 12;
    tm.tm_min = 34;
    tm.tm_sec = 56;
    time_t back = timegm(&tm);
    printf("\"fromFields\":{\"timegm\":%ld,\"tm\":", (long)back);
    print_tm(&tm);
    printf("},");
  }

  /* getenv / setenv / unsetenv. */
  const char *var = "CBRIDGE_LIBC_REF_VAR";
  printf("\"env\":{");
  printf("\"initial\":"); json_string_or_null(getenv(var));
  printf(",\"set\":%d,\"afterSet\":", setenv(var, "v\xc3\xa4lue=1", 1)); json_string_or_null(getenv(var));
  printf(",\"noOverwrite\":%d,\"afterNoOverwrite\":", setenv(var, "other", 0)); json_string_or_null(getenv(var));
  printf(",\"overwrite\":%d,\"afterOverwrite\":", setenv(var, "other", 1)); json_string_or_null(getenv(var));
  printf(",\"unset\":%d,\"afterUnset\":", unsetenv(var)); json_string_or_null(getenv(var));
  errno = 0;
  r = setenv("BAD=NAME", "x", 1);
  printf(",\"badName\":{\"ret\":%d,\"errno\":%d}", r, errno);
  errno = 0;
  r = setenv("", "x", 1);
  printf(",\"emptyName\":{\"ret\":%d,\"errno\":%d}},", r, errno);

  /* errno after failing open(). */
  errno = 0;
  r = open("/nonexistent-cbridge-dir/file", O_RDONLY);
  printf("\"openMissing\":{\"ret\":%d,\"errno\":%d},", r, errno);
  errno = 0;
  r = open("/", O_WRONLY);
  printf("\"openDirForWrite\":{\"ret\":%d,\"errno\":%d},", r, errno);

  /* div / ldiv / lldiv: structs returned by value. */
  div_t d1 = div(7, -2), d2 = div(-7, 2), d3 = div(INT_MIN, 3);
  printf("\"div\":[{\"quot\":%d,\"rem\":%d},{\"quot\":%d,\"rem\":%d},{\"quot\":%d,\"rem\":%d}],", d1.quot, d1.rem,
         d2.quot, d2.rem, d3.quot, d3.rem);
  ldiv_t l1 = ldiv(1099511627777L, 3), l2 = ldiv(-9007199254740993L, 10);
  printf("\"ldiv\":[{\"quot\":\"%ld\",\"rem\":\"%ld\"},{\"quot\":\"%ld\",\"rem\":\"%ld\"}],", l1.quot, l1.rem, l2.quot,
         l2.rem);
  lldiv_t q1 = lldiv(INT64_MAX, 10), q2 = lldiv(INT64_MIN, 7);
  printf("\"lldiv\":[{\"quot\":\"%lld\",\"rem\":\"%lld\"},{\"quot\":\"%lld\",\"rem\":\"%lld\"}]}\n", q1.quot, q1.rem,
         q2.quot, q2.rem);
  return 0;
}
