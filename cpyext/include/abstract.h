/* abstract.h: the abstract object layer: calls, and the number, sequence,
 * mapping, iterator and buffer protocols (abstract.c, call.c).
 * Invariant: every function returning PyObject * returns a new reference or
 * NULL with the error indicator set; none steals its arguments. */
#ifndef Py_ABSTRACT_H
#define Py_ABSTRACT_H
#include <stdarg.h>
#include "object.h"

#define PY_VECTORCALL_ARGUMENTS_OFFSET ((size_t)1 << (8 * sizeof(size_t) - 1))
static inline Py_ssize_t PyVectorcall_NARGS(size_t n) {
    return (Py_ssize_t)(n & ~PY_VECTORCALL_ARGUMENTS_OFFSET);
}
PyAPI_FUNC(PyObject *) PyObject_Call(PyObject *, PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyObject_CallObject(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyObject_CallNoArgs(PyObject *);
PyAPI_FUNC(PyObject *) PyObject_CallOneArg(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyObject_CallFunction(PyObject *, const char *, ...);
PyAPI_FUNC(PyObject *) PyObject_CallMethod(PyObject *, const char *, const char *, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallFunction_SizeT(PyObject *, const char *, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethod_SizeT(PyObject *, const char *, const char *, ...);
/* As in CPython: with PY_SSIZE_T_CLEAN, a '#' length in these formats is a
 * Py_ssize_t (the _SizeT entry points); without it, '#' raises SystemError. */
#ifdef PY_SSIZE_T_CLEAN
#define PyObject_CallFunction _PyObject_CallFunction_SizeT
#define PyObject_CallMethod _PyObject_CallMethod_SizeT
#define _PyObject_CallMethodId _PyObject_CallMethodId_SizeT
#endif
PyAPI_FUNC(PyObject *) PyObject_CallFunctionObjArgs(PyObject *, ...);
PyAPI_FUNC(PyObject *) PyObject_CallMethodObjArgs(PyObject *, PyObject *, ...);
PyAPI_FUNC(PyObject *) PyObject_Vectorcall(PyObject *, PyObject *const *, size_t, PyObject *);
PyAPI_FUNC(PyObject *) PyObject_VectorcallDict(PyObject *, PyObject *const *, size_t, PyObject *);
PyAPI_FUNC(PyObject *) PyObject_VectorcallMethod(PyObject *, PyObject *const *, size_t, PyObject *);
PyAPI_FUNC(vectorcallfunc) PyVectorcall_Function(PyObject *);
PyAPI_FUNC(PyObject *) PyVectorcall_Call(PyObject *, PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) _PyObject_MakeTpCall(PyThreadState *, PyObject *, PyObject *const *, Py_ssize_t, PyObject *);
PyAPI_FUNC(PyObject *) _Py_CheckFunctionResult(PyThreadState *, PyObject *, PyObject *, const char *);
PyAPI_FUNC(PyObject *) _PyObject_FastCall(PyObject *, PyObject *const *, Py_ssize_t);
PyAPI_FUNC(PyObject *) _PyObject_FastCallDict(PyObject *, PyObject *const *, size_t, PyObject *);
PyAPI_FUNC(PyObject *) _PyObject_Call(PyThreadState *, PyObject *, PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) _PyStack_AsDict(PyObject *const *, PyObject *);
#define _PyObject_Vectorcall PyObject_Vectorcall
#define _PyObject_CallNoArg PyObject_CallNoArgs
#define _PyObject_CallOneArg PyObject_CallOneArg
#define PyObject_CallMethodNoArgs(self, name) PyObject_VectorcallMethod((name), &(self), 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL)
PyAPI_FUNC(PyObject *) PyObject_CallMethodOneArg(PyObject *, PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) _PyObject_CallMethod(PyObject *, PyObject *, const char *, ...);

/* The _Py_Identifier spellings (struct _Py_Identifier: a C string and a
 * cache index, as in CPython 3.11). */
struct _Py_Identifier;
PyAPI_FUNC(PyObject *) _PyObject_CallMethodId(PyObject *, struct _Py_Identifier *, const char *, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethodId_SizeT(PyObject *, struct _Py_Identifier *, const char *, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethodIdObjArgs(PyObject *, struct _Py_Identifier *, ...);
PyAPI_FUNC(PyObject *) _PyObject_GetAttrId(PyObject *, struct _Py_Identifier *);
PyAPI_FUNC(int) _PyObject_SetAttrId(PyObject *, struct _Py_Identifier *, PyObject *);
PyAPI_FUNC(int) _PyObject_LookupAttrId(PyObject *, struct _Py_Identifier *, PyObject **);

/* object.c / object_attr.c helpers CPython declares in cpython/object.h */
PyAPI_FUNC(int) _PyObject_GetMethod(PyObject *, PyObject *, PyObject **);
PyAPI_FUNC(PyObject *) _PyObject_NextNotImplemented(PyObject *);
PyAPI_FUNC(PyObject *) _PyObject_FunctionStr(PyObject *);

PyAPI_FUNC(PyObject *) PyObject_Type(PyObject *);
PyAPI_FUNC(Py_ssize_t) PyObject_Size(PyObject *);
PyAPI_FUNC(Py_ssize_t) PyObject_Length(PyObject *);
PyAPI_FUNC(Py_ssize_t) PyObject_LengthHint(PyObject *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyObject_GetItem(PyObject *, PyObject *);
PyAPI_FUNC(int) PyObject_SetItem(PyObject *, PyObject *, PyObject *);
PyAPI_FUNC(int) PyObject_DelItem(PyObject *, PyObject *);
PyAPI_FUNC(int) PyObject_DelItemString(PyObject *, const char *);
PyAPI_FUNC(PyObject *) PyObject_Format(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyObject_GetIter(PyObject *);
PyAPI_FUNC(PyObject *) PyObject_GetAIter(PyObject *);
PyAPI_FUNC(int) PyIter_Check(PyObject *);
PyAPI_FUNC(int) PyAIter_Check(PyObject *);
PyAPI_FUNC(PyObject *) PyIter_Next(PyObject *);
PyAPI_FUNC(PySendResult) PyIter_Send(PyObject *, PyObject *, PyObject **);
PyAPI_FUNC(int) PyObject_IsInstance(PyObject *, PyObject *);
PyAPI_FUNC(int) PyObject_IsSubclass(PyObject *, PyObject *);
PyAPI_FUNC(int) _PyObject_RealIsInstance(PyObject *, PyObject *);
PyAPI_FUNC(int) _PyObject_RealIsSubclass(PyObject *, PyObject *);
PyAPI_FUNC(int) _PyObject_HasLen(PyObject *);
#define PyObject_DelAttrString(O, A) PyObject_SetAttrString((O), (A), NULL)
#define PyObject_DelAttr(O, A) PyObject_SetAttr((O), (A), NULL)

/* buffers */
PyAPI_FUNC(int) PyObject_CheckBuffer(PyObject *);
PyAPI_FUNC(int) PyObject_GetBuffer(PyObject *, Py_buffer *, int);
PyAPI_FUNC(void) PyBuffer_Release(Py_buffer *);
PyAPI_FUNC(void *) PyBuffer_GetPointer(Py_buffer *, Py_ssize_t *);
PyAPI_FUNC(Py_ssize_t) PyBuffer_SizeFromFormat(const char *);
PyAPI_FUNC(int) PyBuffer_ToContiguous(void *, Py_buffer *, Py_ssize_t, char);
PyAPI_FUNC(int) PyBuffer_FromContiguous(Py_buffer *, void *, Py_ssize_t, char);
PyAPI_FUNC(int) PyObject_CopyData(PyObject *, PyObject *);
PyAPI_FUNC(int) PyBuffer_IsContiguous(const Py_buffer *, char);
PyAPI_FUNC(void) PyBuffer_FillContiguousStrides(int, Py_ssize_t *, Py_ssize_t *, int, char);
PyAPI_FUNC(int) PyBuffer_FillInfo(Py_buffer *, PyObject *, void *, Py_ssize_t, int, int);
PyAPI_FUNC(int) PyObject_AsCharBuffer(PyObject *, const char **, Py_ssize_t *);
PyAPI_FUNC(int) PyObject_AsReadBuffer(PyObject *, const void **, Py_ssize_t *);
PyAPI_FUNC(int) PyObject_AsWriteBuffer(PyObject *, void **, Py_ssize_t *);
PyAPI_FUNC(int) PyObject_CheckReadBuffer(PyObject *);
PyAPI_FUNC(void) _Py_add_one_to_index_F(int, Py_ssize_t *, const Py_ssize_t *);
PyAPI_FUNC(void) _Py_add_one_to_index_C(int, Py_ssize_t *, const Py_ssize_t *);

/* numbers */
PyAPI_FUNC(int) PyNumber_Check(PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Add(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Subtract(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Multiply(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_MatrixMultiply(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_FloorDivide(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_TrueDivide(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Remainder(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Divmod(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Power(PyObject *, PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Negative(PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Positive(PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Absolute(PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Invert(PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Lshift(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Rshift(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_And(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Xor(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Or(PyObject *, PyObject *);
PyAPI_FUNC(int) PyIndex_Check(PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Index(PyObject *);
PyAPI_FUNC(PyObject *) _PyNumber_Index(PyObject *);
PyAPI_FUNC(Py_ssize_t) PyNumber_AsSsize_t(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Long(PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_Float(PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_ToBase(PyObject *, int);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceAdd(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceSubtract(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceMultiply(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceMatrixMultiply(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceFloorDivide(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceTrueDivide(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceRemainder(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlacePower(PyObject *, PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceLshift(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceRshift(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceAnd(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceXor(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceOr(PyObject *, PyObject *);

/* sequences */
PyAPI_FUNC(int) PySequence_Check(PyObject *);
PyAPI_FUNC(Py_ssize_t) PySequence_Size(PyObject *);
PyAPI_FUNC(Py_ssize_t) PySequence_Length(PyObject *);
PyAPI_FUNC(PyObject *) PySequence_Concat(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PySequence_Repeat(PyObject *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PySequence_GetItem(PyObject *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PySequence_GetSlice(PyObject *, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(int) PySequence_SetItem(PyObject *, Py_ssize_t, PyObject *);
PyAPI_FUNC(int) PySequence_DelItem(PyObject *, Py_ssize_t);
PyAPI_FUNC(int) PySequence_SetSlice(PyObject *, Py_ssize_t, Py_ssize_t, PyObject *);
PyAPI_FUNC(int) PySequence_DelSlice(PyObject *, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(PyObject *) PySequence_Tuple(PyObject *);
PyAPI_FUNC(PyObject *) PySequence_List(PyObject *);
PyAPI_FUNC(PyObject *) PySequence_Fast(PyObject *, const char *);
#define PySequence_Fast_GET_SIZE(o) (PyList_Check(o) ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o))
#define PySequence_Fast_GET_ITEM(o, i) (PyList_Check(o) ? PyList_GET_ITEM(o, i) : PyTuple_GET_ITEM(o, i))
#define PySequence_Fast_ITEMS(sf) (PyList_Check(sf) ? ((PyListObject *)(sf))->ob_item : ((PyTupleObject *)(sf))->ob_item)
#define PySequence_ITEM(o, i) (Py_TYPE(o)->tp_as_sequence->sq_item((o), (i)))
PyAPI_FUNC(Py_ssize_t) PySequence_Count(PyObject *, PyObject *);
PyAPI_FUNC(int) PySequence_Contains(PyObject *, PyObject *);
PyAPI_FUNC(int) PySequence_In(PyObject *, PyObject *);
PyAPI_FUNC(Py_ssize_t) PySequence_Index(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PySequence_InPlaceConcat(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PySequence_InPlaceRepeat(PyObject *, Py_ssize_t);
#define PY_ITERSEARCH_COUNT 1
#define PY_ITERSEARCH_INDEX 2
#define PY_ITERSEARCH_CONTAINS 3
PyAPI_FUNC(Py_ssize_t) _PySequence_IterSearch(PyObject *, PyObject *, int);

/* mappings */
PyAPI_FUNC(int) PyMapping_Check(PyObject *);
PyAPI_FUNC(Py_ssize_t) PyMapping_Size(PyObject *);
PyAPI_FUNC(Py_ssize_t) PyMapping_Length(PyObject *);
PyAPI_FUNC(int) PyMapping_HasKeyString(PyObject *, const char *);
PyAPI_FUNC(int) PyMapping_HasKey(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyMapping_Keys(PyObject *);
PyAPI_FUNC(PyObject *) PyMapping_Values(PyObject *);
PyAPI_FUNC(PyObject *) PyMapping_Items(PyObject *);
PyAPI_FUNC(PyObject *) PyMapping_GetItemString(PyObject *, const char *);
PyAPI_FUNC(int) PyMapping_SetItemString(PyObject *, const char *, PyObject *);
#define PyMapping_DelItemString(O, K) PyObject_DelItemString((O), (K))
#define PyMapping_DelItem(O, K) PyObject_DelItem((O), (K))
#endif
