/* codeobject.c: code objects (PyCode_Type) without bytecode execution.
 *
 * Invariants:
 * - A code object is the record of a function's signature, names and location: what
 *   tracebacks (PyFrame_New, PyTraceBack_Here) and introspection (`f.__code__.co_varnames`)
 *   read. The shim never runs co_code; it is kept as given (the bytes object in _co_code, a
 *   copy in co_code_adaptive, Py_SIZE = number of code units) so `co_code` returns it.
 * - Local names follow CPython 3.11: one "locals plus" tuple with a kind byte per name
 *   (CO_FAST_LOCAL for co_varnames, CO_FAST_CELL for co_cellvars, merged into the argument of
 *   the same name, CO_FAST_FREE for co_freevars); co_varnames/co_cellvars/co_freevars and the
 *   co_n* counts are derived from it. Names in co_names and locals plus are interned.
 * - Every constructor validates like CPython (_PyCode_Validate): a bad argument is
 *   SystemError("bad argument to internal function") or the ValueError CPython gives. */
#include "misc_internal.h"

#define CO_FAST_LOCAL 0x20
#define CO_FAST_CELL 0x40
#define CO_FAST_FREE 0x80

/* Everything a code object is made from (CPython's _PyCodeConstructor, minus the bytecode
 * interpreter's needs). All references borrowed. */
typedef struct {
    int argcount, posonlyargcount, kwonlyargcount, stacksize, flags, firstlineno;
    PyObject *code, *consts, *names, *localsplusnames, *localspluskinds;
    PyObject *filename, *name, *qualname, *linetable, *exceptiontable;
} code_parts;

static unsigned char kind_at(PyObject *kinds, Py_ssize_t i) { return (unsigned char)PyBytes_AS_STRING(kinds)[i]; }

/* Every str of `tuple` interned in place; SystemError for anything else. */
static int intern_names(PyObject *tuple) {
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); i++) {
        PyObject **slot = &((PyTupleObject *)tuple)->ob_item[i];
        if (!PyUnicode_CheckExact(*slot)) {
            PyErr_SetString(PyExc_SystemError, "non-string found in code slot");
            return -1;
        }
        PyUnicode_InternInPlace(slot);
    }
    return 0;
}

static int count_kind(PyObject *kinds, unsigned char want, unsigned char exclude) {
    int n = 0;
    for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(kinds); i++) {
        unsigned char k = kind_at(kinds, i);
        if ((k & want) && !(k & exclude)) n++;
    }
    return n;
}

static int validate(const code_parts *p) {
    if (p->argcount < p->posonlyargcount || p->posonlyargcount < 0 || p->kwonlyargcount < 0 || p->stacksize < 0 ||
        p->flags < 0 || p->code == NULL || !PyBytes_Check(p->code) || p->consts == NULL || !PyTuple_Check(p->consts) ||
        p->names == NULL || !PyTuple_Check(p->names) || p->localsplusnames == NULL ||
        !PyTuple_Check(p->localsplusnames) || p->localspluskinds == NULL || !PyBytes_Check(p->localspluskinds) ||
        PyTuple_GET_SIZE(p->localsplusnames) != PyBytes_GET_SIZE(p->localspluskinds) || p->name == NULL ||
        !PyUnicode_Check(p->name) || p->filename == NULL || !PyUnicode_Check(p->filename) || p->linetable == NULL ||
        !PyBytes_Check(p->linetable) || p->exceptiontable == NULL || !PyBytes_Check(p->exceptiontable)) {
        PyErr_BadInternalCall();
        return -1;
    }
    if (PyBytes_GET_SIZE(p->code) > INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "code: co_code larger than INT_MAX");
        return -1;
    }
    if (PyBytes_GET_SIZE(p->code) % (Py_ssize_t)sizeof(_Py_CODEUNIT) != 0) {
        PyErr_SetString(PyExc_ValueError, "code: co_code is malformed");
        return -1;
    }
    int nlocals = count_kind(p->localspluskinds, CO_FAST_LOCAL, 0);
    int plain = nlocals - p->argcount - p->kwonlyargcount - ((p->flags & CO_VARARGS) != 0) -
                ((p->flags & CO_VARKEYWORDS) != 0);
    if (plain < 0) {
        PyErr_SetString(PyExc_ValueError, "code: co_varnames is too small");
        return -1;
    }
    return 0;
}

