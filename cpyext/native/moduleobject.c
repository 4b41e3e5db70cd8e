/* moduleobject.c: module objects, PyModuleDef, single-phase
 * (PyModule_Create2) and multi-phase (PyModuleDef_Init, Py_mod_create,
 * Py_mod_exec) initialisation.
 *
 * Invariants:
 * - A module owns md_dict and md_name. A module made from a PyModuleDef
 *   borrows the def (extension storage) and owns md_state: m_size zeroed
 *   bytes, allocated once, freed after the def's m_free has run.
 * - PyModuleDef_Init turns a def into an object (type PyModuleDef_Type,
 *   immortal) without creating the module; the loader then creates and
 *   executes it. */
#include "internal.h"

static int module_init_dict(PyModuleObject *m, PyObject *name, PyObject *doc) {
    PyObject *d = m->md_dict;
    if (PyDict_SetItemString(d, "__name__", name) < 0 || PyDict_SetItemString(d, "__doc__", doc) < 0 ||
        PyDict_SetItemString(d, "__package__", Py_None) < 0 || PyDict_SetItemString(d, "__loader__", Py_None) < 0 ||
        PyDict_SetItemString(d, "__spec__", Py_None) < 0)
        return -1;
    return 0;
}

PyObject *PyModule_NewObject(PyObject *name) {
    PyModuleObject *m = (PyModuleObject *)PyType_GenericAlloc(&PyModule_Type, 0);
    if (m == NULL) return NULL;
    m->md_name = Py_NewRef(name);
    m->md_dict = PyDict_New();
    if (m->md_dict == NULL || module_init_dict(m, name, Py_None) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return (PyObject *)m;
}

PyObject *PyModule_New(const char *name) {
    PyObject *nameobj = PyUnicode_FromString(name);
    if (nameobj == NULL) return NULL;
    PyObject *m = PyModule_NewObject(nameobj);
    Py_DECREF(nameobj);
    return m;
}

static int check_module(PyObject *m) {
    if (PyModule_Check(m)) return 1;
    PyErr_BadArgument();
    return 0;
}

PyObject *PyModule_GetDict(PyObject *m) { return check_module(m) ? ((PyModuleObject *)m)->md_dict : NULL; }

PyObject *PyModule_GetNameObject(PyObject *m) {
    if (!check_module(m)) return NULL;
    PyObject *name = PyDict_GetItemWithError(((PyModuleObject *)m)->md_dict, _cpx_intern("__name__"));
    if (name == NULL || !PyUnicode_Check(name)) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "nameless module");
        return NULL;
    }
    return Py_NewRef(name);
}

const char *PyModule_GetName(PyObject *m) {
    PyObject *name = PyModule_GetNameObject(m);
    if (name == NULL) return NULL;
    Py_DECREF(name); /* the module's dict keeps it alive */
    return PyUnicode_AsUTF8(name);
}

PyObject *PyModule_GetFilenameObject(PyObject *m) {
    if (!check_module(m)) return NULL;
    PyObject *file = PyDict_GetItemWithError(((PyModuleObject *)m)->md_dict, _cpx_intern("__file__"));
    if (file == NULL || !PyUnicode_Check(file)) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "module filename missing");
        return NULL;
    }
    return Py_NewRef(file);
}

const char *PyModule_GetFilename(PyObject *m) {
    PyObject *file = PyModule_GetFilenameObject(m);
    if (file == NULL) return NULL;
    Py_DECREF(file);
    return PyUnicode_AsUTF8(file);
}

PyModuleDef *PyModule_GetDef(PyObject *m) { return check_module(m) ? ((PyModuleObject *)m)->md_def : NULL; }
void *PyModule_GetState(PyObject *m) { return check_module(m) ? ((PyModuleObject *)m)->md_state : NULL; }

/* ---------------- creation from a def ---------------- */

static int module_attach_def(PyModuleObject *m, PyModuleDef *def) {
    m->md_def = def;
    if (def->m_size > 0 && m->md_state == NULL) {
        m->md_state = PyMem_Calloc(1, (size_t)def->m_size);
        if (m->md_state == NULL) { PyErr_NoMemory(); return -1; }
    }
    if (def->m_methods != NULL && PyModule_AddFunctions((PyObject *)m, def->m_methods) < 0) return -1;
    if (def->m_doc != NULL && PyModule_SetDocString((PyObject *)m, def->m_doc) < 0) return -1;
    return 0;
}

PyObject *PyModuleDef_Init(PyModuleDef *def) {
    static Py_ssize_t next_index = 1;
    if (def->m_base.m_index == 0) {
        Py_SET_TYPE(def, &PyModuleDef_Type);
        _cpx_immortal((PyObject *)def);
        def->m_base.m_index = next_index++;
    }
    return (PyObject *)def;
}

