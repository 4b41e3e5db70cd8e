/* object_attr.c: attribute access (getattr / setattr / hasattr), the
 * generic attribute algorithm of `object`, instance dicts, method lookup
 * for calls and dir().
 *
 * Invariants:
 * - Results are new references; names and objects passed in are borrowed.
 *   _PyType_Lookup (typeobject.c) returns a borrowed reference, so every
 *   descriptor found is increfed before any code that may run Python-level
 *   slots (a descriptor's __get__ could drop the type's last reference).
 * - The generic algorithm is CPython's: a data descriptor on the type
 *   (its type has tp_descr_set) wins over the instance __dict__, which wins
 *   over non-data descriptors and plain class attributes.
 * - An instance dict lives at tp_dictoffset (negative: counted from the end
 *   of a variable-size object); it is created on the first store. No type
 *   here uses Py_TPFLAGS_MANAGED_DICT (objects have no pre-header). */
#include "internal.h"

static PyObject *cached_name(PyObject **slot, const char *s) {
    if (*slot == NULL) *slot = _cpx_intern(s);
    return *slot;
}

static int bad_attr_name(PyObject *name) {
    PyErr_Format(PyExc_TypeError, "attribute name must be string, not '%.200s'", Py_TYPE(name)->tp_name);
    return -1;
}

/* ---------------- getattr / setattr / hasattr ---------------- */

PyObject *PyObject_GetAttr(PyObject *v, PyObject *name) {
    PyTypeObject *tp = Py_TYPE(v);
    if (!PyUnicode_Check(name)) {
        bad_attr_name(name);
        return NULL;
    }
    if (tp->tp_getattro != NULL) return tp->tp_getattro(v, name);
    if (tp->tp_getattr != NULL) {
        const char *s = PyUnicode_AsUTF8(name);
        if (s == NULL) return NULL;
        return tp->tp_getattr(v, (char *)s);
    }
    PyErr_Format(PyExc_AttributeError, "'%.50s' object has no attribute '%U'", tp->tp_name, name);
    return NULL;
}

PyObject *PyObject_GetAttrString(PyObject *v, const char *name) {
    if (Py_TYPE(v)->tp_getattr != NULL) return Py_TYPE(v)->tp_getattr(v, (char *)name);
    PyObject *w = PyUnicode_FromString(name);
    if (w == NULL) return NULL;
    PyObject *res = PyObject_GetAttr(v, w);
    Py_DECREF(w);
    return res;
}

/* 1 and *result set (new reference) when found; 0 and *result NULL when
 * the attribute is missing (AttributeError swallowed); -1 on other errors. */
int _PyObject_LookupAttr(PyObject *v, PyObject *name, PyObject **result) {
    PyTypeObject *tp = Py_TYPE(v);
    if (!PyUnicode_Check(name)) {
        *result = NULL;
        return bad_attr_name(name);
    }
    if (tp->tp_getattro == PyObject_GenericGetAttr) {
        *result = _PyObject_GenericGetAttrWithDict(v, name, NULL, 1);
        if (*result != NULL) return 1;
        return PyErr_Occurred() ? -1 : 0;
    }
    if (tp->tp_getattro != NULL) {
        *result = tp->tp_getattro(v, name);
    } else if (tp->tp_getattr != NULL) {
        const char *s = PyUnicode_AsUTF8(name);
        if (s == NULL) {
            *result = NULL;
            return -1;
        }
        *result = tp->tp_getattr(v, (char *)s);
    } else {
        *result = NULL;
        return 0;
    }
    if (*result != NULL) return 1;
    if (!PyErr_ExceptionMatches(PyExc_AttributeError)) return -1;
    PyErr_Clear();
    return 0;
}

int PyObject_HasAttr(PyObject *v, PyObject *name) {
    PyObject *res;
    if (_PyObject_LookupAttr(v, name, &res) < 0) {
        PyErr_Clear();
        return 0;
    }
    if (res == NULL) return 0;
    Py_DECREF(res);
    return 1;
}

int PyObject_HasAttrString(PyObject *v, const char *name) {
    PyObject *res = PyObject_GetAttrString(v, name);
    if (res != NULL) {
        Py_DECREF(res);
        return 1;
    }
    PyErr_Clear();
    return 0;
}

