/* abstract.c: the abstract object protocol: len, subscription, format,
 * iteration, isinstance / issubclass. Numbers are in abstract_number.c,
 * sequences and mappings in abstract_sequence.c, buffers in
 * abstract_buffer.c, calls in call.c.
 *
 * Invariants:
 * - Results are new references or NULL / -1 with an error set; arguments
 *   are borrowed. A NULL argument is a SystemError ("null argument to
 *   internal routine") unless an error is already set.
 * - Subscription tries the mapping slots first, then the sequence slots
 *   with the key converted by __index__ (negative indices are left to
 *   PySequence_*, which add the length), then __class_getitem__ on types.
 * - PyIter_Next returns NULL without an error at the end of iteration
 *   (StopIteration is swallowed). */
#include "internal.h"

static PyObject *cached_name(PyObject **slot, const char *s) {
    if (*slot == NULL) *slot = _cpx_intern(s);
    return *slot;
}

static PyObject *null_error(void) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
    return NULL;
}

static PyObject *type_error(const char *msg, PyObject *obj) {
    PyErr_Format(PyExc_TypeError, msg, Py_TYPE(obj)->tp_name);
    return NULL;
}

static int has_index(PyObject *o) {
    PyNumberMethods *nb = Py_TYPE(o)->tp_as_number;
    return nb != NULL && nb->nb_index != NULL;
}

/* ---------------- type, length ---------------- */

PyObject *PyObject_Type(PyObject *o) {
    if (o == NULL) return null_error();
    return Py_NewRef(Py_TYPE(o));
}

Py_ssize_t PyObject_Size(PyObject *o) {
    if (o == NULL) {
        null_error();
        return -1;
    }
    PySequenceMethods *m = Py_TYPE(o)->tp_as_sequence;
    if (m != NULL && m->sq_length != NULL) return m->sq_length(o);
    return PyMapping_Size(o);
}

Py_ssize_t PyObject_Length(PyObject *o) { return PyObject_Size(o); }

int _PyObject_HasLen(PyObject *o) {
    PyTypeObject *tp = Py_TYPE(o);
    return (tp->tp_as_sequence != NULL && tp->tp_as_sequence->sq_length != NULL) ||
           (tp->tp_as_mapping != NULL && tp->tp_as_mapping->mp_length != NULL);
}

/* len(o) if it has one, else o.__length_hint__(), else defaultvalue. */
Py_ssize_t PyObject_LengthHint(PyObject *o, Py_ssize_t defaultvalue) {
    static PyObject *s_hint;
    if (_PyObject_HasLen(o)) {
        Py_ssize_t n = PyObject_Length(o);
        if (n >= 0) return n;
        if (!PyErr_ExceptionMatches(PyExc_TypeError)) return -1;
        PyErr_Clear();
    }
    PyObject *hint = _PyObject_LookupSpecial(o, cached_name(&s_hint, "__length_hint__"));
    if (hint == NULL) return PyErr_Occurred() ? -1 : defaultvalue;
    PyObject *res = PyObject_CallNoArgs(hint);
    Py_DECREF(hint);
    if (res == NULL) {
        if (PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            return defaultvalue;
        }
        return -1;
    }
    if (res == Py_NotImplemented) {
        Py_DECREF(res);
        return defaultvalue;
    }
    if (!PyLong_Check(res)) {
        PyErr_Format(PyExc_TypeError, "__length_hint__ must be an integer, not %.100s", Py_TYPE(res)->tp_name);
        Py_DECREF(res);
        return -1;
    }
    Py_ssize_t n = PyLong_AsSsize_t(res);
    Py_DECREF(res);
    if (n < 0 && PyErr_Occurred()) return -1;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "__length_hint__() should return >= 0");
        return -1;
    }
    return n;
}

/* ---------------- subscription ---------------- */

