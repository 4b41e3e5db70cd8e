/* bytes_methods.c: the methods bytes and bytearray share (find, count,
 * split, strip, replace, join, case mapping, predicates, decode, hex, ...),
 * each written once over (data, length) and returning a result of self's
 * type: bytes for bytes (self itself, increfed, when unchanged and exact),
 * a new bytearray for bytearray.
 *
 * Invariants: self and arguments are borrowed; every Py_buffer acquired on
 * an argument is released before the method returns; results are new
 * references. ASCII semantics only, as CPython's bytes methods. */
#include "unicode_internal.h"

/* ---- self access and results ---- */

static const char *bdata(PyObject *o, Py_ssize_t *n)
{
    if (PyBytes_Check(o)) {
        *n = PyBytes_GET_SIZE(o);
        return PyBytes_AS_STRING(o);
    }
    *n = PyByteArray_GET_SIZE(o);
    return PyByteArray_AS_STRING(o);
}

/* A result of self's kind holding s[0:n] (s may point into self). */
static PyObject *bresult(PyObject *self, const char *s, Py_ssize_t n)
{
    if (PyBytes_Check(self)) {
        if (PyBytes_CheckExact(self) && s == PyBytes_AS_STRING(self) && n == PyBytes_GET_SIZE(self))
            return Py_NewRef(self);
        return PyBytes_FromStringAndSize(s, n);
    }
    return PyByteArray_FromStringAndSize(s, n);
}

static PyObject *bfinish(PyObject *self, _cpx_bbuf *b)
{
    PyObject *r = PyBytes_Check(self) ? PyBytes_FromStringAndSize(b->data, b->len)
                                      : PyByteArray_FromStringAndSize(b->data, b->len);
    _cpx_bb_discard(b);
    return r;
}

/* ---- argument helpers ---- */

typedef struct {
    Py_buffer view;
    int has_view;
    char byte;
    const char *s;
    Py_ssize_t n;
} subarg;

int _cpx_byte_value(PyObject *v, int *out)
{
    Py_ssize_t x = PyNumber_AsSsize_t(v, NULL);
    if (x == -1 && PyErr_Occurred())
        return -1;
    if (x < 0 || x > 255) {
        PyErr_SetString(PyExc_ValueError, "byte must be in range(0, 256)");
        return -1;
    }
    *out = (int)x;
    return 0;
}

/* A bytes-like argument, or (allow_int) an int naming one byte. */
static int get_sub(PyObject *arg, subarg *a, int allow_int)
{
    a->has_view = 0;
    if (allow_int && PyIndex_Check(arg)) {
        int v;
        if (_cpx_byte_value(arg, &v) < 0)
            return -1;
        a->byte = (char)v;
        a->s = &a->byte;
        a->n = 1;
        return 0;
    }
    if (PyObject_GetBuffer(arg, &a->view, PyBUF_SIMPLE) < 0) {
        if (allow_int && PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "argument should be integer or bytes-like object, not '%.200s'",
                         _cpx_type_name(arg));
        }
        return -1;
    }
    a->has_view = 1;
    a->s = a->view.buf;
    a->n = a->view.len;
    return 0;
}

static void release_sub(subarg *a)
{
    if (a->has_view)
        PyBuffer_Release(&a->view);
    a->has_view = 0;
}

static int parse_finds(const char *name, PyObject *const *args, Py_ssize_t nargs,
                       Py_ssize_t *start, Py_ssize_t *end)
{
    if (nargs < 1 || nargs > 3) {
        PyErr_Format(PyExc_TypeError, "%s() takes at %s %d argument%s (%zd given)", name,
                     nargs < 1 ? "least" : "most", nargs < 1 ? 1 : 3, nargs < 1 ? "" : "s", nargs);
        return -1;
    }
    *start = 0;
    *end = PY_SSIZE_T_MAX;
    if (nargs > 1 && _cpx_slice_index(args[1], start) < 0)
        return -1;
    if (nargs > 2 && _cpx_slice_index(args[2], end) < 0)
        return -1;
    return 0;
}

/* ---- search ---- */

