/**
 * What a benchmark ran on, recorded with every result: Node/V8 versions, CPU, compiler.
 */
import { execFileSync } from 'node:child_process';
import { cpus, platform, release } from 'node:os';

export interface MachineInfo {
  readonly node: string;
  readonly v8: string;
  readonly cpu: string;
  readonly cores: number;
  readonly os: string;
  readonly compiler: string | null;
  readonly date: string;
}

export function machineInfo(): MachineInfo {
  let compiler: string | null = null;
  try {
    compiler = execFileSync(process.env['CC'] ?? 'cc', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch {
    compiler = null;
  }
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    os: `${platform()} ${release()}`,
    compiler,
    date: new Date().toISOString(),
  };
}
