/* unicode_utf8.c: the UTF-8, ASCII and Latin-1 codecs, str creation from
 * UTF-8 C strings (PyUnicode_FromString...) and the cached UTF-8 form of a
 * str (PyUnicode_AsUTF8AndSize).
 *
 * Invariants: decoding valid UTF-8 takes a validating first pass and then
 * writes straight into an exact-size str; any invalid byte switches to a
 * _cpx_uwriter that applies the error handler (unicode_codecs.c). The UTF-8
 * cache of a non-ASCII str is a PyObject_Malloc block owned by the str (see
 * unicodeobject.c); an ASCII str is its own UTF-8. */
#include "unicode_internal.h"

/* ---- UTF-8 ---- */

#define U8_INVALID_START (-1)
#define U8_END_OF_DATA (-2)
#define U8_BAD_CONT(k) (-10 - (k))   /* k bytes form the invalid sequence */

/* Decode one sequence at p (p < end): its length, or a U8_* error. */
static inline int utf8_step(const unsigned char *p, const unsigned char *end, Py_UCS4 *out)
{
    unsigned b0 = p[0];
    if (b0 < 0x80) {
        *out = b0;
        return 1;
    }
    int need;
    unsigned lo = 0x80, hi = 0xBF;
    if (b0 < 0xC2)
        return U8_INVALID_START;
    if (b0 < 0xE0)
        need = 2;
    else if (b0 < 0xF0) {
        need = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    }
    else if (b0 < 0xF5) {
        need = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    }
    else
        return U8_INVALID_START;
    Py_UCS4 ch = b0 & (0x7F >> need);
    for (int i = 1; i < need; i++) {
        if (p + i >= end)
            return U8_END_OF_DATA;
        unsigned b = p[i];
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
            return U8_BAD_CONT(i);
        ch = (ch << 6) | (b & 0x3F);
    }
    *out = ch;
    return need;
}

static PyObject *utf8_decode_slow(const char *s, Py_ssize_t n, const char *errors,
                                  Py_ssize_t *consumed, Py_ssize_t pos, enum _cpx_codec codec_id)
{
    const unsigned char *u = (const unsigned char *)s, *end = u + n;
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    if (_cpx_uw_reserve(&w, n - pos, 0x7F) < 0 || _cpx_uw_latin1(&w, u, pos) < 0)
        goto fail;
    while (pos < n) {
        Py_UCS4 ch;
        int r = utf8_step(u + pos, end, &ch);
        if (r > 0) {
            if (_cpx_uw_char(&w, ch) < 0)
                goto fail;
            pos += r;
            continue;
        }
        const char *reason;
        Py_ssize_t errend;
        if (r == U8_INVALID_START) {
            reason = "invalid start byte";
            errend = pos + 1;
        }
        else if (r == U8_END_OF_DATA) {
            if (consumed)
                break;
            reason = "unexpected end of data";
            errend = n;
        }
        else {
            /* A truncated surrogate at the very end may still be completed. */
            if (consumed && u[pos] == 0xED && n - pos == 2 && u[pos + 1] >= 0xA0 && u[pos + 1] <= 0xBF)
                break;
            reason = "invalid continuation byte";
            errend = pos + (U8_BAD_CONT(0) - r);
        }
        if (_cpx_decode_error(errors, codec_id, reason, s, n, pos, errend, &w, &pos) < 0)
            goto fail;
    }
    if (consumed)
        *consumed = pos;
    return _cpx_uw_finish(&w);
fail:
    _cpx_uw_discard(&w);
    return NULL;
}

PyObject *_cpx_utf8_decode(const char *s, Py_ssize_t n, const char *errors,
                             Py_ssize_t *consumed, enum _cpx_codec codec_id)
{
    const unsigned char *u = (const unsigned char *)s, *end = u + n;
    Py_ssize_t pos = 0;
    while (pos < n && u[pos] < 0x80)
        pos++;
    if (pos == n) {
        if (consumed)
            *consumed = n;
        return _cpx_unicode_from_ascii(s, n);
    }
    /* First pass: validate, count characters, find the largest. */
    Py_ssize_t nchars = pos, p = pos;
    Py_UCS4 maxchar = 0;
    while (p < n) {
        Py_UCS4 ch;
        int r = utf8_step(u + p, end, &ch);
        if (r < 0)
            return utf8_decode_slow(s, n, errors, consumed, pos, codec_id);
        if (ch > maxchar)
            maxchar = ch;
        p += r;
        nchars++;
    }
    PyObject *res = PyUnicode_New(nchars, maxchar);
    if (res == NULL)
        return NULL;
    int kind = PyUnicode_KIND(res);
    void *d = PyUnicode_DATA(res);
    Py_ssize_t i = 0;
    for (; i < pos; i++)
        PyUnicode_WRITE(kind, d, i, u[i]);
    for (p = pos; p < n; i++) {
        Py_UCS4 ch = 0;
        p += utf8_step(u + p, end, &ch);
        PyUnicode_WRITE(kind, d, i, ch);
    }
    if (consumed)
        *consumed = n;
    return res;
}

