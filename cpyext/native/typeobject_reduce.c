/* typeobject_reduce.c: object's pickling protocol and subclass hooks (__reduce_ex__,
 * __reduce__, __getstate__, __init_subclass__, __subclasshook__), with CPython 3.11's semantics.
 *
 * Invariants:
 * - Like CPython, the default reduction needs the `copyreg` module (copyreg.__newobj__,
 *   __newobj_ex__, _reduce_ex, _slotnames), imported when a reduction actually runs. The shim
 *   has no Python modules, so unless one was registered from JS this raises
 *   ModuleNotFoundError: a clear exception, never a guess. Looking the methods up (what
 *   Cython's module init does to set up pickling) needs nothing.
 * - __reduce_ex__ calls a __reduce__ the class overrides, as CPython does. */
#include "internal.h"

static PyObject *import_copyreg(void) { return PyImport_ImportModule("copyreg"); }

/* cls.__dict__['__slotnames__'] or copyreg._slotnames(cls): a new list, or None. */
static PyObject *slot_names(PyTypeObject *cls) {
    PyObject *names = PyDict_GetItemWithError(cls->tp_dict, _cpx_intern("__slotnames__"));
    if (names != NULL) return Py_NewRef(names);
    if (PyErr_Occurred()) return NULL;
    PyObject *copyreg = import_copyreg();
    if (copyreg == NULL) return NULL;
    names = PyObject_CallMethod(copyreg, "_slotnames", "O", (PyObject *)cls);
    Py_DECREF(copyreg);
    if (names != NULL && names != Py_None && !PyList_Check(names)) {
        PyErr_SetString(PyExc_TypeError, "copyreg._slotnames didn't return a list or None");
        Py_CLEAR(names);
    }
    return names;
}

/* object.__getstate__ (required: the instance cannot be rebuilt from its arguments alone). */
static PyObject *default_getstate(PyObject *obj, int required) {
    PyTypeObject *tp = Py_TYPE(obj);
    if (required && tp->tp_itemsize) {
        PyErr_Format(PyExc_TypeError, "cannot pickle %.200s objects", tp->tp_name);
        return NULL;
    }
    PyObject **dictptr = _PyObject_GetDictPtr(obj);
    PyObject *state = dictptr != NULL && *dictptr != NULL && PyDict_GET_SIZE(*dictptr) ? PyDict_Copy(*dictptr)
                                                                                      : Py_NewRef(Py_None);
    if (state == NULL) return NULL;
    PyObject *names = slot_names(tp);
    if (names == NULL) goto fail;
    Py_ssize_t nslots = names == Py_None ? 0 : PyList_GET_SIZE(names);
    if (required) {
        Py_ssize_t basicsize = PyBaseObject_Type.tp_basicsize + (tp->tp_dictoffset ? (Py_ssize_t)sizeof(PyObject *) : 0) +
                               (tp->tp_weaklistoffset ? (Py_ssize_t)sizeof(PyObject *) : 0) +
                               nslots * (Py_ssize_t)sizeof(PyObject *);
        if (tp->tp_basicsize > basicsize) {
            PyErr_Format(PyExc_TypeError, "cannot pickle '%.200s' object", tp->tp_name);
            goto fail;
        }
    }
    if (nslots > 0) {
        PyObject *slots = PyDict_New();
        if (slots == NULL) goto fail;
        for (Py_ssize_t i = 0; i < nslots; i++) {
            PyObject *value;
            if (_PyObject_LookupAttr(obj, PyList_GET_ITEM(names, i), &value) < 0 ||
                (value != NULL && PyDict_SetItem(slots, PyList_GET_ITEM(names, i), value) < 0)) {
                Py_XDECREF(value);
                Py_DECREF(slots);
                goto fail;
            }
            Py_XDECREF(value);
        }
        if (PyDict_GET_SIZE(slots)) {
            PyObject *pair = PyTuple_Pack(2, state, slots);
            Py_SETREF(state, pair);
        }
        Py_DECREF(slots);
        if (state == NULL) goto fail;
    }
    Py_DECREF(names);
    return state;
fail:
    Py_XDECREF(names);
    Py_DECREF(state);
    return NULL;
}

