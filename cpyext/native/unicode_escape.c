/* unicode_escape.c: the unicode_escape and raw_unicode_escape codecs
 * (PyUnicode_DecodeUnicodeEscape, PyUnicode_AsUnicodeEscapeString and the
 * raw variants; by name through unicode_codecs.c).
 *
 * Invariants:
 * - Encoding never fails: unicode_escape writes printable ASCII as itself,
 *   \\ \t \n \r, and \xhh / \uhhhh / \Uhhhhhhhh for everything else;
 *   raw_unicode_escape writes characters below U+0100 as their byte and
 *   only the others as \u / \U escapes.
 * - Decoding: bytes other than escapes are Latin-1 characters. A bad escape
 *   is one error from its backslash to the first byte that does not fit
 *   (CPython's ranges and reasons), handled by the codec error handlers
 *   ('unicodeescape' / 'rawunicodeescape'). unicode_escape keeps an unknown
 *   escape (\q) and an octal escape above 0o377 and warns once per call
 *   (DeprecationWarning), as 3.11 does; \N{...} needs the character name
 *   database, which the shim does not have: it raises UnicodeError. */
#include "unicode_internal.h"

/* ---- encoding ---- */

PyObject *_cpx_unicode_escape_encode(PyObject *s, const char *errors, int raw)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(s, i);
        char buf[12];
        int n;
        if (raw ? ch < 0x100 : (ch >= 0x20 && ch < 0x7F && ch != '\\')) { buf[0] = (char)ch; n = 1; }
        else if (ch == '\\') n = snprintf(buf, sizeof buf, "\\\\");
        else if (ch == '\t') n = snprintf(buf, sizeof buf, "\\t");
        else if (ch == '\n') n = snprintf(buf, sizeof buf, "\\n");
        else if (ch == '\r') n = snprintf(buf, sizeof buf, "\\r");
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

PyObject *PyUnicode_AsUnicodeEscapeString(PyObject *s)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    return _cpx_unicode_escape_encode(s, NULL, 0);
}

PyObject *PyUnicode_AsRawUnicodeEscapeString(PyObject *s)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    return _cpx_unicode_escape_encode(s, NULL, 1);
}

/* ---- decoding ---- */

static int hex_value(unsigned char c)
{
    return Py_ISDIGIT(c) ? c - '0' : Py_ISXDIGIT(c) ? Py_TOLOWER(c) - 'a' + 10 : -1;
}

/* Read `count` hex digits at s[*pos:]; on success 1 with *pos past them,
 * else 0 with *pos at the first byte that is not one (or at n). */
static int read_hex(const unsigned char *u, Py_ssize_t n, Py_ssize_t *pos, int count, Py_UCS4 *ch)
{
    *ch = 0;
    for (; count > 0; count--, ++*pos) {
        int v = *pos < n ? hex_value(u[*pos]) : -1;
        if (v < 0)
            return 0;
        *ch = (*ch << 4) | (Py_UCS4)v;
    }
    return 1;
}

static PyObject *escape_decode(const char *s, Py_ssize_t n, const char *errors, int raw)
{
    enum _cpx_codec codec = raw ? C_RAW_UNICODE_ESCAPE : C_UNICODE_ESCAPE;
    const unsigned char *u = (const unsigned char *)s;
    const unsigned char *first_invalid = NULL;
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    Py_ssize_t pos = 0;
    while (pos < n) {
        unsigned char c = u[pos++];
        if (c != '\\') {
            if (_cpx_uw_char(&w, c) < 0)
                goto fail;
            continue;
        }
        Py_ssize_t start = pos - 1;
        const char *reason;
        Py_UCS4 ch;
        if (raw) {
            if (pos < n && u[pos] == '\\') {   /* an even run: both stay */
                pos++;
                if (_cpx_uw_ascii(&w, "\\\\", 2) < 0)
                    goto fail;
                continue;
            }
            if (pos >= n || (u[pos] != 'u' && u[pos] != 'U')) {
                if (_cpx_uw_char(&w, '\\') < 0)
                    goto fail;
                continue;
            }
        }
        if (pos >= n) {
            reason = "\\ at end of string";
            goto error;
        }
        c = u[pos++];
        int count = 0;
        switch (c) {
        case '\n': continue;
        case '\\': ch = '\\'; break;
        case '\'': ch = '\''; break;
        case '"': ch = '"'; break;
        case 'a': ch = 7; break;
        case 'b': ch = 8; break;
        case 'f': ch = 12; break;
        case 'n': ch = 10; break;
        case 'r': ch = 13; break;
        case 't': ch = 9; break;
        case 'v': ch = 11; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
            ch = c - '0';
            for (int more = 0; more < 2 && pos < n && u[pos] >= '0' && u[pos] <= '7'; more++)
                ch = (ch << 3) + (u[pos++] - '0');
            if (ch > 0377 && first_invalid == NULL)
                first_invalid = u + start;
            break;
        case 'x': count = 2; reason = "truncated \\xXX escape"; break;
        case 'u': count = 4; reason = "truncated \\uXXXX escape"; break;
        case 'U': count = 8; reason = "truncated \\UXXXXXXXX escape"; break;
        case 'N':
            PyErr_SetString(PyExc_UnicodeError, "\\N escapes not supported (can't load unicodedata module)");
            goto fail;
        default:
            if (first_invalid == NULL)
                first_invalid = u + start;
            if (_cpx_uw_char(&w, '\\') < 0 || _cpx_uw_char(&w, c) < 0)
                goto fail;
            continue;
        }
        if (count > 0) {
            if (!read_hex(u, n, &pos, count, &ch))
                goto error;
            if (ch > 0x10FFFF) {
                reason = raw ? "\\Uxxxxxxxx out of range" : "illegal Unicode character";
                goto error;
            }
        }
        if (_cpx_uw_char(&w, ch) < 0)
            goto fail;
        continue;
    error:
        if (_cpx_decode_error(errors, codec, reason, s, n, start, pos, &w, &pos) < 0)
            goto fail;
    }
    if (first_invalid != NULL) {
        int rc = first_invalid[1] >= '0' && first_invalid[1] <= '7'
            ? PyErr_WarnFormat(PyExc_DeprecationWarning, 1, "invalid octal escape sequence '\\%.3s'", first_invalid + 1)
            : PyErr_WarnFormat(PyExc_DeprecationWarning, 1, "invalid escape sequence '\\%c'", first_invalid[1]);
        if (rc < 0)
            goto fail;
    }
    return _cpx_uw_finish(&w);
fail:
    _cpx_uw_discard(&w);
    return NULL;
}

PyObject *PyUnicode_DecodeUnicodeEscape(const char *s, Py_ssize_t size, const char *errors)
{
    return escape_decode(s, size, errors, 0);
}

PyObject *PyUnicode_DecodeRawUnicodeEscape(const char *s, Py_ssize_t size, const char *errors)
{
    return escape_decode(s, size, errors, 1);
}
