/* unicode_codecs.c: encoding and error-handler names, the error handlers
 * themselves, and the by-name entry points (PyUnicode_Decode,
 * PyUnicode_AsEncodedString, PyUnicode_FromEncodedObject). The codecs
 * proper are in unicode_utf8.c (UTF-8, ASCII, Latin-1), unicode_utf16.c
 * (UTF-16/32), unicode_escape.c (unicode_escape, raw_unicode_escape) and
 * unicode_charmap.c (the single-byte tables); the file system and locale
 * encodings in unicode_fs.c.
 *
 * Invariants:
 * - There is no codec registry: encoding names are normalised as Python's
 *   encodings package does and matched against the names and aliases of
 *   the codecs the shim implements (autogen_codecs.c, from CPython's
 *   encodings package); any other name raises
 *   LookupError("unknown encoding: NAME").
 * - Error handlers: strict, ignore, replace, surrogateescape,
 *   surrogatepass, backslashreplace, xmlcharrefreplace (namereplace is
 *   refused: there is no character name database). A handler name is
 *   looked at only when an error happens, as in CPython.
 * - Errors are raised as UnicodeDecodeError/UnicodeEncodeError instances
 *   with CPython's encoding names, ranges and reasons. A name CPython
 *   resolves through its codec registry (all but utf-8/16/32, ascii and
 *   latin-1 spelled plainly) gets the registry's wrapping of other errors
 *   ("decoding with 'cp1252' codec failed (LookupError: ...)"). Input
 *   objects are only borrowed; results are new references. */
#include "unicode_internal.h"


const char *const _cpx_codec_names[] = {
    "utf-8", "ascii", "latin-1", "utf-16", "utf-16-le", "utf-16-be",
    "utf-32", "utf-32-le", "utf-32-be", "utf-8-sig", "unicodeescape", "rawunicodeescape",
    "charmap",
};

static int compare_codec_name(const void *key, const void *entry)
{
    return strcmp((const char *)key, ((const struct _cpx_codec_name *)entry)->name);
}

static const struct _cpx_codec_name *find_codec_name(const char *normalised)
{
    return bsearch(normalised, _cpx_codec_name_table, (size_t)_cpx_codec_name_count,
                   sizeof(_cpx_codec_name_table[0]), compare_codec_name);
}

/* The codec id (enum _cpx_codec or CPX_CHARMAP(i)) of an encoding name,
 * found as CPython's encodings.search_function finds it: the name
 * lower-cased and normalised (runs of punctuation -> '_', non-ASCII
 * dropped), then an alias, then the alias with '.' -> '_', then a module. */
static int lookup_codec(const char *name)
{
    char buf[64];
    size_t n = 0;
    int punct = 0;
    for (const char *p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (Py_ISALNUM(c) || c == '.') {
            if (punct && n)
                buf[n++] = '_';
            if (n >= sizeof(buf) - 2)
                return C_UNKNOWN;
            buf[n++] = (char)Py_TOLOWER(c);
            punct = 0;
        }
        else if (c < 0x80) {
            punct = 1;
        }
    }
    buf[n] = 0;
    const struct _cpx_codec_name *found = find_codec_name(buf);
    if (found != NULL && found->is_alias)
        return found->codec;
    if (strchr(buf, '.') != NULL) {
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = '_';
        const struct _cpx_codec_name *alias = find_codec_name(buf);
        if (alias != NULL && alias->is_alias)
            return alias->codec;
    }
    return found != NULL ? found->codec : C_UNKNOWN;
}

static int codec_or_raise(const char *encoding)
{
    if (encoding == NULL)
        return C_UTF8;
    int c = lookup_codec(encoding);
    if (c == C_UNKNOWN)
        PyErr_Format(PyExc_LookupError, "unknown encoding: %s", encoding);
    return c;
}

/* ---- error handlers ---- */

enum handler { H_STRICT, H_IGNORE, H_REPLACE, H_SURROGATEESCAPE, H_SURROGATEPASS,
               H_BACKSLASHREPLACE, H_XMLCHARREFREPLACE, H_NAMEREPLACE, H_UNKNOWN };

static enum handler lookup_handler(const char *errors)
{
    static const char *const names[] = {
        "strict", "ignore", "replace", "surrogateescape", "surrogatepass",
        "backslashreplace", "xmlcharrefreplace", "namereplace",
    };
    if (errors == NULL)
        return H_STRICT;
    for (int i = 0; i < H_UNKNOWN; i++)
        if (strcmp(errors, names[i]) == 0)
            return (enum handler)i;
    return H_UNKNOWN;
}

