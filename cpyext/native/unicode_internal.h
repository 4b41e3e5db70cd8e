/* unicode_internal.h: what the text family's files (unicodeobject.c,
 * unicode_*.c, bytesobject.c, bytes_*.c, bytearrayobject.c) share. Private
 * to that family: no other file includes it.
 *
 * Invariants:
 * - A str made here is compact and ready, with the narrowest kind for its
 *   largest character (ASCII strings have state.ascii set), data NUL
 *   terminated. The one exception is an instance of a str subclass, which
 *   (as in CPython) is a non-compact PyUnicodeObject whose data.any block is
 *   owned by the object. Readers therefore always go through PyUnicode_DATA.
 * - Every function returning PyObject * returns a new reference or NULL with
 *   an exception set, unless its comment says "borrowed".
 * - _cpx_uwriter and _cpx_bbuf own their buffers until finished or
 *   discarded; a finished writer is empty again. */
#ifndef CPX_UNICODE_INTERNAL_H
#define CPX_UNICODE_INTERNAL_H

#include "internal.h"

#define CPX_MAX_UNICODE 0x10FFFF

/* ---- str objects (unicodeobject.c) ---- */
PyObject *_cpx_unicode_empty(void);                 /* the '' singleton */
void _cpx_unicode_drop_wstr(PyObject *s);           /* free a cached wchar_t form */
PyObject *_cpx_unicode_char(Py_UCS4 ch);            /* a one-character str */
PyObject *_cpx_unicode_from_ucs1(const Py_UCS1 *s, Py_ssize_t n);
PyObject *_cpx_unicode_from_ucs2(const Py_UCS2 *s, Py_ssize_t n);
PyObject *_cpx_unicode_from_ucs4(const Py_UCS4 *s, Py_ssize_t n);
PyObject *_cpx_unicode_from_ascii(const char *s, Py_ssize_t n); /* s is ASCII */
/* An exact-type str with the same characters (self, increfed, if exact). */
PyObject *_cpx_unicode_exact(PyObject *s);
/* The largest character of s[start:end]. */
Py_UCS4 _cpx_unicode_maxchar(PyObject *s, Py_ssize_t start, Py_ssize_t end);
/* Copy n characters, converting kinds; the target must be wide enough. */
void _cpx_unicode_copy_chars(PyObject *to, Py_ssize_t to_start,
                             PyObject *from, Py_ssize_t from_start, Py_ssize_t n);
/* Make a heap object permanent (immortal, no longer a live object). */
void _cpx_text_make_static(PyObject *op);
int _cpx_unicode_eq(PyObject *a, PyObject *b);      /* both str */
Py_hash_t _cpx_unicode_hash(PyObject *s);
const char *_cpx_type_name(PyObject *o);            /* Py_TYPE(o)->tp_name */

/* ---- a growable str buffer: widens its kind as characters need ---- */
typedef struct {
    void *data;
    int kind;                /* 1, 2 or 4 */
    Py_UCS4 maxchar;         /* largest character written so far */
    Py_ssize_t len, cap;
} _cpx_uwriter;
void _cpx_uw_init(_cpx_uwriter *w);
int _cpx_uw_reserve(_cpx_uwriter *w, Py_ssize_t extra, Py_UCS4 maxchar);
int _cpx_uw_char(_cpx_uwriter *w, Py_UCS4 ch);
int _cpx_uw_fill(_cpx_uwriter *w, Py_UCS4 ch, Py_ssize_t n);
int _cpx_uw_ascii(_cpx_uwriter *w, const char *s, Py_ssize_t n); /* n<0: strlen */
int _cpx_uw_latin1(_cpx_uwriter *w, const unsigned char *s, Py_ssize_t n);
int _cpx_uw_str(_cpx_uwriter *w, PyObject *s);
int _cpx_uw_substr(_cpx_uwriter *w, PyObject *s, Py_ssize_t start, Py_ssize_t end);
PyObject *_cpx_uw_finish(_cpx_uwriter *w);
void _cpx_uw_discard(_cpx_uwriter *w);

/* ---- a growable byte buffer ---- */
typedef struct {
    char *data;
    Py_ssize_t len, cap;
} _cpx_bbuf;
void _cpx_bb_init(_cpx_bbuf *b);
int _cpx_bb_reserve(_cpx_bbuf *b, Py_ssize_t extra);
int _cpx_bb_put(_cpx_bbuf *b, const void *s, Py_ssize_t n);
int _cpx_bb_byte(_cpx_bbuf *b, int c);
PyObject *_cpx_bb_finish(_cpx_bbuf *b);         /* -> bytes */
void _cpx_bb_discard(_cpx_bbuf *b);

