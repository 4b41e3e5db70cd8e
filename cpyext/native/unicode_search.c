/* unicode_search.c: searching and splitting str: find/count/tailmatch,
 * split/rsplit/splitlines, partition, join and replace, as C API functions
 * (PyUnicode_Find, PyUnicode_Split, PyUnicode_Join, ...) used by the str
 * methods in unicode_methods.c.
 *
 * Invariants: strings are read through PyUnicode_READ on their own kind (no
 * copies); results are new objects (or the argument itself, increfed, when
 * it is an exact str and nothing changes, as CPython returns). Arguments
 * are borrowed. Search is a plain scan (first character, then compare). */
#include "unicode_internal.h"

void _cpx_adjust_range(Py_ssize_t len, Py_ssize_t *start, Py_ssize_t *end)
{
    if (*end > len)
        *end = len;
    else if (*end < 0) {
        *end += len;
        if (*end < 0)
            *end = 0;
    }
    if (*start < 0) {
        *start += len;
        if (*start < 0)
            *start = 0;
    }
}

static int ensure_str(PyObject *o)
{
    if (o == NULL) {
        PyErr_BadInternalCall();
        return -1;
    }
    if (!PyUnicode_Check(o)) {
        PyErr_Format(PyExc_TypeError, "must be str, not %.100s", _cpx_type_name(o));
        return -1;
    }
    return 0;
}

static inline int match_at(int sk, const void *sd, Py_ssize_t i, int pk, const void *pd, Py_ssize_t m)
{
    if (sk == pk)
        return memcmp((const char *)sd + i * sk, pd, (size_t)m * (size_t)sk) == 0;
    for (Py_ssize_t j = 0; j < m; j++)
        if (PyUnicode_READ(sk, sd, i + j) != PyUnicode_READ(pk, pd, j))
            return 0;
    return 1;
}

Py_ssize_t _cpx_unicode_find(PyObject *s, PyObject *sub, Py_ssize_t start, Py_ssize_t end,
                             int direction)
{
    Py_ssize_t m = PyUnicode_GET_LENGTH(sub);
    if (end - start < m)
        return -1;
    if (m == 0)
        return direction > 0 ? start : end;
    if (PyUnicode_KIND(sub) > PyUnicode_KIND(s))
        return -1;          /* sub has a character s cannot hold */
    int sk = PyUnicode_KIND(s), pk = PyUnicode_KIND(sub);
    const void *sd = PyUnicode_DATA(s), *pd = PyUnicode_DATA(sub);
    Py_UCS4 first = PyUnicode_READ(pk, pd, 0);
    if (direction > 0) {
        if (sk == 1 && pk == 1) {
            const unsigned char *p = (const unsigned char *)sd + start;
            const unsigned char *last = (const unsigned char *)sd + end - m;
            while (p <= last) {
                p = memchr(p, (int)first, (size_t)(last - p) + 1);
                if (p == NULL)
                    return -1;
                if (memcmp(p, pd, (size_t)m) == 0)
                    return p - (const unsigned char *)sd;
                p++;
            }
            return -1;
        }
        for (Py_ssize_t i = start; i <= end - m; i++)
            if (PyUnicode_READ(sk, sd, i) == first && match_at(sk, sd, i, pk, pd, m))
                return i;
    }
    else {
        for (Py_ssize_t i = end - m; i >= start; i--)
            if (PyUnicode_READ(sk, sd, i) == first && match_at(sk, sd, i, pk, pd, m))
                return i;
    }
    return -1;
}

static Py_ssize_t count_sub(PyObject *s, PyObject *sub, Py_ssize_t start, Py_ssize_t end,
                            Py_ssize_t maxcount)
{
    Py_ssize_t m = PyUnicode_GET_LENGTH(sub), n = 0;
    if (end < start)
        return 0;
    if (m == 0)
        return Py_MIN(end - start + 1, maxcount);
    while (n < maxcount) {
        Py_ssize_t i = _cpx_unicode_find(s, sub, start, end, 1);
        if (i < 0)
            break;
        n++;
        start = i + m;
    }
    return n;
}

Py_ssize_t PyUnicode_Find(PyObject *str, PyObject *substr, Py_ssize_t start, Py_ssize_t end,
                          int direction)
{
    if (ensure_str(str) < 0 || ensure_str(substr) < 0)
        return -2;
    _cpx_adjust_range(PyUnicode_GET_LENGTH(str), &start, &end);
    return _cpx_unicode_find(str, substr, start, end, direction);
}

