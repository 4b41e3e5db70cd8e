/* unicode_methods.c: str's methods table: case mapping (full Unicode
 * mappings, final sigma), predicates, stripping, padding, the search and
 * split wrappers over unicode_search.c, encode and __format__.
 *
 * Invariants: methods are METH_FASTCALL or METH_NOARGS/METH_O C functions
 * that borrow self and their arguments and return a new reference; a method
 * that changes nothing returns self itself when self is an exact str (as
 * CPython does), else an exact-type copy. */
#include "unicode_internal.h"

/* ---- argument helpers ---- */

static int check_positional(const char *name, Py_ssize_t nargs, Py_ssize_t min, Py_ssize_t max)
{
    if (nargs < min) {
        PyErr_Format(PyExc_TypeError, "%s expected %s%zd argument%s, got %zd", name,
                     min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        PyErr_Format(PyExc_TypeError, "%s expected %s%zd argument%s, got %zd", name,
                     min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

/* "sub[, start[, end]]" as find/count/index parse it. */
static int parse_finds(const char *name, PyObject *const *args, Py_ssize_t nargs,
                       PyObject **sub, Py_ssize_t *start, Py_ssize_t *end)
{
    if (nargs < 1 || nargs > 3) {
        PyErr_Format(PyExc_TypeError, "%s() takes at %s %d argument%s (%zd given)", name,
                     nargs < 1 ? "least" : "most", nargs < 1 ? 1 : 3, nargs < 1 ? "" : "s", nargs);
        return -1;
    }
    *sub = args[0];
    *start = 0;
    *end = PY_SSIZE_T_MAX;
    if (nargs > 1 && _cpx_slice_index(args[1], start) < 0)
        return -1;
    if (nargs > 2 && _cpx_slice_index(args[2], end) < 0)
        return -1;
    return 0;
}

static Py_ssize_t as_index(PyObject *v)
{
    return PyNumber_AsSsize_t(v, PyExc_OverflowError);
}

/* ---- case mapping ---- */

static Py_UCS4 capital_sigma(int kind, const void *d, Py_ssize_t len, Py_ssize_t i)
{
    /* Final sigma: cased (case-ignorable)* SIGMA not followed by
     * (case-ignorable)* cased. */
    Py_ssize_t j = i - 1;
    Py_UCS4 c = 0;
    while (j >= 0 && _cpx_uc_iscaseignorable(c = PyUnicode_READ(kind, d, j)))
        j--;
    int final = j >= 0 && _cpx_uc_iscased(c);
    if (final) {
        j = i + 1;
        while (j < len && _cpx_uc_iscaseignorable(c = PyUnicode_READ(kind, d, j)))
            j++;
        final = j == len || !_cpx_uc_iscased(c);
    }
    return final ? 0x3C2 : 0x3C3;
}

static int lower_at(int kind, const void *d, Py_ssize_t len, Py_ssize_t i, Py_UCS4 *out)
{
    Py_UCS4 ch = PyUnicode_READ(kind, d, i);
    if (ch == 0x3A3) {
        out[0] = capital_sigma(kind, d, len, i);
        return 1;
    }
    return _cpx_uc_lower(ch, out);
}

enum { M_LOWER, M_UPPER, M_FOLD, M_SWAP, M_CAPITALIZE, M_TITLE };

static PyObject *case_map(PyObject *s, int mode)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    if (_cpx_uw_reserve(&w, len, PyUnicode_IS_ASCII(s) ? 0x7F : 0xFF) < 0)
        return NULL;
    int prev_cased = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, d, i), out[3];
        int n;
        switch (mode) {
        case M_LOWER: n = lower_at(kind, d, len, i, out); break;
        case M_UPPER: n = _cpx_uc_upper(ch, out); break;
        case M_FOLD: n = _cpx_uc_fold(ch, out); break;
        case M_SWAP:
            if (_cpx_uc_isupper(ch))
                n = lower_at(kind, d, len, i, out);
            else if (_cpx_uc_islower(ch))
                n = _cpx_uc_upper(ch, out);
            else {
                out[0] = ch;
                n = 1;
            }
            break;
        case M_CAPITALIZE:
            n = i == 0 ? _cpx_uc_title(ch, out) : lower_at(kind, d, len, i, out);
            break;
        default:
            n = prev_cased ? lower_at(kind, d, len, i, out) : _cpx_uc_title(ch, out);
            prev_cased = _cpx_uc_iscased(ch);
            break;
        }
        for (int k = 0; k < n; k++)
            if (_cpx_uw_char(&w, out[k]) < 0) {
                _cpx_uw_discard(&w);
                return NULL;
            }
    }
    return _cpx_uw_finish(&w);
}

static PyObject *str_lower(PyObject *s, PyObject *u) { return case_map(s, M_LOWER); }
static PyObject *str_upper(PyObject *s, PyObject *u) { return case_map(s, M_UPPER); }
static PyObject *str_casefold(PyObject *s, PyObject *u) { return case_map(s, M_FOLD); }
static PyObject *str_swapcase(PyObject *s, PyObject *u) { return case_map(s, M_SWAP); }
static PyObject *str_capitalize(PyObject *s, PyObject *u) { return case_map(s, M_CAPITALIZE); }
static PyObject *str_title(PyObject *s, PyObject *u) { return case_map(s, M_TITLE); }

/* ---- predicates ---- */

static PyObject *all_chars(PyObject *s, int (*pred)(Py_UCS4), int empty_value)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (len == 0)
        return PyBool_FromLong(empty_value);
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < len; i++)
        if (!pred(PyUnicode_READ(kind, d, i)))
            Py_RETURN_FALSE;
    Py_RETURN_TRUE;
}

