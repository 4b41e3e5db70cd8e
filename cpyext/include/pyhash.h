/* pyhash.h: hashing helpers. Invariant: int and float hashes equal
 * CPython's (reduction modulo 2**61 - 1); str and bytes use a fixed FNV-1a
 * variant, not CPython's randomised SipHash (which differs per process). */
#ifndef Py_PYHASH_H
#define Py_PYHASH_H
#include "object.h"
#define _PyHASH_BITS 61
#define _PyHASH_MODULUS (((size_t)1 << _PyHASH_BITS) - 1)
#define _PyHASH_INF 314159
#define _PyHASH_IMAG 1000003UL
#define _PyHASH_MULTIPLIER 1000003UL
PyAPI_FUNC(Py_hash_t) _Py_HashDouble(PyObject *, double);
PyAPI_FUNC(Py_hash_t) _Py_HashPointer(const void *);
PyAPI_FUNC(Py_hash_t) _Py_HashBytes(const void *, Py_ssize_t);
#endif