PyObject *_cpx_object_getstate(PyObject *self, PyObject *unused) { return default_getstate(self, 0); }

/* The instance's state for a reduction: its __getstate__(), or the default one with `required`. */
static PyObject *state_of(PyObject *obj, int required) {
    PyObject *getstate = PyObject_GetAttr(obj, _cpx_intern("__getstate__"));
    if (getstate == NULL) return NULL;
    PyObject *state;
    if (PyCFunction_Check(getstate) && PyCFunction_GET_SELF(getstate) == obj &&
        PyCFunction_GET_FUNCTION(getstate) == (PyCFunction)_cpx_object_getstate)
        state = default_getstate(obj, required);
    else
        state = PyObject_CallNoArgs(getstate);
    Py_DECREF(getstate);
    return state;
}

/* (args, kwargs) from __getnewargs_ex__ or __getnewargs__; both NULL-free on success. */
static int new_arguments(PyObject *obj, PyObject **args, PyObject **kwargs) {
    PyObject *fn;
    *args = *kwargs = NULL;
    if (_PyObject_LookupAttr(obj, _cpx_intern("__getnewargs_ex__"), &fn) < 0) return -1;
    if (fn != NULL) {
        PyObject *pair = PyObject_CallNoArgs(fn);
        Py_DECREF(fn);
        if (pair == NULL) return -1;
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyTuple_Check(PyTuple_GET_ITEM(pair, 0)) ||
            !PyDict_Check(PyTuple_GET_ITEM(pair, 1))) {
            PyErr_Format(PyExc_TypeError, "__getnewargs_ex__ should return a tuple of length 2 (args, kwargs)");
            Py_DECREF(pair);
            return -1;
        }
        *args = Py_NewRef(PyTuple_GET_ITEM(pair, 0));
        *kwargs = Py_NewRef(PyTuple_GET_ITEM(pair, 1));
        Py_DECREF(pair);
        return 0;
    }
    if (_PyObject_LookupAttr(obj, _cpx_intern("__getnewargs__"), &fn) < 0) return -1;
    if (fn != NULL) {
        *args = PyObject_CallNoArgs(fn);
        Py_DECREF(fn);
        if (*args == NULL) return -1;
        if (!PyTuple_Check(*args)) {
            PyErr_Format(PyExc_TypeError, "__getnewargs__ should return a tuple, not '%.200s'", Py_TYPE(*args)->tp_name);
            Py_CLEAR(*args);
            return -1;
        }
    } else if ((*args = PyTuple_New(0)) == NULL) {
        return -1;
    }
    *kwargs = PyDict_New();
    return *kwargs == NULL ? -1 : 0;
}

