/*
 * Reference for tests/abi/sqlite.test.ts: the same SQLite calls the test makes through
 * cbridge, made from C against the same libsqlite3.so.0, printed as one JSON object.
 *
 * Values read back are printed as {"type": <sqlite3_column_type>, "value": ...}: INTEGER as a
 * decimal string (64-bit values do not fit a JSON number), FLOAT as %.17g (round-trips a
 * double), TEXT as a JSON string (UTF-8 kept), BLOB as lowercase hex, NULL as null.
 * The SQL functions js_add / js_concat / js_scale are the C twins of the test's JS callbacks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

static void json_string(const char *s, int n) {
  putchar('"');
  for (int i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void hex(const unsigned char *p, int n) {
  putchar('"');
  for (int i = 0; i < n; i++) printf("%02x", p[i]);
  putchar('"');
}

static void print_column(sqlite3_stmt *st, int k) {
  int type = sqlite3_column_type(st, k);
  printf("{\"type\":%d,\"value\":", type);
  switch (type) {
    case SQLITE_INTEGER: printf("\"%lld\"", (long long)sqlite3_column_int64(st, k)); break;
    case SQLITE_FLOAT: printf("%.17g", sqlite3_column_double(st, k)); break;
    case SQLITE_TEXT: {
      const unsigned char *t = sqlite3_column_text(st, k);
      json_string((const char *)t, sqlite3_column_bytes(st, k));
      break;
    }
    case SQLITE_BLOB: {
      const void *b = sqlite3_column_blob(st, k);
      hex(b, sqlite3_column_bytes(st, k));
      break;
    }
    default: printf("null");
  }
  putchar('}');
}

/* Runs a query; prints {"rc": <last step>, "columns": [...], "rows": [[col...]...]}. */
static void print_query(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) { fprintf(stderr, "prepare %s: %s\n", sql, sqlite3_errmsg(db)); exit(1); }
  printf("{\"columns\":[");
  for (int k = 0; k < sqlite3_column_count(st); k++) {
    if (k) putchar(',');
    const char *name = sqlite3_column_name(st, k);
    json_string(name, (int)strlen(name));
  }
  printf("],\"rows\":[");
  int first = 1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    printf("%s[", first ? "" : ",");
    first = 0;
    for (int k = 0; k < sqlite3_column_count(st); k++) {
      if (k) putchar(',');
      print_column(st, k);
    }
    putchar(']');
  }
  printf("],\"rc\":%d}", rc);
  sqlite3_finalize(st);
}

/* sqlite3_exec callback: prints each row as an array of strings/null and keeps the column
   names of the first row; returning non-zero after `abortAfter` rows aborts the query. */
typedef struct { int rows, abortAfter; char names[256]; } exec_state;
static int collect(void *arg, int n, char **values, char **names) {
  exec_state *st = arg;
  if (st->rows == 0) {
    size_t at = 0;
    for (int i = 0; i < n; i++) at += (size_t)snprintf(st->names + at, sizeof st->names - at, "%s\"%s\"", i ? "," : "", names[i]);
  }
  printf("%s[", st->rows ? "," : "");
  for (int i = 0; i < n; i++) {
    if (i) putchar(',');
    if (values[i]) json_string(values[i], (int)strlen(values[i]));
    else printf("null");
  }
  putchar(']');
  st->rows++;
  return st->abortAfter && st->rows >= st->abortAfter;
}

/* Prints {"rows": [...], "names": [...], "rc": <sqlite3_exec's result>, "errmsg": <message or null>}. */
static void exec_run(sqlite3 *db, const char *sql, int abortAfter) {
  exec_state st = {0, abortAfter, ""};
  char *err = NULL;
  printf("{\"rows\":[");
  int rc = sqlite3_exec(db, sql, collect, &st, &err);
  printf("],\"names\":[%s],\"rc\":%d,\"errmsg\":", st.names, rc);
  if (err) { json_string(err, (int)strlen(err)); sqlite3_free(err); }
  else printf("null");
  putchar('}');
}