/* ---- character properties (unicode_ctype.c) ---- */
int _cpx_uc_isalpha(Py_UCS4 ch);
int _cpx_uc_isdecimal(Py_UCS4 ch);
int _cpx_uc_isdigit(Py_UCS4 ch);
int _cpx_uc_isnumeric(Py_UCS4 ch);
int _cpx_uc_isspace(Py_UCS4 ch);
int _cpx_uc_islower(Py_UCS4 ch);
int _cpx_uc_isupper(Py_UCS4 ch);
int _cpx_uc_istitle(Py_UCS4 ch);
int _cpx_uc_iscased(Py_UCS4 ch);
int _cpx_uc_iscaseignorable(Py_UCS4 ch);
int _cpx_uc_isprintable(Py_UCS4 ch);
int _cpx_uc_isxidstart(Py_UCS4 ch);
int _cpx_uc_isxidcontinue(Py_UCS4 ch);
int _cpx_uc_decimal(Py_UCS4 ch);                    /* -1 if not decimal */
/* Full case mappings: write up to 3 characters to out, return how many. */
int _cpx_uc_lower(Py_UCS4 ch, Py_UCS4 *out);
int _cpx_uc_upper(Py_UCS4 ch, Py_UCS4 *out);
int _cpx_uc_title(Py_UCS4 ch, Py_UCS4 *out);
int _cpx_uc_fold(Py_UCS4 ch, Py_UCS4 *out);
Py_UCS4 _cpx_uc_simple_lower(Py_UCS4 ch);
Py_UCS4 _cpx_uc_simple_upper(Py_UCS4 ch);

/* ---- codecs (unicode_codecs.c, unicode_utf8.c, unicode_utf16.c) ---- */
enum _cpx_codec { C_UTF8, C_ASCII, C_LATIN1, C_UTF16, C_UTF16LE, C_UTF16BE,
                  C_UTF32, C_UTF32LE, C_UTF32BE, C_UTF8SIG, C_UNICODE_ESCAPE,
                  C_RAW_UNICODE_ESCAPE, C_CHARMAP, C_UNKNOWN };
extern const char *const _cpx_codec_names[];   /* the names errors report */

/* The single-byte table codecs and every codec name (autogen_codecs.c,
 * written by codecs_gen.py): a charmap decodes byte b to decode[b], 0xFFFE
 * meaning undefined; it encodes by the reverse table, the last byte winning. */
#define CPX_CHARMAP_UNDEFINED 0xFFFE
struct _cpx_charmap { const char *name; unsigned short decode[256]; };
extern const struct _cpx_charmap _cpx_charmaps[];
extern const int _cpx_charmap_count;
#define CPX_CHARMAP(i) (C_UNKNOWN + 1 + (i))   /* a codec id naming charmap i */
/* Sorted by name (strcmp); codec: an enum _cpx_codec or CPX_CHARMAP(i);
 * is_alias: from encodings.aliases (else an encodings module name). */
struct _cpx_codec_name { const char *name; int codec; int is_alias; };
extern const struct _cpx_codec_name _cpx_codec_name_table[];
extern const int _cpx_codec_name_count;
/* unicode_charmap.c: decode / encode with one table (errors: any handler). */
PyObject *_cpx_table_decode(const char *s, Py_ssize_t n, const char *errors, const struct _cpx_charmap *map);
PyObject *_cpx_table_encode(PyObject *str, const char *errors, const struct _cpx_charmap *map);
/* unicode_escape.c: str -> unicode_escape (raw: raw_unicode_escape) bytes. */
PyObject *_cpx_unicode_escape_encode(PyObject *s, const char *errors, int raw);
/* The byte `map` encodes ch to, or -1. */
int _cpx_table_encode_char(const struct _cpx_charmap *map, Py_UCS4 ch);
/* Apply the error handler named `errors` to undecodable bytes [start, end)
 * of s: append the replacement to w and set *resume, or raise. */
int _cpx_decode_error(const char *errors, enum _cpx_codec c, const char *reason,
                      const char *s, Py_ssize_t n, Py_ssize_t start, Py_ssize_t end,
                      _cpx_uwriter *w, Py_ssize_t *resume);
/* Apply it to unencodable characters str[start:end), appending to b. */
int _cpx_encode_error(const char *errors, enum _cpx_codec c, const char *encoding,
                      const char *reason, PyObject *str, Py_ssize_t start, Py_ssize_t end,
                      _cpx_bbuf *b);
/* The same for a charmap codec: replacement text goes through `map`. */
int _cpx_charmap_encode_error(const char *errors, const struct _cpx_charmap *map, PyObject *str,
                              Py_ssize_t start, Py_ssize_t end, _cpx_bbuf *b);
void _cpx_raise_encode(const char *encoding, PyObject *str, Py_ssize_t start,
                       Py_ssize_t end, const char *reason);