static int is_alnum(Py_UCS4 ch)
{
    return _cpx_uc_isalpha(ch) || _cpx_uc_isdecimal(ch) || _cpx_uc_isdigit(ch) || _cpx_uc_isnumeric(ch);
}

static PyObject *str_isalpha(PyObject *s, PyObject *u) { return all_chars(s, _cpx_uc_isalpha, 0); }
static PyObject *str_isalnum(PyObject *s, PyObject *u) { return all_chars(s, is_alnum, 0); }
static PyObject *str_isdecimal(PyObject *s, PyObject *u) { return all_chars(s, _cpx_uc_isdecimal, 0); }
static PyObject *str_isdigit(PyObject *s, PyObject *u) { return all_chars(s, _cpx_uc_isdigit, 0); }
static PyObject *str_isnumeric(PyObject *s, PyObject *u) { return all_chars(s, _cpx_uc_isnumeric, 0); }
static PyObject *str_isspace(PyObject *s, PyObject *u) { return all_chars(s, _cpx_uc_isspace, 0); }
static PyObject *str_isprintable(PyObject *s, PyObject *u) { return all_chars(s, _cpx_uc_isprintable, 1); }

static PyObject *str_isascii(PyObject *s, PyObject *u)
{
    return PyBool_FromLong(PyUnicode_IS_ASCII(s));
}

/* islower / isupper: some cased character, none of the other case. */
static PyObject *cased_check(PyObject *s, int (*want)(Py_UCS4), int (*other)(Py_UCS4))
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    int cased = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(s, i);
        if (other(ch) || _cpx_uc_istitle(ch))
            Py_RETURN_FALSE;
        if (want(ch))
            cased = 1;
    }
    return PyBool_FromLong(cased);
}

static PyObject *str_islower(PyObject *s, PyObject *u) { return cased_check(s, _cpx_uc_islower, _cpx_uc_isupper); }
static PyObject *str_isupper(PyObject *s, PyObject *u) { return cased_check(s, _cpx_uc_isupper, _cpx_uc_islower); }

static PyObject *str_istitle(PyObject *s, PyObject *u)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    int cased = 0, prev_cased = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(s, i);
        if (_cpx_uc_isupper(ch) || _cpx_uc_istitle(ch)) {
            if (prev_cased)
                Py_RETURN_FALSE;
            prev_cased = cased = 1;
        }
        else if (_cpx_uc_islower(ch)) {
            if (!prev_cased)
                Py_RETURN_FALSE;
            prev_cased = cased = 1;
        }
        else
            prev_cased = 0;
    }
    return PyBool_FromLong(cased);
}