static void raise_decode(const char *encoding, const char *s, Py_ssize_t n,
                         Py_ssize_t start, Py_ssize_t end, const char *reason)
{
    PyObject *exc = PyUnicodeDecodeError_Create(encoding, s, n, start, end, reason);
    if (exc != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
}

void _cpx_raise_encode(const char *encoding, PyObject *str, Py_ssize_t start,
                         Py_ssize_t end, const char *reason)
{
    PyObject *exc = PyObject_CallFunction(PyExc_UnicodeEncodeError, "sOnns",
                                          encoding, str, start, end, reason);
    if (exc != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
}

static int unknown_handler(const char *errors)
{
    PyErr_Format(PyExc_LookupError, "unknown error handler name '%.400s'", errors);
    return -1;
}

/* Try to read one surrogate encoded the codec's way at s[start:]; return
 * its byte length, or 0. */
static int read_surrogate(enum _cpx_codec c, const unsigned char *p, Py_ssize_t avail, Py_UCS4 *ch)
{
    Py_UCS4 v;
    switch (c) {
    case C_UTF8:
        if (avail < 3 || p[0] != 0xED || (p[1] & 0xE0) != 0xA0 || (p[2] & 0xC0) != 0x80)
            return 0;
        *ch = 0xD000 | ((Py_UCS4)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        return 3;
    case C_UTF16LE: case C_UTF16BE:
        if (avail < 2)
            return 0;
        v = c == C_UTF16LE ? (Py_UCS4)(p[0] | p[1] << 8) : (Py_UCS4)(p[1] | p[0] << 8);
        if (!Py_UNICODE_IS_SURROGATE(v))
            return 0;
        *ch = v;
        return 2;
    case C_UTF32LE: case C_UTF32BE:
        if (avail < 4)
            return 0;
        v = c == C_UTF32LE ? ((Py_UCS4)p[0] | (Py_UCS4)p[1] << 8 | (Py_UCS4)p[2] << 16 | (Py_UCS4)p[3] << 24)
                           : ((Py_UCS4)p[3] | (Py_UCS4)p[2] << 8 | (Py_UCS4)p[1] << 16 | (Py_UCS4)p[0] << 24);
        if (!Py_UNICODE_IS_SURROGATE(v))
            return 0;
        *ch = v;
        return 4;
    default:
        return 0;
    }
}

/* Apply the error handler to undecodable bytes [start, end): append the
 * replacement to w and set *resume, or raise. */
int _cpx_decode_error(const char *errors, enum _cpx_codec c, const char *reason,
                        const char *s, Py_ssize_t n, Py_ssize_t start, Py_ssize_t end,
                        _cpx_uwriter *w, Py_ssize_t *resume)
{
    const unsigned char *u = (const unsigned char *)s;
    const char *encoding = _cpx_codec_names[c];
    Py_UCS4 ch;
    int len;
    switch (lookup_handler(errors)) {
    case H_STRICT:
        break;
    case H_IGNORE:
        *resume = end;
        return 0;
    case H_REPLACE:
        *resume = end;
        return _cpx_uw_char(w, Py_UNICODE_REPLACEMENT_CHARACTER);
    case H_SURROGATEESCAPE: {
        Py_ssize_t i = start;
        for (; i < end && i < start + 4 && u[i] >= 0x80; i++)
            if (_cpx_uw_char(w, 0xDC00 + u[i]) < 0)
                return -1;
        if (i == start)
            break;
        *resume = i;
        return 0;
    }
    case H_SURROGATEPASS:
        len = read_surrogate(c, u + start, n - start, &ch);
        if (len == 0)
            break;
        *resume = start + len;
        return _cpx_uw_char(w, ch);
    case H_BACKSLASHREPLACE: {
        static const char hex[] = "0123456789abcdef";
        for (Py_ssize_t i = start; i < end; i++) {
            char buf[4] = {'\\', 'x', hex[u[i] >> 4], hex[u[i] & 15]};
            if (_cpx_uw_ascii(w, buf, 4) < 0)
                return -1;
        }
        *resume = end;
        return 0;
    }
    case H_XMLCHARREFREPLACE: case H_NAMEREPLACE:
        PyErr_SetString(PyExc_TypeError,
                        "don't know how to handle UnicodeDecodeError in error callback");
        return -1;
    case H_UNKNOWN:
        return unknown_handler(errors);
    }
    raise_decode(encoding, s, n, start, end, reason);
    return -1;
}

/* Encode ASCII replacement text in the codec's code unit (through `map`
 * for a charmap): 0, -1 on a memory error, -2 if the charmap lacks one of
 * its characters. */
static int put_text(enum _cpx_codec c, const struct _cpx_charmap *map, _cpx_bbuf *b,
                    const char *t, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)t[i];
        int r, byte;
        switch (c) {
        case C_UTF16LE: r = _cpx_bb_put(b, (char[]){(char)x, 0}, 2); break;
        case C_UTF16BE: r = _cpx_bb_put(b, (char[]){0, (char)x}, 2); break;
        case C_UTF32LE: r = _cpx_bb_put(b, (char[]){(char)x, 0, 0, 0}, 4); break;
        case C_UTF32BE: r = _cpx_bb_put(b, (char[]){0, 0, 0, (char)x}, 4); break;
        case C_CHARMAP:
            byte = _cpx_table_encode_char(map, x);
            if (byte < 0)
                return -2;
            r = _cpx_bb_byte(b, byte);
            break;
        default: r = _cpx_bb_byte(b, x); break;
        }
        if (r < 0)
            return -1;
    }
    return 0;
}

static int put_surrogate(enum _cpx_codec c, _cpx_bbuf *b, Py_UCS4 ch)
{
    switch (c) {
    case C_UTF8:
        return _cpx_bb_put(b, (char[]){(char)(0xE0 | (ch >> 12)), (char)(0x80 | ((ch >> 6) & 0x3F)),
                                       (char)(0x80 | (ch & 0x3F))}, 3);
    case C_UTF16LE: return _cpx_bb_put(b, (char[]){(char)(ch & 0xFF), (char)(ch >> 8)}, 2);
    case C_UTF16BE: return _cpx_bb_put(b, (char[]){(char)(ch >> 8), (char)(ch & 0xFF)}, 2);
    case C_UTF32LE: return _cpx_bb_put(b, (char[]){(char)(ch & 0xFF), (char)(ch >> 8), 0, 0}, 4);
    default: return _cpx_bb_put(b, (char[]){0, 0, (char)(ch >> 8), (char)(ch & 0xFF)}, 4);
    }
}

/* Apply the error handler to unencodable characters str[start:end) (map:
 * the table of a C_CHARMAP codec, else NULL). Replacement text the codec
 * cannot encode raises the original error, as CPython's charmap does. */
static int encode_error(const char *errors, enum _cpx_codec c, const struct _cpx_charmap *map,
                        const char *encoding, const char *reason, PyObject *str, Py_ssize_t start,
                        Py_ssize_t end, _cpx_bbuf *b)
{
    int kind = PyUnicode_KIND(str);
    const void *d = PyUnicode_DATA(str);
    char buf[16];
    int r = 0;
    switch (lookup_handler(errors)) {
    case H_STRICT:
        break;
    case H_IGNORE:
        return 0;
    case H_REPLACE:
        for (Py_ssize_t i = start; r == 0 && i < end; i++)
            r = put_text(c, map, b, "?", 1);
        goto replaced;
    case H_SURROGATEESCAPE:
        if (c == C_CHARMAP) {   /* all or nothing: CPython's generic handler */
            for (Py_ssize_t i = start; i < end; i++) {
                Py_UCS4 ch = PyUnicode_READ(kind, d, i);
                if (ch < 0xDC80 || ch > 0xDCFF)
                    goto raise;
            }
        }
        else if (c != C_UTF8 && c != C_ASCII && c != C_LATIN1)
            break;
        for (Py_ssize_t i = start; i < end; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, d, i);
            if (ch < 0xDC80 || ch > 0xDCFF) {
                start = i;
                goto raise;
            }
            if (_cpx_bb_byte(b, (int)(ch - 0xDC00)) < 0)
                return -1;
        }
        return 0;
    case H_SURROGATEPASS:
        if (c == C_ASCII || c == C_LATIN1 || c == C_CHARMAP)
            break;
        for (Py_ssize_t i = start; i < end; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, d, i);
            if (!Py_UNICODE_IS_SURROGATE(ch)) {
                start = i;
                goto raise;
            }
            if (put_surrogate(c, b, ch) < 0)
                return -1;
        }
        return 0;
    case H_BACKSLASHREPLACE:
        for (Py_ssize_t i = start; r == 0 && i < end; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, d, i);
            int n = ch < 0x100 ? snprintf(buf, sizeof buf, "\\x%02x", (unsigned)ch)
                  : ch < 0x10000 ? snprintf(buf, sizeof buf, "\\u%04x", (unsigned)ch)
                  : snprintf(buf, sizeof buf, "\\U%08x", (unsigned)ch);
            r = put_text(c, map, b, buf, n);
        }
        goto replaced;
    case H_XMLCHARREFREPLACE:
        for (Py_ssize_t i = start; r == 0 && i < end; i++) {
            int n = snprintf(buf, sizeof buf, "&#%u;", (unsigned)PyUnicode_READ(kind, d, i));
            r = put_text(c, map, b, buf, n);
        }
        goto replaced;
    case H_NAMEREPLACE:
        PyErr_SetString(PyExc_LookupError,
                        "the namereplace error handler is not supported (no character names)");
        return -1;
    case H_UNKNOWN:
        return unknown_handler(errors);
    }
    goto raise;     /* strict, or a handler this codec refuses */
