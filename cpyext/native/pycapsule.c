/* pycapsule.c: capsules, a named void * with an optional destructor.
 *
 * Invariants:
 * - A capsule owns no Python object. Its name and context are borrowed
 *   from the creator (which must keep the name alive while the capsule
 *   lives); the destructor, if any, runs once, from tp_dealloc, with the
 *   still-valid capsule as its argument.
 * - A capsule is valid while its pointer is non-NULL: PyCapsule_New and
 *   PyCapsule_SetPointer refuse NULL, so every live capsule is valid.
 * - PyCapsule_Import returns a borrowed pointer; the module it imported
 *   stays alive through the module registry. */
#include "internal.h"

typedef struct {
    PyObject_HEAD
    void *pointer;
    const char *name;
    void *context;
    PyCapsule_Destructor destructor;
} PyCapsule;

/* 1 if `op` is a capsule with a pointer; else 0 with ValueError "<who> called
 * with invalid PyCapsule object". */
static int legal_capsule(PyObject *op, const char *who) {
    if (op != NULL && PyCapsule_CheckExact(op) && ((PyCapsule *)op)->pointer != NULL) return 1;
    PyErr_Format(PyExc_ValueError, "%s called with invalid PyCapsule object", who);
    return 0;
}

/* Two names match when both are NULL or both are equal strings. */
static int same_name(const char *a, const char *b) {
    if (a == NULL || b == NULL) return a == b;
    return strcmp(a, b) == 0;
}

PyObject *PyCapsule_New(void *pointer, const char *name, PyCapsule_Destructor destructor) {
    if (pointer == NULL) {
        PyErr_SetString(PyExc_ValueError, "PyCapsule_New called with null pointer");
        return NULL;
    }
    PyCapsule *cap = PyObject_New(PyCapsule, &PyCapsule_Type);
    if (cap == NULL) return NULL;
    cap->pointer = pointer;
    cap->name = name;
    cap->context = NULL;
    cap->destructor = destructor;
    return (PyObject *)cap;
}

int PyCapsule_IsValid(PyObject *op, const char *name) {
    return op != NULL && PyCapsule_CheckExact(op) && ((PyCapsule *)op)->pointer != NULL &&
           same_name(((PyCapsule *)op)->name, name);
}

void *PyCapsule_GetPointer(PyObject *op, const char *name) {
    if (!legal_capsule(op, "PyCapsule_GetPointer")) return NULL;
    PyCapsule *cap = (PyCapsule *)op;
    if (!same_name(name, cap->name)) {
        PyErr_SetString(PyExc_ValueError, "PyCapsule_GetPointer called with incorrect name");
        return NULL;
    }
    return cap->pointer;
}

const char *PyCapsule_GetName(PyObject *op) {
    if (!legal_capsule(op, "PyCapsule_GetName")) return NULL;
    return ((PyCapsule *)op)->name;
}

PyCapsule_Destructor PyCapsule_GetDestructor(PyObject *op) {
    if (!legal_capsule(op, "PyCapsule_GetDestructor")) return NULL;
    return ((PyCapsule *)op)->destructor;
}

void *PyCapsule_GetContext(PyObject *op) {
    if (!legal_capsule(op, "PyCapsule_GetContext")) return NULL;
    return ((PyCapsule *)op)->context;
}

int PyCapsule_SetPointer(PyObject *op, void *pointer) {
    if (!legal_capsule(op, "PyCapsule_SetPointer")) return -1;
    if (pointer == NULL) {
        PyErr_SetString(PyExc_ValueError, "PyCapsule_SetPointer called with null pointer");
        return -1;
    }
    ((PyCapsule *)op)->pointer = pointer;
    return 0;
}

int PyCapsule_SetName(PyObject *op, const char *name) {
    if (!legal_capsule(op, "PyCapsule_SetName")) return -1;
    ((PyCapsule *)op)->name = name;
    return 0;
}

int PyCapsule_SetDestructor(PyObject *op, PyCapsule_Destructor destructor) {
    if (!legal_capsule(op, "PyCapsule_SetDestructor")) return -1;
    ((PyCapsule *)op)->destructor = destructor;
    return 0;
}

int PyCapsule_SetContext(PyObject *op, void *context) {
    if (!legal_capsule(op, "PyCapsule_SetContext")) return -1;
    ((PyCapsule *)op)->context = context;
    return 0;
}

/* "pkg.mod.attr": import the first component as a module, walk the rest as
 * attributes, and require a capsule whose name is the whole dotted path. */
void *PyCapsule_Import(const char *name, int no_block) {
    size_t size = strlen(name) + 1;
    char *path = (char *)PyMem_Malloc(size);
    if (path == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(path, name, size);
    PyObject *obj = NULL;
    void *result = NULL;
    for (char *part = path; part != NULL;) {
        char *dot = strchr(part, '.');
        if (dot != NULL) *dot++ = '\0';
        if (obj == NULL) {
            obj = PyImport_ImportModule(part);
            if (obj == NULL)
                PyErr_Format(PyExc_ImportError, "PyCapsule_Import could not import module \"%s\"", part);
        } else {
            PyObject *next = PyObject_GetAttrString(obj, part);
            Py_SETREF(obj, next);
        }
        if (obj == NULL) goto done;
        part = dot;
    }
    if (PyCapsule_IsValid(obj, name))
        result = ((PyCapsule *)obj)->pointer;
    else
        PyErr_Format(PyExc_AttributeError, "PyCapsule_Import \"%s\" is not valid", name);
done:
    Py_XDECREF(obj);
    PyMem_Free(path);
    return result;
}

static void capsule_dealloc(PyObject *op) {
    PyCapsule *cap = (PyCapsule *)op;
    if (cap->destructor != NULL) cap->destructor(op);
    PyObject_Free(op);
}

static PyObject *capsule_repr(PyObject *op) {
    PyCapsule *cap = (PyCapsule *)op;
    if (cap->name == NULL) return PyUnicode_FromFormat("<capsule object NULL at %p>", op);
    return PyUnicode_FromFormat("<capsule object \"%s\" at %p>", cap->name, op);
}

PyTypeObject PyCapsule_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "PyCapsule",
    .tp_basicsize = sizeof(PyCapsule),
    .tp_dealloc = capsule_dealloc,
    .tp_repr = capsule_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A named C pointer that extension modules hand to one another\n"
              "(see PyCapsule_New and PyCapsule_Import).",
    .tp_free = PyObject_Free,
};

int _cpx_init_capsule(void) { return PyType_Ready(&PyCapsule_Type); }