int PyUnicode_IsIdentifier(PyObject *s)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (len == 0)
        return 0;
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    if (!_cpx_uc_isxidstart(PyUnicode_READ(kind, d, 0)))
        return 0;
    for (Py_ssize_t i = 1; i < len; i++)
        if (!_cpx_uc_isxidcontinue(PyUnicode_READ(kind, d, i)))
            return 0;
    return 1;
}

static PyObject *str_isidentifier(PyObject *s, PyObject *u)
{
    return PyBool_FromLong(PyUnicode_IsIdentifier(s));
}

/* ---- stripping and padding ---- */

static PyObject *do_strip(PyObject *s, PyObject *const *args, Py_ssize_t nargs, int left, int right,
                          const char *name)
{
    if (check_positional(name, nargs, 0, 1) < 0)
        return NULL;
    PyObject *chars = nargs ? args[0] : Py_None;
    if (chars != Py_None && !PyUnicode_Check(chars)) {
        PyErr_Format(PyExc_TypeError, "%s arg must be None or str", name);
        return NULL;
    }
    Py_ssize_t i = 0, j = PyUnicode_GET_LENGTH(s);
#define STRIPPED(k) (chars == Py_None ? _cpx_uc_isspace(PyUnicode_READ_CHAR(s, k)) \
    : PyUnicode_FindChar(chars, PyUnicode_READ_CHAR(s, k), 0, PyUnicode_GET_LENGTH(chars), 1) >= 0)
    if (left)
        while (i < j && STRIPPED(i))
            i++;
    if (right)
        while (j > i && STRIPPED(j - 1))
            j--;
#undef STRIPPED
    return PyUnicode_Substring(s, i, j);
}

static PyObject *str_strip(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_strip(s, a, n, 1, 1, "strip"); }
static PyObject *str_lstrip(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_strip(s, a, n, 1, 0, "lstrip"); }
static PyObject *str_rstrip(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_strip(s, a, n, 0, 1, "rstrip"); }

PyObject *_cpx_unicode_pad(PyObject *s, Py_ssize_t width, Py_UCS4 fill, char align)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (width <= len)
        return _cpx_unicode_exact(s);
    Py_ssize_t marg = width - len, left;
    if (align == '<')
        left = 0;
    else if (align == '>')
        left = marg;
    else
        left = marg / 2 + (marg & width & 1);
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    if (_cpx_uw_fill(&w, fill, left) < 0 || _cpx_uw_str(&w, s) < 0 ||
        _cpx_uw_fill(&w, fill, marg - left) < 0) {
        _cpx_uw_discard(&w);
        return NULL;
    }
    return _cpx_uw_finish(&w);
}

static PyObject *do_pad(PyObject *s, PyObject *const *args, Py_ssize_t nargs, char align,
                        const char *name)
{
    if (check_positional(name, nargs, 1, 2) < 0)
        return NULL;
    Py_ssize_t width = as_index(args[0]);
    if (width == -1 && PyErr_Occurred())
        return NULL;
    Py_UCS4 fill = ' ';
    if (nargs > 1) {
        if (!PyUnicode_Check(args[1]) || PyUnicode_GET_LENGTH(args[1]) != 1) {
            PyErr_SetString(PyExc_TypeError, "The fill character must be exactly one character long");
            return NULL;
        }
        fill = PyUnicode_READ_CHAR(args[1], 0);
    }
    return _cpx_unicode_pad(s, width, fill, align);
}

static PyObject *str_center(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_pad(s, a, n, '^', "center"); }
static PyObject *str_ljust(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_pad(s, a, n, '<', "ljust"); }
static PyObject *str_rjust(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_pad(s, a, n, '>', "rjust"); }

