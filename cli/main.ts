#!/usr/bin/env node
/**
 * `npx cbridge <command>`. Nothing imports this file; it only parses arguments and calls the
 * library and the benchmarks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchParse, formatParseTable } from '../bench/parse.js';
import { benchCalls, formatCallTable, formatSkips } from '../bench/calls.js';
import { callChart } from '../bench/chart.js';
import { CPYEXT_CASES, formatCpyextTable } from '../bench/cpyext.js';
import { machineInfo } from '../bench/machine.js';
import { soak } from '../bench/soak.js';
import { WORKLOADS } from '../bench/workloads.js';

const USAGE = `usage: cbridge <command>

commands:
  bench [--json FILE] [--svg FILE] [--only IDS] [--no-soak] [--no-parse] [--no-peers] [--peers]
        call overhead of the same C functions through every path: C, pure JS, hand-written
        N-API / raw V8 / V8 Fast API addons, koffi, cbridge ABI mode, cbridge's fast path,
        and the optional peers (ffi-napi, ffi-rs, CPython ctypes/cffi, PyPy cffi, Bun, Deno),
        each present one measured and each missing one skipped with the reason; CData field
        access; CPython extension calls through cbridge's cpyext against CPython and PyPy
        (cpyext:fastcall/varargs/o/noargs/xxh64-1MiB, peer:cpython:*, peer:pypy:*); a
        10-million-iteration soak (RSS), and the parse benchmark.
        --peers (or CBRIDGE_BENCH_PEERS=1) installs missing peers first: npm ones into
        bench/.peers, Debian ones with apt-get (as root).
        --only abi,fast,peer:bun measures only the paths whose id starts with one of these
        (--only cpyext: the CPython extension section, its CPython/PyPy rows included).
        --no-peers skips every peer, the CPython and PyPy rows of that section too.
        Results also go to JSON (default bench/results/bench.json) and an SVG bar chart
        (default bench/results/bench.svg).`;

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

function bench(args: string[]): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const jsonFile = option(args, '--json', join(root, 'bench', 'results', 'bench.json'));
  const svgFile = option(args, '--svg', join(root, 'bench', 'results', 'bench.svg'));
  const install = args.includes('--peers') || process.env['CBRIDGE_BENCH_PEERS'] === '1';
  const only = args.includes('--only') ? option(args, '--only', '').split(',').filter(Boolean) : undefined;
  const machine = machineInfo();
  console.log(`cbridge benchmark — node ${machine.node} (V8 ${machine.v8}), ${machine.cpu} x${machine.cores}, ${machine.compiler ?? 'no C compiler'}\n`);
  const calls = benchCalls(root, { peers: args.includes('--no-peers') ? false : install ? 'install' : true, log: (line) => console.error(`  ${line}`), only });
  console.log(`\ncall overhead, ns per call (median of 9 runs of up to 1M calls; min..max); library ${calls.library}`);
  console.log(formatCallTable(calls.results));
  const cpyextFunctions = new Set(CPYEXT_CASES.map((c) => c.function));
  const cpyextRows = calls.results.filter((r) => cpyextFunctions.has(r.function));
  if (cpyextRows.length > 0) {
    console.log('\nCPython extension calls, ns per call (cbridge cpyext in Node vs CPython and PyPy calling the same C; vs C: the plain C call of the same shape)');
    console.log(formatCpyextTable(calls.results, calls.targets));
  }
  if (calls.peers.length > 0) console.log(`\npeers: ${calls.peers.map((p) => `${p.path} = ${p.version}`).join('; ')}`);
  if (calls.skipped.length > 0) console.log(`\nskipped:\n${formatSkips(calls.skipped)}`);
  console.log();
  const soaked = args.includes('--no-soak') ? null : soak(root);
  if (soaked) console.log(`soak: ${soaked.iterations.toLocaleString('en')} calls with allocations and callbacks; RSS MiB every 10%: ${soaked.rssMiB.join(' ')}\n`);
  const parse = args.includes('--no-parse') ? null : benchParse();
  if (parse) {
    console.log('parse: preprocess + parse + lay out, cold FFI per run (ms)');
    console.log(formatParseTable(parse));
  }
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, JSON.stringify({ machine, library: calls.library, results: calls.results, skipped: calls.skipped, peers: calls.peers, targets: calls.targets, soak: soaked, parse }, null, 2) + '\n');
  mkdirSync(dirname(svgFile), { recursive: true });
  writeFileSync(svgFile, callChart(calls.results, machine, [...WORKLOADS.map((w) => w.name), ...CPYEXT_CASES.map((c) => c.function)]));
  console.log(`\nwrote ${jsonFile} and ${svgFile}`);
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'bench':
      bench(rest);
      return 0;
    case undefined:
    case '-h':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`cbridge: unknown command '${command}'\n\n${USAGE}`);
      return 1;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`cbridge: ${(e as Error).message}`);
  process.exitCode = 1;
}