replaced:           /* r: 0 done, -1 no memory, -2 the codec cannot encode the text */
    if (r != -2)
        return r;
raise:
    _cpx_raise_encode(encoding, str, start, end, reason);
    return -1;
}

int _cpx_encode_error(const char *errors, enum _cpx_codec c, const char *encoding,
                      const char *reason, PyObject *str, Py_ssize_t start, Py_ssize_t end,
                      _cpx_bbuf *b)
{
    return encode_error(errors, c, NULL, encoding, reason, str, start, end, b);
}

int _cpx_charmap_encode_error(const char *errors, const struct _cpx_charmap *map, PyObject *str,
                              Py_ssize_t start, Py_ssize_t end, _cpx_bbuf *b)
{
    return encode_error(errors, C_CHARMAP, map, "charmap", "character maps to <undefined>", str,
                        start, end, b);
}

/* ---- by name ---- */

/* Whether CPython decodes / encodes `encoding` without its codec registry
 * (PyUnicode_Decode's fast paths: utf-8, utf-16, utf-32, ascii, latin-1
 * under a few spellings, lower-cased, '-' read as '_'). */
static int fast_path_name(const char *encoding)
{
    static const char *const names[] = {
        "utf8", "utf_8", "utf16", "utf_16", "utf32", "utf_32", "ascii", "us_ascii",
        "latin1", "latin_1", "iso_8859_1", "iso8859_1",
    };
    char buf[16];
    size_t n = 0;
    for (const char *p = encoding; *p; p++) {
        if (n == sizeof(buf) - 1)
            return 0;
        buf[n++] = *p == '-' ? '_' : (char)Py_TOLOWER(*p);
    }
    buf[n] = 0;
    for (size_t i = 0; i < Py_ARRAY_LENGTH(names); i++)
        if (strcmp(buf, names[i]) == 0)
            return 1;
    return 0;
}