Py_ssize_t _cpx_bytes_find(const char *s, Py_ssize_t n, const char *sub, Py_ssize_t m,
                           Py_ssize_t start, Py_ssize_t end, int direction)
{
    _cpx_adjust_range(n, &start, &end);
    if (end - start < m)
        return -1;
    if (m == 0)
        return direction > 0 ? start : end;
    if (direction > 0) {
        const char *p = s + start, *last = s + end - m;
        while (p <= last) {
            p = memchr(p, sub[0], (size_t)(last - p) + 1);
            if (p == NULL)
                return -1;
            if (memcmp(p, sub, (size_t)m) == 0)
                return p - s;
            p++;
        }
        return -1;
    }
    for (Py_ssize_t i = end - m; i >= start; i--)
        if (s[i] == sub[0] && memcmp(s + i, sub, (size_t)m) == 0)
            return i;
    return -1;
}

static Py_ssize_t bcount(const char *s, Py_ssize_t n, const char *sub, Py_ssize_t m,
                         Py_ssize_t start, Py_ssize_t end, Py_ssize_t maxcount)
{
    _cpx_adjust_range(n, &start, &end);
    if (end < start)
        return 0;
    if (m == 0)
        return Py_MIN(end - start + 1, maxcount);
    Py_ssize_t c = 0;
    while (c < maxcount) {
        Py_ssize_t i = _cpx_bytes_find(s, n, sub, m, start, end, 1);
        if (i < 0)
            break;
        c++;
        start = i + m;
    }
    return c;
}

static PyObject *do_find(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                         const char *name, int direction, int raise)
{
    Py_ssize_t start, end, n;
    subarg a;
    if (parse_finds(name, args, nargs, &start, &end) < 0 || get_sub(args[0], &a, 1) < 0)
        return NULL;
    const char *s = bdata(self, &n);
    Py_ssize_t i = _cpx_bytes_find(s, n, a.s, a.n, start, end, direction);
    release_sub(&a);
    if (i < 0 && raise) {
        PyErr_SetString(PyExc_ValueError, "subsection not found");
        return NULL;
    }
    return PyLong_FromSsize_t(i);
}

PyObject *_cpx_bm_find(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_find(s, a, n, "find", 1, 0); }
PyObject *_cpx_bm_rfind(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_find(s, a, n, "rfind", -1, 0); }
PyObject *_cpx_bm_index(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_find(s, a, n, "index", 1, 1); }
PyObject *_cpx_bm_rindex(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_find(s, a, n, "rindex", -1, 1); }

PyObject *_cpx_bm_count(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t start, end, n;
    subarg a;
    if (parse_finds("count", args, nargs, &start, &end) < 0 || get_sub(args[0], &a, 1) < 0)
        return NULL;
    const char *s = bdata(self, &n);
    Py_ssize_t c = bcount(s, n, a.s, a.n, start, end, PY_SSIZE_T_MAX);
    release_sub(&a);
    return PyLong_FromSsize_t(c);
}

static int tailmatch(const char *s, Py_ssize_t n, const char *sub, Py_ssize_t m,
                     Py_ssize_t start, Py_ssize_t end, int direction)
{
    _cpx_adjust_range(n, &start, &end);
    end -= m;
    if (end < start)
        return 0;
    return m == 0 || memcmp(s + (direction > 0 ? end : start), sub, (size_t)m) == 0;
}

