/**
 * Parse benchmark: preprocess + parse + lay out real headers, each in a fresh FFI, as a user's
 * first `cdefHeader` call pays it. Scenarios are a declarative list; each is warmed up once,
 * then timed over several runs (median, min, max).
 *
 * Targets (issue 2): sqlite3.h under 300 ms, openssl/evp.h under 1.5 s on the reference machine.
 */

import { FFI } from '../ffi.js';
import type { HeaderOptions } from '../cdef/header.js';

export interface ParseScenario {
  readonly header: string;
  readonly options?: HeaderOptions;
  /** Budget from the issue, in ms, or null when there is none. */
  readonly targetMs: number | null;
}

export const PARSE_SCENARIOS: readonly ParseScenario[] = [
  { header: 'sqlite3.h', targetMs: 300 },
  { header: 'openssl/evp.h', targetMs: 1500 },
  { header: 'zlib.h', targetMs: null },
  { header: 'libxml/parser.h', options: { includeDirs: ['/usr/include/libxml2'] }, targetMs: null },
  { header: 'stdio.h', targetMs: null },
];

export interface ParseResult {
  readonly header: string;
  readonly declarations: number;
  readonly functions: number;
  readonly records: number;
  readonly ms: { readonly min: number; readonly median: number; readonly max: number };
  readonly targetMs: number | null;
}

/** One cold run: new FFI, cdefHeader, then the layout of every complete struct and union. */
function runOnce(s: ParseScenario): { ms: number; ffi: FFI; records: number } {
  const start = performance.now();
  const ffi = new FFI();
  ffi.cdefHeader(s.header, s.options);
  let records = 0;
  for (const d of ffi.declarations) {
    const t = d.kind === 'struct' || d.kind === 'union' ? d.type : d.kind === 'typedef' ? d.type : null;
    if (!t || (t.kind !== 'struct' && t.kind !== 'union') || t.fields === null || t.partial) continue;
    ffi.sizeof(d.kind === 'typedef' ? d.name : `${d.kind} ${d.name}`);
    records++;
  }
  return { ms: performance.now() - start, ffi, records };
}

export function benchParse(scenarios: readonly ParseScenario[] = PARSE_SCENARIOS, runs = 7): ParseResult[] {
  return scenarios.map((s) => {
    const first = runOnce(s); // warm-up: loads tree-sitter, JIT-compiles the parser
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(runOnce(s).ms);
    times.sort((a, b) => a - b);
    const decls = first.ffi.declarations;
    return {
      header: s.header,
      declarations: decls.length,
      functions: decls.filter((d) => d.kind === 'function').length,
      records: first.records,
      ms: { min: times[0]!, median: times[times.length >> 1]!, max: times[times.length - 1]! },
      targetMs: s.targetMs,
    };
  });
}

export function formatParseTable(results: readonly ParseResult[]): string {
  const rows = [
    ['header', 'decls', 'functions', 'structs', 'median ms', 'min', 'max', 'target'],
    ...results.map((r) => [
      r.header, String(r.declarations), String(r.functions), String(r.records),
      r.ms.median.toFixed(1), r.ms.min.toFixed(1), r.ms.max.toFixed(1),
      r.targetMs === null ? '' : `< ${r.targetMs} ms ${r.ms.median < r.targetMs ? 'ok' : 'MISSED'}`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}