static PyObject *str_zfill(PyObject *s, PyObject *arg)
{
    Py_ssize_t width = as_index(arg);
    if (width == -1 && PyErr_Occurred())
        return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (len >= width)
        return _cpx_unicode_exact(s);
    PyObject *r = _cpx_unicode_pad(s, width, '0', '>');
    if (r == NULL)
        return NULL;
    Py_UCS4 first = len ? PyUnicode_READ_CHAR(s, 0) : 0;
    if (first == '+' || first == '-') {
        void *d = PyUnicode_DATA(r);
        int kind = PyUnicode_KIND(r);
        PyUnicode_WRITE(kind, d, 0, first);
        PyUnicode_WRITE(kind, d, width - len, '0');
    }
    return r;
}

static PyObject *str_expandtabs(PyObject *s, PyObject *const *args, Py_ssize_t nargs, PyObject *kw)
{
    static const char *const names[] = {"tabsize"};
    PyObject *a[1];
    if (_cpx_parse_args("expandtabs", args, nargs, kw, names, 1, 0, a) < 0)
        return NULL;
    Py_ssize_t tabsize = 8;
    if (a[0] && (tabsize = as_index(a[0])) == -1 && PyErr_Occurred())
        return NULL;
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    Py_ssize_t col = 0, len = PyUnicode_GET_LENGTH(s);
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(s, i);
        int r;
        if (ch == '\t') {
            Py_ssize_t incr = tabsize > 0 ? tabsize - col % tabsize : 0;
            col += incr;
            r = _cpx_uw_fill(&w, ' ', incr);
        }
        else {
            col = (ch == '\n' || ch == '\r') ? 0 : col + 1;
            r = _cpx_uw_char(&w, ch);
        }
        if (r < 0) {
            _cpx_uw_discard(&w);
            return NULL;
        }
    }
    return _cpx_uw_finish(&w);
}

static PyObject *str_removeaffix(PyObject *s, PyObject *arg, int suffix)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s() argument must be str, not %.100s",
                     suffix ? "removesuffix" : "removeprefix", _cpx_type_name(arg));
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), m = PyUnicode_GET_LENGTH(arg);
    if (m && PyUnicode_Tailmatch(s, arg, 0, len, suffix ? 1 : -1) == 1)
        return suffix ? PyUnicode_Substring(s, 0, len - m) : PyUnicode_Substring(s, m, len);
    return _cpx_unicode_exact(s);
}

static PyObject *str_removeprefix(PyObject *s, PyObject *a) { return str_removeaffix(s, a, 0); }
static PyObject *str_removesuffix(PyObject *s, PyObject *a) { return str_removeaffix(s, a, 1); }

/* ---- searching wrappers ---- */

static PyObject *do_find(PyObject *s, PyObject *const *args, Py_ssize_t nargs, const char *name,
                         int direction, int raise)
{
    PyObject *sub;
    Py_ssize_t start, end;
    if (parse_finds(name, args, nargs, &sub, &start, &end) < 0)
        return NULL;
    Py_ssize_t i = PyUnicode_Find(s, sub, start, end, direction);
    if (i == -2)
        return NULL;
    if (i == -1 && raise) {
        PyErr_SetString(PyExc_ValueError, "substring not found");
        return NULL;
    }
    return PyLong_FromSsize_t(i);
}

static PyObject *str_find(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_find(s, a, n, "find", 1, 0); }
static PyObject *str_rfind(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_find(s, a, n, "rfind", -1, 0); }
static PyObject *str_index(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_find(s, a, n, "index", 1, 1); }
static PyObject *str_rindex(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_find(s, a, n, "rindex", -1, 1); }