PyObject *PyUnicode_DecodeUTF8Stateful(const char *s, Py_ssize_t size, const char *errors,
                                       Py_ssize_t *consumed)
{
    return _cpx_utf8_decode(s, size, errors, consumed, C_UTF8);
}

PyObject *PyUnicode_DecodeUTF8(const char *s, Py_ssize_t size, const char *errors)
{
    return _cpx_utf8_decode(s, size, errors, NULL, C_UTF8);
}

PyObject *PyUnicode_FromStringAndSize(const char *u, Py_ssize_t size)
{
    if (size < 0) {
        PyErr_SetString(PyExc_SystemError, "Negative size passed to PyUnicode_FromStringAndSize");
        return NULL;
    }
    if (u == NULL && size != 0) {
        PyErr_BadInternalCall();
        return NULL;
    }
    return _cpx_utf8_decode(u, size, NULL, NULL, C_UTF8);
}

PyObject *PyUnicode_FromString(const char *u)
{
    size_t size = strlen(u);
    if (size > PY_SSIZE_T_MAX) {
        PyErr_SetString(PyExc_OverflowError, "input too long");
        return NULL;
    }
    return _cpx_utf8_decode(u, (Py_ssize_t)size, NULL, NULL, C_UTF8);
}

/* The UTF-8 size of s, or -1 if it holds a surrogate (*bad = its index). */
static Py_ssize_t utf8_size(PyObject *s, Py_ssize_t *bad)
{
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), size = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, d, i);
        if (ch < 0x80)
            size += 1;
        else if (ch < 0x800)
            size += 2;
        else if (ch < 0x10000) {
            if (Py_UNICODE_IS_SURROGATE(ch)) {
                *bad = i;
                return -1;
            }
            size += 3;
        }
        else
            size += 4;
    }
    return size;
}

static char *utf8_put(char *o, Py_UCS4 ch)
{
    if (ch < 0x80)
        *o++ = (char)ch;
    else if (ch < 0x800) {
        *o++ = (char)(0xC0 | (ch >> 6));
        *o++ = (char)(0x80 | (ch & 0x3F));
    }
    else if (ch < 0x10000) {
        *o++ = (char)(0xE0 | (ch >> 12));
        *o++ = (char)(0x80 | ((ch >> 6) & 0x3F));
        *o++ = (char)(0x80 | (ch & 0x3F));
    }
    else {
        *o++ = (char)(0xF0 | (ch >> 18));
        *o++ = (char)(0x80 | ((ch >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((ch >> 6) & 0x3F));
        *o++ = (char)(0x80 | (ch & 0x3F));
    }
    return o;
}

static void utf8_write(PyObject *s, char *o)
{
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    for (Py_ssize_t i = 0; i < len; i++)
        o = utf8_put(o, PyUnicode_READ(kind, d, i));
}

Py_ssize_t _cpx_surrogate_run_end(PyObject *s, Py_ssize_t i)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    while (i < len && Py_UNICODE_IS_SURROGATE(PyUnicode_READ_CHAR(s, i)))
        i++;
    return i;
}

static PyObject *utf8_encode_slow(PyObject *s, const char *errors, enum _cpx_codec c)
{
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (c == C_UTF8SIG && _cpx_bb_put(&b, "\xEF\xBB\xBF", 3) < 0)
        goto fail;
    for (Py_ssize_t i = 0; i < len;) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(s, i);
        if (Py_UNICODE_IS_SURROGATE(ch)) {
            Py_ssize_t end = _cpx_surrogate_run_end(s, i);
            if (_cpx_encode_error(errors, C_UTF8, _cpx_codec_names[c], "surrogates not allowed",
                             s, i, end, &b) < 0)
                goto fail;
            i = end;
            continue;
        }
        if (_cpx_bb_reserve(&b, 4) < 0)
            goto fail;
        b.len = utf8_put(b.data + b.len, ch) - b.data;
        i++;
    }
    return _cpx_bb_finish(&b);
fail:
    _cpx_bb_discard(&b);
    return NULL;
}

PyObject *_cpx_utf8_encode_as(PyObject *s, const char *errors, enum _cpx_codec c)
{
    Py_ssize_t bad;
    if (PyUnicode_IS_ASCII(s) && c == C_UTF8)
        return PyBytes_FromStringAndSize(PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s));
    if (!PyUnicode_IS_ASCII(s) && PyUnicode_IS_COMPACT(s) && c == C_UTF8) {
        PyCompactUnicodeObject *cu = _PyCompactUnicodeObject_CAST(s);
        if (cu->utf8 != NULL)
            return PyBytes_FromStringAndSize(cu->utf8, cu->utf8_length);
    }
    Py_ssize_t size = utf8_size(s, &bad);
    if (size < 0)
        return utf8_encode_slow(s, errors, c);
    Py_ssize_t off = c == C_UTF8SIG ? 3 : 0;
    PyObject *r = PyBytes_FromStringAndSize(NULL, size + off);
    if (r != NULL) {
        memcpy(PyBytes_AS_STRING(r), "\xEF\xBB\xBF", (size_t)off);
        utf8_write(s, PyBytes_AS_STRING(r) + off);
    }
    return r;
}