static PyObject *do_tailmatch(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                              const char *name, int direction)
{
    Py_ssize_t start, end, n;
    if (parse_finds(name, args, nargs, &start, &end) < 0)
        return NULL;
    PyObject *arg = args[0];
    Py_ssize_t count = PyTuple_Check(arg) ? PyTuple_GET_SIZE(arg) : 1;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PyTuple_Check(arg) ? PyTuple_GET_ITEM(arg, i) : arg;
        subarg a;
        if (get_sub(item, &a, 0) < 0) {
            if (!PyTuple_Check(arg) && PyErr_ExceptionMatches(PyExc_TypeError)) {
                PyErr_Clear();
                PyErr_Format(PyExc_TypeError, "%s first arg must be bytes or a tuple of bytes, not %.100s",
                             name, _cpx_type_name(arg));
            }
            return NULL;
        }
        const char *s = bdata(self, &n);
        int r = tailmatch(s, n, a.s, a.n, start, end, direction);
        release_sub(&a);
        if (r)
            Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

PyObject *_cpx_bm_startswith(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_tailmatch(s, a, n, "startswith", -1); }
PyObject *_cpx_bm_endswith(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_tailmatch(s, a, n, "endswith", 1); }

static PyObject *removeaffix(PyObject *self, PyObject *arg, int suffix)
{
    subarg a;
    Py_ssize_t n;
    if (get_sub(arg, &a, 0) < 0)
        return NULL;
    const char *s = bdata(self, &n);
    PyObject *r;
    if (a.n && a.n <= n && memcmp(suffix ? s + n - a.n : s, a.s, (size_t)a.n) == 0)
        r = bresult(self, suffix ? s : s + a.n, n - a.n);
    else
        r = bresult(self, s, n);
    release_sub(&a);
    return r;
}

PyObject *_cpx_bm_removeprefix(PyObject *s, PyObject *a) { return removeaffix(s, a, 0); }
PyObject *_cpx_bm_removesuffix(PyObject *s, PyObject *a) { return removeaffix(s, a, 1); }

/* ---- split and partition ---- */

static int append_part(PyObject *list, PyObject *self, const char *s, Py_ssize_t n)
{
    PyObject *part = bresult(self, s, n);
    if (part == NULL)
        return -1;
    int r = PyList_Append(list, part);
    Py_DECREF(part);
    return r;
}

static PyObject *do_split(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                          PyObject *kw, const char *name, int reverse)
{
    static const char *const names[] = {"sep", "maxsplit"};
    PyObject *a[2];
    if (_cpx_parse_args(name, args, nargs, kw, names, 2, 0, a) < 0)
        return NULL;
    Py_ssize_t maxsplit = -1, n;
    if (a[1] && (maxsplit = PyNumber_AsSsize_t(a[1], PyExc_OverflowError)) == -1 && PyErr_Occurred())
        return NULL;
    if (maxsplit < 0)
        maxsplit = PY_SSIZE_T_MAX;
    subarg sep;
    int have_sep = a[0] != NULL && a[0] != Py_None;
    if (have_sep) {
        if (get_sub(a[0], &sep, 0) < 0)
            return NULL;
        if (sep.n == 0) {
            release_sub(&sep);
            PyErr_SetString(PyExc_ValueError, "empty separator");
            return NULL;
        }
    }
    PyObject *list = PyList_New(0);
    if (list == NULL)
        goto fail;
    const char *s = bdata(self, &n);
    if (!have_sep) {
        if (!reverse) {
            Py_ssize_t i = 0;
            while (maxsplit-- > 0) {
                while (i < n && Py_ISSPACE(s[i]))
                    i++;
                if (i == n)
                    break;
                Py_ssize_t j = i;
                while (i < n && !Py_ISSPACE(s[i]))
                    i++;
                if (append_part(list, self, s + j, i - j) < 0)
                    goto fail;
            }
            while (i < n && Py_ISSPACE(s[i]))
                i++;
            if (i < n && append_part(list, self, s + i, n - i) < 0)
                goto fail;
        }
        else {
            Py_ssize_t i = n - 1;
            while (maxsplit-- > 0) {
                while (i >= 0 && Py_ISSPACE(s[i]))
                    i--;
                if (i < 0)
                    break;
                Py_ssize_t j = i;
                while (i >= 0 && !Py_ISSPACE(s[i]))
                    i--;
                if (append_part(list, self, s + i + 1, j - i) < 0)
                    goto fail;
            }
            while (i >= 0 && Py_ISSPACE(s[i]))
                i--;
            if (i >= 0 && append_part(list, self, s, i + 1) < 0)
                goto fail;
            if (PyList_Reverse(list) < 0)
                goto fail;
        }
    }
    else if (!reverse) {
        Py_ssize_t pos = 0;
        while (maxsplit-- > 0) {
            Py_ssize_t i = _cpx_bytes_find(s, n, sep.s, sep.n, pos, n, 1);
            if (i < 0)
                break;
            if (append_part(list, self, s + pos, i - pos) < 0)
                goto fail;
            pos = i + sep.n;
        }
        if (append_part(list, self, s + pos, n - pos) < 0)
            goto fail;
    }
    else {
        Py_ssize_t end = n;
        while (maxsplit-- > 0) {
            Py_ssize_t i = _cpx_bytes_find(s, n, sep.s, sep.n, 0, end, -1);
            if (i < 0)
                break;
            if (append_part(list, self, s + i + sep.n, end - i - sep.n) < 0)
                goto fail;
            end = i;
        }
        if (append_part(list, self, s, end) < 0 || PyList_Reverse(list) < 0)
            goto fail;
    }
    if (have_sep)
        release_sub(&sep);
    return list;
fail:
    if (have_sep)
        release_sub(&sep);
    Py_XDECREF(list);
    return NULL;
}

PyObject *_cpx_bm_split(PyObject *s, PyObject *const *a, Py_ssize_t n, PyObject *kw) { return do_split(s, a, n, kw, "split", 0); }
PyObject *_cpx_bm_rsplit(PyObject *s, PyObject *const *a, Py_ssize_t n, PyObject *kw) { return do_split(s, a, n, kw, "rsplit", 1); }

PyObject *_cpx_bm_splitlines(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kw)
{
    static const char *const names[] = {"keepends"};
    PyObject *a[1];
    if (_cpx_parse_args("splitlines", args, nargs, kw, names, 1, 0, a) < 0)
        return NULL;
    int keep = a[0] ? PyObject_IsTrue(a[0]) : 0;
    if (keep < 0)
        return NULL;
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return NULL;
    Py_ssize_t n, i = 0;
    const char *s = bdata(self, &n);
    while (i < n) {
        Py_ssize_t j = i;
        while (i < n && s[i] != '\n' && s[i] != '\r')
            i++;
        Py_ssize_t eol = i;
        if (i < n) {
            i += (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            if (keep)
                eol = i;
        }
        if (append_part(list, self, s + j, eol - j) < 0) {
            Py_DECREF(list);
            return NULL;
        }
    }
    return list;
}

static PyObject *partition(PyObject *self, PyObject *arg, int reverse)
{
    subarg sep;
    Py_ssize_t n;
    if (get_sub(arg, &sep, 0) < 0)
        return NULL;
    if (sep.n == 0) {
        release_sub(&sep);
        PyErr_SetString(PyExc_ValueError, "empty separator");
        return NULL;
    }
    const char *s = bdata(self, &n);
    Py_ssize_t i = _cpx_bytes_find(s, n, sep.s, sep.n, 0, n, reverse ? -1 : 1);
    PyObject *p[3];
    if (i < 0) {
        p[0] = reverse ? bresult(self, s, 0) : bresult(self, s, n);
        p[1] = bresult(self, s, 0);
        p[2] = reverse ? bresult(self, s, n) : bresult(self, s, 0);
    }
    else {
        p[0] = bresult(self, s, i);
        p[1] = bresult(self, sep.s, sep.n);
        p[2] = bresult(self, s + i + sep.n, n - i - sep.n);
    }
    release_sub(&sep);
    PyObject *t = (p[0] && p[1] && p[2]) ? PyTuple_New(3) : NULL;
    for (int k = 0; k < 3; k++) {
        if (t)
            PyTuple_SET_ITEM(t, k, p[k]);
        else
            Py_XDECREF(p[k]);
    }
    return t;
}

PyObject *_cpx_bm_partition(PyObject *s, PyObject *a) { return partition(s, a, 0); }
PyObject *_cpx_bm_rpartition(PyObject *s, PyObject *a) { return partition(s, a, 1); }

/* ---- strip, replace, join ---- */

static PyObject *do_strip(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                          int left, int right, const char *name)
{
    if (nargs > 1) {
        PyErr_Format(PyExc_TypeError, "%s expected at most 1 argument, got %zd", name, nargs);
        return NULL;
    }
    subarg chars;
    int have = nargs == 1 && args[0] != Py_None;
    if (have && get_sub(args[0], &chars, 0) < 0)
        return NULL;
    Py_ssize_t n;
    const char *s = bdata(self, &n);
    Py_ssize_t i = 0, j = n;
#define STRIPPED(c) (have ? memchr(chars.s, (c), (size_t)chars.n) != NULL : Py_ISSPACE((unsigned char)(c)))
    if (left)
        while (i < j && STRIPPED(s[i]))
            i++;
    if (right)
        while (j > i && STRIPPED(s[j - 1]))
            j--;
#undef STRIPPED
    if (have)
        release_sub(&chars);
    return bresult(self, s + i, j - i);
}

PyObject *_cpx_bm_strip(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_strip(s, a, n, 1, 1, "strip"); }
PyObject *_cpx_bm_lstrip(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_strip(s, a, n, 1, 0, "lstrip"); }
PyObject *_cpx_bm_rstrip(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_strip(s, a, n, 0, 1, "rstrip"); }

PyObject *_cpx_bm_replace(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 2 || nargs > 3) {
        PyErr_Format(PyExc_TypeError, "replace expected %s argument%s, got %zd",
                     nargs < 2 ? "at least 2" : "at most 3", "s", nargs);
        return NULL;
    }
    Py_ssize_t count = -1, n;
    if (nargs > 2 && (count = PyNumber_AsSsize_t(args[2], PyExc_OverflowError)) == -1 && PyErr_Occurred())
        return NULL;
    if (count < 0)
        count = PY_SSIZE_T_MAX;
    subarg from, to;
    if (get_sub(args[0], &from, 0) < 0)
        return NULL;
    if (get_sub(args[1], &to, 0) < 0) {
        release_sub(&from);
        return NULL;
    }
    const char *s = bdata(self, &n);
    PyObject *r = NULL;
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    Py_ssize_t pos = 0, done = 0;
    if (bcount(s, n, from.s, from.n, 0, n, 1) == 0 || count == 0) {
        r = bresult(self, s, n);
        goto out;
    }
    if (from.n == 0) {
        for (; pos <= n && done < count; done++, pos++)
            if (_cpx_bb_put(&b, to.s, to.n) < 0 || (pos < n && _cpx_bb_byte(&b, s[pos]) < 0))
                goto out;
    }
    else {
        for (; done < count; done++) {
            Py_ssize_t i = _cpx_bytes_find(s, n, from.s, from.n, pos, n, 1);
            if (i < 0)
                break;
            if (_cpx_bb_put(&b, s + pos, i - pos) < 0 || _cpx_bb_put(&b, to.s, to.n) < 0)
                goto out;
            pos = i + from.n;
        }
    }
    if (pos < n && _cpx_bb_put(&b, s + pos, n - pos) < 0)
        goto out;
    r = bfinish(self, &b);
out:
    _cpx_bb_discard(&b);
    release_sub(&from);
    release_sub(&to);
    return r;
}

PyObject *_cpx_bm_join(PyObject *self, PyObject *iterable)
{
    PyObject *seq = PySequence_Fast(iterable, "can only join an iterable");
    if (seq == NULL)
        return NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq), n;
    PyObject **items = PySequence_Fast_ITEMS(seq);
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    PyObject *r = NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        subarg a;
        if (get_sub(items[i], &a, 0) < 0) {
            if (PyErr_ExceptionMatches(PyExc_TypeError)) {
                PyErr_Clear();
                PyErr_Format(PyExc_TypeError, "sequence item %zd: expected a bytes-like object, %.80s found",
                             i, _cpx_type_name(items[i]));
            }
            goto out;
        }
        const char *sep = bdata(self, &n);
        int e = (i && _cpx_bb_put(&b, sep, n) < 0) || _cpx_bb_put(&b, a.s, a.n) < 0;
        release_sub(&a);
        if (e)
            goto out;
    }
    if (count == 1 && PyBytes_CheckExact(items[0]) && PyBytes_Check(self))
        r = Py_NewRef(items[0]);
    else
        r = bfinish(self, &b);
