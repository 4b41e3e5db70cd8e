/* unicode_codecs.c: encoding and error-handler names, the error handlers
 * themselves, and the by-name entry points (PyUnicode_Decode,
 * PyUnicode_AsEncodedString, PyUnicode_FromEncodedObject), the file system
 * and locale encodings (UTF-8 with surrogateescape), FSConverter and
 * FSDecoder, and the unicode_escape encoder. The codecs proper are in
 * unicode_utf8.c (UTF-8, ASCII, Latin-1) and unicode_utf16.c (UTF-16/32).
 *
 * Invariants:
 * - There is no codec registry: encoding names are normalised as Python's
 *   encodings package does and matched against the aliases of the built-in
 *   codecs (utf-8, utf-8-sig, ascii, latin-1, utf-16/32 and their -le/-be
 *   forms); any other name raises LookupError("unknown encoding: NAME").
 * - Error handlers: strict, ignore, replace, surrogateescape,
 *   surrogatepass, backslashreplace, xmlcharrefreplace (namereplace is
 *   refused: there is no character name database). A handler name is
 *   looked at only when an error happens, as in CPython.
 * - Errors are raised as UnicodeDecodeError/UnicodeEncodeError instances
 *   with CPython's encoding names, ranges and reasons. Input objects are
 *   only borrowed; results are new references. */
#include "unicode_internal.h"


const char *const _cpx_codec_names[] = {
    "utf-8", "ascii", "latin-1", "utf-16", "utf-16-le", "utf-16-be",
    "utf-32", "utf-32-le", "utf-32-be", "utf-8-sig",
};

/* Normalise like encodings.normalize_encoding, lower-cased; compare. */
static enum _cpx_codec lookup_codec(const char *name)
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
    static const struct { const char *alias; enum _cpx_codec c; } aliases[] = {
        {"utf_8", C_UTF8}, {"utf8", C_UTF8}, {"u8", C_UTF8}, {"utf", C_UTF8},
        {"utf8_ucs2", C_UTF8}, {"utf8_ucs4", C_UTF8}, {"cp65001", C_UTF8},
        {"utf_8_sig", C_UTF8SIG},
        {"ascii", C_ASCII}, {"us_ascii", C_ASCII}, {"646", C_ASCII}, {"us", C_ASCII},
        {"ansi_x3.4_1968", C_ASCII}, {"ansi_x3_4_1968", C_ASCII}, {"ansi_x3.4_1986", C_ASCII},
        {"cp367", C_ASCII}, {"csascii", C_ASCII}, {"ibm367", C_ASCII}, {"iso646_us", C_ASCII},
        {"iso_646.irv_1991", C_ASCII}, {"iso_ir_6", C_ASCII},
        {"latin_1", C_LATIN1}, {"latin1", C_LATIN1}, {"iso8859_1", C_LATIN1},
        {"iso_8859_1", C_LATIN1}, {"8859", C_LATIN1}, {"cp819", C_LATIN1}, {"l1", C_LATIN1},
        {"latin", C_LATIN1}, {"iso_ir_100", C_LATIN1}, {"csisolatin1", C_LATIN1},
        {"iso_8859_1_1987", C_LATIN1}, {"ibm819", C_LATIN1},
        {"utf_16", C_UTF16}, {"utf16", C_UTF16}, {"u16", C_UTF16},
        {"utf_16_le", C_UTF16LE}, {"utf_16le", C_UTF16LE}, {"unicodelittleunmarked", C_UTF16LE},
        {"utf_16_be", C_UTF16BE}, {"utf_16be", C_UTF16BE}, {"unicodebigunmarked", C_UTF16BE},
        {"utf_32", C_UTF32}, {"utf32", C_UTF32}, {"u32", C_UTF32},
        {"utf_32_le", C_UTF32LE}, {"utf_32le", C_UTF32LE},
        {"utf_32_be", C_UTF32BE}, {"utf_32be", C_UTF32BE},
    };
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (strcmp(buf, aliases[i].alias) == 0)
            return aliases[i].c;
    return C_UNKNOWN;
}

