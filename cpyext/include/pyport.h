/* pyport.h: the integer types, export macros and compiler helpers every
 * other header of cbridge's CPython 3.11 C API builds on.
 *
 * Invariant: PyAPI_FUNC/PyAPI_DATA give default visibility, so the shim
 * (built with -fvisibility=hidden) exports exactly the declared API and
 * nothing else; extension binaries resolve these names against it. */
#ifndef Py_PYPORT_H
#define Py_PYPORT_H

#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <sys/types.h>

typedef ssize_t Py_ssize_t;
typedef Py_ssize_t Py_hash_t;
typedef size_t Py_uhash_t;
typedef Py_ssize_t Py_ssize_clean_t;
typedef uint32_t Py_UCS4;
typedef uint16_t Py_UCS2;
typedef uint8_t Py_UCS1;

#define PY_SSIZE_T_MAX ((Py_ssize_t)(((size_t)-1) >> 1))
#define PY_SSIZE_T_MIN (-PY_SSIZE_T_MAX - 1)
#define SIZEOF_VOID_P 8
#define SIZEOF_SIZE_T 8
#define SIZEOF_LONG 8
#define SIZEOF_INT 4
#define SIZEOF_LONG_LONG 8
#define SIZEOF_WCHAR_T 4
#define SIZEOF_PY_HASH_T 8
#define PY_LLONG_MAX LLONG_MAX
#define PY_LLONG_MIN LLONG_MIN
#define PY_ULLONG_MAX ULLONG_MAX
#define HAVE_LONG_LONG 1
#define PY_LONG_LONG long long
#define PY_UINT32_T uint32_t
#define PY_UINT64_T uint64_t
#define PY_INT32_T int32_t
#define PY_INT64_T int64_t
#define PYLONG_BITS_IN_DIGIT 30
typedef intptr_t Py_intptr_t;
typedef uintptr_t Py_uintptr_t;

/* Floating-point exception protection is a no-op since CPython 3.7 (pyfpe.h). */
#define PyFPE_START_PROTECT(err_string, leave_stmt)
#define PyFPE_END_PROTECT(v)

#ifdef __cplusplus
#define PyMODINIT_FUNC extern "C" __attribute__((visibility("default"))) PyObject *
#define Py_CPX_EXTERN_C extern "C"
#else
#define PyMODINIT_FUNC __attribute__((visibility("default"))) PyObject *
#define Py_CPX_EXTERN_C
#endif

#define PyAPI_FUNC(RTYPE) Py_CPX_EXTERN_C __attribute__((visibility("default"))) RTYPE
#ifdef __cplusplus
#define PyAPI_DATA(RTYPE) extern "C" __attribute__((visibility("default"))) RTYPE
#else
#define PyAPI_DATA(RTYPE) __attribute__((visibility("default"))) extern RTYPE
#endif

#define Py_LOCAL(type) static type
#define Py_LOCAL_INLINE(type) static inline type
#define Py_ALWAYS_INLINE __attribute__((always_inline))
#define Py_NO_INLINE __attribute__((noinline))
#define Py_DEPRECATED(VERSION) __attribute__((__deprecated__))
#define _Py_NO_RETURN __attribute__((__noreturn__))
#define Py_GCC_ATTRIBUTE(x) __attribute__(x)
#define Py_ALIGNED(x) __attribute__((aligned(x)))
#define Py_UNUSED(name) _unused_##name __attribute__((unused))
#define PyDoc_VAR(name) static const char name[]
#define PyDoc_STRVAR(name, str) PyDoc_VAR(name) = PyDoc_STR(str)
#define PyDoc_STR(str) str
#define _Py_HOT_FUNCTION __attribute__((hot))
#define Py_UNREACHABLE() __builtin_unreachable()
#define Py_ARITHMETIC_RIGHT_SHIFT(TYPE, I, J) ((I) >> (J))
#define Py_FORCE_EXPANSION(X) X
#define Py_SAFE_DOWNCAST(VALUE, WIDE, NARROW) ((NARROW)(VALUE))
#define Py_IS_NAN(X) __builtin_isnan(X)
#define Py_IS_INFINITY(X) __builtin_isinf(X)
#define Py_IS_FINITE(X) __builtin_isfinite(X)
#define Py_HUGE_VAL HUGE_VAL
#define Py_NAN __builtin_nan("")
#define PY_BIG_ENDIAN 0
#define PY_LITTLE_ENDIAN 1
#define _Py_CAST(type, expr) ((type)(expr))
#define _PyObject_CAST(op) _Py_CAST(PyObject*, (op))
#define _Py_NULL NULL
#define Py_BUILD_CORE_DEFINED 0

#endif