Py_ssize_t _cpx_surrogate_run_end(PyObject *s, Py_ssize_t i);
PyObject *_cpx_utf8_decode(const char *s, Py_ssize_t n, const char *errors,
                           Py_ssize_t *consumed, enum _cpx_codec codec_id);
PyObject *_cpx_utf8_encode_as(PyObject *s, const char *errors, enum _cpx_codec c);
PyObject *_cpx_utf8_encode(PyObject *s, const char *errors); /* -> bytes */
PyObject *_cpx_charmap_decode(const char *s, Py_ssize_t n, const char *errors, enum _cpx_codec c);
PyObject *_cpx_charmap_encode(PyObject *s, const char *errors, enum _cpx_codec c);
/* *byteorder / byteorder: -1 little, 1 big, 0 BOM (detect / write). */
PyObject *_cpx_utf16_32_decode(const char *s, Py_ssize_t n, const char *errors,
                               int *byteorder, Py_ssize_t *consumed, int width);
PyObject *_cpx_utf16_32_encode(PyObject *s, const char *errors, int byteorder, int width);

/* ---- slots, methods, search (unicode_slots.c, unicode_methods.c,
 * unicode_search.c) ---- */
extern PyMethodDef _cpx_unicode_methods[];
PyObject *_cpx_unicode_repr(PyObject *s);
PyObject *_cpx_unicode_subscript(PyObject *s, PyObject *item);
PyObject *_cpx_unicode_repeat(PyObject *s, Py_ssize_t n);
PyObject *_cpx_unicode_item(PyObject *s, Py_ssize_t i);
/* str.format / str.format_map (unicode_format_method.c), str.translate / str.maketrans
 * (unicode_translate.c). */
PyObject *_cpx_unicode_format_method(PyObject *self, PyObject *args, PyObject *kwargs);
PyObject *_cpx_unicode_format_map(PyObject *self, PyObject *mapping);
PyObject *_cpx_unicode_translate(PyObject *self, PyObject *table);
PyObject *_cpx_unicode_maketrans(PyObject *unused, PyObject *const *args, Py_ssize_t nargs);
PyObject *_cpx_unicode_tp_new(PyTypeObject *type, PyObject *args, PyObject *kwds);
/* Find sub in s[start:end] (already adjusted): index or -1. */
Py_ssize_t _cpx_unicode_find(PyObject *s, PyObject *sub, Py_ssize_t start,
                             Py_ssize_t end, int direction);
/* Pad text to width with fill; align is '<', '>' or '^'. */
PyObject *_cpx_unicode_pad(PyObject *s, Py_ssize_t width, Py_UCS4 fill, char align);

/* Parse an optional slice bound (None or an index), as str.find does. */
int _cpx_slice_index(PyObject *v, Py_ssize_t *pi);
/* Normalise [start, end) against len as slicing does. */
void _cpx_adjust_range(Py_ssize_t len, Py_ssize_t *start, Py_ssize_t *end);

/* Minimal fastcall argument parsing for the text family's methods: fills
 * out[0..nnames) from positional arguments then keywords (NULL when
 * absent); the first min_args are required. Returns -1 with TypeError. */
int _cpx_parse_args(const char *fname, PyObject *const *args, Py_ssize_t nargs,
                    PyObject *kwnames, const char *const *names, int nnames,
                    int min_args, PyObject **out);

/* ---- bytes and bytearray (bytesobject.c, bytearrayobject.c,
 * bytes_methods.c) ---- */
PyObject *_cpx_bytes_repr(const char *s, Py_ssize_t n, int smartquotes, int bytearray_style);
Py_ssize_t _cpx_bytes_find(const char *s, Py_ssize_t n, const char *sub,
                           Py_ssize_t m, Py_ssize_t start, Py_ssize_t end, int direction);
int _cpx_byte_value(PyObject *v, int *out);          /* an int in range(256) */
/* Append the ints an iterator yields (each in range(256)) to b. */
int _cpx_bytes_collect_iter(PyObject *it, _cpx_bbuf *b);
PyObject *_cpx_bytes_hex(const char *s, Py_ssize_t n, PyObject *const *args,
                         Py_ssize_t nargs, PyObject *kwnames);
PyObject *_cpx_bytes_fromhex(PyObject *type, PyObject *string);
/* bytes % args (unicode_format_percent.c): new bytes from a template of len bytes. */
PyObject *_cpx_bytes_percent_format(const char *format, Py_ssize_t len, PyObject *args);