static enum _cpx_codec codec_or_raise(const char *encoding)
{
    if (encoding == NULL)
        return C_UTF8;
    enum _cpx_codec c = lookup_codec(encoding);
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

/* Encode ASCII replacement text in the codec's code unit. */
static int put_text(enum _cpx_codec c, _cpx_bbuf *b, const char *t, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)t[i];
        int r;
        switch (c) {
        case C_UTF16LE: r = _cpx_bb_put(b, (char[]){(char)x, 0}, 2); break;
        case C_UTF16BE: r = _cpx_bb_put(b, (char[]){0, (char)x}, 2); break;
        case C_UTF32LE: r = _cpx_bb_put(b, (char[]){(char)x, 0, 0, 0}, 4); break;
        case C_UTF32BE: r = _cpx_bb_put(b, (char[]){0, 0, 0, (char)x}, 4); break;
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

/* Apply the error handler to unencodable characters str[start:end). */
int _cpx_encode_error(const char *errors, enum _cpx_codec c, const char *encoding,
                        const char *reason, PyObject *str, Py_ssize_t start, Py_ssize_t end,
                        _cpx_bbuf *b)
{
    int kind = PyUnicode_KIND(str);
    const void *d = PyUnicode_DATA(str);
    char buf[16];
    switch (lookup_handler(errors)) {
    case H_STRICT:
        break;
    case H_IGNORE:
        return 0;
    case H_REPLACE:
        for (Py_ssize_t i = start; i < end; i++)
            if (put_text(c, b, "?", 1) < 0)
                return -1;
        return 0;
    case H_SURROGATEESCAPE:
        if (c != C_UTF8 && c != C_ASCII && c != C_LATIN1)
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
        if (c == C_ASCII || c == C_LATIN1)
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
        for (Py_ssize_t i = start; i < end; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, d, i);
            int n = ch < 0x100 ? snprintf(buf, sizeof buf, "\\x%02x", (unsigned)ch)
                  : ch < 0x10000 ? snprintf(buf, sizeof buf, "\\u%04x", (unsigned)ch)
                  : snprintf(buf, sizeof buf, "\\U%08x", (unsigned)ch);
            if (put_text(c, b, buf, n) < 0)
                return -1;
        }
        return 0;
    case H_XMLCHARREFREPLACE:
        for (Py_ssize_t i = start; i < end; i++) {
            int n = snprintf(buf, sizeof buf, "&#%u;", (unsigned)PyUnicode_READ(kind, d, i));
            if (put_text(c, b, buf, n) < 0)
                return -1;
        }
        return 0;
    case H_NAMEREPLACE:
        PyErr_SetString(PyExc_LookupError,
                        "the namereplace error handler is not supported (no character names)");
        return -1;
    case H_UNKNOWN:
        return unknown_handler(errors);
    }
raise:
    _cpx_raise_encode(encoding, str, start, end, reason);
    return -1;
}

/* ---- by name ---- */

PyObject *PyUnicode_Decode(const char *s, Py_ssize_t size, const char *encoding, const char *errors)
{
    int bo;
    enum _cpx_codec c = codec_or_raise(encoding);
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
    default:
        return NULL;
    }
}

PyObject *PyUnicode_AsEncodedString(PyObject *s, const char *encoding, const char *errors)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    enum _cpx_codec c = codec_or_raise(encoding);
    switch (c) {
    case C_UTF8: case C_UTF8SIG: return _cpx_utf8_encode_as(s, errors, c);
    case C_ASCII: case C_LATIN1: return _cpx_charmap_encode(s, errors, c);
    case C_UTF16: return _cpx_utf16_32_encode(s, errors, 0, 2);
    case C_UTF16LE: return _cpx_utf16_32_encode(s, errors, -1, 2);
    case C_UTF16BE: return _cpx_utf16_32_encode(s, errors, 1, 2);
    case C_UTF32: return _cpx_utf16_32_encode(s, errors, 0, 4);
    case C_UTF32LE: return _cpx_utf16_32_encode(s, errors, -1, 4);
    case C_UTF32BE: return _cpx_utf16_32_encode(s, errors, 1, 4);
    default: return NULL;
    }
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

/* ---- the file system encoding: UTF-8 with surrogateescape ---- */

PyObject *PyUnicode_DecodeFSDefaultAndSize(const char *s, Py_ssize_t size)
{
    return _cpx_utf8_decode(s, size, "surrogateescape", NULL, C_UTF8);
}

PyObject *PyUnicode_DecodeFSDefault(const char *s)
{
    return PyUnicode_DecodeFSDefaultAndSize(s, (Py_ssize_t)strlen(s));
}