Py_ssize_t PyUnicode_FindChar(PyObject *str, Py_UCS4 ch, Py_ssize_t start, Py_ssize_t end,
                              int direction)
{
    if (ensure_str(str) < 0)
        return -2;
    if (start < 0 || end < 0) {
        PyErr_SetString(PyExc_IndexError, "string index out of range");
        return -2;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(str);
    if (end > len)
        end = len;
    int kind = PyUnicode_KIND(str);
    const void *d = PyUnicode_DATA(str);
    if (direction > 0) {
        for (Py_ssize_t i = start; i < end; i++)
            if (PyUnicode_READ(kind, d, i) == ch)
                return i;
    }
    else {
        for (Py_ssize_t i = end - 1; i >= start; i--)
            if (PyUnicode_READ(kind, d, i) == ch)
                return i;
    }
    return -1;
}

Py_ssize_t PyUnicode_Count(PyObject *str, PyObject *substr, Py_ssize_t start, Py_ssize_t end)
{
    if (ensure_str(str) < 0 || ensure_str(substr) < 0)
        return -1;
    _cpx_adjust_range(PyUnicode_GET_LENGTH(str), &start, &end);
    return count_sub(str, substr, start, end, PY_SSIZE_T_MAX);
}

Py_ssize_t PyUnicode_Tailmatch(PyObject *str, PyObject *substr, Py_ssize_t start,
                               Py_ssize_t end, int direction)
{
    if (ensure_str(str) < 0 || ensure_str(substr) < 0)
        return -1;
    Py_ssize_t m = PyUnicode_GET_LENGTH(substr);
    _cpx_adjust_range(PyUnicode_GET_LENGTH(str), &start, &end);
    end -= m;
    if (end < start)
        return 0;
    if (m == 0)
        return 1;
    if (PyUnicode_KIND(substr) > PyUnicode_KIND(str))
        return 0;
    return match_at(PyUnicode_KIND(str), PyUnicode_DATA(str), direction > 0 ? end : start,
                    PyUnicode_KIND(substr), PyUnicode_DATA(substr), m);
}

int PyUnicode_Contains(PyObject *container, PyObject *element)
{
    if (element == NULL || !PyUnicode_Check(element)) {
        PyErr_Format(PyExc_TypeError, "'in <string>' requires string as left operand, not %.100s",
                     element ? _cpx_type_name(element) : "NULL");
        return -1;
    }
    if (ensure_str(container) < 0)
        return -1;
    return _cpx_unicode_find(container, element, 0, PyUnicode_GET_LENGTH(container), 1) >= 0;
}

/* ---- splitting ---- */

static int append_sub(PyObject *list, PyObject *s, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *part = (start == 0 && end == PyUnicode_GET_LENGTH(s))
                     ? _cpx_unicode_exact(s) : PyUnicode_Substring(s, start, end);
    if (part == NULL)
        return -1;
    int r = PyList_Append(list, part);
    Py_DECREF(part);
    return r;
}

static PyObject *split_whitespace(PyObject *s, Py_ssize_t maxsplit, int reverse)
{
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return NULL;
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
#define SP(i) _cpx_uc_isspace(PyUnicode_READ(kind, d, (i)))
    if (!reverse) {
        Py_ssize_t i = 0;
        while (maxsplit-- > 0) {
            while (i < len && SP(i))
                i++;
            if (i == len)
                break;
            Py_ssize_t j = i;
            while (i < len && !SP(i))
                i++;
            if (append_sub(list, s, j, i) < 0)
                goto fail;
        }
        while (i < len && SP(i))
            i++;
        if (i != len && append_sub(list, s, i, len) < 0)
            goto fail;
    }
    else {
        Py_ssize_t i = len - 1;
        while (maxsplit-- > 0) {
            while (i >= 0 && SP(i))
                i--;
            if (i < 0)
                break;
            Py_ssize_t j = i;
            while (i >= 0 && !SP(i))
                i--;
            if (append_sub(list, s, i + 1, j + 1) < 0)
                goto fail;
        }
        while (i >= 0 && SP(i))
            i--;
        if (i >= 0 && append_sub(list, s, 0, i + 1) < 0)
            goto fail;
        if (PyList_Reverse(list) < 0)
            goto fail;
    }
#undef SP
    return list;
fail:
    Py_DECREF(list);
    return NULL;
}

static PyObject *split_impl(PyObject *s, PyObject *sep, Py_ssize_t maxsplit, int reverse)
{
    if (maxsplit < 0)
        maxsplit = PY_SSIZE_T_MAX;
    if (sep == NULL || sep == Py_None)
        return split_whitespace(s, maxsplit, reverse);
    if (!PyUnicode_Check(sep)) {
        PyErr_Format(PyExc_TypeError, "must be str or None, not %.100s", _cpx_type_name(sep));
        return NULL;
    }
    Py_ssize_t m = PyUnicode_GET_LENGTH(sep), len = PyUnicode_GET_LENGTH(s);
    if (m == 0) {
        PyErr_SetString(PyExc_ValueError, "empty separator");
        return NULL;
    }
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return NULL;
    if (!reverse) {
        Py_ssize_t pos = 0;
        while (maxsplit-- > 0) {
            Py_ssize_t i = _cpx_unicode_find(s, sep, pos, len, 1);
            if (i < 0)
                break;
            if (append_sub(list, s, pos, i) < 0)
                goto fail;
            pos = i + m;
        }
        if (append_sub(list, s, pos, len) < 0)
            goto fail;
    }
    else {
        Py_ssize_t end = len;
        while (maxsplit-- > 0) {
            Py_ssize_t i = _cpx_unicode_find(s, sep, 0, end, -1);
            if (i < 0)
                break;
            if (append_sub(list, s, i + m, end) < 0)
                goto fail;
            end = i;
        }
        if (append_sub(list, s, 0, end) < 0 || PyList_Reverse(list) < 0)
            goto fail;
    }
    return list;
fail:
    Py_DECREF(list);
    return NULL;
}

PyObject *PyUnicode_Split(PyObject *s, PyObject *sep, Py_ssize_t maxsplit)
{
    if (ensure_str(s) < 0)
        return NULL;
    return split_impl(s, sep, maxsplit, 0);
}

PyObject *PyUnicode_RSplit(PyObject *s, PyObject *sep, Py_ssize_t maxsplit)
{
    if (ensure_str(s) < 0)
        return NULL;
    return split_impl(s, sep, maxsplit, 1);
}

static int is_linebreak(Py_UCS4 ch)
{
    return ch == '\n' || ch == '\r' || ch == 0x0B || ch == 0x0C || ch == 0x1C || ch == 0x1D ||
           ch == 0x1E || ch == 0x85 || ch == 0x2028 || ch == 0x2029;
}

PyObject *PyUnicode_Splitlines(PyObject *s, int keepends)
{
    if (ensure_str(s) < 0)
        return NULL;
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return NULL;
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), i = 0;
    while (i < len) {
        Py_ssize_t j = i;
        while (i < len && !is_linebreak(PyUnicode_READ(kind, d, i)))
            i++;
        Py_ssize_t eol = i;
        if (i < len) {
            if (PyUnicode_READ(kind, d, i) == '\r' && i + 1 < len && PyUnicode_READ(kind, d, i + 1) == '\n')
                i += 2;
            else
                i++;
            if (keepends)
                eol = i;
        }
        if (append_sub(list, s, j, eol) < 0) {
            Py_DECREF(list);
            return NULL;
        }
    }
    return list;
}

