/* Python.h: cbridge's CPython 3.11 C API, the header extensions include.
 * Same public names, macros and x86-64 object layouts as CPython 3.11, so
 * source written for CPython compiles unchanged and binaries built against
 * CPython's own headers run against the cbridge shim. */
#ifndef Py_PYTHON_H
#define Py_PYTHON_H

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "patchlevel.h"
#include "pyport.h"
#include "object.h"
#include "pymem.h"
#include "pyhash.h"
#include "longobject.h"
#include "floatobject.h"
#include "unicodeobject.h"
#include "bytesobject.h"
#include "tupleobject.h"
#include "dictobject.h"
#include "sliceobject.h"
#include "methodobject.h"
#include "descrobject.h"
#include "moduleobject.h"
#include "pycapsule.h"
#include "memoryobject.h"
#include "iterobject.h"
#include "genericaliasobject.h"
#include "weakrefobject.h"
#include "pyerrors.h"
#include "pystate.h"
#include "modsupport.h"
#include "abstract.h"
#include "import.h"
#include "pylifecycle.h"
#include "pydebug.h"
#include "code.h"
#include "funcobject.h"
#include "pyframe.h"
#include "traceback.h"
#include "genobject.h"
#include "compile.h"
#include "pythonrun.h"

#define Py_MIN(x, y) (((x) > (y)) ? (y) : (x))
#define Py_MAX(x, y) (((x) > (y)) ? (x) : (y))
#define Py_ABS(x) ((x) < 0 ? -(x) : (x))
#define Py_ARRAY_LENGTH(array) (sizeof(array) / sizeof((array)[0]))
#define Py_STRINGIFY(x) _Py_XSTRINGIFY(x)
#define _Py_XSTRINGIFY(x) #x
#define Py_MEMBER_SIZE(type, member) sizeof(((type *)0)->member)
#define Py_CHARMASK(c) ((unsigned char)((c) & 0xff))
#define Py_BUILD_ASSERT(cond) do { (void)sizeof(char[1 - 2 * !(cond)]); } while (0)
#define _Py_SIZE_ROUND_UP(n, a) (((size_t)(n) + (size_t)((a) - 1)) & ~(size_t)((a) - 1))
#define Py_RETURN_BOOL(x) do { if (x) Py_RETURN_TRUE; Py_RETURN_FALSE; } while (0)

#include "pyctype.h"

PyAPI_DATA(PyTypeObject) PyProperty_Type;
PyAPI_DATA(PyTypeObject) PyEnum_Type;
PyAPI_DATA(PyTypeObject) PyReversed_Type;
#endif