PyObject *PyObject_GetItem(PyObject *o, PyObject *key) {
    static PyObject *s_class_getitem;
    if (o == NULL || key == NULL) return null_error();
    PyTypeObject *tp = Py_TYPE(o);
    if (tp->tp_as_mapping != NULL && tp->tp_as_mapping->mp_subscript != NULL)
        return tp->tp_as_mapping->mp_subscript(o, key);
    if (tp->tp_as_sequence != NULL && tp->tp_as_sequence->sq_item != NULL) {
        if (!has_index(key)) return type_error("sequence index must be integer, not '%.200s'", key);
        Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred()) return NULL;
        return PySequence_GetItem(o, i);
    }
    if (PyType_Check(o)) {
        PyObject *meth;
        if (_PyObject_LookupAttr(o, cached_name(&s_class_getitem, "__class_getitem__"), &meth) < 0) return NULL;
        if (meth != NULL && meth != Py_None) {
            PyObject *res = PyObject_CallOneArg(meth, key);
            Py_DECREF(meth);
            return res;
        }
        Py_XDECREF(meth);
        PyErr_Format(PyExc_TypeError, "type '%.200s' is not subscriptable", ((PyTypeObject *)o)->tp_name);
        return NULL;
    }
    return type_error("'%.200s' object is not subscriptable", o);
}

int PyObject_SetItem(PyObject *o, PyObject *key, PyObject *value) {
    if (o == NULL || key == NULL || value == NULL) {
        null_error();
        return -1;
    }
    PyTypeObject *tp = Py_TYPE(o);
    if (tp->tp_as_mapping != NULL && tp->tp_as_mapping->mp_ass_subscript != NULL)
        return tp->tp_as_mapping->mp_ass_subscript(o, key, value);
    if (tp->tp_as_sequence != NULL) {
        if (has_index(key)) {
            Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
            if (i == -1 && PyErr_Occurred()) return -1;
            return PySequence_SetItem(o, i, value);
        }
        if (tp->tp_as_sequence->sq_ass_item != NULL) {
            type_error("sequence index must be integer, not '%.200s'", key);
            return -1;
        }
    }
    type_error("'%.200s' object does not support item assignment", o);
    return -1;
}

int PyObject_DelItem(PyObject *o, PyObject *key) {
    if (o == NULL || key == NULL) {
        null_error();
        return -1;
    }
    PyTypeObject *tp = Py_TYPE(o);
    if (tp->tp_as_mapping != NULL && tp->tp_as_mapping->mp_ass_subscript != NULL)
        return tp->tp_as_mapping->mp_ass_subscript(o, key, NULL);
    if (tp->tp_as_sequence != NULL) {
        if (has_index(key)) {
            Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
            if (i == -1 && PyErr_Occurred()) return -1;
            return PySequence_DelItem(o, i);
        }
        if (tp->tp_as_sequence->sq_ass_item != NULL) {
            type_error("sequence index must be integer, not '%.200s'", key);
            return -1;
        }
    }
    type_error("'%.200s' object doesn't support item deletion", o);
    return -1;
}

int PyObject_DelItemString(PyObject *o, const char *key) {
    if (o == NULL || key == NULL) {
        null_error();
        return -1;
    }
    PyObject *okey = PyUnicode_FromString(key);
    if (okey == NULL) return -1;
    int res = PyObject_DelItem(o, okey);
    Py_DECREF(okey);
    return res;
}

/* ---------------- format ---------------- */

PyObject *PyObject_Format(PyObject *obj, PyObject *format_spec) {
    static PyObject *s_format;
    if (format_spec != NULL && !PyUnicode_Check(format_spec)) {
        PyErr_Format(PyExc_SystemError, "Format specifier must be a string, not %.200s",
                     Py_TYPE(format_spec)->tp_name);
        return NULL;
    }
    if (format_spec == NULL || PyUnicode_GET_LENGTH(format_spec) == 0) {
        if (PyUnicode_CheckExact(obj)) return Py_NewRef(obj);
        if (PyLong_CheckExact(obj)) return PyObject_Str(obj);
    }
    PyObject *empty = NULL;
    if (format_spec == NULL) {
        format_spec = empty = PyUnicode_FromStringAndSize("", 0);
        if (empty == NULL) return NULL;
    }
    PyObject *res = NULL;
    PyObject *meth = _PyObject_LookupSpecial(obj, cached_name(&s_format, "__format__"));
    if (meth == NULL) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_TypeError, "Type %.100s doesn't define __format__", Py_TYPE(obj)->tp_name);
    } else {
        res = PyObject_CallOneArg(meth, format_spec);
        Py_DECREF(meth);
        if (res != NULL && !PyUnicode_Check(res)) {
            PyErr_Format(PyExc_TypeError, "__format__ must return a str, not %.200s", Py_TYPE(res)->tp_name);
            Py_CLEAR(res);
        }
    }
    Py_XDECREF(empty);
    return res;
}