out:
    _cpx_bb_discard(&b);
    Py_DECREF(seq);
    return r;
}

PyObject *_PyBytes_Join(PyObject *sep, PyObject *x)
{
    return _cpx_bm_join(sep, x);
}

/* ---- case mapping and predicates (ASCII) ---- */

static PyObject *map_bytes(PyObject *self, int upper)
{
    Py_ssize_t n;
    const char *s = bdata(self, &n);
    PyObject *r = PyBytes_Check(self) ? PyBytes_FromStringAndSize(NULL, n)
                                      : PyByteArray_FromStringAndSize(NULL, n);
    if (r == NULL)
        return NULL;
    s = bdata(self, &n);
    char *d = PyBytes_Check(r) ? PyBytes_AS_STRING(r) : PyByteArray_AS_STRING(r);
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        d[i] = (char)(upper ? Py_TOUPPER(c) : Py_TOLOWER(c));
    }
    return r;
}

PyObject *_cpx_bm_lower(PyObject *s, PyObject *u) { return map_bytes(s, 0); }
PyObject *_cpx_bm_upper(PyObject *s, PyObject *u) { return map_bytes(s, 1); }

enum { P_DIGIT, P_ALPHA, P_ALNUM, P_SPACE, P_ASCII, P_LOWER, P_UPPER };