/* Protocol 2+: (copyreg.__newobj__, (cls, *args), state, listitems, dictitems). */
static PyObject *reduce_newobj(PyObject *obj, PyObject *copyreg) {
    PyObject *args, *kwargs, *callable = NULL, *newargs = NULL, *state = NULL, *items[2] = {NULL, NULL}, *res = NULL;
    if (Py_TYPE(obj)->tp_new == NULL) {
        PyErr_Format(PyExc_TypeError, "cannot pickle '%.200s' object", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    if (new_arguments(obj, &args, &kwargs) < 0) return NULL;
    int has_args = PyTuple_GET_SIZE(args) > 0;
    if (PyDict_GET_SIZE(kwargs) == 0) {
        callable = PyObject_GetAttrString(copyreg, "__newobj__");
        newargs = PyTuple_New(PyTuple_GET_SIZE(args) + 1);
        if (newargs != NULL) {
            PyTuple_SET_ITEM(newargs, 0, Py_NewRef((PyObject *)Py_TYPE(obj)));
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++)
                PyTuple_SET_ITEM(newargs, i + 1, Py_NewRef(PyTuple_GET_ITEM(args, i)));
        }
    } else {
        callable = PyObject_GetAttrString(copyreg, "__newobj_ex__");
        newargs = PyTuple_Pack(3, (PyObject *)Py_TYPE(obj), args, kwargs);
    }
    if (callable == NULL || newargs == NULL) goto done;
    state = state_of(obj, !has_args && !PyList_Check(obj) && !PyDict_Check(obj));
    if (state == NULL) goto done;
    items[0] = PyList_Check(obj) ? PyObject_GetIter(obj) : Py_NewRef(Py_None);
    if (items[0] == NULL) goto done;
    if (PyDict_Check(obj)) {
        PyObject *pairs = PyObject_CallMethod(obj, "items", NULL);
        items[1] = pairs ? PyObject_GetIter(pairs) : NULL;
        Py_XDECREF(pairs);
    } else {
        items[1] = Py_NewRef(Py_None);
    }
    if (items[1] != NULL) res = PyTuple_Pack(5, callable, newargs, state, items[0], items[1]);
done:
    Py_DECREF(args);
    Py_DECREF(kwargs);
    Py_XDECREF(callable);
    Py_XDECREF(newargs);
    Py_XDECREF(state);
    Py_XDECREF(items[0]);
    Py_XDECREF(items[1]);
    return res;
}

static PyObject *common_reduce(PyObject *self, int protocol) {
    PyObject *copyreg = import_copyreg();
    if (copyreg == NULL) return NULL;
    PyObject *res = protocol >= 2 ? reduce_newobj(self, copyreg)
                                  : PyObject_CallMethod(copyreg, "_reduce_ex", "Oi", self, protocol);
    Py_DECREF(copyreg);
    return res;
}

PyObject *_cpx_object_reduce(PyObject *self, PyObject *unused) { return common_reduce(self, 0); }

PyObject *_cpx_object_reduce_ex(PyObject *self, PyObject *arg) {
    int protocol = _PyLong_AsInt(arg);
    if (protocol == -1 && PyErr_Occurred()) return NULL;
    PyObject *object_reduce_fn = PyDict_GetItemWithError(PyBaseObject_Type.tp_dict, _cpx_intern("__reduce__"));
    if (object_reduce_fn == NULL) return NULL;
    PyObject *reduce;
    if (_PyObject_LookupAttr(self, _cpx_intern("__reduce__"), &reduce) < 0) return NULL;
    if (reduce != NULL) {
        PyObject *cls_reduce = PyObject_GetAttr((PyObject *)Py_TYPE(self), _cpx_intern("__reduce__"));
        if (cls_reduce == NULL) {
            Py_DECREF(reduce);
            return NULL;
        }
        int overridden = cls_reduce != object_reduce_fn;
        Py_DECREF(cls_reduce);
        if (overridden) {
            PyObject *res = PyObject_CallNoArgs(reduce);
            Py_DECREF(reduce);
            return res;
        }
        Py_DECREF(reduce);
    }
    return common_reduce(self, protocol);
}

/* Called on the base when a subclass is made; object's takes no keyword arguments. */
PyObject *_cpx_object_init_subclass(PyObject *cls, PyObject *args, PyObject *kwds) {
    if (PyTuple_GET_SIZE(args) != 0 || (kwds != NULL && PyDict_GET_SIZE(kwds) != 0)) {
        PyErr_Format(PyExc_TypeError, "%.200s.__init_subclass__() takes no keyword arguments",
                     ((PyTypeObject *)cls)->tp_name);
        return NULL;
    }
    Py_RETURN_NONE;
}

PyObject *_cpx_object_subclasshook(PyObject *cls, PyObject *args) { Py_RETURN_NOTIMPLEMENTED; }
