/* floatobject.h / complexobject.h: float and complex (CPython 3.11 layout). */
#ifndef Py_FLOATOBJECT_H
#define Py_FLOATOBJECT_H
#include "object.h"

typedef struct {
    PyObject_HEAD
    double ob_fval;
} PyFloatObject;

PyAPI_DATA(PyTypeObject) PyFloat_Type;
#define PyFloat_Check(op) PyObject_TypeCheck(op, &PyFloat_Type)
#define PyFloat_CheckExact(op) Py_IS_TYPE(op, &PyFloat_Type)
#define PyFloat_AS_DOUBLE(op) (((PyFloatObject *)(op))->ob_fval)
#define Py_RETURN_NAN return PyFloat_FromDouble(Py_NAN)
#define Py_RETURN_INF(sign) return PyFloat_FromDouble((sign) < 0 ? -__builtin_inf() : __builtin_inf())
PyAPI_FUNC(PyObject *) PyFloat_FromDouble(double);
PyAPI_FUNC(PyObject *) PyFloat_FromString(PyObject *);
PyAPI_FUNC(double) PyFloat_AsDouble(PyObject *);
PyAPI_FUNC(double) PyFloat_GetMax(void);
PyAPI_FUNC(double) PyFloat_GetMin(void);
PyAPI_FUNC(PyObject *) PyFloat_GetInfo(void);
PyAPI_FUNC(int) PyFloat_Pack2(double, char *, int);
PyAPI_FUNC(int) PyFloat_Pack4(double, char *, int);
PyAPI_FUNC(int) PyFloat_Pack8(double, char *, int);
PyAPI_FUNC(double) PyFloat_Unpack2(const char *, int);
PyAPI_FUNC(double) PyFloat_Unpack4(const char *, int);
PyAPI_FUNC(double) PyFloat_Unpack8(const char *, int);

typedef struct { double real; double imag; } Py_complex;
typedef struct {
    PyObject_HEAD
    Py_complex cval;
} PyComplexObject;
PyAPI_DATA(PyTypeObject) PyComplex_Type;
#define PyComplex_Check(op) PyObject_TypeCheck(op, &PyComplex_Type)
#define PyComplex_CheckExact(op) Py_IS_TYPE(op, &PyComplex_Type)
PyAPI_FUNC(PyObject *) PyComplex_FromCComplex(Py_complex);
PyAPI_FUNC(PyObject *) PyComplex_FromDoubles(double, double);
PyAPI_FUNC(double) PyComplex_RealAsDouble(PyObject *);
PyAPI_FUNC(double) PyComplex_ImagAsDouble(PyObject *);
PyAPI_FUNC(Py_complex) PyComplex_AsCComplex(PyObject *);
#endif