static PyObject *str_count(PyObject *s, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *sub;
    Py_ssize_t start, end;
    if (parse_finds("count", args, nargs, &sub, &start, &end) < 0)
        return NULL;
    Py_ssize_t n = PyUnicode_Count(s, sub, start, end);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyObject *do_tailmatch(PyObject *s, PyObject *const *args, Py_ssize_t nargs,
                              const char *name, int direction)
{
    PyObject *sub;
    Py_ssize_t start, end;
    if (parse_finds(name, args, nargs, &sub, &start, &end) < 0)
        return NULL;
    if (PyTuple_Check(sub)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(sub); i++) {
            PyObject *item = PyTuple_GET_ITEM(sub, i);
            if (!PyUnicode_Check(item)) {
                PyErr_Format(PyExc_TypeError, "tuple for %s must only contain str, not %.100s",
                             name, _cpx_type_name(item));
                return NULL;
            }
            if (PyUnicode_Tailmatch(s, item, start, end, direction) == 1)
                Py_RETURN_TRUE;
        }
        Py_RETURN_FALSE;
    }
    if (!PyUnicode_Check(sub)) {
        PyErr_Format(PyExc_TypeError, "%s first arg must be str or a tuple of str, not %.100s",
                     name, _cpx_type_name(sub));
        return NULL;
    }
    Py_ssize_t r = PyUnicode_Tailmatch(s, sub, start, end, direction);
    return r < 0 ? NULL : PyBool_FromLong((long)r);
}

static PyObject *str_startswith(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_tailmatch(s, a, n, "startswith", -1); }
static PyObject *str_endswith(PyObject *s, PyObject *const *a, Py_ssize_t n) { return do_tailmatch(s, a, n, "endswith", 1); }

static PyObject *do_split(PyObject *s, PyObject *const *args, Py_ssize_t nargs, PyObject *kw,
                          const char *name, int reverse)
{
    static const char *const names[] = {"sep", "maxsplit"};
    PyObject *a[2];
    if (_cpx_parse_args(name, args, nargs, kw, names, 2, 0, a) < 0)
        return NULL;
    Py_ssize_t maxsplit = -1;
    if (a[1] && (maxsplit = as_index(a[1])) == -1 && PyErr_Occurred())
        return NULL;
    return reverse ? PyUnicode_RSplit(s, a[0], maxsplit) : PyUnicode_Split(s, a[0], maxsplit);
}

static PyObject *str_split(PyObject *s, PyObject *const *a, Py_ssize_t n, PyObject *kw) { return do_split(s, a, n, kw, "split", 0); }
static PyObject *str_rsplit(PyObject *s, PyObject *const *a, Py_ssize_t n, PyObject *kw) { return do_split(s, a, n, kw, "rsplit", 1); }

static PyObject *str_splitlines(PyObject *s, PyObject *const *args, Py_ssize_t nargs, PyObject *kw)
{
    static const char *const names[] = {"keepends"};
    PyObject *a[1];
    if (_cpx_parse_args("splitlines", args, nargs, kw, names, 1, 0, a) < 0)
        return NULL;
    int keep = 0;
    if (a[0]) {
        if (!PyLong_Check(a[0])) {
            PyErr_Format(PyExc_TypeError, "'%.200s' object cannot be interpreted as an integer",
                         _cpx_type_name(a[0]));
            return NULL;
        }
        keep = PyObject_IsTrue(a[0]);
    }
    return PyUnicode_Splitlines(s, keep);
}

static PyObject *str_partition(PyObject *s, PyObject *sep) { return PyUnicode_Partition(s, sep); }
static PyObject *str_rpartition(PyObject *s, PyObject *sep) { return PyUnicode_RPartition(s, sep); }
static PyObject *str_join(PyObject *s, PyObject *seq) { return PyUnicode_Join(s, seq); }

static PyObject *str_replace(PyObject *s, PyObject *const *args, Py_ssize_t nargs)
{
    if (check_positional("replace", nargs, 2, 3) < 0)
        return NULL;
    for (int i = 0; i < 2; i++)
        if (!PyUnicode_Check(args[i])) {
            PyErr_Format(PyExc_TypeError, "replace() argument %d must be str, not %.100s",
                         i + 1, _cpx_type_name(args[i]));
            return NULL;
        }
    Py_ssize_t count = -1;
    if (nargs > 2 && (count = as_index(args[2])) == -1 && PyErr_Occurred())
        return NULL;
    return PyUnicode_Replace(s, args[0], args[1], count);
}