/* The methods bytes and bytearray share (self is either). */
#define CPX_BM_FAST(name) PyObject *_cpx_bm_##name(PyObject *, PyObject *const *, Py_ssize_t);
#define CPX_BM_FASTKW(name) PyObject *_cpx_bm_##name(PyObject *, PyObject *const *, Py_ssize_t, PyObject *);
#define CPX_BM_ONE(name) PyObject *_cpx_bm_##name(PyObject *, PyObject *);
CPX_BM_FAST(find) CPX_BM_FAST(rfind) CPX_BM_FAST(index) CPX_BM_FAST(rindex)
CPX_BM_FAST(count) CPX_BM_FAST(startswith) CPX_BM_FAST(endswith)
CPX_BM_FAST(strip) CPX_BM_FAST(lstrip) CPX_BM_FAST(rstrip) CPX_BM_FAST(replace)
CPX_BM_FASTKW(split) CPX_BM_FASTKW(rsplit) CPX_BM_FASTKW(splitlines)
CPX_BM_FASTKW(decode) CPX_BM_FASTKW(hex)
CPX_BM_ONE(join) CPX_BM_ONE(partition) CPX_BM_ONE(rpartition)
CPX_BM_ONE(removeprefix) CPX_BM_ONE(removesuffix)
CPX_BM_ONE(lower) CPX_BM_ONE(upper) CPX_BM_ONE(isdigit) CPX_BM_ONE(isalpha)
CPX_BM_ONE(isalnum) CPX_BM_ONE(isspace) CPX_BM_ONE(isascii) CPX_BM_ONE(islower)
CPX_BM_ONE(isupper)
#undef CPX_BM_FAST
#undef CPX_BM_FASTKW
#undef CPX_BM_ONE

#define CPX_MDEF(name, fn, flags) {name, (PyCFunction)(void (*)(void))(fn), flags, NULL}
#define CPX_BYTES_SHARED_METHODS \
    CPX_MDEF("find", _cpx_bm_find, METH_FASTCALL), \
    CPX_MDEF("rfind", _cpx_bm_rfind, METH_FASTCALL), \
    CPX_MDEF("index", _cpx_bm_index, METH_FASTCALL), \
    CPX_MDEF("rindex", _cpx_bm_rindex, METH_FASTCALL), \
    CPX_MDEF("count", _cpx_bm_count, METH_FASTCALL), \
    CPX_MDEF("startswith", _cpx_bm_startswith, METH_FASTCALL), \
    CPX_MDEF("endswith", _cpx_bm_endswith, METH_FASTCALL), \
    CPX_MDEF("strip", _cpx_bm_strip, METH_FASTCALL), \
    CPX_MDEF("lstrip", _cpx_bm_lstrip, METH_FASTCALL), \
    CPX_MDEF("rstrip", _cpx_bm_rstrip, METH_FASTCALL), \
    CPX_MDEF("replace", _cpx_bm_replace, METH_FASTCALL), \
    CPX_MDEF("split", _cpx_bm_split, METH_FASTCALL | METH_KEYWORDS), \
    CPX_MDEF("rsplit", _cpx_bm_rsplit, METH_FASTCALL | METH_KEYWORDS), \
    CPX_MDEF("splitlines", _cpx_bm_splitlines, METH_FASTCALL | METH_KEYWORDS), \
    CPX_MDEF("decode", _cpx_bm_decode, METH_FASTCALL | METH_KEYWORDS), \
    CPX_MDEF("hex", _cpx_bm_hex, METH_FASTCALL | METH_KEYWORDS), \
    CPX_MDEF("join", _cpx_bm_join, METH_O), \
    CPX_MDEF("partition", _cpx_bm_partition, METH_O), \
    CPX_MDEF("rpartition", _cpx_bm_rpartition, METH_O), \
    CPX_MDEF("removeprefix", _cpx_bm_removeprefix, METH_O), \
    CPX_MDEF("removesuffix", _cpx_bm_removesuffix, METH_O), \
    CPX_MDEF("lower", _cpx_bm_lower, METH_NOARGS), \
    CPX_MDEF("upper", _cpx_bm_upper, METH_NOARGS), \
    CPX_MDEF("isdigit", _cpx_bm_isdigit, METH_NOARGS), \
    CPX_MDEF("isalpha", _cpx_bm_isalpha, METH_NOARGS), \
    CPX_MDEF("isalnum", _cpx_bm_isalnum, METH_NOARGS), \
    CPX_MDEF("isspace", _cpx_bm_isspace, METH_NOARGS), \
    CPX_MDEF("isascii", _cpx_bm_isascii, METH_NOARGS), \
    CPX_MDEF("islower", _cpx_bm_islower, METH_NOARGS), \
    CPX_MDEF("isupper", _cpx_bm_isupper, METH_NOARGS), \
    CPX_MDEF("fromhex", _cpx_bytes_fromhex, METH_O | METH_CLASS)

#endif