/* What CPython's codec registry does to an error a codec raised: an
 * exception whose class keeps BaseException's constructor (TypeError,
 * LookupError, a Warning...; not UnicodeError) is replaced by one of the
 * same class saying "<operation> with '<encoding>' codec failed (<type>:
 * <message>)", caused by the original. */
static void wrap_codec_error(const char *operation, const char *encoding)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyTypeObject *base = (PyTypeObject *)PyExc_BaseException;
    PyTypeObject *tp = (PyTypeObject *)type;
    if (value == NULL || tp->tp_init != base->tp_init || tp->tp_new != base->tp_new) {
        PyErr_Restore(type, value, tb);
        return;
    }
    if (tb != NULL)
        PyException_SetTraceback(value, tb);
    PyObject *wrapped = PyUnicode_FromFormat("%s with '%s' codec failed (%s: %S)", operation, encoding,
                                             tp->tp_name, value);
    PyObject *exc = wrapped != NULL ? PyObject_CallOneArg(type, wrapped) : NULL;
    Py_XDECREF(wrapped);
    if (exc == NULL) {   /* keep the original */
        PyErr_Clear();
        PyErr_Restore(type, value, tb);
        return;
    }
    PyException_SetCause(exc, value);   /* steals value */
    PyErr_SetObject(type, exc);
    Py_DECREF(exc);
    Py_DECREF(type);
    Py_XDECREF(tb);
}

