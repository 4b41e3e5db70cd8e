/**
 * The one C printer. Error messages, generated code, `.d.ts` comments and
 * `ffi.typeof(x).cname` all spell types through `cName`, so a type reads the same everywhere.
 *
 * `cName(type, declarator, quals)` builds C's inside-out declarator syntax: the declarator
 * grows around the name (`*p`, `(*fp)(int)`, `a[3]`) while the walk goes from the outer type
 * inwards. Spacing follows cffi: `char *`, `int[4]`, `int (*)(const void *, const void *)`.
 */

import type { CType, FunctionType, Quals } from './types.js';
import { qualsText } from './types.js';

export interface PrintOptions {
  /** Print parameter names (`int add(int a, int b)`); default false. */
  readonly paramNames?: boolean;
}

/** The C spelling of `type`, declaring `declarator` (a name, or '' for an abstract type). */
export function cName(type: CType, declarator = '', quals: Quals = 0, options: PrintOptions = {}): string {
  switch (type.kind) {
    case 'pointer': {
      const q = qualsText(quals);
      let inner = '*' + (q ? q + (declarator ? ' ' : '') : '') + declarator;
      if (type.to.kind === 'array' || type.to.kind === 'function') inner = `(${inner})`;
      return cName(type.to, inner, type.toQuals, options);
    }
    case 'array': {
      const length = typeof type.length === 'number' ? String(type.length) : type.length === '...' ? '...' : '';
      // Qualifiers on an array apply to its elements.
      return cName(type.of, `${declarator}[${length}]`, type.ofQuals | quals, options);
    }
    case 'function':
      return cName(type.result, `${declarator}(${paramList(type, options)})`, type.resultQuals, options);
    default:
      return join(prefixQuals(quals) + baseName(type), declarator);
  }
}

/** A declaration as C writes it: `int add(int a, int b)`, `const char *name`. */
export function cDeclaration(type: CType, name: string, quals: Quals = 0): string {
  return cName(type, name, quals, { paramNames: true });
}

function paramList(fn: FunctionType, options: PrintOptions): string {
  if (!fn.prototyped) return '';
  if (fn.params.length === 0) return fn.variadic ? '...' : 'void';
  const params = fn.params.map((p) => cName(p.type, options.paramNames && p.name ? p.name : '', p.quals, options));
  if (fn.variadic) params.push('...');
  return params.join(', ');
}

function baseName(type: Exclude<CType, { kind: 'pointer' | 'array' | 'function' }>): string {
  switch (type.kind) {
    case 'void':
      return 'void';
    case 'primitive':
      return type.name;
    case 'vector':
      return `${cName(type.of)} __attribute__((vector_size(${type.size})))`;
    case 'struct':
    case 'union':
    case 'enum':
      return `${type.kind} ${type.name ?? '<anonymous>'}`;
    case 'opaque':
    case 'typedef-ref':
      return type.name;
  }
}

function prefixQuals(quals: Quals): string {
  const q = qualsText(quals);
  return q ? q + ' ' : '';
}

function join(base: string, declarator: string): string {
  if (!declarator) return base;
  if (declarator.startsWith('[') || declarator.startsWith('(') && !declarator.startsWith('(*')) return base + declarator;
  return `${base} ${declarator}`;
}