static PyObject *partition_impl(PyObject *s, PyObject *sep, int reverse)
{
    if (ensure_str(s) < 0 || ensure_str(sep) < 0)
        return NULL;
    Py_ssize_t m = PyUnicode_GET_LENGTH(sep), len = PyUnicode_GET_LENGTH(s);
    if (m == 0) {
        PyErr_SetString(PyExc_ValueError, "empty separator");
        return NULL;
    }
    Py_ssize_t i = _cpx_unicode_find(s, sep, 0, len, reverse ? -1 : 1);
    PyObject *a, *b, *c;
    if (i < 0) {
        PyObject *whole = _cpx_unicode_exact(s);
        if (whole == NULL)
            return NULL;
        a = reverse ? _cpx_unicode_empty() : whole;
        b = _cpx_unicode_empty();
        c = reverse ? whole : _cpx_unicode_empty();
    }
    else {
        a = PyUnicode_Substring(s, 0, i);
        b = _cpx_unicode_exact(sep);
        c = PyUnicode_Substring(s, i + m, len);
    }
    if (a == NULL || b == NULL || c == NULL) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_XDECREF(c);
        return NULL;
    }
    PyObject *t = PyTuple_New(3);
    if (t == NULL) {
        Py_DECREF(a);
        Py_DECREF(b);
        Py_DECREF(c);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, a);
    PyTuple_SET_ITEM(t, 1, b);
    PyTuple_SET_ITEM(t, 2, c);
    return t;
}

PyObject *PyUnicode_Partition(PyObject *s, PyObject *sep)
{
    return partition_impl(s, sep, 0);
}

PyObject *PyUnicode_RPartition(PyObject *s, PyObject *sep)
{
    return partition_impl(s, sep, 1);
}