static PyObject *decode_with(int c, const char *s, Py_ssize_t size, const char *errors)
{
    int bo;
    if (c > C_UNKNOWN)
        return _cpx_table_decode(s, size, errors, &_cpx_charmaps[c - CPX_CHARMAP(0)]);
    switch (c) {
    case C_UTF8: return _cpx_utf8_decode(s, size, errors, NULL, C_UTF8);
    case C_UTF8SIG:
        if (size >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            size -= 3;
        }
        return _cpx_utf8_decode(s, size, errors, NULL, C_UTF8);
    case C_ASCII: case C_LATIN1: return _cpx_charmap_decode(s, size, errors, c);
    case C_UTF16: case C_UTF32:
        bo = 0;
        return _cpx_utf16_32_decode(s, size, errors, &bo, NULL, c == C_UTF16 ? 2 : 4);
    case C_UTF16LE: case C_UTF16BE: case C_UTF32LE: case C_UTF32BE:
        bo = (c == C_UTF16BE || c == C_UTF32BE) ? 1 : -1;
        return _cpx_utf16_32_decode(s, size, errors, &bo, NULL, (c == C_UTF16LE || c == C_UTF16BE) ? 2 : 4);
    case C_UNICODE_ESCAPE: return PyUnicode_DecodeUnicodeEscape(s, size, errors);
    case C_RAW_UNICODE_ESCAPE: return PyUnicode_DecodeRawUnicodeEscape(s, size, errors);
    default:
        return NULL;
    }
}

PyObject *PyUnicode_Decode(const char *s, Py_ssize_t size, const char *encoding, const char *errors)
{
    int c = codec_or_raise(encoding);
    if (c == C_UNKNOWN)
        return NULL;
    PyObject *r = decode_with(c, s, size, errors);
    if (r == NULL && encoding != NULL && !fast_path_name(encoding))
        wrap_codec_error("decoding", encoding);
    return r;
}

static PyObject *encode_with(int c, PyObject *s, const char *errors)
{
    if (c > C_UNKNOWN)
        return _cpx_table_encode(s, errors, &_cpx_charmaps[c - CPX_CHARMAP(0)]);
    switch (c) {
    case C_UTF8: case C_UTF8SIG: return _cpx_utf8_encode_as(s, errors, c);
    case C_ASCII: case C_LATIN1: return _cpx_charmap_encode(s, errors, c);
    case C_UTF16: return _cpx_utf16_32_encode(s, errors, 0, 2);
    case C_UTF16LE: return _cpx_utf16_32_encode(s, errors, -1, 2);
    case C_UTF16BE: return _cpx_utf16_32_encode(s, errors, 1, 2);
    case C_UTF32: return _cpx_utf16_32_encode(s, errors, 0, 4);
    case C_UTF32LE: return _cpx_utf16_32_encode(s, errors, -1, 4);
    case C_UTF32BE: return _cpx_utf16_32_encode(s, errors, 1, 4);
    case C_UNICODE_ESCAPE: return _cpx_unicode_escape_encode(s, errors, 0);
    case C_RAW_UNICODE_ESCAPE: return _cpx_unicode_escape_encode(s, errors, 1);
    default: return NULL;
    }
}

PyObject *PyUnicode_AsEncodedString(PyObject *s, const char *encoding, const char *errors)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    int c = codec_or_raise(encoding);
    if (c == C_UNKNOWN)
        return NULL;
    PyObject *r = encode_with(c, s, errors);
    if (r == NULL && encoding != NULL && !fast_path_name(encoding))
        wrap_codec_error("encoding", encoding);
    return r;
}

PyObject *PyUnicode_FromEncodedObject(PyObject *obj, const char *encoding, const char *errors)
{
    if (obj == NULL) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (PyBytes_Check(obj)) {
        if (PyBytes_GET_SIZE(obj) == 0)
            return _cpx_unicode_empty();
        return PyUnicode_Decode(PyBytes_AS_STRING(obj), PyBytes_GET_SIZE(obj), encoding, errors);
    }
    if (PyUnicode_Check(obj)) {
        PyErr_SetString(PyExc_TypeError, "decoding str is not supported");
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(obj, &view, PyBUF_SIMPLE) < 0) {
        PyErr_Format(PyExc_TypeError, "decoding to str: need a bytes-like object, %.80s found",
                     _cpx_type_name(obj));
        return NULL;
    }
    PyObject *r;
    if (view.len == 0)
        r = _cpx_unicode_empty();
    else
        r = PyUnicode_Decode(view.buf, view.len, encoding, errors);
    PyBuffer_Release(&view);
    return r;
}

/* The default encoding of str.encode() and bytes.decode(), as in CPython 3. */
const char *PyUnicode_GetDefaultEncoding(void)
{
    return "utf-8";
}
PyObject *PyUnicode_BuildEncodingMap(PyObject *string)
{
    PyErr_SetString(PyExc_NotImplementedError, "PyUnicode_BuildEncodingMap is not supported");
    return NULL;
}