int PyObject_SetAttr(PyObject *v, PyObject *name, PyObject *value) {
    PyTypeObject *tp = Py_TYPE(v);
    int err;
    if (!PyUnicode_Check(name)) return bad_attr_name(name);
    Py_INCREF(name);
    PyUnicode_InternInPlace(&name);
    if (tp->tp_setattro != NULL) {
        err = tp->tp_setattro(v, name, value);
        Py_DECREF(name);
        return err;
    }
    if (tp->tp_setattr != NULL) {
        const char *s = PyUnicode_AsUTF8(name);
        err = s == NULL ? -1 : tp->tp_setattr(v, (char *)s, value);
        Py_DECREF(name);
        return err;
    }
    if (tp->tp_getattr == NULL && tp->tp_getattro == NULL)
        PyErr_Format(PyExc_TypeError, "'%.100s' object has no attributes (%s .%U)", tp->tp_name,
                     value == NULL ? "del" : "assign to", name);
    else
        PyErr_Format(PyExc_TypeError, "'%.100s' object has only read-only attributes (%s .%U)", tp->tp_name,
                     value == NULL ? "del" : "assign to", name);
    Py_DECREF(name);
    return -1;
}

int PyObject_SetAttrString(PyObject *v, const char *name, PyObject *value) {
    if (Py_TYPE(v)->tp_setattr != NULL) return Py_TYPE(v)->tp_setattr(v, (char *)name, value);
    PyObject *s = PyUnicode_FromString(name);
    if (s == NULL) return -1;
    int res = PyObject_SetAttr(v, s, value);
    Py_DECREF(s);
    return res;
}

/* ---------------- instance dicts ---------------- */

PyObject **_PyObject_GetDictPtr(PyObject *obj) {
    PyTypeObject *tp = Py_TYPE(obj);
    Py_ssize_t offset = tp->tp_dictoffset;
    if (offset == 0) return NULL;
    if (offset < 0) {
        Py_ssize_t n = Py_SIZE(obj);
        if (n < 0) n = -n;
        offset += (Py_ssize_t)_PyObject_VAR_SIZE(tp, n);
    }
    return (PyObject **)((char *)obj + offset);
}

PyObject *PyObject_GenericGetDict(PyObject *obj, void *context) {
    PyObject **dictptr = _PyObject_GetDictPtr(obj);
    if (dictptr == NULL) {
        PyErr_SetString(PyExc_AttributeError, "This object has no __dict__");
        return NULL;
    }
    if (*dictptr == NULL && (*dictptr = PyDict_New()) == NULL) return NULL;
    return Py_NewRef(*dictptr);
}

int PyObject_GenericSetDict(PyObject *obj, PyObject *value, void *context) {
    PyObject **dictptr = _PyObject_GetDictPtr(obj);
    if (dictptr == NULL) {
        PyErr_SetString(PyExc_AttributeError, "This object has no __dict__");
        return -1;
    }
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "cannot delete __dict__");
        return -1;
    }
    if (!PyDict_Check(value)) {
        PyErr_Format(PyExc_TypeError, "__dict__ must be set to a dictionary, not a '%.200s'",
                     Py_TYPE(value)->tp_name);
        return -1;
    }
    Py_XSETREF(*dictptr, Py_NewRef(value));
    return 0;
}

/* ---------------- the generic algorithm ---------------- */

#define IS_DATA_DESCR(d) (Py_TYPE(d)->tp_descr_set != NULL)

PyObject *_PyObject_GenericGetAttrWithDict(PyObject *obj, PyObject *name, PyObject *dict, int suppress) {
    PyTypeObject *tp = Py_TYPE(obj);
    PyObject *res = NULL;
    descrgetfunc get = NULL;
    if (!PyUnicode_Check(name)) {
        bad_attr_name(name);
        return NULL;
    }
    Py_INCREF(name);
    if (tp->tp_dict == NULL && PyType_Ready(tp) < 0) {
        Py_DECREF(name);
        return NULL;
    }
    PyObject *descr = _PyType_Lookup(tp, name);
    if (descr != NULL) {
        Py_INCREF(descr);
        get = Py_TYPE(descr)->tp_descr_get;
        if (get != NULL && IS_DATA_DESCR(descr)) {
            res = get(descr, obj, (PyObject *)tp);
            if (res == NULL && suppress && PyErr_ExceptionMatches(PyExc_AttributeError)) PyErr_Clear();
            goto done;
        }
    }
    if (dict == NULL) {
        PyObject **dictptr = _PyObject_GetDictPtr(obj);
        if (dictptr != NULL) dict = *dictptr;
    }
    if (dict != NULL) {
        Py_INCREF(dict);
        res = PyDict_GetItemWithError(dict, name);
        Py_XINCREF(res);
        Py_DECREF(dict);
        if (res != NULL) goto done;
        if (PyErr_Occurred()) {
            if (suppress && PyErr_ExceptionMatches(PyExc_AttributeError)) PyErr_Clear();
            else goto done;
        }
    }
    if (get != NULL) {
        res = get(descr, obj, (PyObject *)tp);
        if (res == NULL && suppress && PyErr_ExceptionMatches(PyExc_AttributeError)) PyErr_Clear();
        goto done;
    }
    if (descr != NULL) {
        res = descr;
        descr = NULL;
        goto done;
    }
    if (!suppress)
        PyErr_Format(PyExc_AttributeError, "'%.50s' object has no attribute '%U'", tp->tp_name, name);
done:
    Py_XDECREF(descr);
    Py_DECREF(name);
    return res;
}