static PyObject *str_encode(PyObject *s, PyObject *const *args, Py_ssize_t nargs, PyObject *kw)
{
    static const char *const names[] = {"encoding", "errors"};
    PyObject *a[2];
    const char *v[2] = {NULL, NULL};
    if (_cpx_parse_args("encode", args, nargs, kw, names, 2, 0, a) < 0)
        return NULL;
    for (int i = 0; i < 2; i++) {
        if (a[i] == NULL)
            continue;
        if (!PyUnicode_Check(a[i])) {
            PyErr_Format(PyExc_TypeError, "encode() argument '%s' must be str, not %.100s",
                         names[i], _cpx_type_name(a[i]));
            return NULL;
        }
        if ((v[i] = PyUnicode_AsUTF8(a[i])) == NULL)
            return NULL;
    }
    return PyUnicode_AsEncodedString(s, v[0] ? v[0] : "utf-8", v[1] ? v[1] : "strict");
}

/* format(s, spec): [[fill]align][0][width][.precision][s] */
static PyObject *str_format_spec(PyObject *s, PyObject *spec)
{
    if (!PyUnicode_Check(spec)) {
        PyErr_Format(PyExc_TypeError, "__format__() argument must be str, not %.100s",
                     _cpx_type_name(spec));
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(spec), i = 0;
    if (n == 0)
        return _cpx_unicode_exact(s);
#define AT(k) ((k) < n ? PyUnicode_READ_CHAR(spec, (k)) : 0)
#define IS_ALIGN(c) ((c) == '<' || (c) == '>' || (c) == '^' || (c) == '=')
    Py_UCS4 fill = ' ', align = '<';
    int have_align = 0;
    if (n >= 2 && IS_ALIGN(AT(1))) {
        fill = AT(0);
        align = AT(1);
        i = 2;
        have_align = 1;
    }
    else if (IS_ALIGN(AT(0))) {
        align = AT(0);
        i = 1;
        have_align = 1;
    }
    if (AT(i) == '+' || AT(i) == '-' || AT(i) == ' ') {
        PyErr_SetString(PyExc_ValueError, "Sign not allowed in string format specifier");
        return NULL;
    }
    if (AT(i) == '#') {
        PyErr_SetString(PyExc_ValueError, "Alternate form (#) not allowed in string format specifier");
        return NULL;
    }
    if (AT(i) == '0') {
        if (!have_align)
            fill = '0';
        i++;
    }
    Py_ssize_t width = -1, prec = -1;
    for (; i < n && AT(i) >= '0' && AT(i) <= '9'; i++)
        width = (width < 0 ? 0 : width * 10) + (Py_ssize_t)(AT(i) - '0');
    if (AT(i) == ',' || AT(i) == '_') {
        PyErr_SetString(PyExc_ValueError, "Cannot specify ',' with 's'.");
        return NULL;
    }
    if (AT(i) == '.' && i < n) {
        i++;
        prec = 0;
        if (!(AT(i) >= '0' && AT(i) <= '9')) {
            PyErr_SetString(PyExc_ValueError, "Format specifier missing precision");
            return NULL;
        }
        for (; i < n && AT(i) >= '0' && AT(i) <= '9'; i++)
            prec = prec * 10 + (Py_ssize_t)(AT(i) - '0');
    }
    if (i < n && !(i == n - 1 && AT(i) == 's')) {
        if (i == n - 1) {
            Py_UCS4 t = AT(i);
            if (t > 32 && t < 128)
                PyErr_Format(PyExc_ValueError, "Unknown format code '%c' for object of type 'str'", (int)t);
            else
                PyErr_Format(PyExc_ValueError, "Unknown format code '\\x%x' for object of type 'str'", (unsigned)t);
        }
        else
            PyErr_SetString(PyExc_ValueError, "Invalid format specifier");
        return NULL;
    }
    if (align == '=') {
        PyErr_SetString(PyExc_ValueError, "'=' alignment not allowed in string format specifier");
        return NULL;
    }
#undef AT
#undef IS_ALIGN
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    PyObject *text = prec >= 0 && prec < len ? PyUnicode_Substring(s, 0, prec) : _cpx_unicode_exact(s);
    if (text == NULL || width < 0)
        return text;
    PyObject *r = _cpx_unicode_pad(text, width, fill, (char)align);
    Py_DECREF(text);
    return r;
}

static PyObject *str_sizeof(PyObject *s, PyObject *u)
{
    Py_ssize_t size = PyUnicode_IS_ASCII(s) ? (Py_ssize_t)sizeof(PyASCIIObject)
                                            : (Py_ssize_t)sizeof(PyCompactUnicodeObject);
    size += (PyUnicode_GET_LENGTH(s) + 1) * PyUnicode_KIND(s);
    if (!PyUnicode_IS_ASCII(s) && _PyCompactUnicodeObject_CAST(s)->utf8)
        size += _PyCompactUnicodeObject_CAST(s)->utf8_length + 1;
    return PyLong_FromSsize_t(size);
}

static PyObject *str_getnewargs(PyObject *s, PyObject *u)
{
    PyObject *copy = _cpx_unicode_exact(s);
    if (copy == NULL)
        return NULL;
    PyObject *t = PyTuple_New(1);
    if (t == NULL) {
        Py_DECREF(copy);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, copy);
    return t;
}

#define FAST(name, fn) {name, (PyCFunction)(void (*)(void))(fn), METH_FASTCALL, NULL}
#define FASTKW(name, fn) {name, (PyCFunction)(void (*)(void))(fn), METH_FASTCALL | METH_KEYWORDS, NULL}
#define NOARGS(name, fn) {name, (PyCFunction)(fn), METH_NOARGS, NULL}
#define ONE(name, fn) {name, (PyCFunction)(fn), METH_O, NULL}

PyMethodDef _cpx_unicode_methods[] = {
    FASTKW("encode", str_encode),
    ONE("join", str_join),
    FASTKW("split", str_split),
    FASTKW("rsplit", str_rsplit),
    FASTKW("splitlines", str_splitlines),
    FAST("strip", str_strip),
    FAST("lstrip", str_lstrip),
    FAST("rstrip", str_rstrip),
    FAST("startswith", str_startswith),
    FAST("endswith", str_endswith),
    FAST("find", str_find),
    FAST("rfind", str_rfind),
    FAST("index", str_index),
    FAST("rindex", str_rindex),
    FAST("count", str_count),
    FAST("replace", str_replace),
    NOARGS("lower", str_lower),
    NOARGS("upper", str_upper),
    NOARGS("casefold", str_casefold),
    NOARGS("swapcase", str_swapcase),
    NOARGS("capitalize", str_capitalize),
    NOARGS("title", str_title),
    NOARGS("isdigit", str_isdigit),
    NOARGS("isdecimal", str_isdecimal),
    NOARGS("isnumeric", str_isnumeric),
    NOARGS("isalpha", str_isalpha),
    NOARGS("isalnum", str_isalnum),
    NOARGS("isspace", str_isspace),
    NOARGS("islower", str_islower),
    NOARGS("isupper", str_isupper),
    NOARGS("istitle", str_istitle),
    NOARGS("isascii", str_isascii),
    NOARGS("isidentifier", str_isidentifier),
    NOARGS("isprintable", str_isprintable),
    ONE("partition", str_partition),
    ONE("rpartition", str_rpartition),
    ONE("zfill", str_zfill),
    FAST("center", str_center),
    FAST("ljust", str_ljust),
    FAST("rjust", str_rjust),
    FASTKW("expandtabs", str_expandtabs),
    ONE("removeprefix", str_removeprefix),
    ONE("removesuffix", str_removesuffix),
    ONE("__format__", str_format_spec),
    {"format", (PyCFunction)(void (*)(void))_cpx_unicode_format_method, METH_VARARGS | METH_KEYWORDS, NULL},
    ONE("format_map", _cpx_unicode_format_map),
    ONE("translate", _cpx_unicode_translate),
    {"maketrans", (PyCFunction)(void (*)(void))_cpx_unicode_maketrans, METH_FASTCALL | METH_STATIC, NULL},
    NOARGS("__sizeof__", str_sizeof),
    NOARGS("__getnewargs__", str_getnewargs),
    {NULL, NULL, 0, NULL},
};