/* A new code object from validated parts (interns the name tuples in place). */
static PyCodeObject *code_create(const code_parts *p) {
    if (intern_names(p->names) < 0 || intern_names(p->localsplusnames) < 0) return NULL;
    Py_ssize_t nbytes = PyBytes_GET_SIZE(p->code);
    PyCodeObject *co = (PyCodeObject *)PyObject_Calloc(1, offsetof(PyCodeObject, co_code_adaptive) + (size_t)nbytes + 1);
    if (co == NULL) return (PyCodeObject *)PyErr_NoMemory();
    Py_SET_SIZE(co, nbytes / (Py_ssize_t)sizeof(_Py_CODEUNIT));
    memcpy(co->co_code_adaptive, PyBytes_AS_STRING(p->code), (size_t)nbytes);
    co->_co_code = Py_NewRef(p->code);
    co->co_consts = Py_NewRef(p->consts);
    co->co_names = Py_NewRef(p->names);
    co->co_exceptiontable = Py_NewRef(p->exceptiontable);
    co->co_flags = p->flags;
    co->co_argcount = p->argcount;
    co->co_posonlyargcount = p->posonlyargcount;
    co->co_kwonlyargcount = p->kwonlyargcount;
    co->co_stacksize = p->stacksize;
    co->co_firstlineno = p->firstlineno;
    co->co_localsplusnames = Py_NewRef(p->localsplusnames);
    co->co_localspluskinds = Py_NewRef(p->localspluskinds);
    co->co_nlocalsplus = (int)PyTuple_GET_SIZE(p->localsplusnames);
    co->co_nlocals = count_kind(p->localspluskinds, CO_FAST_LOCAL, 0);
    co->co_nplaincellvars = count_kind(p->localspluskinds, CO_FAST_CELL, CO_FAST_LOCAL);
    co->co_ncellvars = count_kind(p->localspluskinds, CO_FAST_CELL, 0);
    co->co_nfreevars = count_kind(p->localspluskinds, CO_FAST_FREE, 0);
    co->co_filename = Py_NewRef(p->filename);
    co->co_name = Py_NewRef(p->name);
    co->co_qualname = Py_NewRef(p->qualname != NULL ? p->qualname : p->name);
    co->co_linetable = Py_NewRef(p->linetable);
    return (PyCodeObject *)_cpx_setup_object((PyObject *)co, &PyCode_Type);
}

/* The locals-plus names and kinds for varnames + cellvars (a cell that is also a variable is
 * that variable's slot, kind LOCAL|CELL) + freevars. New references in *names / *kinds. */
static int build_localsplus(PyObject *varnames, PyObject *cellvars, PyObject *freevars, PyObject **names,
                            PyObject **kinds) {
    Py_ssize_t nvar = PyTuple_GET_SIZE(varnames), ncell = PyTuple_GET_SIZE(cellvars);
    Py_ssize_t total = nvar + ncell + PyTuple_GET_SIZE(freevars);
    *names = PyTuple_New(total);
    *kinds = PyBytes_FromStringAndSize(NULL, total);
    if (*names == NULL || *kinds == NULL) goto fail;
    char *k = PyBytes_AS_STRING(*kinds);
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < nvar; i++, n++) {
        PyTuple_SET_ITEM(*names, n, Py_NewRef(PyTuple_GET_ITEM(varnames, i)));
        k[n] = CO_FAST_LOCAL;
    }
    for (Py_ssize_t i = 0; i < ncell; i++) {
        PyObject *name = PyTuple_GET_ITEM(cellvars, i);
        Py_ssize_t j = 0;
        for (; j < nvar; j++) {
            int eq = PyUnicode_Check(name) && PyUnicode_Check(PyTuple_GET_ITEM(varnames, j)) &&
                     PyUnicode_Compare(PyTuple_GET_ITEM(varnames, j), name) == 0;
            if (eq) break;
        }
        if (j < nvar) {
            k[j] |= CO_FAST_CELL;
            continue;
        }
        PyTuple_SET_ITEM(*names, n, Py_NewRef(name));
        k[n++] = CO_FAST_CELL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(freevars); i++, n++) {
        PyTuple_SET_ITEM(*names, n, Py_NewRef(PyTuple_GET_ITEM(freevars, i)));
        k[n] = (char)CO_FAST_FREE;
    }
    if (n < total && (_PyTuple_Resize(names, n) < 0 || _PyBytes_Resize(kinds, n) < 0)) goto fail;
    return 0;
