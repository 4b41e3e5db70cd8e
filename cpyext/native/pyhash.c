/* pyhash.c: the hash functions shared by the number, text and pointer
 * types.
 *
 * Invariant: numeric hashes equal CPython's on 64-bit builds -- a number's
 * hash is its value reduced modulo the Mersenne prime P = 2**61 - 1 (with
 * the sign carried over, and -1 replaced by -2), so equal ints, floats and
 * complexes hash equal; +-inf hash to +-314159 and a NaN hashes by the
 * identity of its object. Byte strings use FNV-1a (64-bit), deterministic
 * across processes (CPython's default is randomised SipHash), 0 for the
 * empty string and never -1. Nothing here allocates or owns references. */
#include "internal.h"
#include <float.h>

Py_hash_t _Py_HashDouble(PyObject *inst, double v) {
    if (!isfinite(v)) {
        if (isinf(v)) return v > 0 ? _PyHASH_INF : -_PyHASH_INF;
        return _Py_HashPointer(inst);
    }
    int e;
    double m = frexp(v, &e);   /* v = m * 2**e, 0.5 <= |m| < 1 */
    int negative = m < 0;
    if (negative) m = -m;
    /* consume the mantissa 28 bits at a time: x = x * 2**28 + chunk (mod P),
       where multiplying by a power of two mod P is a 61-bit rotation */
    Py_uhash_t x = 0;
    while (m != 0.0) {
        x = ((x << 28) & _PyHASH_MODULUS) | (x >> (_PyHASH_BITS - 28));
        m *= 268435456.0;
        e -= 28;
        Py_uhash_t chunk = (Py_uhash_t)m;
        m -= (double)chunk;
        x += chunk;
        if (x >= _PyHASH_MODULUS) x -= _PyHASH_MODULUS;
    }
    /* multiply by 2**e (mod P); 2**61 == 1 (mod P), so reduce e mod 61 */
    e = e >= 0 ? e % _PyHASH_BITS : _PyHASH_BITS - 1 - ((-1 - e) % _PyHASH_BITS);
    x = ((x << e) & _PyHASH_MODULUS) | (x >> (_PyHASH_BITS - e));
    if (negative) x = 0 - x;
    if (x == (Py_uhash_t)-1) x = (Py_uhash_t)-2;
    return (Py_hash_t)x;
}

Py_hash_t _Py_HashPointer(const void *p) {
    size_t y = (size_t)p;
    /* the low 4 bits are mostly zero (alignment): rotate them to the top */
    y = (y >> 4) | (y << (8 * sizeof(void *) - 4));
    Py_hash_t x = (Py_hash_t)y;
    return x == -1 ? -2 : x;
}

Py_hash_t _Py_HashBytes(const void *src, Py_ssize_t len) {
    if (len <= 0) return 0;
    const unsigned char *p = (const unsigned char *)src;
    uint64_t h = 14695981039346656037ULL;
    for (Py_ssize_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    Py_hash_t x = (Py_hash_t)h;
    return x == -1 ? -2 : x;
}