/* ---------------- iteration ---------------- */

int PyIter_Check(PyObject *o) {
    iternextfunc f = Py_TYPE(o)->tp_iternext;
    return f != NULL && f != _PyObject_NextNotImplemented;
}

int PyAIter_Check(PyObject *o) {
    PyAsyncMethods *am = Py_TYPE(o)->tp_as_async;
    return am != NULL && am->am_anext != NULL && am->am_anext != _PyObject_NextNotImplemented;
}

PyObject *PyObject_GetIter(PyObject *o) {
    getiterfunc f = Py_TYPE(o)->tp_iter;
    if (f == NULL) {
        if (PySequence_Check(o)) return PySeqIter_New(o);
        return type_error("'%.200s' object is not iterable", o);
    }
    PyObject *res = f(o);
    if (res != NULL && !PyIter_Check(res)) {
        PyErr_Format(PyExc_TypeError, "iter() returned non-iterator of type '%.100s'", Py_TYPE(res)->tp_name);
        Py_CLEAR(res);
    }
    return res;
}

PyObject *PyObject_GetAIter(PyObject *o) {
    PyAsyncMethods *am = Py_TYPE(o)->tp_as_async;
    if (am == NULL || am->am_aiter == NULL) return type_error("'%.200s' object is not an async iterable", o);
    PyObject *it = am->am_aiter(o);
    if (it != NULL && !PyAIter_Check(it)) {
        PyErr_Format(PyExc_TypeError, "aiter() returned not an async iterator of type '%.100s'",
                     Py_TYPE(it)->tp_name);
        Py_CLEAR(it);
    }
    return it;
}

PyObject *PyIter_Next(PyObject *iter) {
    PyObject *res = Py_TYPE(iter)->tp_iternext(iter);
    if (res == NULL && PyErr_Occurred() && PyErr_ExceptionMatches(PyExc_StopIteration)) PyErr_Clear();
    return res;
}


PySendResult PyIter_Send(PyObject *iter, PyObject *arg, PyObject **result) {
    static PyObject *s_send;
    PyAsyncMethods *am = Py_TYPE(iter)->tp_as_async;
    if (am != NULL && am->am_send != NULL) return am->am_send(iter, arg, result);
    if (arg == Py_None && PyIter_Check(iter))
        *result = Py_TYPE(iter)->tp_iternext(iter);
    else
        *result = PyObject_CallMethodOneArg(iter, cached_name(&s_send, "send"), arg);
    if (*result != NULL) return PYGEN_NEXT;
    if (_PyGen_FetchStopIterationValue(result) == 0) return PYGEN_RETURN;
    return PYGEN_ERROR;
}

/* ---------------- isinstance / issubclass ---------------- */

/* cls.__bases__ when it is a tuple (new reference), else NULL (with an
 * error only if looking it up failed). */
static PyObject *abstract_get_bases(PyObject *cls) {
    static PyObject *s_bases;
    PyObject *bases;
    if (_PyObject_LookupAttr(cls, cached_name(&s_bases, "__bases__"), &bases) < 0) return NULL;
    if (bases != NULL && !PyTuple_Check(bases)) Py_CLEAR(bases);
    return bases;
}

/* Whether `derived` reaches `cls` through __bases__. */
static int abstract_issubclass(PyObject *derived, PyObject *cls) {
    PyObject *bases = NULL;
    Py_ssize_t n;
    for (;;) {
        if (derived == cls) {
            Py_XDECREF(bases);
            return 1;
        }
        /* `derived` may be borrowed from `bases`: fetch the next bases
         * before dropping the old tuple. */
        Py_XSETREF(bases, abstract_get_bases(derived));
        if (bases == NULL) return PyErr_Occurred() ? -1 : 0;
        n = PyTuple_GET_SIZE(bases);
        if (n == 0) {
            Py_DECREF(bases);
            return 0;
        }
        if (n > 1) break;
        derived = PyTuple_GET_ITEM(bases, 0);
    }
    int r = 0;
    for (Py_ssize_t i = 0; i < n && r == 0; i++) r = abstract_issubclass(PyTuple_GET_ITEM(bases, i), cls);
    Py_DECREF(bases);
    return r;
}

