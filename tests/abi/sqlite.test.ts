/**
 * The real SQLite (issues 3 and 4): `ffi.cdefHeader('sqlite3.h')` +
 * `ffi.dlopen('libsqlite3.so.0')`, in ABI mode and in fast mode (every test runs once per mode,
 * tests/helpers/modes.ts; fast mode is told which functions may run JS SQL functions or
 * destructors): out-parameters (`sqlite3 **`, `sqlite3_stmt **`, `char **`), parameters bound with
 * every type (int, int64 beyond 2^53 and INT64_MIN as BigInt, double, text with SQLITE_TRANSIENT
 * and SQLITE_STATIC, blob, NULL), column reads, `sqlite3_exec` with a JS row callback (and one that
 * aborts, one that throws, a plain JS function), SQL functions written in JS
 * (`sqlite3_create_function_v2`, with user data and a destructor), and errors.
 *
 * Expected values come from reference/sqlite_ref.c, which runs the same statements with the
 * same bound values from C against the same libsqlite3 and prints what it reads back as JSON
 * (64-bit integers as decimal strings, doubles as %.17g, blobs as hex). Only the JS-specific
 * behaviour (an exception in a callback, a plain function as callback) is checked against the
 * contract in docs/abi-mode.md instead.
 *
 * Every test opens its own `:memory:` database through `openPopulated()` (the same three
 * inserts the reference makes), so a test depends on no other test.
 */

import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FFI } from '../../index.js';
import { dlopenIn, MODES } from '../helpers/modes.js';
import { runReference } from '../helpers/native-build.js';

const REF = fileURLToPath(new URL('./reference/sqlite_ref.c', import.meta.url));

interface Column {
  type: number;
  value: string | number | null;
}
interface Query {
  columns: string[];
  rows: Column[][];
  rc: number;
}
interface Exec {
  rows: (string | null)[][];
  names: string[];
  rc: number;
  errmsg: string | null;
}
interface Failure {
  rc: number;
  errcode: number;
  extended: number;
  errmsg: string;
  errstr: string;
}
interface SqliteRef {
  libversion: string;
  open: number;
  codes: Record<'OK' | 'ERROR' | 'ABORT' | 'CONSTRAINT' | 'ROW' | 'DONE' | 'INTEGER' | 'FLOAT' | 'TEXT' | 'BLOB' | 'NULL', number>;
  create: number;
  prepareInsert: number;
  paramCount: number;
  inserts: { binds: number[]; step: number; rowid: number }[];
  select: Query;
  exec: Exec;
  execAbort: Exec;
  createFunction: number[];
  functions: Query;
  functionError: Failure;
  syntaxError: Failure;
  noSuchTable: Failure;
  constraint: Failure;
  destroyedBeforeClose: number;
  close: number;
  destroyedAfterClose: number;
}

// CData fields and Lib functions are typed by the C declarations at run time only.
type Dyn = any;

const SELECT = 'SELECT id, i, big, d, s, b, n, typeof(n) FROM t ORDER BY id';
const EXEC = 'SELECT id, i, big, d, s, n FROM t ORDER BY id';
const FUNCTIONS = 'SELECT js_add(2, 40), js_add(id, -100), js_concat(s, id), js_scale(id) FROM t ORDER BY id';

/**
 * Functions that may run JS through callbacks registered earlier (SQL functions written in JS,
 * the destructor of their user data): fast mode must be told. sqlite3_exec also takes its row
 * callback as an argument.
 */
const SQLITE_CALLBACKS = ['sqlite3_step', 'sqlite3_exec', 'sqlite3_reset', 'sqlite3_finalize', 'sqlite3_close', 'sqlite3_close_v2'];

let ref: SqliteRef;

beforeAll(() => {
  ref = runReference<SqliteRef>(REF, { flags: ['-lsqlite3'] });
});

/** A 64-bit integer result as a decimal string, after checking the documented JS type. */
function int64Text(v: unknown): string {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'bigint' && (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))) return String(v);
  throw new Error(`64-bit result ${String(v)} (${typeof v}) breaks the contract: exact numbers, BigInt only beyond 2^53 - 1`);
}

