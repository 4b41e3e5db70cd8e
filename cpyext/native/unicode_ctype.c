/* unicode_ctype.c: character properties and case mappings for str's
 * methods, read from the generated tables in unicode_db.h (Unicode 14.0.0,
 * as Python 3.11). Pure functions of a code point: no objects, no state.
 * Also the CPython-spelled _PyUnicode_Is* / _PyUnicode_To* exports that
 * CPython's Py_UNICODE_IS* macros call. */
#include "unicode_internal.h"
#include "unicode_db.h"

static const _cpx_ud_rec *lookup(Py_UCS4 ch, Py_UCS4 *run_start)
{
    if (ch > CPX_MAX_UNICODE)
        ch = CPX_MAX_UNICODE;
    /* Binary search for the last run starting at or before ch. */
    size_t lo = 0, hi = CPX_UD_NRUNS;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if ((_cpx_ud_runs[mid] >> 9) <= ch)
            lo = mid;
        else
            hi = mid;
    }
    if (run_start)
        *run_start = _cpx_ud_runs[lo] >> 9;
    return &_cpx_ud_recs[_cpx_ud_runs[lo] & 0x1ff];
}

static int flags(Py_UCS4 ch)
{
    return lookup(ch, NULL)->flags;
}

int _cpx_uc_isalpha(Py_UCS4 ch) { return (flags(ch) & CPX_UD_ALPHA) != 0; }
int _cpx_uc_isdecimal(Py_UCS4 ch) { return (flags(ch) & CPX_UD_DECIMAL) != 0; }
int _cpx_uc_isdigit(Py_UCS4 ch) { return (flags(ch) & CPX_UD_DIGIT) != 0; }
int _cpx_uc_isnumeric(Py_UCS4 ch) { return (flags(ch) & CPX_UD_NUMERIC) != 0; }
int _cpx_uc_islower(Py_UCS4 ch) { return (flags(ch) & CPX_UD_LOWER) != 0; }
int _cpx_uc_isupper(Py_UCS4 ch) { return (flags(ch) & CPX_UD_UPPER) != 0; }
int _cpx_uc_istitle(Py_UCS4 ch) { return (flags(ch) & CPX_UD_TITLE) != 0; }
int _cpx_uc_isprintable(Py_UCS4 ch) { return (flags(ch) & CPX_UD_PRINTABLE) != 0; }
int _cpx_uc_isxidstart(Py_UCS4 ch) { return (flags(ch) & CPX_UD_XID_START) != 0; }
int _cpx_uc_isxidcontinue(Py_UCS4 ch) { return (flags(ch) & CPX_UD_XID_CONTINUE) != 0; }
int _cpx_uc_iscaseignorable(Py_UCS4 ch) { return (flags(ch) & CPX_UD_CASE_IGNORABLE) != 0; }

int _cpx_uc_iscased(Py_UCS4 ch)
{
    return (flags(ch) & (CPX_UD_LOWER | CPX_UD_UPPER | CPX_UD_TITLE)) != 0;
}

int _cpx_uc_isspace(Py_UCS4 ch)
{
    if (ch < 128)
        return ch == ' ' || (ch >= 9 && ch <= 13) || (ch >= 28 && ch <= 31);
    return (flags(ch) & CPX_UD_SPACE) != 0;
}

int _cpx_uc_decimal(Py_UCS4 ch)
{
    if (ch < 128)
        return ch >= '0' && ch <= '9' ? (int)(ch - '0') : -1;
    Py_UCS4 start;
    const _cpx_ud_rec *r = lookup(ch, &start);
    return (r->flags & CPX_UD_DECIMAL) ? (int)((ch - start) % 10) : -1;
}

