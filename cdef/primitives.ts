/**
 * The one table of primitive type names. Everything that lists primitives (the parser's
 * specifier normaliser, the layout tables of each target, later the marshallers) derives
 * from `PRIMITIVES` so a name cannot be known to one layer and missing from another.
 *
 * Besides C's arithmetic types, the table holds the typedef names that cffi treats as
 * built in (`size_t`, `int32_t`, `wchar_t`, ...): inline cdef text may use them without
 * declaring them. A typedef of the same name in parsed text (a real header's
 * `typedef unsigned long size_t;`) takes precedence over the built-in.
 */

/** What a primitive is, for code that must treat integers, floats and the rest differently. */
export type PrimitiveClass = 'integer' | 'char' | 'bool' | 'float' | 'complex' | 'va_list';

/**
 * name -> [class, C type it stands for on LP64 targets (null: itself)]. `char`'s signedness
 * and `wchar_t`'s are target facts and live in the target tables, not here.
 */
export const PRIMITIVES = {
  char: ['char', null],
  'signed char': ['integer', null],
  'unsigned char': ['integer', null],
  short: ['integer', null],
  'unsigned short': ['integer', null],
  int: ['integer', null],
  'unsigned int': ['integer', null],
  long: ['integer', null],
  'unsigned long': ['integer', null],
  'long long': ['integer', null],
  'unsigned long long': ['integer', null],
  __int128: ['integer', null],
  'unsigned __int128': ['integer', null],
  _Bool: ['bool', null],
  float: ['float', null],
  double: ['float', null],
  'long double': ['float', null],
  _Float128: ['float', null],
  'float _Complex': ['complex', null],
  'double _Complex': ['complex', null],
  'long double _Complex': ['complex', null],
  __builtin_va_list: ['va_list', null],
  // Built-in typedef names (cffi's "common types").
  bool: ['bool', '_Bool'],
  wchar_t: ['integer', null],
  char16_t: ['integer', 'unsigned short'],
  char32_t: ['integer', 'unsigned int'],
  int8_t: ['integer', 'signed char'],
  uint8_t: ['integer', 'unsigned char'],
  int16_t: ['integer', 'short'],
  uint16_t: ['integer', 'unsigned short'],
  int32_t: ['integer', 'int'],
  uint32_t: ['integer', 'unsigned int'],
  int64_t: ['integer', 'long'],
  uint64_t: ['integer', 'unsigned long'],
  int_least8_t: ['integer', 'signed char'],
  uint_least8_t: ['integer', 'unsigned char'],
  int_least16_t: ['integer', 'short'],
  uint_least16_t: ['integer', 'unsigned short'],
  int_least32_t: ['integer', 'int'],
  uint_least32_t: ['integer', 'unsigned int'],
  int_least64_t: ['integer', 'long'],
  uint_least64_t: ['integer', 'unsigned long'],
  int_fast8_t: ['integer', 'signed char'],
  uint_fast8_t: ['integer', 'unsigned char'],
  int_fast16_t: ['integer', 'long'],
  uint_fast16_t: ['integer', 'unsigned long'],
  int_fast32_t: ['integer', 'long'],
  uint_fast32_t: ['integer', 'unsigned long'],
  int_fast64_t: ['integer', 'long'],
  uint_fast64_t: ['integer', 'unsigned long'],
  intptr_t: ['integer', 'long'],
  uintptr_t: ['integer', 'unsigned long'],
  intmax_t: ['integer', 'long'],
  uintmax_t: ['integer', 'unsigned long'],
  size_t: ['integer', 'unsigned long'],
  ssize_t: ['integer', 'long'],
  ptrdiff_t: ['integer', 'long'],
  va_list: ['va_list', '__builtin_va_list'],
} as const satisfies Record<string, readonly [PrimitiveClass, string | null]>;

export type PrimitiveName = keyof typeof PRIMITIVES;

export function isPrimitiveName(name: string): name is PrimitiveName {
  return Object.prototype.hasOwnProperty.call(PRIMITIVES, name);
}

/** The C base type a built-in typedef name stands for (`size_t` -> `unsigned long`). */
export function primitiveBase(name: PrimitiveName): PrimitiveName {
  return (PRIMITIVES[name][1] ?? name) as PrimitiveName;
}

export function primitiveClass(name: PrimitiveName): PrimitiveClass {
  return PRIMITIVES[name][0];
}

/** GCC spellings that name the same type as a table entry. */
const SPELLING_ALIASES: Record<string, PrimitiveName> = {
  __float128: '_Float128',
  _Float32: 'float',
  _Float64: 'double',
  _Float32x: 'double',
  _Float64x: 'long double',
  __int128_t: '__int128',
  __uint128_t: 'unsigned __int128',
  __gnuc_va_list: '__builtin_va_list',
};

/** A single-word type name that is a primitive in its own right (`size_t`, `__float128`). */
export function primitiveFromWord(word: string): PrimitiveName | null {
  if (isPrimitiveName(word)) return word;
  return SPELLING_ALIASES[word] ?? null;
}

/**
 * Normalise C's multi-word specifier lists: `long unsigned int` -> `unsigned long`,
 * `signed` -> `int`, `long long int` -> `long long`. `base` is the core word if any (`int`,
 * `char`, `double`, `__int128`...). Returns null for an invalid combination
 * (`short double`, `unsigned float`).
 */
export function primitiveFromSpecifiers(
  modifiers: readonly string[],
  base: string | null,
  complex: boolean,
): PrimitiveName | null {
  let signed = 0, unsigned = 0, short = 0, long = 0;
  for (const m of modifiers) {
    if (m === 'signed') signed++;
    else if (m === 'unsigned') unsigned++;
    else if (m === 'short') short++;
    else if (m === 'long') long++;
    else return null;
  }
  if (signed + unsigned > 1 || short > 1 || long > 2 || (short && long)) return null;
  const core = base === null ? null : (SPELLING_ALIASES[base] ?? base);
  const sign = unsigned ? 'unsigned ' : '';
  let name: string | null = null;
  if (core === 'double' || core === 'float' || core === '_Float128' || core === 'long double') {
    if (signed || unsigned || short) return null;
    if (core === 'double' && long === 1) name = 'long double';
    else if (long) return null;
    else name = core;
    return complex ? complexOf(name) : (name as PrimitiveName);
  }
  if (complex) {
    // `_Complex` alone means `double _Complex` in GCC.
    return modifiers.length === 0 && core === null ? 'double _Complex' : null;
  }
  if (core === 'char') {
    if (short || long) return null;
    name = signed ? 'signed char' : unsigned ? 'unsigned char' : 'char';
  } else if (core === '__int128' || core === 'unsigned __int128') {
    if (short || long || (core === 'unsigned __int128' && (signed || unsigned))) return null;
    name = core === 'unsigned __int128' ? core : sign + '__int128';
  } else if (core === '_Bool' || core === 'bool') {
    if (modifiers.length) return null;
    name = core;
  } else if (core === null || core === 'int') {
    if (core === null && modifiers.length === 0) return null;
    name = sign + (short ? 'short' : long === 2 ? 'long long' : long ? 'long' : 'int');
  } else {
    return null;
  }
  return name as PrimitiveName;
}

function complexOf(name: string): PrimitiveName | null {
  if (name === 'float' || name === 'double' || name === 'long double') return `${name} _Complex` as PrimitiveName;
  return null;
}
