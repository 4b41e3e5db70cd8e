/**
 * loadExtension: run an extension module built for CPython 3.11 inside Node.
 *
 * Invariants:
 * - Before anything is loaded, the binary's undefined `Py*`/`_Py*` symbols are compared with
 *   what the shim exports; any gap is a MissingSymbolsError naming all of them.
 * - The module object returned is the module's handle, with every entry of the module's
 *   dict at load time as an own property, converted by the default conversion (functions
 *   are JS functions, types are constructors, constants are values).
 * - Each loaded module is also in the registry under its full dotted name, so other
 *   extensions' PyImport_ImportModule finds it; registerModule adds JS stand-ins.
 */

import { basename } from 'node:path';
import { readDynamicSymbols } from './elf.js';
import { MissingSymbolsError } from './errors.js';
import { shimFile } from './native.js';
import { runtime } from './runtime.js';

export interface LoadOptions {
  /** Full dotted module name, e.g. `xxhash._xxhash`; defaults to the file name's first part. */
  name?: string;
}

/** A loaded extension module: its attributes, plus anything `py.*` does on a module. */
export type ExtensionModule = Record<string, any>;

let shimSymbols: Set<string> | null = null;

/** The C-API symbols `path` imports that the shim does not export (sorted). */
export function missingSymbols(path: string): string[] {
  shimSymbols ??= new Set(readDynamicSymbols(shimFile()).defined);
  const needed = readDynamicSymbols(path).undefined.filter((s) => /^_?Py/.test(s));
  return needed.filter((s) => !shimSymbols!.has(s)).sort();
}

export function loadExtension(path: string, options: LoadOptions = {}): ExtensionModule {
  const name = options.name ?? basename(path).split('.')[0]!;
  const missing = missingSymbols(path);
  if (missing.length > 0) throw new MissingSymbolsError(path, missing);
  const native = runtime();
  const shortName = name.slice(name.lastIndexOf('.') + 1);
  const module = native.load(path, name, `PyInit_${shortName}`) as ExtensionModule;
  const attributes = native.toJS(native.getattr(module, '__dict__')) as Record<string, unknown>;
  for (const [key, value] of Object.entries(attributes)) {
    Object.defineProperty(module, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return module;
}

/**
 * Make `value` what `PyImport_ImportModule(name)` returns inside extensions: a handle is its
 * Python object; any other JS object or function is used by reference (extensions read its
 * properties as attributes and call its functions, with `this` kept); a primitive converts.
 */
export function registerModule(name: string, value: unknown): void {
  runtime().registerModule(name, value);
}

/** Keyword arguments for a call: `f(a, b, kwargs({ seed: 7 }))`. */
export function kwargs(values: Record<string, unknown> | Map<string, unknown>): object {
  return runtime().kwargs(values);
}