interface Populated {
  db: Dyn;
  open: number;
  create: number;
  prepareInsert: number;
  paramCount: number;
  inserts: { binds: number[]; step: number; rowid: number }[];
  keep: unknown[];
}

describe.each(MODES)('SQLite through ffi.dlopen (%s mode)', (mode) => {
  const ffi = new FFI();
  let lib: Dyn;
  let TRANSIENT: Dyn;

  beforeAll(() => {
    ffi.cdefHeader('sqlite3.h');
    lib = dlopenIn(ffi, 'libsqlite3.so.0', mode, { callbacks: SQLITE_CALLBACKS });
    // #define SQLITE_TRANSIENT ((sqlite3_destructor_type)-1): a cast macro, not an integer constant.
    TRANSIENT = ffi.cast('sqlite3_destructor_type', -1);
  });

  function prepare(db: Dyn, sql: string): Dyn {
    const pp = ffi.new('sqlite3_stmt **');
    const rc = lib.sqlite3_prepare_v2(db, sql, -1, pp, null);
    if (rc !== lib.SQLITE_OK) throw new Error(`prepare ${sql}: ${ffi.string(lib.sqlite3_errmsg(db))}`);
    return pp[0];
  }

  /** Opens `:memory:` and makes the reference's three inserts, binding every type. */
  function openPopulated(): Populated {
    const pdb = ffi.new('sqlite3 **');
    const open = lib.sqlite3_open(':memory:', pdb);
    const db = pdb[0];
    const create = lib.sqlite3_exec(db, 'CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER, big INTEGER, d REAL, s TEXT, b BLOB, n)', null, null, null);
    const pp = ffi.new('sqlite3_stmt **');
    const prepareInsert = lib.sqlite3_prepare_v2(db, 'INSERT INTO t(i, big, d, s, b, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6)', -1, pp, null);
    const ins = pp[0];
    const paramCount = lib.sqlite3_bind_parameter_count(ins);
    const blob1 = ffi.new('unsigned char[]', [0x00, 0x01, 0x02, 0xff, 0x80, 0x00]);
    const blob2 = ffi.new('unsigned char[256]', Array.from({ length: 256 }, (_, i) => i));
    const abc = ffi.new('char[]', 'abc');
    // SQLITE_STATIC (a NULL destructor): SQLite keeps the pointer, so the memory must outlive the statement.
    const staticText = ffi.new('char[]', 'static text');
    const inserts: Populated['inserts'] = [];
    const finish = (binds: number[]): void => {
      const step = lib.sqlite3_step(ins);
      inserts.push({ binds, step, rowid: Number(lib.sqlite3_last_insert_rowid(db)) });
      lib.sqlite3_reset(ins);
      lib.sqlite3_clear_bindings(ins);
    };
    finish([
      lib.sqlite3_bind_int(ins, 1, 42),
      lib.sqlite3_bind_int64(ins, 2, 9007199254740993n),
      lib.sqlite3_bind_double(ins, 3, 0.1),
      lib.sqlite3_bind_text(ins, 4, 'héllo wörld ✓', -1, TRANSIENT),
      lib.sqlite3_bind_blob(ins, 5, blob1, 6, TRANSIENT),
      lib.sqlite3_bind_null(ins, 6),
    ]);
    finish([
      lib.sqlite3_bind_int(ins, 1, -2147483648),
      lib.sqlite3_bind_int64(ins, 2, -9223372036854775808n),
      lib.sqlite3_bind_double(ins, 3, -1.5e-300),
      lib.sqlite3_bind_text(ins, 4, '', -1, TRANSIENT),
      lib.sqlite3_bind_blob(ins, 5, blob2, 256, TRANSIENT),
      lib.sqlite3_bind_null(ins, 6),
    ]);
    finish([
      lib.sqlite3_bind_int(ins, 1, 2147483647),
      lib.sqlite3_bind_int64(ins, 2, 9223372036854775807n),
      lib.sqlite3_bind_double(ins, 3, 1e308),
      lib.sqlite3_bind_text(ins, 4, 'q"b\\t\tn\nend and the rest is cut', 12, TRANSIENT), // first 12 bytes only
      lib.sqlite3_bind_blob(ins, 5, abc, 3, TRANSIENT),
      lib.sqlite3_bind_text(ins, 6, staticText, -1, null),
    ]);
    lib.sqlite3_finalize(ins);
    return { db, open, create, prepareInsert, paramCount, inserts, keep: [staticText] };
  }

  function readColumn(stmt: Dyn, k: number): Column {
    const type = lib.sqlite3_column_type(stmt, k);
    switch (type) {
      case lib.SQLITE_INTEGER:
        return { type, value: int64Text(lib.sqlite3_column_int64(stmt, k)) };
      case lib.SQLITE_FLOAT:
        return { type, value: lib.sqlite3_column_double(stmt, k) };
      case lib.SQLITE_TEXT: {
        const p = lib.sqlite3_column_text(stmt, k);
        return { type, value: Buffer.from(ffi.buffer(p, lib.sqlite3_column_bytes(stmt, k))).toString('utf8') };
      }
      case lib.SQLITE_BLOB: {
        const p = lib.sqlite3_column_blob(stmt, k);
        return { type, value: Buffer.from(ffi.buffer(p, lib.sqlite3_column_bytes(stmt, k))).toString('hex') };
      }
      default:
        return { type, value: null };
    }
  }

  function query(db: Dyn, sql: string): Query {
    const stmt = prepare(db, sql);
    const n = lib.sqlite3_column_count(stmt);
    const columns = Array.from({ length: n }, (_, k) => ffi.string(lib.sqlite3_column_name(stmt, k)));
    const rows: Column[][] = [];
    let rc: number;
    while ((rc = lib.sqlite3_step(stmt)) === lib.SQLITE_ROW) rows.push(Array.from({ length: n }, (_, k) => readColumn(stmt, k)));
    lib.sqlite3_finalize(stmt);
    return { columns, rows, rc };
  }

  /** Prepare + one step + finalize, then the connection's error state, like the reference's print_error. */
  function failure(db: Dyn, sql: string): Failure {
    const pp = ffi.new('sqlite3_stmt **');
    let rc = lib.sqlite3_prepare_v2(db, sql, -1, pp, null);
    if (rc === lib.SQLITE_OK) {
      rc = lib.sqlite3_step(pp[0]);
      lib.sqlite3_finalize(pp[0]);
    }
    return {
      rc,
      errcode: lib.sqlite3_errcode(db),
      extended: lib.sqlite3_extended_errcode(db),
      errmsg: ffi.string(lib.sqlite3_errmsg(db)),
      errstr: ffi.string(lib.sqlite3_errstr(rc)),
    };
  }

  function close(db: Dyn): void {
    expect(lib.sqlite3_close_v2(db)).toBe(lib.SQLITE_OK);
  }

  it('is the library the C reference links; result codes are on the lib', () => {
    expect(ffi.string(lib.sqlite3_libversion())).toBe(ref.libversion);
    const codes = Object.fromEntries(Object.keys(ref.codes).map((k) => [k, lib[`SQLITE_${k}`]]));
    expect(codes).toEqual(ref.codes);
  });

  it('opens :memory: through a sqlite3 ** out-parameter and binds every parameter type', () => {
    const p = openPopulated();
    try {
      expect(p.db.isNull).toBe(false);
      const { open, create, prepareInsert, paramCount, inserts } = p;
      expect({ open, create, prepareInsert, paramCount, inserts }).toEqual({
        open: ref.open,
        create: ref.create,
        prepareInsert: ref.prepareInsert,
        paramCount: ref.paramCount,
        inserts: ref.inserts,
      });
    } finally {
      close(p.db);
    }
  });

  it('step/column reads give back what C reads: int64 beyond 2^53, INT64_MIN, doubles, UTF-8 text, blobs, NULL', () => {
    const p = openPopulated();
    try {
      expect(query(p.db, SELECT)).toEqual(ref.select);

      // The documented JS types of 64-bit results: number when exact, BigInt beyond 2^53 - 1.
      const stmt = prepare(p.db, 'SELECT i, big FROM t ORDER BY id');
      const got: unknown[][] = [];
      while (lib.sqlite3_step(stmt) === lib.SQLITE_ROW) {
        got.push([lib.sqlite3_column_int(stmt, 0), lib.sqlite3_column_int64(stmt, 0), lib.sqlite3_column_int64(stmt, 1)]);
      }
      lib.sqlite3_finalize(stmt);
      const i = ref.select.rows.map((r) => Number(r[1]!.value));
      const big = ref.select.rows.map((r) => BigInt(r[2]!.value as string));
      expect(got).toEqual([
        [i[0], i[0], big[0]],
        [i[1], i[1], big[1]],
        [i[2], i[2], big[2]],
      ]);
      expect(big).toEqual([2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n]);
    } finally {
      close(p.db);
    }
  });

  it('sqlite3_exec with an ffi.callback collecting rows; the void * argument arrives unchanged', () => {
    const p = openPopulated();
    try {
      const marker = ffi.new('int *', 7);
      const rows: (string | null)[][] = [];
      let names: string[] = [];
      const args: number[] = [];
      const cb = ffi.callback('int(*)(void *, int, char **, char **)', (arg: Dyn, n: number, values: Dyn, cols: Dyn) => {
        args.push(arg.address);
        const row: (string | null)[] = [];
        for (let k = 0; k < n; k++) row.push(values[k] === null ? null : ffi.string(values[k]));
        if (rows.length === 0) names = Array.from({ length: n }, (_, k) => ffi.string(cols[k]));
        rows.push(row);
        return 0;
      });
      const errp = ffi.new('char **');
      const rc = lib.sqlite3_exec(p.db, EXEC, cb, marker, errp);
      expect({ rows, names, rc, errmsg: errp[0] }).toEqual({ ...ref.exec, errmsg: null });
      expect(ref.exec.errmsg).toBe(null);
      expect(args).toEqual(rows.map(() => marker.address));
      ffi.release(cb);
    } finally {
      close(p.db);
    }
  });

  it('a callback returning non-zero aborts sqlite3_exec with SQLITE_ABORT and its message', () => {
    const p = openPopulated();
    try {
      const rows: (string | null)[][] = [];
      let names: string[] = [];
      const cb = ffi.callback('int(*)(void *, int, char **, char **)', (_arg: Dyn, n: number, values: Dyn, cols: Dyn) => {
        if (rows.length === 0) names = Array.from({ length: n }, (_, k) => ffi.string(cols[k]));
        rows.push(Array.from({ length: n }, (_, k) => (values[k] === null ? null : ffi.string(values[k]))));
        return 1;
      });
      const errp = ffi.new('char **');
      const rc = lib.sqlite3_exec(p.db, 'SELECT id FROM t ORDER BY id', cb, null, errp);
      const errmsg = errp[0] === null ? null : ffi.string(errp[0]);
      if (errp[0] !== null) lib.sqlite3_free(errp[0]);
      expect({ rows, names, rc, errmsg }).toEqual(ref.execAbort);
      expect(rc).toBe(lib.SQLITE_ABORT);
    } finally {
      close(p.db);
    }
  });

  it('an exception in the row callback comes out of sqlite3_exec unchanged, after C went on with 0', () => {
    const p = openPopulated();
    try {
      const boom = new Error('boom from the row callback');
      let calls = 0;
      const cb = ffi.callback('int(*)(void *, int, char **, char **)', () => {
        calls++;
        if (calls === 1) throw boom;
        return 0;
      });
      let caught: unknown;
      try {
        lib.sqlite3_exec(p.db, EXEC, cb, null, null);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBe(boom);
      expect(calls).toBe(ref.exec.rows.length); // C received 0 and asked for every row
      // The connection is fine afterwards.
      expect(query(p.db, SELECT)).toEqual(ref.select);
    } finally {
      close(p.db);
    }
  });

  it('a plain JS function as the callback argument (wrapped for that call only)', () => {
    const p = openPopulated();
    try {
      const rows: (string | null)[][] = [];
      const rc = lib.sqlite3_exec(
        p.db,
        EXEC,
        (_arg: Dyn, n: number, values: Dyn) => {
          rows.push(Array.from({ length: n }, (_, k) => (values[k] === null ? null : ffi.string(values[k]))));
          return 0;
        },
        null,
        null,
      );
      expect({ rows, rc }).toEqual({ rows: ref.exec.rows, rc: ref.exec.rc });
    } finally {
      close(p.db);
    }
  });

  it('SQL functions implemented in JS with sqlite3_create_function_v2 (values, results, user data, destructor)', () => {
    const p = openPopulated();
    const destroyed: number[] = [];
    const factor = ffi.new('int *', 1000);
    const fnType = 'void(*)(sqlite3_context *, int, sqlite3_value **)';
    const jsAdd = ffi.callback(fnType, (ctx: Dyn, _argc: number, argv: Dyn) => {
      if (lib.sqlite3_value_type(argv[0]) === lib.SQLITE_NULL || lib.sqlite3_value_type(argv[1]) === lib.SQLITE_NULL) {
        lib.sqlite3_result_error(ctx, 'js_add: NULL argument', -1);
        return;
      }
      lib.sqlite3_result_int(ctx, lib.sqlite3_value_int(argv[0]) + lib.sqlite3_value_int(argv[1]));
    });
    const text = (v: Dyn): string => {
      const t = lib.sqlite3_value_text(v);
      return t === null ? '' : Buffer.from(ffi.buffer(t, lib.sqlite3_value_bytes(v))).toString('utf8');
    };
    const jsConcat = ffi.callback(fnType, (ctx: Dyn, _argc: number, argv: Dyn) => {
      lib.sqlite3_result_text(ctx, `${text(argv[0])}+${text(argv[1])}`, -1, TRANSIENT);
    });
    const jsScale = ffi.callback(fnType, (ctx: Dyn, _argc: number, argv: Dyn) => {
      const f = ffi.cast('int *', lib.sqlite3_user_data(ctx))[0];
      lib.sqlite3_result_int64(ctx, BigInt(lib.sqlite3_value_int64(argv[0])) * BigInt(f));
    });
    const onDestroy = ffi.callback('void(*)(void *)', (app: Dyn) => {
      destroyed.push(app.address);
    });
    try {
      const created = [
        lib.sqlite3_create_function_v2(p.db, 'js_add', 2, lib.SQLITE_UTF8 | lib.SQLITE_DETERMINISTIC, null, jsAdd, null, null, null),
        lib.sqlite3_create_function_v2(p.db, 'js_concat', 2, lib.SQLITE_UTF8, null, jsConcat, null, null, null),
        lib.sqlite3_create_function_v2(p.db, 'js_scale', 1, lib.SQLITE_UTF8, factor, jsScale, null, null, onDestroy),
      ];
      expect(created).toEqual(ref.createFunction);
      expect(query(p.db, FUNCTIONS)).toEqual(ref.functions);
      // sqlite3_result_error from inside the JS function: the statement fails with that message.
      expect(failure(p.db, 'SELECT js_add(1, NULL)')).toEqual(ref.functionError);
      expect(destroyed.length).toBe(ref.destroyedBeforeClose);
    } finally {
      close(p.db);
    }
    // Closing the connection destroyed js_scale's user data, through the JS destructor.
    expect(destroyed).toEqual(Array.from({ length: ref.destroyedAfterClose }, () => factor.address));
  });

  it('errors: sqlite3_errmsg/errcode/extended_errcode/errstr after failing statements', () => {
    const p = openPopulated();
    try {
      expect({
        syntaxError: failure(p.db, 'SELEC 1'),
        noSuchTable: failure(p.db, 'INSERT INTO nosuch VALUES (1)'),
        constraint: failure(p.db, 'INSERT INTO t(id) VALUES (1)'),
      }).toEqual({ syntaxError: ref.syntaxError, noSuchTable: ref.noSuchTable, constraint: ref.constraint });
    } finally {
      close(p.db);
    }
  });
});
