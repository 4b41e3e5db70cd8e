#!/usr/bin/env node
/**
 * `npx cbridge <command>`. Nothing imports this file; it only parses arguments and calls the
 * library and the benchmarks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchParse, formatParseTable } from '../bench/parse.js';
import { benchCalls, formatCallTable, soak } from '../bench/calls.js';
import { machineInfo } from '../bench/machine.js';

const USAGE = `usage: cbridge <command>

commands:
  bench [--json FILE] [--no-soak]
        call overhead (C, koffi, cbridge ABI mode on the same functions), CData field
        access, a 10-million-iteration soak (RSS), and the parse benchmark; results also
        written as JSON (default bench/results/bench.json)`;

function bench(args: string[]): void {
  const jsonIndex = args.indexOf('--json');
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const jsonFile = jsonIndex >= 0 ? args[jsonIndex + 1] : join(root, 'bench', 'results', 'bench.json');
  if (!jsonFile) throw new Error('--json needs a file name');
  const machine = machineInfo();
  console.log(`cbridge benchmark — node ${machine.node} (V8 ${machine.v8}), ${machine.cpu} x${machine.cores}, ${machine.compiler ?? 'no C compiler'}\n`);
  const calls = benchCalls(root);
  console.log('call overhead, ns per call (median of 9 runs of 1M calls; min..max)');
  console.log(formatCallTable(calls) + '\n');
  const soaked = args.includes('--no-soak') ? null : soak(root);
  if (soaked) console.log(`soak: ${soaked.iterations.toLocaleString('en')} calls with allocations and callbacks; RSS MiB every 10%: ${soaked.rssMiB.join(' ')}\n`);
  const parse = benchParse();
  console.log('parse: preprocess + parse + lay out, cold FFI per run (ms)');
  console.log(formatParseTable(parse));
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, JSON.stringify({ machine, results: calls, soak: soaked, parse }, null, 2) + '\n');
  console.log(`\nwrote ${jsonFile}`);
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