static PyObject *predicate(PyObject *self, int which)
{
    Py_ssize_t n;
    const unsigned char *s = (const unsigned char *)bdata(self, &n);
    if (which == P_LOWER || which == P_UPPER) {
        int cased = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            int lo = s[i] >= 'a' && s[i] <= 'z', up = s[i] >= 'A' && s[i] <= 'Z';
            if (which == P_LOWER ? up : lo)
                Py_RETURN_FALSE;
            cased |= which == P_LOWER ? lo : up;
        }
        return PyBool_FromLong(cased);
    }
    if (n == 0)
        return PyBool_FromLong(which == P_ASCII);
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned c = s[i];
        int ok = which == P_DIGIT ? Py_ISDIGIT(c) : which == P_ALPHA ? Py_ISALPHA(c)
               : which == P_ALNUM ? Py_ISALNUM(c) : which == P_SPACE ? Py_ISSPACE(c) : c < 0x80;
        if (!ok)
            Py_RETURN_FALSE;
    }
    Py_RETURN_TRUE;
}

PyObject *_cpx_bm_isdigit(PyObject *s, PyObject *u) { return predicate(s, P_DIGIT); }
PyObject *_cpx_bm_isalpha(PyObject *s, PyObject *u) { return predicate(s, P_ALPHA); }
PyObject *_cpx_bm_isalnum(PyObject *s, PyObject *u) { return predicate(s, P_ALNUM); }
PyObject *_cpx_bm_isspace(PyObject *s, PyObject *u) { return predicate(s, P_SPACE); }
PyObject *_cpx_bm_isascii(PyObject *s, PyObject *u) { return predicate(s, P_ASCII); }
PyObject *_cpx_bm_islower(PyObject *s, PyObject *u) { return predicate(s, P_LOWER); }
PyObject *_cpx_bm_isupper(PyObject *s, PyObject *u) { return predicate(s, P_UPPER); }

