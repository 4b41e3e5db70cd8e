/* unicode_charmap.c: the single-byte table codecs (cp1252, cp437, iso8859-15,
 * koi8-r, mac-roman, EBCDIC cp037 ...; the tables are autogen_codecs.c).
 *
 * Invariants:
 * - Decoding maps each byte through the table; an undefined byte
 *   (CPX_CHARMAP_UNDEFINED) is one error of one byte, "character maps to
 *   <undefined>", reported as the 'charmap' codec, as CPython does.
 * - Encoding is the reverse table, built on first use of a codec and kept
 *   for the process (one 256-entry page per high byte that occurs, the
 *   last byte winning for a character two bytes decode to -- the rule
 *   codecs_gen.py checked against CPython). A run of unencodable
 *   characters is one error; its replacement text goes through the table
 *   too (unicode_codecs.c, _cpx_charmap_encode_error). */
#include "unicode_internal.h"

/* reverse[page][low byte]: 1 + the byte a BMP character encodes to, 0: none. */
typedef struct { unsigned short *pages[256]; } reverse_table;

static reverse_table **reverse_tables;   /* one per charmap, built lazily */

static const reverse_table *reverse_of(const struct _cpx_charmap *map)
{
    if (reverse_tables == NULL) {
        reverse_tables = PyMem_RawCalloc((size_t)_cpx_charmap_count, sizeof(*reverse_tables));
        if (reverse_tables == NULL)
            return NULL;
    }
    Py_ssize_t index = map - _cpx_charmaps;
    if (reverse_tables[index] != NULL)
        return reverse_tables[index];
    reverse_table *t = PyMem_RawCalloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    for (int b = 0; b < 256; b++) {
        unsigned ch = map->decode[b];
        if (ch == CPX_CHARMAP_UNDEFINED)
            continue;
        unsigned short **page = &t->pages[ch >> 8];
        if (*page == NULL && (*page = PyMem_RawCalloc(256, sizeof(**page))) == NULL)
            return NULL;    /* pages made so far stay reachable from t, unpublished */
        (*page)[ch & 0xFF] = (unsigned short)(b + 1);
    }
    reverse_tables[index] = t;
    return t;
}

int _cpx_table_encode_char(const struct _cpx_charmap *map, Py_UCS4 ch)
{
    const reverse_table *t = reverse_of(map);
    if (t == NULL || ch > 0xFFFF || t->pages[ch >> 8] == NULL)
        return -1;
    return t->pages[ch >> 8][ch & 0xFF] - 1;
}

PyObject *_cpx_table_decode(const char *s, Py_ssize_t n, const char *errors, const struct _cpx_charmap *map)
{
    const unsigned char *u = (const unsigned char *)s;
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    Py_ssize_t pos = 0;
    while (pos < n) {
        Py_UCS4 ch = map->decode[u[pos]];
        if (ch != CPX_CHARMAP_UNDEFINED) {
            if (_cpx_uw_char(&w, ch) < 0)
                goto fail;
            pos++;
        }
        else if (_cpx_decode_error(errors, C_CHARMAP, "character maps to <undefined>", s, n, pos, pos + 1,
                                   &w, &pos) < 0)
            goto fail;
    }
    return _cpx_uw_finish(&w);
fail:
    _cpx_uw_discard(&w);
    return NULL;
}

PyObject *_cpx_table_encode(PyObject *str, const char *errors, const struct _cpx_charmap *map)
{
    const reverse_table *t = reverse_of(map);
    if (t == NULL)
        return PyErr_NoMemory();
    int kind = PyUnicode_KIND(str);
    const void *d = PyUnicode_DATA(str);
    Py_ssize_t len = PyUnicode_GET_LENGTH(str);
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    if (_cpx_bb_reserve(&b, len) < 0)
        return NULL;
    for (Py_ssize_t i = 0; i < len;) {
        int byte = _cpx_table_encode_char(map, PyUnicode_READ(kind, d, i));
        if (byte >= 0) {
            if (_cpx_bb_byte(&b, byte) < 0)
                goto fail;
            i++;
            continue;
        }
        Py_ssize_t end = i + 1;
        while (end < len && _cpx_table_encode_char(map, PyUnicode_READ(kind, d, end)) < 0)
            end++;
        if (_cpx_charmap_encode_error(errors, map, str, i, end, &b) < 0)
            goto fail;
        i = end;
    }
    return _cpx_bb_finish(&b);
fail:
    _cpx_bb_discard(&b);
    return NULL;
}