fail:
    Py_CLEAR(*names);
    Py_CLEAR(*kinds);
    return -1;
}

PyCodeObject *PyCode_NewWithPosOnlyArgs(int argcount, int posonlyargcount, int kwonlyargcount, int nlocals,
                                        int stacksize, int flags, PyObject *code, PyObject *consts, PyObject *names,
                                        PyObject *varnames, PyObject *freevars, PyObject *cellvars,
                                        PyObject *filename, PyObject *name, PyObject *qualname, int firstlineno,
                                        PyObject *linetable, PyObject *exceptiontable) {
    if (varnames == NULL || !PyTuple_Check(varnames) || cellvars == NULL || !PyTuple_Check(cellvars) ||
        freevars == NULL || !PyTuple_Check(freevars)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    PyObject *lp_names, *lp_kinds;
    if (build_localsplus(varnames, cellvars, freevars, &lp_names, &lp_kinds) < 0) return NULL;
    code_parts p = {argcount, posonlyargcount, kwonlyargcount, stacksize, flags, firstlineno,
                    code, consts, names, lp_names, lp_kinds, filename, name, qualname, linetable, exceptiontable};
    PyCodeObject *co = NULL;
    if (validate(&p) == 0) {
        if (nlocals != PyTuple_GET_SIZE(varnames))
            PyErr_SetString(PyExc_ValueError, "code: co_nlocals != len(co_varnames)");
        else
            co = code_create(&p);
    }
    Py_DECREF(lp_names);
    Py_DECREF(lp_kinds);
    return co;
}

PyCodeObject *PyCode_New(int argcount, int kwonlyargcount, int nlocals, int stacksize, int flags, PyObject *code,
                         PyObject *consts, PyObject *names, PyObject *varnames, PyObject *freevars,
                         PyObject *cellvars, PyObject *filename, PyObject *name, PyObject *qualname,
                         int firstlineno, PyObject *linetable, PyObject *exceptiontable) {
    return PyCode_NewWithPosOnlyArgs(argcount, 0, kwonlyargcount, nlocals, stacksize, flags, code, consts, names,
                                     varnames, freevars, cellvars, filename, name, qualname, firstlineno, linetable,
                                     exceptiontable);
}

/* CPython's empty code body: LOAD_ASSERTION_ERROR 0, RAISE_VARARGS 1. */
static const char empty_body[] = {74, 0, (char)130, 1};

PyCodeObject *PyCode_NewEmpty(const char *filename, const char *funcname, int firstlineno) {
    PyObject *empty_tuple = PyTuple_New(0), *empty_bytes = PyBytes_FromStringAndSize(NULL, 0);
    PyObject *file = PyUnicode_DecodeFSDefault(filename), *name = PyUnicode_FromString(funcname);
    PyObject *body = PyBytes_FromStringAndSize(empty_body, sizeof(empty_body));
    PyCodeObject *co = NULL;
    if (empty_tuple && empty_bytes && file && name && body) {
        code_parts p = {0, 0, 0, 1, 0, firstlineno, body, empty_tuple, empty_tuple, empty_tuple, empty_bytes,
                        file, name, name, empty_bytes, empty_bytes};
        co = code_create(&p);
    }
    Py_XDECREF(empty_tuple);
    Py_XDECREF(empty_bytes);
    Py_XDECREF(file);
    Py_XDECREF(name);
    Py_XDECREF(body);
    return co;
}

/* ---------------- derived name tuples ---------------- */

static PyObject *names_of_kind(PyCodeObject *co, unsigned char kind) {
    PyObject *out = PyTuple_New(count_kind(co->co_localspluskinds, kind, 0));
    if (out == NULL) return NULL;
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < co->co_nlocalsplus; i++) {
        if (kind_at(co->co_localspluskinds, i) & kind)
            PyTuple_SET_ITEM(out, n++, Py_NewRef(PyTuple_GET_ITEM(co->co_localsplusnames, i)));
    }
    return out;
}