/* ---- join ---- */

PyObject *_PyUnicode_JoinArray(PyObject *sep, PyObject *const *items, Py_ssize_t n)
{
    if (n == 0)
        return _cpx_unicode_empty();
    /* a lone exact str is the result itself; the separator is not even looked at */
    if (n == 1 && PyUnicode_CheckExact(items[0]))
        return Py_NewRef(items[0]);
    if (n == 1)
        sep = NULL;
    else if (sep != NULL && !PyUnicode_Check(sep)) {
        PyErr_Format(PyExc_TypeError, "separator: expected str instance, %.80s found", _cpx_type_name(sep));
        return NULL;
    }
    PyObject *space = NULL;
    if (sep == NULL && n > 1) {
        space = _cpx_unicode_char(' ');
        sep = space;
    }
    Py_ssize_t seplen = sep ? PyUnicode_GET_LENGTH(sep) : 0, total = 0;
    Py_UCS4 maxchar = sep && seplen ? PyUnicode_MAX_CHAR_VALUE(sep) : 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = items[i];
        if (!PyUnicode_Check(item)) {
            PyErr_Format(PyExc_TypeError, "sequence item %zd: expected str instance, %.80s found",
                         i, _cpx_type_name(item));
            Py_XDECREF(space);
            return NULL;
        }
        Py_ssize_t l = PyUnicode_GET_LENGTH(item);
        if (l > PY_SSIZE_T_MAX - total || (i && seplen > PY_SSIZE_T_MAX - total - l)) {
            PyErr_SetString(PyExc_OverflowError, "join() result is too long for a Python string");
            Py_XDECREF(space);
            return NULL;
        }
        total += l + (i ? seplen : 0);
        Py_UCS4 mc = PyUnicode_MAX_CHAR_VALUE(item);
        if (mc > maxchar)
            maxchar = mc;
    }
    Py_XDECREF(space);      /* a Latin-1 singleton: stays valid */
    if (n == 1)
        return _cpx_unicode_exact(items[0]);
    PyObject *r = PyUnicode_New(total, maxchar);
    if (r == NULL)
        return NULL;
    Py_ssize_t pos = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i && seplen) {
            _cpx_unicode_copy_chars(r, pos, sep, 0, seplen);
            pos += seplen;
        }
        Py_ssize_t l = PyUnicode_GET_LENGTH(items[i]);
        _cpx_unicode_copy_chars(r, pos, items[i], 0, l);
        pos += l;
    }
    return r;
}

PyObject *PyUnicode_Join(PyObject *sep, PyObject *seq)
{
    PyObject *fast = PySequence_Fast(seq, "can only join an iterable");
    if (fast == NULL)
        return NULL;
    PyObject *r = _PyUnicode_JoinArray(sep, PySequence_Fast_ITEMS(fast), PySequence_Fast_GET_SIZE(fast));
    Py_DECREF(fast);
    return r;
}

/* ---- replace ---- */

PyObject *PyUnicode_Replace(PyObject *s, PyObject *old, PyObject *repl, Py_ssize_t maxcount)
{
    if (ensure_str(s) < 0 || ensure_str(old) < 0 || ensure_str(repl) < 0)
        return NULL;
    if (maxcount < 0)
        maxcount = PY_SSIZE_T_MAX;
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), m = PyUnicode_GET_LENGTH(old);
    if (maxcount == 0 || count_sub(s, old, 0, len, 1) == 0 || (m > 0 && _cpx_unicode_eq(old, repl)))
        return _cpx_unicode_exact(s);
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    Py_ssize_t pos = 0, done = 0;
    if (m == 0) {
        for (; pos <= len && done < maxcount; done++) {
            if (_cpx_uw_str(&w, repl) < 0 || (pos < len && _cpx_uw_substr(&w, s, pos, pos + 1) < 0))
                goto fail;
            pos++;
        }
        if (pos < len && _cpx_uw_substr(&w, s, pos, len) < 0)
            goto fail;
        return _cpx_uw_finish(&w);
    }
    while (done < maxcount) {
        Py_ssize_t i = _cpx_unicode_find(s, old, pos, len, 1);
        if (i < 0)
            break;
        if (_cpx_uw_substr(&w, s, pos, i) < 0 || _cpx_uw_str(&w, repl) < 0)
            goto fail;
        pos = i + m;
        done++;
    }
    if (_cpx_uw_substr(&w, s, pos, len) < 0)
        goto fail;
    return _cpx_uw_finish(&w);
fail:
    _cpx_uw_discard(&w);
    return NULL;
}