static int check_class(PyObject *cls, const char *error) {
    PyObject *bases = abstract_get_bases(cls);
    if (bases == NULL) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, error);
        return 0;
    }
    Py_DECREF(bases);
    return 1;
}

/* isinstance without __instancecheck__: the type, then __class__. */
int _PyObject_RealIsInstance(PyObject *inst, PyObject *cls) {
    static PyObject *s_class;
    PyObject *icls;
    int res;
    if (PyType_Check(cls)) {
        res = PyObject_TypeCheck(inst, (PyTypeObject *)cls);
        if (res == 0) {
            res = _PyObject_LookupAttr(inst, cached_name(&s_class, "__class__"), &icls);
            if (icls != NULL) {
                if (icls != (PyObject *)Py_TYPE(inst) && PyType_Check(icls))
                    res = PyType_IsSubtype((PyTypeObject *)icls, (PyTypeObject *)cls);
                else
                    res = 0;
                Py_DECREF(icls);
            }
        }
        return res;
    }
    if (!check_class(cls, "isinstance() arg 2 must be a type, a tuple of types, or a union")) return -1;
    res = _PyObject_LookupAttr(inst, cached_name(&s_class, "__class__"), &icls);
    if (icls != NULL) {
        res = abstract_issubclass(icls, cls);
        Py_DECREF(icls);
    }
    return res;
}

/* issubclass without __subclasscheck__. */
int _PyObject_RealIsSubclass(PyObject *derived, PyObject *cls) {
    if (PyType_Check(cls) && PyType_Check(derived))
        return PyType_IsSubtype((PyTypeObject *)derived, (PyTypeObject *)cls);
    if (!check_class(derived, "issubclass() arg 1 must be a class")) return -1;
    if (!check_class(cls, "issubclass() arg 2 must be a class, a tuple of classes, or a union")) return -1;
    return abstract_issubclass(derived, cls);
}

/* Ask cls.<checker>(arg) (a special method found on cls's type). Returns
 * -2 when cls has no such method and no error occurred. */
static int call_checker(PyObject *cls, PyObject *name, PyObject *arg, const char *where) {
    PyObject *checker = _PyObject_LookupSpecial(cls, name);
    if (checker == NULL) return PyErr_Occurred() ? -1 : -2;
    if (Py_EnterRecursiveCall(where)) {
        Py_DECREF(checker);
        return -1;
    }
    PyObject *res = PyObject_CallOneArg(checker, arg);
    Py_LeaveRecursiveCall();
    Py_DECREF(checker);
    if (res == NULL) return -1;
    int ok = PyObject_IsTrue(res);
    Py_DECREF(res);
    return ok;
}

int PyObject_IsInstance(PyObject *inst, PyObject *cls) {
    static PyObject *s_check;
    if (Py_IS_TYPE(inst, (PyTypeObject *)cls)) return 1;
    if (PyType_CheckExact(cls)) return _PyObject_RealIsInstance(inst, cls);
    if (PyTuple_Check(cls)) {
        if (Py_EnterRecursiveCall(" in __instancecheck__")) return -1;
        int r = 0;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cls) && r == 0; i++)
            r = PyObject_IsInstance(inst, PyTuple_GET_ITEM(cls, i));
        Py_LeaveRecursiveCall();
        return r;
    }
    int r = call_checker(cls, cached_name(&s_check, "__instancecheck__"), inst, " in __instancecheck__");
    return r != -2 ? r : _PyObject_RealIsInstance(inst, cls);
}

int PyObject_IsSubclass(PyObject *derived, PyObject *cls) {
    static PyObject *s_check;
    if (PyType_CheckExact(cls)) {
        if (derived == cls) return 1;
        return _PyObject_RealIsSubclass(derived, cls);
    }
    if (PyTuple_Check(cls)) {
        if (Py_EnterRecursiveCall(" in __subclasscheck__")) return -1;
        int r = 0;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cls) && r == 0; i++)
            r = PyObject_IsSubclass(derived, PyTuple_GET_ITEM(cls, i));
        Py_LeaveRecursiveCall();
        return r;
    }
    int r = call_checker(cls, cached_name(&s_check, "__subclasscheck__"), derived, " in __subclasscheck__");
    return r != -2 ? r : _PyObject_RealIsSubclass(derived, cls);
}