PyObject *PyCode_GetVarnames(PyCodeObject *co) { return names_of_kind(co, CO_FAST_LOCAL); }
PyObject *PyCode_GetCellvars(PyCodeObject *co) { return names_of_kind(co, CO_FAST_CELL); }
PyObject *PyCode_GetFreevars(PyCodeObject *co) { return names_of_kind(co, CO_FAST_FREE); }
PyObject *PyCode_GetCode(PyCodeObject *co) { return Py_NewRef(co->_co_code); }

/* ---------------- line numbers (CPython 3.11's location table) ---------------- */

typedef struct {
    const unsigned char *p, *end;
} table_reader;

static unsigned int read_varint(table_reader *r) {
    unsigned int value = 0, shift = 0;
    while (r->p < r->end) {
        unsigned char b = *r->p++;
        value |= (unsigned int)(b & 63) << shift;
        shift += 6;
        if (!(b & 64)) break;
    }
    return value;
}

static int read_svarint(table_reader *r) {
    unsigned int v = read_varint(r);
    return (v & 1) ? -(int)(v >> 1) : (int)(v >> 1);
}

/* The line of the instruction at byte offset `addr`: each entry (first byte with bit 7 set)
 * covers ((byte & 7) + 1) code units; its code ((byte >> 3) & 15) says how the line moves:
 * 15 no location, 14 long form, 13 no columns (both a signed line delta), 10-12 a delta of
 * code - 10, 0-9 the same line. -1 when no entry covers addr or it has no location. */
int PyCode_Addr2Line(PyCodeObject *co, int addr) {
    if (addr < 0) return co->co_firstlineno;
    table_reader r = {(const unsigned char *)PyBytes_AS_STRING(co->co_linetable),
                      (const unsigned char *)PyBytes_AS_STRING(co->co_linetable) + PyBytes_GET_SIZE(co->co_linetable)};
    int line = co->co_firstlineno, start = 0;
    while (r.p < r.end) {
        unsigned char first = *r.p++;
        int code = (first >> 3) & 15, end = start + ((first & 7) + 1) * (int)sizeof(_Py_CODEUNIT);
        int has_line = 1;
        if (code == 15) {
            has_line = 0;
        } else if (code == 14) {
            line += read_svarint(&r);
            read_varint(&r);
            read_varint(&r);
            read_varint(&r);
        } else if (code == 13) {
            line += read_svarint(&r);
        } else if (code >= 10) {
            line += code - 10;
            r.p += 2;
        } else {
            r.p += 1;
        }
        if (addr >= start && addr < end) return has_line ? line : -1;
        start = end;
    }
    return -1;
}

/* ---------------- the type ---------------- */

static void code_dealloc(PyObject *op) {
    PyCodeObject *co = (PyCodeObject *)op;
    if (co->co_weakreflist != NULL) PyObject_ClearWeakRefs(op);
    Py_XDECREF(co->co_consts);
    Py_XDECREF(co->co_names);
    Py_XDECREF(co->co_exceptiontable);
    Py_XDECREF(co->co_localsplusnames);
    Py_XDECREF(co->co_localspluskinds);
    Py_XDECREF(co->co_filename);
    Py_XDECREF(co->co_name);
    Py_XDECREF(co->co_qualname);
    Py_XDECREF(co->co_linetable);
    Py_XDECREF(co->_co_code);
    PyObject_Free(op);
}

static PyObject *code_repr(PyObject *op) {
    PyCodeObject *co = (PyCodeObject *)op;
    return PyUnicode_FromFormat("<code object %U at %p, file \"%U\", line %d>", co->co_name, op, co->co_filename,
                                co->co_firstlineno);
}

static PyObject *get_varnames(PyObject *op, void *c) { return PyCode_GetVarnames((PyCodeObject *)op); }
static PyObject *get_cellvars(PyObject *op, void *c) { return PyCode_GetCellvars((PyCodeObject *)op); }
static PyObject *get_freevars(PyObject *op, void *c) { return PyCode_GetFreevars((PyCodeObject *)op); }
static PyObject *get_code(PyObject *op, void *c) { return PyCode_GetCode((PyCodeObject *)op); }

