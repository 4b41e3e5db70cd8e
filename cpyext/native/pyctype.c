/* pyctype.c: the tables behind pyctype.h's Py_IS* / Py_TOLOWER / Py_TOUPPER.
 *
 * Invariant: ASCII only and locale-independent, exactly CPython 3.11's
 * classes -- letters are LOWER or UPPER, 0-9 DIGIT, 0-9a-fA-F also XDIGIT,
 * the six C whitespace bytes (\t \n \v \f \r and space) SPACE; every byte
 * >= 0x80 has no class and maps to itself. Binaries built against
 * CPython's headers read these arrays directly, so they are exported data
 * with CPython's names and element types. */
#include "internal.h"

#define CTF_LOWER_HEX (PY_CTF_LOWER | PY_CTF_XDIGIT)
#define CTF_UPPER_HEX (PY_CTF_UPPER | PY_CTF_XDIGIT)
#define CTF_DIGIT_HEX (PY_CTF_DIGIT | PY_CTF_XDIGIT)

const unsigned int _Py_ctype_table[256] = {
    ['\t' ... '\r'] = PY_CTF_SPACE,
    [' '] = PY_CTF_SPACE,
    ['0' ... '9'] = CTF_DIGIT_HEX,
    ['A' ... 'F'] = CTF_UPPER_HEX,
    ['G' ... 'Z'] = PY_CTF_UPPER,
    ['a' ... 'f'] = CTF_LOWER_HEX,
    ['g' ... 'z'] = PY_CTF_LOWER,
};

/* Every byte maps to itself except the 26 letters of the other case. */
#define SELF_16(b) b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, \
    b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15
#define IDENTITY_256 SELF_16(0x00), SELF_16(0x10), SELF_16(0x20), SELF_16(0x30), \
    SELF_16(0x40), SELF_16(0x50), SELF_16(0x60), SELF_16(0x70), SELF_16(0x80), SELF_16(0x90), \
    SELF_16(0xa0), SELF_16(0xb0), SELF_16(0xc0), SELF_16(0xd0), SELF_16(0xe0), SELF_16(0xf0)
#define CASE_DISTANCE ('a' - 'A')

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
const unsigned char _Py_ctype_tolower[256] = {
    IDENTITY_256,
#define LOWER_OF(c) [c] = (c) + CASE_DISTANCE
    LOWER_OF('A'), LOWER_OF('B'), LOWER_OF('C'), LOWER_OF('D'), LOWER_OF('E'), LOWER_OF('F'),
    LOWER_OF('G'), LOWER_OF('H'), LOWER_OF('I'), LOWER_OF('J'), LOWER_OF('K'), LOWER_OF('L'),
    LOWER_OF('M'), LOWER_OF('N'), LOWER_OF('O'), LOWER_OF('P'), LOWER_OF('Q'), LOWER_OF('R'),
    LOWER_OF('S'), LOWER_OF('T'), LOWER_OF('U'), LOWER_OF('V'), LOWER_OF('W'), LOWER_OF('X'),
    LOWER_OF('Y'), LOWER_OF('Z'),
#undef LOWER_OF
};

const unsigned char _Py_ctype_toupper[256] = {
    IDENTITY_256,
#define UPPER_OF(c) [c] = (c) - CASE_DISTANCE
    UPPER_OF('a'), UPPER_OF('b'), UPPER_OF('c'), UPPER_OF('d'), UPPER_OF('e'), UPPER_OF('f'),
    UPPER_OF('g'), UPPER_OF('h'), UPPER_OF('i'), UPPER_OF('j'), UPPER_OF('k'), UPPER_OF('l'),
    UPPER_OF('m'), UPPER_OF('n'), UPPER_OF('o'), UPPER_OF('p'), UPPER_OF('q'), UPPER_OF('r'),
    UPPER_OF('s'), UPPER_OF('t'), UPPER_OF('u'), UPPER_OF('v'), UPPER_OF('w'), UPPER_OF('x'),
    UPPER_OF('y'), UPPER_OF('z'),
#undef UPPER_OF
};
#pragma GCC diagnostic pop