static void js_add(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_error(ctx, "js_add: NULL argument", -1);
    return;
  }
  sqlite3_result_int(ctx, sqlite3_value_int(argv[0]) + sqlite3_value_int(argv[1]));
}

static void js_concat(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *a = (const char *)sqlite3_value_text(argv[0]);
  int na = sqlite3_value_bytes(argv[0]);
  const char *b = (const char *)sqlite3_value_text(argv[1]);
  int nb = sqlite3_value_bytes(argv[1]);
  char *r = malloc((size_t)na + (size_t)nb + 2);
  memcpy(r, a ? a : "", (size_t)na);
  r[na] = '+';
  memcpy(r + na + 1, b ? b : "", (size_t)nb);
  r[na + 1 + nb] = 0;
  sqlite3_result_text(ctx, r, -1, SQLITE_TRANSIENT);
  free(r);
}

static void js_scale(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int factor = *(int *)sqlite3_user_data(ctx);
  sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]) * factor);
}

static int destroyed;
static void on_destroy(void *p) { (void)p; destroyed++; }

static int step_one(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc;
}

static void print_error(sqlite3 *db, const char *name, int rc, int last) {
  printf("\"%s\":{\"rc\":%d,\"errcode\":%d,\"extended\":%d,\"errmsg\":", name, rc, sqlite3_errcode(db),
         sqlite3_extended_errcode(db));
  json_string(sqlite3_errmsg(db), (int)strlen(sqlite3_errmsg(db)));
  printf(",\"errstr\":");
  json_string(sqlite3_errstr(rc), (int)strlen(sqlite3_errstr(rc)));
  printf("}%s", last ? "" : ",");
}