PyObject *_PyModule_CreateInitialized(PyModuleDef *def, int api_version) {
    PyModuleDef_Init(def);
    const char *name = def->m_name;
    const char *ctx = _cpx_package_context;
    if (ctx != NULL) {
        const char *dot = strrchr(ctx, '.');
        if (dot != NULL && strcmp(dot + 1, name) == 0) name = ctx;
    }
    PyModuleObject *m = (PyModuleObject *)PyModule_New(name);
    if (m == NULL) return NULL;
    if (module_attach_def(m, def) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return (PyObject *)m;
}

PyObject *PyModule_Create2(PyModuleDef *def, int api_version) { return _PyModule_CreateInitialized(def, api_version); }

PyObject *PyModule_FromDefAndSpec2(PyModuleDef *def, PyObject *spec, int api_version) {
    PyModuleDef_Init(def);
    PyObject *name = PyObject_GetAttrString(spec, "name");
    if (name == NULL) return NULL;
    PyObject *(*create)(PyObject *, PyModuleDef *) = NULL;
    for (PyModuleDef_Slot *s = def->m_slots; s != NULL && s->slot; s++) {
        if (s->slot == Py_mod_create) {
            if (create != NULL) {
                PyErr_Format(PyExc_SystemError, "module %R has multiple create slots", name);
                Py_DECREF(name);
                return NULL;
            }
            create = (PyObject *(*)(PyObject *, PyModuleDef *))s->value;
        } else if (s->slot < 0 || s->slot > _Py_mod_LAST_SLOT) {
            PyErr_Format(PyExc_SystemError, "module %R uses unknown slot ID %i", name, s->slot);
            Py_DECREF(name);
            return NULL;
        }
    }
    PyObject *m = create ? create(spec, def) : PyModule_NewObject(name);
    if (m == NULL) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_SystemError, "creation of module %R failed without setting an exception", name);
        Py_DECREF(name);
        return NULL;
    }
    Py_DECREF(name);
    if (PyModule_Check(m) && module_attach_def((PyModuleObject *)m, def) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

int PyModule_ExecDef(PyObject *module, PyModuleDef *def) {
    for (PyModuleDef_Slot *s = def->m_slots; s != NULL && s->slot; s++) {
        if (s->slot != Py_mod_exec) continue;
        int rc = ((int (*)(PyObject *))s->value)(module);
        if (rc != 0) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_SystemError, "execution of module %s failed without setting an exception",
                             def->m_name);
            return -1;
        }
        if (PyErr_Occurred()) {
            PyErr_Format(PyExc_SystemError, "execution of module %s raised unreported exception", def->m_name);
            return -1;
        }
    }
    return 0;
}

/* ---------------- the module type ---------------- */

static void module_dealloc(PyObject *self) {
    PyModuleObject *m = (PyModuleObject *)self;
    PyObject_GC_UnTrack(self);
    if (m->md_def != NULL && m->md_def->m_free != NULL && (m->md_def->m_size <= 0 || m->md_state != NULL))
        m->md_def->m_free(self);
    if (m->md_weaklist != NULL) PyObject_ClearWeakRefs(self);
    Py_XDECREF(m->md_dict);
    Py_XDECREF(m->md_name);
    PyMem_Free(m->md_state);
    Py_TYPE(self)->tp_free(self);
}

static PyObject *module_repr(PyObject *self) {
    PyModuleObject *m = (PyModuleObject *)self;
    PyObject *file = PyDict_GetItemWithError(m->md_dict, _cpx_intern("__file__"));
    if (file != NULL) return PyUnicode_FromFormat("<module %R from %R>", m->md_name, file);
    return PyUnicode_FromFormat("<module %R>", m->md_name);
}

static PyObject *module_getattro(PyObject *self, PyObject *name) {
    PyObject *attr = _PyObject_GenericGetAttrWithDict(self, name, NULL, 1);
    if (attr != NULL || PyErr_Occurred()) return attr;
    PyModuleObject *m = (PyModuleObject *)self;
    PyObject *getattr = PyDict_GetItemWithError(m->md_dict, _cpx_intern("__getattr__"));
    if (getattr != NULL) return PyObject_CallOneArg(getattr, name);
    if (PyErr_Occurred()) return NULL;
    PyErr_Format(PyExc_AttributeError, "module '%U' has no attribute '%U'", m->md_name, name);
    return NULL;
}

static int module_init(PyObject *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"name", "doc", NULL};
    PyObject *name, *doc = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "U|O:module", kwlist, &name, &doc)) return -1;
    PyModuleObject *m = (PyModuleObject *)self;
    if (m->md_dict == NULL && (m->md_dict = PyDict_New()) == NULL) return -1;
    Py_XSETREF(m->md_name, Py_NewRef(name));
    return module_init_dict(m, name, doc);
}

static PyObject *module_dir(PyObject *self, PyObject *unused) {
    PyObject *keys = PyDict_Keys(((PyModuleObject *)self)->md_dict);
    if (keys != NULL && PyList_Sort(keys) < 0) Py_CLEAR(keys);
    return keys;
}

static PyMethodDef module_methods[] = {
    {"__dir__", module_dir, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef module_members[] = {
    {"__dict__", T_OBJECT, offsetof(PyModuleObject, md_dict), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject PyModule_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "module",
    .tp_basicsize = sizeof(PyModuleObject),
    .tp_dealloc = module_dealloc,
    .tp_repr = module_repr,
    .tp_getattro = module_getattro,
    .tp_setattro = PyObject_GenericSetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_weaklistoffset = offsetof(PyModuleObject, md_weaklist),
    .tp_methods = module_methods,
    .tp_members = module_members,
    .tp_dictoffset = offsetof(PyModuleObject, md_dict),
    .tp_init = module_init,
    .tp_new = PyType_GenericNew,
};

PyTypeObject PyModuleDef_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "moduledef",
    .tp_basicsize = sizeof(PyModuleDef),
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

int _cpx_init_modules(void) {
    if (PyType_Ready(&PyModule_Type) < 0 || PyType_Ready(&PyModuleDef_Type) < 0) return -1;
    return 0;
}