static PyGetSetDef code_getset[] = {
    {"co_varnames", get_varnames, NULL, NULL, NULL},
    {"co_cellvars", get_cellvars, NULL, NULL, NULL},
    {"co_freevars", get_freevars, NULL, NULL, NULL},
    {"co_code", get_code, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

#define CODE_MEMBER(name, type) {#name, type, offsetof(PyCodeObject, name), READONLY, NULL}
static PyMemberDef code_members[] = {
    CODE_MEMBER(co_argcount, T_INT),       CODE_MEMBER(co_posonlyargcount, T_INT),
    CODE_MEMBER(co_kwonlyargcount, T_INT), CODE_MEMBER(co_stacksize, T_INT),
    CODE_MEMBER(co_flags, T_INT),          CODE_MEMBER(co_nlocals, T_INT),
    CODE_MEMBER(co_consts, T_OBJECT),      CODE_MEMBER(co_names, T_OBJECT),
    CODE_MEMBER(co_filename, T_OBJECT),    CODE_MEMBER(co_name, T_OBJECT),
    CODE_MEMBER(co_qualname, T_OBJECT),    CODE_MEMBER(co_firstlineno, T_INT),
    CODE_MEMBER(co_linetable, T_OBJECT),   CODE_MEMBER(co_exceptiontable, T_OBJECT),
    {NULL, 0, 0, 0, NULL},
};

/* code.replace(*, co_argcount=..., ...): a copy with the given fields replaced. */
static PyObject *code_replace(PyObject *op, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals",
                             "co_stacksize", "co_flags", "co_firstlineno", "co_code", "co_consts", "co_names",
                             "co_varnames", "co_freevars", "co_cellvars", "co_filename", "co_name", "co_qualname",
                             "co_linetable", "co_exceptiontable", NULL};
    PyCodeObject *co = (PyCodeObject *)op;
    if (PyTuple_GET_SIZE(args) != 0) {
        PyErr_SetString(PyExc_TypeError, "replace() takes no positional arguments");
        return NULL;
    }
    int argcount = co->co_argcount, posonly = co->co_posonlyargcount, kwonly = co->co_kwonlyargcount;
    int nlocals = co->co_nlocals, stacksize = co->co_stacksize, flags = co->co_flags, first = co->co_firstlineno;
    PyObject *code = co->_co_code, *consts = co->co_consts, *names = co->co_names, *varnames = NULL,
             *freevars = NULL, *cellvars = NULL, *filename = co->co_filename, *name = co->co_name,
             *qualname = co->co_qualname, *linetable = co->co_linetable, *exctable = co->co_exceptiontable;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|$iiiiiiiSO!O!O!O!O!UUUSS:replace", kwlist, &argcount, &posonly,
                                     &kwonly, &nlocals, &stacksize, &flags, &first, &code, &PyTuple_Type, &consts,
                                     &PyTuple_Type, &names, &PyTuple_Type, &varnames, &PyTuple_Type, &freevars,
                                     &PyTuple_Type, &cellvars, &filename, &name, &qualname, &linetable, &exctable))
        return NULL;
    PyObject *own_var = varnames ? NULL : (varnames = PyCode_GetVarnames(co));
    PyObject *own_free = freevars ? NULL : (freevars = PyCode_GetFreevars(co));
    PyObject *own_cell = cellvars ? NULL : (cellvars = PyCode_GetCellvars(co));
    PyObject *res = NULL;
    if (varnames && freevars && cellvars)
        res = (PyObject *)PyCode_NewWithPosOnlyArgs(argcount, posonly, kwonly, nlocals, stacksize, flags, code,
                                                    consts, names, varnames, freevars, cellvars, filename, name,
                                                    qualname, first, linetable, exctable);
    Py_XDECREF(own_var);
    Py_XDECREF(own_free);
    Py_XDECREF(own_cell);
    return res;
}

static PyMethodDef code_methods[] = {
    {"replace", (PyCFunction)(void (*)(void))code_replace, METH_VARARGS | METH_KEYWORDS,
     "Return a copy of the code object with new values for the specified fields."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PyCode_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "code",
    .tp_basicsize = offsetof(PyCodeObject, co_code_adaptive),
    .tp_itemsize = sizeof(_Py_CODEUNIT),
    .tp_dealloc = code_dealloc,
    .tp_repr = code_repr,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Create a code object.  Not for the faint of heart.",
    .tp_weaklistoffset = offsetof(PyCodeObject, co_weakreflist),
    .tp_methods = code_methods,
    .tp_members = code_members,
    .tp_getset = code_getset,
};

int _cpx_init_code(void) { return PyType_Ready(&PyCode_Type); }