PyObject *PyUnicode_EncodeFSDefault(PyObject *s)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    return _cpx_utf8_encode_as(s, "surrogateescape", C_UTF8);
}

/* The locale is taken to be UTF-8 (what Python's UTF-8 mode assumes). */
PyObject *PyUnicode_DecodeLocaleAndSize(const char *s, Py_ssize_t len, const char *errors)
{
    if (errors != NULL && strcmp(errors, "strict") != 0 && strcmp(errors, "surrogateescape") != 0) {
        PyErr_Format(PyExc_ValueError, "unsupported error handler");
        return NULL;
    }
    return _cpx_utf8_decode(s, len, errors, NULL, C_UTF8);
}

PyObject *PyUnicode_DecodeLocale(const char *s, const char *errors)
{
    return PyUnicode_DecodeLocaleAndSize(s, (Py_ssize_t)strlen(s), errors);
}

PyObject *PyUnicode_EncodeLocale(PyObject *s, const char *errors)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    return _cpx_utf8_encode_as(s, errors, C_UTF8);
}

#define CPX_CLEANUP_SUPPORTED 0x20000

int PyUnicode_FSConverter(PyObject *arg, void *addr)
{
    if (arg == NULL) {
        Py_DECREF(*(PyObject **)addr);
        *(PyObject **)addr = NULL;
        return 1;
    }
    PyObject *path = PyOS_FSPath(arg);
    if (path == NULL)
        return 0;
    PyObject *output;
    if (PyBytes_Check(path)) {
        output = path;
    }
    else {
        output = PyUnicode_EncodeFSDefault(path);
        Py_DECREF(path);
        if (output == NULL)
            return 0;
    }
    Py_ssize_t size = PyBytes_GET_SIZE(output);
    if ((size_t)size != strlen(PyBytes_AS_STRING(output))) {
        PyErr_SetString(PyExc_ValueError, "embedded null byte");
        Py_DECREF(output);
        return 0;
    }
    *(PyObject **)addr = output;
    return CPX_CLEANUP_SUPPORTED;
}

int PyUnicode_FSDecoder(PyObject *arg, void *addr)
{
    if (arg == NULL) {
        Py_DECREF(*(PyObject **)addr);
        *(PyObject **)addr = NULL;
        return 1;
    }
    PyObject *path = PyOS_FSPath(arg);
    if (path == NULL)
        return 0;
    PyObject *output;
    if (PyUnicode_Check(path)) {
        output = path;
    }
    else {
        output = PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(path), PyBytes_GET_SIZE(path));
        Py_DECREF(path);
        if (output == NULL)
            return 0;
    }
    if (PyUnicode_FindChar(output, 0, 0, PyUnicode_GET_LENGTH(output), 1) != -1) {
        PyErr_SetString(PyExc_ValueError, "embedded null character");
        Py_DECREF(output);
        return 0;
    }
    *(PyObject **)addr = output;
    return CPX_CLEANUP_SUPPORTED;
}

/* ---- unicode_escape (encoding only) ---- */

PyObject *PyUnicode_AsUnicodeEscapeString(PyObject *s)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(s, i);
        char buf[12];
        int n;
        if (ch == '\\') n = snprintf(buf, sizeof buf, "\\\\");
        else if (ch == '\t') n = snprintf(buf, sizeof buf, "\\t");
        else if (ch == '\n') n = snprintf(buf, sizeof buf, "\\n");
        else if (ch == '\r') n = snprintf(buf, sizeof buf, "\\r");
        else if (ch >= 0x20 && ch < 0x7F) { buf[0] = (char)ch; n = 1; }
        else if (ch < 0x100) n = snprintf(buf, sizeof buf, "\\x%02x", (unsigned)ch);
        else if (ch < 0x10000) n = snprintf(buf, sizeof buf, "\\u%04x", (unsigned)ch);
        else n = snprintf(buf, sizeof buf, "\\U%08x", (unsigned)ch);
        if (_cpx_bb_put(&b, buf, n) < 0) {
            _cpx_bb_discard(&b);
            return NULL;
        }
    }
    return _cpx_bb_finish(&b);
}

PyObject *PyUnicode_BuildEncodingMap(PyObject *string)
{
    PyErr_SetString(PyExc_NotImplementedError, "PyUnicode_BuildEncodingMap is not supported");
    return NULL;
}