static int mapping(Py_UCS4 ch, Py_UCS4 *out, int which)
{
    const _cpx_ud_rec *r = lookup(ch, NULL);
    static const int ext_flag[4] = {CPX_UD_EXT_LOWER, CPX_UD_EXT_UPPER, CPX_UD_EXT_TITLE,
                                    CPX_UD_EXT_FOLD};
    int v = which == 0 ? r->lower : which == 1 ? r->upper : which == 2 ? r->title : r->fold;
    if (r->flags & ext_flag[which]) {
        int n = (int)_cpx_ud_ext[v];
        for (int i = 0; i < n; i++)
            out[i] = _cpx_ud_ext[v + 1 + i];
        return n;
    }
    out[0] = (Py_UCS4)((int)ch + v);
    return 1;
}

int _cpx_uc_lower(Py_UCS4 ch, Py_UCS4 *out)
{
    if (ch < 128) {
        out[0] = (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch;
        return 1;
    }
    return mapping(ch, out, 0);
}

int _cpx_uc_upper(Py_UCS4 ch, Py_UCS4 *out)
{
    if (ch < 128) {
        out[0] = (ch >= 'a' && ch <= 'z') ? ch - 32 : ch;
        return 1;
    }
    return mapping(ch, out, 1);
}

int _cpx_uc_title(Py_UCS4 ch, Py_UCS4 *out) { return mapping(ch, out, 2); }
int _cpx_uc_fold(Py_UCS4 ch, Py_UCS4 *out) { return mapping(ch, out, 3); }

/* Simple (one-character) mappings: the first character of a full mapping
 * that expands, which is what CPython's simple tables hold for those. */
Py_UCS4 _cpx_uc_simple_lower(Py_UCS4 ch)
{
    Py_UCS4 buf[3];
    return _cpx_uc_lower(ch, buf) == 1 ? buf[0] : ch;
}

Py_UCS4 _cpx_uc_simple_upper(Py_UCS4 ch)
{
    Py_UCS4 buf[3];
    return _cpx_uc_upper(ch, buf) == 1 ? buf[0] : ch;
}

/* ---- CPython's exported spellings (unicodectype.c there) ---- */

int _PyUnicode_IsWhitespace(Py_UCS4 ch) { return _cpx_uc_isspace(ch); }
int _PyUnicode_IsLowercase(Py_UCS4 ch) { return _cpx_uc_islower(ch); }
int _PyUnicode_IsUppercase(Py_UCS4 ch) { return _cpx_uc_isupper(ch); }
int _PyUnicode_IsTitlecase(Py_UCS4 ch) { return _cpx_uc_istitle(ch); }
int _PyUnicode_IsAlpha(Py_UCS4 ch) { return _cpx_uc_isalpha(ch); }
int _PyUnicode_IsDecimalDigit(Py_UCS4 ch) { return _cpx_uc_isdecimal(ch); }
int _PyUnicode_IsDigit(Py_UCS4 ch) { return _cpx_uc_isdigit(ch); }
int _PyUnicode_IsNumeric(Py_UCS4 ch) { return _cpx_uc_isnumeric(ch); }
int _PyUnicode_IsPrintable(Py_UCS4 ch) { return _cpx_uc_isprintable(ch); }
int _PyUnicode_IsXidStart(Py_UCS4 ch) { return _cpx_uc_isxidstart(ch); }
int _PyUnicode_IsXidContinue(Py_UCS4 ch) { return _cpx_uc_isxidcontinue(ch); }
int _PyUnicode_IsCased(Py_UCS4 ch) { return _cpx_uc_iscased(ch); }
int _PyUnicode_IsCaseIgnorable(Py_UCS4 ch) { return _cpx_uc_iscaseignorable(ch); }
int _PyUnicode_ToDecimalDigit(Py_UCS4 ch) { return _cpx_uc_decimal(ch); }
Py_UCS4 _PyUnicode_ToLowercase(Py_UCS4 ch) { return _cpx_uc_simple_lower(ch); }
Py_UCS4 _PyUnicode_ToUppercase(Py_UCS4 ch) { return _cpx_uc_simple_upper(ch); }

int _PyUnicode_IsLinebreak(Py_UCS4 ch)
{
    switch (ch) {
    case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x1C: case 0x1D: case 0x1E:
    case 0x85: case 0x2028: case 0x2029:
        return 1;
    default:
        return 0;
    }
}

Py_UCS4 _PyUnicode_ToTitlecase(Py_UCS4 ch)
{
    Py_UCS4 buf[3];
    return _cpx_uc_title(ch, buf) == 1 ? buf[0] : ch;
}

int _PyUnicode_ToDigit(Py_UCS4 ch)
{
    int d = _cpx_uc_decimal(ch);
    if (d >= 0)
        return d;
    /* Non-decimal digits (superscripts, circled digits, ...): first code
     * point, value of the first, run length (from Unicode 14.0.0). */
    static const unsigned int runs[][3] = {
        {0xb2, 2, 2}, {0xb9, 1, 1}, {0x1369, 1, 9}, {0x19da, 1, 1}, {0x2070, 0, 1},
        {0x2074, 4, 6}, {0x2080, 0, 10}, {0x2460, 1, 9}, {0x2474, 1, 9}, {0x2488, 1, 9},
        {0x24ea, 0, 1}, {0x24f5, 1, 9}, {0x24ff, 0, 1}, {0x2776, 1, 9}, {0x2780, 1, 9},
        {0x278a, 1, 9}, {0x10a40, 1, 4}, {0x10e60, 1, 9}, {0x11052, 1, 9}, {0x1f100, 0, 1},
        {0x1f101, 0, 10},
    };
    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
        if (ch >= runs[i][0] && ch < runs[i][0] + runs[i][2])
            return (int)(runs[i][1] + (ch - runs[i][0]));
    return -1;
}

double _PyUnicode_ToNumeric(Py_UCS4 ch)
{
    int d = _PyUnicode_ToDigit(ch);
    return d >= 0 ? (double)d : -1.0;
}

/* Rewrite a numeric string for int()/float(): Unicode decimal digits to
 * ASCII digits and Unicode spaces to ' '; anything else non-ASCII makes
 * the string returned unchanged (the parser then rejects it). */
PyObject *_PyUnicode_TransformDecimalAndSpaceToASCII(PyObject *s)
{
    if (!PyUnicode_Check(s)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (PyUnicode_IS_ASCII(s))
        return Py_NewRef(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    PyObject *r = PyUnicode_New(len, 127);
    if (r == NULL)
        return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(r);
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(s, i);
        if (ch < 127) {
            out[i] = (Py_UCS1)ch;
        }
        else if (_cpx_uc_isspace(ch)) {
            out[i] = ' ';
        }
        else {
            int d = _cpx_uc_decimal(ch);
            if (d < 0) {
                out[i] = '?';
                out[i + 1] = 0;
                _PyASCIIObject_CAST(r)->length = i + 1;
                return r;
            }
            out[i] = (Py_UCS1)('0' + d);
        }
    }
    return r;
}

int _PyUnicode_ToLowerFull(Py_UCS4 ch, Py_UCS4 *res) { return _cpx_uc_lower(ch, res); }
int _PyUnicode_ToUpperFull(Py_UCS4 ch, Py_UCS4 *res) { return _cpx_uc_upper(ch, res); }
int _PyUnicode_ToTitleFull(Py_UCS4 ch, Py_UCS4 *res) { return _cpx_uc_title(ch, res); }
int _PyUnicode_ToFoldedFull(Py_UCS4 ch, Py_UCS4 *res) { return _cpx_uc_fold(ch, res); }

/* 1 for the ASCII whitespace characters str.split() and Py_UNICODE_ISSPACE
 * treat as spaces: \t \n \v \f \r, \x1c-\x1f and ' '. */
const unsigned char _Py_ascii_whitespace[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    1,
};