PyObject *_cpx_utf8_encode(PyObject *s, const char *errors)
{
    return _cpx_utf8_encode_as(s, errors, C_UTF8);
}

const char *PyUnicode_AsUTF8AndSize(PyObject *s, Py_ssize_t *psize)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    if (PyUnicode_IS_ASCII(s)) {
        if (psize)
            *psize = PyUnicode_GET_LENGTH(s);
        return PyUnicode_DATA(s);
    }
    PyCompactUnicodeObject *cu = _PyCompactUnicodeObject_CAST(s);
    if (cu->utf8 == NULL) {
        Py_ssize_t bad;
        Py_ssize_t size = utf8_size(s, &bad);
        if (size < 0) {
            _cpx_raise_encode("utf-8", s, bad, _cpx_surrogate_run_end(s, bad), "surrogates not allowed");
            return NULL;
        }
        char *buf = PyObject_Malloc((size_t)size + 1);
        if (buf == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        utf8_write(s, buf);
        buf[size] = 0;
        cu->utf8 = buf;
        cu->utf8_length = size;
    }
    if (psize)
        *psize = cu->utf8_length;
    return cu->utf8;
}

const char *PyUnicode_AsUTF8(PyObject *s)
{
    return PyUnicode_AsUTF8AndSize(s, NULL);
}

PyObject *_PyUnicode_AsUTF8String(PyObject *s, const char *errors)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    return _cpx_utf8_encode_as(s, errors, C_UTF8);
}

PyObject *PyUnicode_AsUTF8String(PyObject *s)
{
    return _PyUnicode_AsUTF8String(s, NULL);
}

/* ---- ASCII and Latin-1 ---- */

PyObject *_cpx_charmap_decode(const char *s, Py_ssize_t n, const char *errors, enum _cpx_codec c)
{
    const unsigned char *u = (const unsigned char *)s;
    if (c == C_LATIN1)
        return _cpx_unicode_from_ucs1(u, n);
    Py_ssize_t pos = 0;
    while (pos < n && u[pos] < 0x80)
        pos++;
    if (pos == n)
        return _cpx_unicode_from_ascii(s, n);
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    if (_cpx_uw_latin1(&w, u, pos) < 0)
        goto fail;
    while (pos < n) {
        if (u[pos] < 0x80) {
            if (_cpx_uw_char(&w, u[pos++]) < 0)
                goto fail;
        }
        else if (_cpx_decode_error(errors, C_ASCII, "ordinal not in range(128)", s, n,
                              pos, pos + 1, &w, &pos) < 0)
            goto fail;
    }
    return _cpx_uw_finish(&w);
fail:
    _cpx_uw_discard(&w);
    return NULL;
}

PyObject *PyUnicode_DecodeASCII(const char *s, Py_ssize_t size, const char *errors)
{
    return _cpx_charmap_decode(s, size, errors, C_ASCII);
}

PyObject *PyUnicode_DecodeLatin1(const char *s, Py_ssize_t size, const char *errors)
{
    return _cpx_charmap_decode(s, size, errors, C_LATIN1);
}

PyObject *_cpx_charmap_encode(PyObject *s, const char *errors, enum _cpx_codec c)
{
    Py_UCS4 limit = c == C_ASCII ? 0x80 : 0x100;
    if (PyUnicode_IS_ASCII(s) || (c == C_LATIN1 && PyUnicode_KIND(s) == 1))
        return PyBytes_FromStringAndSize(PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s));
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    if (_cpx_bb_reserve(&b, len) < 0)
        return NULL;
    for (Py_ssize_t i = 0; i < len;) {
        Py_UCS4 ch = PyUnicode_READ(kind, d, i);
        if (ch < limit) {
            if (_cpx_bb_byte(&b, (int)ch) < 0)
                goto fail;
            i++;
            continue;
        }
        Py_ssize_t end = i + 1;
        while (end < len && PyUnicode_READ(kind, d, end) >= limit)
            end++;
        if (_cpx_encode_error(errors, c, _cpx_codec_names[c],
                         c == C_ASCII ? "ordinal not in range(128)" : "ordinal not in range(256)",
                         s, i, end, &b) < 0)
            goto fail;
        i = end;
    }
    return _cpx_bb_finish(&b);
fail:
    _cpx_bb_discard(&b);
    return NULL;
}

PyObject *PyUnicode_AsASCIIString(PyObject *s)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    return _cpx_charmap_encode(s, NULL, C_ASCII);
}

PyObject *PyUnicode_AsLatin1String(PyObject *s)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    return _cpx_charmap_encode(s, NULL, C_LATIN1);
}
