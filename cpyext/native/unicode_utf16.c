/* unicode_utf16.c: the UTF-16 and UTF-32 codecs, both byte orders, with
 * byte order mark handling for the unmarked forms (decoding detects a BOM
 * and defaults to little endian; encoding writes a little-endian BOM).
 *
 * Invariants: decoders build into a _cpx_uwriter, encoders into a
 * _cpx_bbuf; errors go through the shared handlers in unicode_codecs.c.
 * Arguments are borrowed, results new references. */
#include "unicode_internal.h"

/* ---- UTF-16 and UTF-32 ---- */

static Py_UCS4 read_unit(const unsigned char *p, int width, int big)
{
    if (width == 2)
        return big ? (Py_UCS4)(p[0] << 8 | p[1]) : (Py_UCS4)(p[1] << 8 | p[0]);
    return big ? ((Py_UCS4)p[0] << 24 | (Py_UCS4)p[1] << 16 | (Py_UCS4)p[2] << 8 | p[3])
               : ((Py_UCS4)p[3] << 24 | (Py_UCS4)p[2] << 16 | (Py_UCS4)p[1] << 8 | p[0]);
}

/* *byteorder: -1 little, 1 big, 0 detect a BOM (then little). */
PyObject *_cpx_utf16_32_decode(const char *s, Py_ssize_t n, const char *errors,
                                 int *byteorder, Py_ssize_t *consumed, int width)
{
    const unsigned char *u = (const unsigned char *)s;
    int bo = byteorder ? *byteorder : 0;
    Py_ssize_t pos = 0;
    if (bo == 0 && n >= width) {
        Py_UCS4 bom = read_unit(u, width, 0);
        if (bom == 0xFEFF) {
            bo = -1;
            pos = width;
        }
        else if ((width == 2 && bom == 0xFFFE) || (width == 4 && bom == 0xFFFE0000)) {
            bo = 1;
            pos = width;
        }
    }
    if (byteorder)
        *byteorder = bo;
    int big = bo == 1;
    enum _cpx_codec c = width == 2 ? (big ? C_UTF16BE : C_UTF16LE) : (big ? C_UTF32BE : C_UTF32LE);
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    if (_cpx_uw_reserve(&w, (n - pos) / width, 0x7F) < 0)
        goto fail;
    while (pos < n) {
        const char *reason = NULL;
        Py_ssize_t errend = pos + width;
        if (n - pos < width) {
            if (consumed)
                break;
            reason = "truncated data";
            errend = n;
        }
        else {
            Py_UCS4 ch = read_unit(u + pos, width, big);
            if (width == 4) {
                if (ch > CPX_MAX_UNICODE)
                    reason = "code point not in range(0x110000)";
                else if (Py_UNICODE_IS_SURROGATE(ch))
                    reason = "code point in surrogate code point range(0xd800, 0xe000)";
            }
            else if (Py_UNICODE_IS_HIGH_SURROGATE(ch)) {
                if (n - pos < 4) {
                    if (consumed)
                        break;
                    reason = "unexpected end of data";
                    errend = n;
                }
                else {
                    Py_UCS4 lo = read_unit(u + pos + 2, 2, big);
                    if (Py_UNICODE_IS_LOW_SURROGATE(lo)) {
                        ch = Py_UNICODE_JOIN_SURROGATES(ch, lo);
                        errend = pos + 4;
                    }
                    else
                        reason = "illegal UTF-16 surrogate";
                }
            }
            else if (Py_UNICODE_IS_LOW_SURROGATE(ch))
                reason = "illegal encoding";
            if (reason == NULL) {
                if (_cpx_uw_char(&w, ch) < 0)
                    goto fail;
                pos = errend;
                continue;
            }
        }
        if (_cpx_decode_error(errors, c, reason, s, n, pos, errend, &w, &pos) < 0)
            goto fail;
    }
    if (consumed)
        *consumed = pos;
    return _cpx_uw_finish(&w);
fail:
    _cpx_uw_discard(&w);
    return NULL;
}