/* ---- decode, hex, fromhex ---- */

PyObject *_cpx_bm_decode(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kw)
{
    static const char *const names[] = {"encoding", "errors"};
    PyObject *a[2];
    const char *v[2] = {NULL, NULL};
    if (_cpx_parse_args("decode", args, nargs, kw, names, 2, 0, a) < 0)
        return NULL;
    for (int i = 0; i < 2; i++) {
        if (a[i] == NULL)
            continue;
        if (!PyUnicode_Check(a[i])) {
            PyErr_Format(PyExc_TypeError, "decode() argument '%s' must be str, not %.100s",
                         names[i], _cpx_type_name(a[i]));
            return NULL;
        }
        if ((v[i] = PyUnicode_AsUTF8(a[i])) == NULL)
            return NULL;
    }
    Py_ssize_t n;
    const char *s = bdata(self, &n);
    return PyUnicode_Decode(s, n, v[0] ? v[0] : "utf-8", v[1] ? v[1] : "strict");
}

PyObject *_cpx_bytes_hex(const char *s, Py_ssize_t n, PyObject *const *args, Py_ssize_t nargs,
                         PyObject *kw)
{
    static const char *const names[] = {"sep", "bytes_per_sep"};
    PyObject *a[2];
    if (_cpx_parse_args("hex", args, nargs, kw, names, 2, 0, a) < 0)
        return NULL;
    char sep = 0;
    Py_ssize_t per = 1;
    if (a[0]) {
        if (PyUnicode_Check(a[0])) {
            if (PyUnicode_GET_LENGTH(a[0]) != 1) {
                PyErr_SetString(PyExc_ValueError, "sep must be length 1.");
                return NULL;
            }
            Py_UCS4 c = PyUnicode_READ_CHAR(a[0], 0);
            if (c > 127) {
                PyErr_SetString(PyExc_ValueError, "sep must be ASCII.");
                return NULL;
            }
            sep = (char)c;
        }
        else if (PyBytes_Check(a[0]) || PyByteArray_Check(a[0])) {
            Py_ssize_t sl;
            const char *sp = bdata(a[0], &sl);
            if (sl != 1) {
                PyErr_SetString(PyExc_ValueError, "sep must be length 1.");
                return NULL;
            }
            sep = sp[0];
        }
        else {
            PyErr_SetString(PyExc_TypeError, "sep must be str or bytes.");
            return NULL;
        }
        if (a[1] && (per = PyNumber_AsSsize_t(a[1], PyExc_OverflowError)) == -1 && PyErr_Occurred())
            return NULL;
    }
    static const char hex[] = "0123456789abcdef";
    Py_ssize_t group = per < 0 ? -per : per;
    Py_ssize_t nseps = (sep && group && n) ? (n - 1) / group : 0;
    PyObject *r = PyUnicode_New(n * 2 + nseps, 0x7F);
    if (r == NULL || n == 0)
        return r;
    Py_UCS1 *o = PyUnicode_1BYTE_DATA(r);
    for (Py_ssize_t i = 0, k = 0; i < n; i++) {
        if (i && nseps) {
            /* Positive counts group from the right, negative from the left. */
            Py_ssize_t boundary = per > 0 ? (n - i) % group == 0 : i % group == 0;
            if (boundary)
                o[k++] = (Py_UCS1)sep;
        }
        unsigned char c = (unsigned char)s[i];
        o[k++] = (Py_UCS1)hex[c >> 4];
        o[k++] = (Py_UCS1)hex[c & 15];
    }
    return r;
}