PyObject *PyObject_GenericGetAttr(PyObject *obj, PyObject *name) {
    return _PyObject_GenericGetAttrWithDict(obj, name, NULL, 0);
}

int _PyObject_GenericSetAttrWithDict(PyObject *obj, PyObject *name, PyObject *value, PyObject *dict) {
    PyTypeObject *tp = Py_TYPE(obj);
    int res = -1;
    if (!PyUnicode_Check(name)) return bad_attr_name(name);
    if (tp->tp_dict == NULL && PyType_Ready(tp) < 0) return -1;
    Py_INCREF(name);
    Py_INCREF(tp);
    PyObject *descr = _PyType_Lookup(tp, name);
    if (descr != NULL) {
        Py_INCREF(descr);
        descrsetfunc set = Py_TYPE(descr)->tp_descr_set;
        if (set != NULL) {
            res = set(descr, obj, value);
            goto done;
        }
    }
    if (dict == NULL) {
        PyObject **dictptr = _PyObject_GetDictPtr(obj);
        if (dictptr == NULL) {
            if (descr == NULL)
                PyErr_Format(PyExc_AttributeError, "'%.100s' object has no attribute '%U'", tp->tp_name, name);
            else
                PyErr_Format(PyExc_AttributeError, "'%.50s' object attribute '%U' is read-only", tp->tp_name,
                             name);
            goto done;
        }
        if (*dictptr == NULL) {
            if (value == NULL) {
                /* Nothing stored yet: deleting is a missing attribute. */
                PyErr_SetObject(PyExc_KeyError, name);
                goto keyerror;
            }
            if ((*dictptr = PyDict_New()) == NULL) goto done;
        }
        dict = *dictptr;
    }
    Py_INCREF(dict);
    res = value == NULL ? PyDict_DelItem(dict, name) : PyDict_SetItem(dict, name, value);
    Py_DECREF(dict);
keyerror:
    if (res < 0 && PyErr_ExceptionMatches(PyExc_KeyError)) {
        PyErr_Clear();
        if (PyType_IsSubtype(tp, &PyType_Type))
            PyErr_Format(PyExc_AttributeError, "type object '%.50s' has no attribute '%U'",
                         ((PyTypeObject *)obj)->tp_name, name);
        else
            PyErr_Format(PyExc_AttributeError, "'%.100s' object has no attribute '%U'", tp->tp_name, name);
    }
done:
    Py_XDECREF(descr);
    Py_DECREF(tp);
    Py_DECREF(name);
    return res;
}

int PyObject_GenericSetAttr(PyObject *obj, PyObject *name, PyObject *value) {
    return _PyObject_GenericSetAttrWithDict(obj, name, value, NULL);
}

/* ---------------- method lookup for calls ---------------- */

/* Find obj.name for an immediate call. Returns 1 with *method set to an
 * unbound method descriptor (the caller passes obj as first argument), or
 * 0 with *method the bound attribute, or 0 with *method NULL and an error. */
int _PyObject_GetMethod(PyObject *obj, PyObject *name, PyObject **method) {
    PyTypeObject *tp = Py_TYPE(obj);
    descrgetfunc get = NULL;
    *method = NULL;
    if (tp->tp_getattro != PyObject_GenericGetAttr || !PyUnicode_CheckExact(name)) {
        *method = PyObject_GetAttr(obj, name);
        return 0;
    }
    if (tp->tp_dict == NULL && PyType_Ready(tp) < 0) return 0;
    int unbound = 0;
    PyObject *descr = _PyType_Lookup(tp, name);
    if (descr != NULL) {
        Py_INCREF(descr);
        if (PyType_HasFeature(Py_TYPE(descr), Py_TPFLAGS_METHOD_DESCRIPTOR)) {
            unbound = 1;
        } else {
            get = Py_TYPE(descr)->tp_descr_get;
            if (get != NULL && IS_DATA_DESCR(descr)) {
                *method = get(descr, obj, (PyObject *)tp);
                Py_DECREF(descr);
                return 0;
            }
        }
    }
    PyObject **dictptr = _PyObject_GetDictPtr(obj);
    PyObject *dict = dictptr != NULL ? *dictptr : NULL;
    if (dict != NULL) {
        Py_INCREF(dict);
        PyObject *attr = PyDict_GetItemWithError(dict, name);
        Py_XINCREF(attr);
        Py_DECREF(dict);
        if (attr != NULL || PyErr_Occurred()) {
            *method = attr;
            Py_XDECREF(descr);
            return 0;
        }
    }
    if (unbound) {
        *method = descr;
        return 1;
    }
    if (get != NULL) {
        *method = get(descr, obj, (PyObject *)tp);
        Py_DECREF(descr);
        return 0;
    }
    if (descr != NULL) {
        *method = descr;
        return 0;
    }
    PyErr_Format(PyExc_AttributeError, "'%.50s' object has no attribute '%U'", tp->tp_name, name);
    return 0;
}