int main(void) {
  sqlite3 *db = NULL;
  int rc = sqlite3_open(":memory:", &db);
  printf("{\"libversion\":\"%s\",\"open\":%d,", sqlite3_libversion(), rc);
  printf("\"codes\":{\"OK\":%d,\"ERROR\":%d,\"ABORT\":%d,\"CONSTRAINT\":%d,\"ROW\":%d,\"DONE\":%d,"
         "\"INTEGER\":%d,\"FLOAT\":%d,\"TEXT\":%d,\"BLOB\":%d,\"NULL\":%d},",
         SQLITE_OK, SQLITE_ERROR, SQLITE_ABORT, SQLITE_CONSTRAINT, SQLITE_ROW, SQLITE_DONE, SQLITE_INTEGER,
         SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL);

  rc = sqlite3_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER, big INTEGER, d REAL, s TEXT, b BLOB, n)",
                    NULL, NULL, NULL);
  printf("\"create\":%d,", rc);

  sqlite3_stmt *ins;
  rc = sqlite3_prepare_v2(db, "INSERT INTO t(i, big, d, s, b, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &ins, NULL);
  printf("\"prepareInsert\":%d,\"paramCount\":%d,\"inserts\":[", rc, sqlite3_bind_parameter_count(ins));

  static const unsigned char blob1[] = {0x00, 0x01, 0x02, 0xff, 0x80, 0x00};
  unsigned char blob2[256];
  for (int i = 0; i < 256; i++) blob2[i] = (unsigned char)i;
  static char static_text[] = "static text";

  /* Row 1: 42, 2^53 + 1, 0.1, UTF-8 text, 6-byte blob, NULL. */
  int b[6];
  b[0] = sqlite3_bind_int(ins, 1, 42);
  b[1] = sqlite3_bind_int64(ins, 2, (sqlite3_int64)9007199254740993LL);
  b[2] = sqlite3_bind_double(ins, 3, 0.1);
  b[3] = sqlite3_bind_text(ins, 4, "h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93", -1, SQLITE_TRANSIENT);
  b[4] = sqlite3_bind_blob(ins, 5, blob1, (int)sizeof blob1, SQLITE_TRANSIENT);
  b[5] = sqlite3_bind_null(ins, 6);
  rc = sqlite3_step(ins);
  printf("{\"binds\":[%d,%d,%d,%d,%d,%d],\"step\":%d,\"rowid\":%lld}", b[0], b[1], b[2], b[3], b[4], b[5], rc,
         (long long)sqlite3_last_insert_rowid(db));
  sqlite3_reset(ins);
  sqlite3_clear_bindings(ins);

  /* Row 2: INT_MIN, INT64_MIN, -1.5e-300, empty text, 256-byte blob, NULL. */
  b[0] = sqlite3_bind_int(ins, 1, INT32_MIN);
  b[1] = sqlite3_bind_int64(ins, 2, INT64_MIN);
  b[2] = sqlite3_bind_double(ins, 3, -1.5e-300);
  b[3] = sqlite3_bind_text(ins, 4, "", -1, SQLITE_TRANSIENT);
  b[4] = sqlite3_bind_blob(ins, 5, blob2, (int)sizeof blob2, SQLITE_TRANSIENT);
  b[5] = sqlite3_bind_null(ins, 6);
  rc = sqlite3_step(ins);
  printf(",{\"binds\":[%d,%d,%d,%d,%d,%d],\"step\":%d,\"rowid\":%lld}", b[0], b[1], b[2], b[3], b[4], b[5], rc,
         (long long)sqlite3_last_insert_rowid(db));
  sqlite3_reset(ins);
  sqlite3_clear_bindings(ins);

  /* Row 3: INT_MAX, INT64_MAX, 1e308, text with quotes/escapes (first 12 bytes only), "abc" blob,
     static text with SQLITE_STATIC (NULL destructor). */
  b[0] = sqlite3_bind_int(ins, 1, INT32_MAX);
  b[1] = sqlite3_bind_int64(ins, 2, INT64_MAX);
  b[2] = sqlite3_bind_double(ins, 3, 1e308);
  b[3] = sqlite3_bind_text(ins, 4, "q\"b\\t\tn\nend and the rest is cut", 12, SQLITE_TRANSIENT);
  b[4] = sqlite3_bind_blob(ins, 5, "abc", 3, SQLITE_TRANSIENT);
  b[5] = sqlite3_bind_text(ins, 6, static_text, -1, SQLITE_STATIC);
  rc = sqlite3_step(ins);
  printf(",{\"binds\":[%d,%d,%d,%d,%d,%d],\"step\":%d,\"rowid\":%lld}],", b[0], b[1], b[2], b[3], b[4], b[5], rc,
         (long long)sqlite3_last_insert_rowid(db));
  sqlite3_finalize(ins);

  printf("\"select\":");
  print_query(db, "SELECT id, i, big, d, s, b, n, typeof(n) FROM t ORDER BY id");

  printf(",\"exec\":");
  exec_run(db, "SELECT id, i, big, d, s, n FROM t ORDER BY id", 0);
  printf(",\"execAbort\":");
  exec_run(db, "SELECT id FROM t ORDER BY id", 1);

  static int factor = 1000;
  int f[3];
  f[0] = sqlite3_create_function_v2(db, "js_add", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, js_add, NULL, NULL, NULL);
  f[1] = sqlite3_create_function_v2(db, "js_concat", 2, SQLITE_UTF8, NULL, js_concat, NULL, NULL, NULL);
  f[2] = sqlite3_create_function_v2(db, "js_scale", 1, SQLITE_UTF8, &factor, js_scale, NULL, NULL, on_destroy);
  printf(",\"createFunction\":[%d,%d,%d],\"functions\":", f[0], f[1], f[2]);
  print_query(db, "SELECT js_add(2, 40), js_add(id, -100), js_concat(s, id), js_scale(id) FROM t ORDER BY id");

  printf(",");
  rc = step_one(db, "SELECT js_add(1, NULL)");
  print_error(db, "functionError", rc, 0);
  rc = step_one(db, "SELEC 1");
  print_error(db, "syntaxError", rc, 0);
  rc = step_one(db, "INSERT INTO nosuch VALUES (1)");
  print_error(db, "noSuchTable", rc, 0);
  rc = step_one(db, "INSERT INTO t(id) VALUES (1)");
  print_error(db, "constraint", rc, 0);

  printf("\"destroyedBeforeClose\":%d,", destroyed);
  rc = sqlite3_close_v2(db);
  printf("\"close\":%d,\"destroyedAfterClose\":%d}\n", rc, destroyed);
  return 0;
}