PyObject *PyUnicode_DecodeUTF16Stateful(const char *s, Py_ssize_t size, const char *errors,
                                        int *byteorder, Py_ssize_t *consumed)
{
    return _cpx_utf16_32_decode(s, size, errors, byteorder, consumed, 2);
}

PyObject *PyUnicode_DecodeUTF16(const char *s, Py_ssize_t size, const char *errors, int *byteorder)
{
    return _cpx_utf16_32_decode(s, size, errors, byteorder, NULL, 2);
}

PyObject *PyUnicode_DecodeUTF32Stateful(const char *s, Py_ssize_t size, const char *errors,
                                        int *byteorder, Py_ssize_t *consumed)
{
    return _cpx_utf16_32_decode(s, size, errors, byteorder, consumed, 4);
}

PyObject *PyUnicode_DecodeUTF32(const char *s, Py_ssize_t size, const char *errors, int *byteorder)
{
    return _cpx_utf16_32_decode(s, size, errors, byteorder, NULL, 4);
}

static int put_unit(_cpx_bbuf *b, Py_UCS4 v, int width, int big)
{
    unsigned char o[4];
    for (int i = 0; i < width; i++) {
        int shift = big ? 8 * (width - 1 - i) : 8 * i;
        o[i] = (unsigned char)(v >> shift);
    }
    return _cpx_bb_put(b, o, width);
}

/* byteorder: -1 little, 1 big, 0 little with a BOM first. */
PyObject *_cpx_utf16_32_encode(PyObject *s, const char *errors, int byteorder, int width)
{
    int big = byteorder == 1;
    enum _cpx_codec c = width == 2 ? (big ? C_UTF16BE : C_UTF16LE) : (big ? C_UTF32BE : C_UTF32LE);
    const char *encoding = byteorder == 0 ? (width == 2 ? "utf-16" : "utf-32") : _cpx_codec_names[c];
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    if (_cpx_bb_reserve(&b, (len + 1) * width) < 0)
        return NULL;
    if (byteorder == 0 && put_unit(&b, 0xFEFF, width, 0) < 0)
        goto fail;
    for (Py_ssize_t i = 0; i < len;) {
        Py_UCS4 ch = PyUnicode_READ(kind, d, i);
        if (Py_UNICODE_IS_SURROGATE(ch)) {
            Py_ssize_t end = _cpx_surrogate_run_end(s, i);
            if (_cpx_encode_error(errors, c, encoding, "surrogates not allowed", s, i, end, &b) < 0)
                goto fail;
            i = end;
            continue;
        }
        int r;
        if (width == 2 && ch >= 0x10000)
            r = put_unit(&b, Py_UNICODE_HIGH_SURROGATE(ch), 2, big) < 0 ||
                put_unit(&b, Py_UNICODE_LOW_SURROGATE(ch), 2, big) < 0 ? -1 : 0;
        else
            r = put_unit(&b, ch, width, big);
        if (r < 0)
            goto fail;
        i++;
    }
    return _cpx_bb_finish(&b);
fail:
    _cpx_bb_discard(&b);
    return NULL;
}

PyObject *_PyUnicode_EncodeUTF16(PyObject *s, const char *errors, int byteorder)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    return _cpx_utf16_32_encode(s, errors, byteorder, 2);
}

PyObject *_PyUnicode_EncodeUTF32(PyObject *s, const char *errors, int byteorder)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    return _cpx_utf16_32_encode(s, errors, byteorder, 4);
}

PyObject *PyUnicode_AsUTF16String(PyObject *s)
{
    return _PyUnicode_EncodeUTF16(s, NULL, 0);
}

PyObject *PyUnicode_AsUTF32String(PyObject *s)
{
    return _PyUnicode_EncodeUTF32(s, NULL, 0);
}