/* ---------------- dir() ---------------- */

/* Add the keys of every dict along `type`'s MRO to the dict `names`. */
static int merge_mro_dicts(PyObject *names, PyTypeObject *type) {
    PyObject *mro = type->tp_mro;
    Py_ssize_t n = mro != NULL ? PyTuple_GET_SIZE(mro) : 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *d = ((PyTypeObject *)PyTuple_GET_ITEM(mro, i))->tp_dict;
        if (d != NULL && PyDict_Merge(names, d, 1) < 0) return -1;
    }
    return 0;
}

/* object.__dir__: the instance __dict__ keys plus the attributes of the
 * class and its bases (for a class: its own and its bases' attributes). */
static PyObject *default_dir(PyObject *obj) {
    static PyObject *s_dict, *s_class;
    PyObject *names = PyDict_New(), *attr = NULL, *res = NULL;
    if (names == NULL) return NULL;
    if (PyType_Check(obj)) {
        if (merge_mro_dicts(names, (PyTypeObject *)obj) < 0) goto done;
    } else {
        if (_PyObject_LookupAttr(obj, cached_name(&s_dict, "__dict__"), &attr) < 0) goto done;
        if (attr != NULL && PyDict_Check(attr) && PyDict_Merge(names, attr, 1) < 0) goto done;
        Py_CLEAR(attr);
        if (_PyObject_LookupAttr(obj, cached_name(&s_class, "__class__"), &attr) < 0) goto done;
        PyTypeObject *cls = attr != NULL && PyType_Check(attr) ? (PyTypeObject *)attr : Py_TYPE(obj);
        if (merge_mro_dicts(names, cls) < 0) goto done;
    }
    res = PyDict_Keys(names);
done:
    Py_XDECREF(attr);
    Py_DECREF(names);
    return res;
}

PyObject *PyObject_Dir(PyObject *obj) {
    static PyObject *s_dir;
    PyObject *result;
    if (obj == NULL) return PyList_New(0); /* no Python frames: no locals */
    PyObject *name = cached_name(&s_dir, "__dir__");
    PyObject *descr = _PyType_Lookup(Py_TYPE(obj), name);
    if (descr == NULL || descr == _PyType_Lookup(&PyBaseObject_Type, name)) {
        result = default_dir(obj);
    } else {
        PyObject *func = _PyObject_LookupSpecial(obj, name);
        if (func == NULL) return NULL;
        PyObject *seq = PyObject_CallNoArgs(func);
        Py_DECREF(func);
        if (seq == NULL) return NULL;
        result = PySequence_List(seq);
        Py_DECREF(seq);
    }
    if (result != NULL && PyList_Sort(result) < 0) Py_CLEAR(result);
    return result;
}

/* ---------------- _Py_Identifier spellings ---------------- */

/* `id` points to a struct _Py_Identifier (a C string and a cache slot);
 * _PyUnicode_FromId (unicodeobject.c) gives its interned str, borrowed. */

PyObject *_PyObject_GetAttrId(PyObject *v, struct _Py_Identifier *id) {
    PyObject *name = _PyUnicode_FromId(id);
    return name != NULL ? PyObject_GetAttr(v, name) : NULL;
}

int _PyObject_SetAttrId(PyObject *v, struct _Py_Identifier *id, PyObject *value) {
    PyObject *name = _PyUnicode_FromId(id);
    return name != NULL ? PyObject_SetAttr(v, name, value) : -1;
}

int _PyObject_LookupAttrId(PyObject *v, struct _Py_Identifier *id, PyObject **result) {
    PyObject *name = _PyUnicode_FromId(id);
    if (name == NULL) {
        *result = NULL;
        return -1;
    }
    return _PyObject_LookupAttr(v, name, result);
}
