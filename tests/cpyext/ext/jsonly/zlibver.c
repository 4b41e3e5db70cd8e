/* zlibver: reports the zlib it was linked with (-lz). Loaded with RTLD_DEEPBIND, it must
 * bind to the system libz, not to the zlib copy the node binary exports. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <zlib.h>

static PyObject *version(PyObject *m, PyObject *unused) { return PyUnicode_FromString(zlibVersion()); }

/* crc32(data) through the linked zlib */
static PyObject *crc(PyObject *m, PyObject *args) {
    Py_buffer b;
    if (!PyArg_ParseTuple(args, "y*", &b)) return NULL;
    unsigned long c = crc32(0L, b.buf, (uInt)b.len);
    PyBuffer_Release(&b);
    return PyLong_FromUnsignedLong(c);
}

static PyMethodDef methods[] = {
    {"version", version, METH_NOARGS, NULL},
    {"crc32", crc, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "zlibver", NULL, -1, methods};

PyMODINIT_FUNC PyInit_zlibver(void) { return PyModule_Create(&moduledef); }