PyObject *_cpx_bm_hex(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kw)
{
    Py_ssize_t n;
    const char *s = bdata(self, &n);
    return _cpx_bytes_hex(s, n, args, nargs, kw);
}

static int hexval(Py_UCS4 c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
    return -1;
}

/* cls.fromhex(string): bytes from hex digit pairs, whitespace between. */
PyObject *_cpx_bytes_fromhex(PyObject *type, PyObject *string)
{
    if (!PyUnicode_Check(string)) {
        PyErr_Format(PyExc_TypeError, "fromhex() argument must be str, not %.100s",
                     _cpx_type_name(string));
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(string), i = 0;
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    while (i < len) {
        Py_UCS4 c = PyUnicode_READ_CHAR(string, i);
        if (c < 128 && Py_ISSPACE(c)) {
            i++;
            continue;
        }
        int hi = hexval(c);
        int lo = i + 1 < len ? hexval(PyUnicode_READ_CHAR(string, i + 1)) : -1;
        if (hi < 0 || lo < 0) {
            _cpx_bb_discard(&b);
            PyErr_Format(PyExc_ValueError, "non-hexadecimal number found in fromhex() arg at position %zd",
                         hi < 0 ? i : i + 1);
            return NULL;
        }
        if (_cpx_bb_byte(&b, hi * 16 + lo) < 0) {
            _cpx_bb_discard(&b);
            return NULL;
        }
        i += 2;
    }
    PyObject *r = (PyTypeObject *)type == &PyByteArray_Type || PyType_IsSubtype((PyTypeObject *)type, &PyByteArray_Type)
                  ? PyByteArray_FromStringAndSize(b.data, b.len) : PyBytes_FromStringAndSize(b.data, b.len);
    _cpx_bb_discard(&b);
    if (r != NULL && (PyTypeObject *)type != &PyBytes_Type && (PyTypeObject *)type != &PyByteArray_Type)
        Py_SETREF(r, PyObject_CallOneArg(type, r));
    return r;
}
