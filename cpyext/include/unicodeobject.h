/* unicodeobject.h: str, PEP 393 (CPython 3.11 layout).
 * Invariant: every str the shim creates is compact and ready: ASCII text
 * lives right after a PyASCIIObject (and is its own UTF-8), other text
 * right after a PyCompactUnicodeObject whose utf8 pointer caches the UTF-8
 * form once asked for (freed with the string). wstr is NULL until the
 * deprecated PyUnicode_AsUnicode caches the wchar_t form there. */
#ifndef Py_UNICODEOBJECT_H
#define Py_UNICODEOBJECT_H
#include <stdarg.h>
#include <wchar.h>
#include "object.h"

typedef wchar_t Py_UNICODE;

typedef struct {
    PyObject_HEAD
    Py_ssize_t length;
    Py_hash_t hash;
    struct {
        unsigned int interned:2;
        unsigned int kind:3;
        unsigned int compact:1;
        unsigned int ascii:1;
        unsigned int ready:1;
        unsigned int :24;
    } state;
    wchar_t *wstr;
} PyASCIIObject;

typedef struct {
    PyASCIIObject _base;
    Py_ssize_t utf8_length;
    char *utf8;
    Py_ssize_t wstr_length;
} PyCompactUnicodeObject;

typedef struct {
    PyCompactUnicodeObject _base;
    union {
        void *any;
        Py_UCS1 *latin1;
        Py_UCS2 *ucs2;
        Py_UCS4 *ucs4;
    } data;
} PyUnicodeObject;

enum PyUnicode_Kind {
    PyUnicode_WCHAR_KIND = 0,
    PyUnicode_1BYTE_KIND = 1,
    PyUnicode_2BYTE_KIND = 2,
    PyUnicode_4BYTE_KIND = 4
};

PyAPI_DATA(PyTypeObject) PyUnicode_Type;
PyAPI_DATA(PyTypeObject) PyUnicodeIter_Type;
#define PyUnicode_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_UNICODE_SUBCLASS)
#define PyUnicode_CheckExact(op) Py_IS_TYPE(op, &PyUnicode_Type)

#define _PyASCIIObject_CAST(op) ((PyASCIIObject *)(op))
#define _PyCompactUnicodeObject_CAST(op) ((PyCompactUnicodeObject *)(op))
#define _PyUnicodeObject_CAST(op) ((PyUnicodeObject *)(op))
#define SSTATE_NOT_INTERNED 0
#define SSTATE_INTERNED_MORTAL 1
#define SSTATE_INTERNED_IMMORTAL 2
#define PyUnicode_CHECK_INTERNED(op) (_PyASCIIObject_CAST(op)->state.interned)
#define PyUnicode_IS_READY(op) (_PyASCIIObject_CAST(op)->state.ready)
#define PyUnicode_IS_ASCII(op) (_PyASCIIObject_CAST(op)->state.ascii)
#define PyUnicode_IS_COMPACT(op) (_PyASCIIObject_CAST(op)->state.compact)
#define PyUnicode_IS_COMPACT_ASCII(op) (PyUnicode_IS_ASCII(op) && PyUnicode_IS_COMPACT(op))
#define PyUnicode_KIND(op) (_PyASCIIObject_CAST(op)->state.kind)
#define _PyUnicode_COMPACT_DATA(op) (PyUnicode_IS_ASCII(op) \
    ? (void *)(_PyASCIIObject_CAST(op) + 1) : (void *)(_PyCompactUnicodeObject_CAST(op) + 1))
#define _PyUnicode_NONCOMPACT_DATA(op) (_PyUnicodeObject_CAST(op)->data.any)
#define PyUnicode_DATA(op) (PyUnicode_IS_COMPACT(op) ? _PyUnicode_COMPACT_DATA(op) : _PyUnicode_NONCOMPACT_DATA(op))
#define PyUnicode_1BYTE_DATA(op) ((Py_UCS1 *)PyUnicode_DATA(op))
#define PyUnicode_2BYTE_DATA(op) ((Py_UCS2 *)PyUnicode_DATA(op))
#define PyUnicode_4BYTE_DATA(op) ((Py_UCS4 *)PyUnicode_DATA(op))
#define PyUnicode_GET_LENGTH(op) (_PyASCIIObject_CAST(op)->length)
#define PyUnicode_WRITE(kind, data, index, value) do { \
    switch ((kind)) { \
    case PyUnicode_1BYTE_KIND: ((Py_UCS1 *)(data))[(index)] = (Py_UCS1)(value); break; \
    case PyUnicode_2BYTE_KIND: ((Py_UCS2 *)(data))[(index)] = (Py_UCS2)(value); break; \
    default: ((Py_UCS4 *)(data))[(index)] = (Py_UCS4)(value); } } while (0)
#define PyUnicode_READ(kind, data, index) ((Py_UCS4) \
    ((kind) == PyUnicode_1BYTE_KIND ? ((const Py_UCS1 *)(data))[(index)] : \
     (kind) == PyUnicode_2BYTE_KIND ? ((const Py_UCS2 *)(data))[(index)] : \
     ((const Py_UCS4 *)(data))[(index)]))
#define PyUnicode_READ_CHAR(op, index) PyUnicode_READ(PyUnicode_KIND(op), PyUnicode_DATA(op), (index))
#define PyUnicode_MAX_CHAR_VALUE(op) (PyUnicode_IS_ASCII(op) ? 0x7fU : \
    PyUnicode_KIND(op) == PyUnicode_1BYTE_KIND ? 0xffU : \
    PyUnicode_KIND(op) == PyUnicode_2BYTE_KIND ? 0xffffU : 0x10ffffU)
#define PyUnicode_READY(op) (PyUnicode_IS_READY(op) ? 0 : _PyUnicode_Ready(_PyObject_CAST(op)))
#define PyUnicode_GET_SIZE(op) PyUnicode_GET_LENGTH(op)
#define PyUnicode_GET_DATA_SIZE(op) (PyUnicode_GET_LENGTH(op) * PyUnicode_KIND(op))
#define Py_UNICODE_ISSPACE(ch) _PyUnicode_IsWhitespace(ch)
#define Py_UNICODE_IS_SURROGATE(ch) (0xD800 <= (ch) && (ch) <= 0xDFFF)
#define Py_UNICODE_IS_HIGH_SURROGATE(ch) (0xD800 <= (ch) && (ch) <= 0xDBFF)
#define Py_UNICODE_IS_LOW_SURROGATE(ch) (0xDC00 <= (ch) && (ch) <= 0xDFFF)
#define Py_UNICODE_JOIN_SURROGATES(high, low) \
    (((((Py_UCS4)(high) & 0x03FF) << 10) | ((Py_UCS4)(low) & 0x03FF)) + 0x10000)
#define Py_UNICODE_HIGH_SURROGATE(ch) (0xD800 - (0x10000 >> 10) + ((ch) >> 10))
#define Py_UNICODE_LOW_SURROGATE(ch) (0xDC00 + ((ch) & 0x3FF))
#define Py_UNICODE_REPLACEMENT_CHARACTER ((Py_UCS4)0xFFFD)

PyAPI_FUNC(int) _PyUnicode_Ready(PyObject *);
PyAPI_FUNC(int) _PyUnicode_IsWhitespace(Py_UCS4);
PyAPI_FUNC(PyObject *) PyUnicode_New(Py_ssize_t, Py_UCS4);
PyAPI_FUNC(PyObject *) PyUnicode_FromString(const char *);
PyAPI_FUNC(PyObject *) PyUnicode_FromStringAndSize(const char *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyUnicode_FromKindAndData(int, const void *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyUnicode_FromWideChar(const wchar_t *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyUnicode_FromOrdinal(int);
PyAPI_FUNC(PyObject *) PyUnicode_FromObject(PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_FromEncodedObject(PyObject *, const char *, const char *);
PyAPI_FUNC(PyObject *) PyUnicode_FromFormat(const char *, ...);
PyAPI_FUNC(PyObject *) PyUnicode_FromFormatV(const char *, va_list);
PyAPI_FUNC(PyObject *) PyUnicode_Substring(PyObject *, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(Py_ssize_t) PyUnicode_GetLength(PyObject *);
PyAPI_FUNC(Py_ssize_t) PyUnicode_GetSize(PyObject *);
PyAPI_FUNC(Py_UCS4) PyUnicode_ReadChar(PyObject *, Py_ssize_t);
PyAPI_FUNC(int) PyUnicode_WriteChar(PyObject *, Py_ssize_t, Py_UCS4);
PyAPI_FUNC(Py_UCS4 *) PyUnicode_AsUCS4(PyObject *, Py_UCS4 *, Py_ssize_t, int);
PyAPI_FUNC(Py_UCS4 *) PyUnicode_AsUCS4Copy(PyObject *);
PyAPI_FUNC(const char *) PyUnicode_AsUTF8(PyObject *);
PyAPI_FUNC(const char *) PyUnicode_AsUTF8AndSize(PyObject *, Py_ssize_t *);
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF8String(PyObject *);
PyAPI_FUNC(PyObject *) _PyUnicode_AsUTF8String(PyObject *, const char *);
PyAPI_FUNC(PyObject *) PyUnicode_AsASCIIString(PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_AsLatin1String(PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_AsEncodedString(PyObject *, const char *, const char *);
PyAPI_FUNC(PyObject *) PyUnicode_AsUnicodeEscapeString(PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_AsRawUnicodeEscapeString(PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUnicodeEscape(const char *, Py_ssize_t, const char *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeRawUnicodeEscape(const char *, Py_ssize_t, const char *);
PyAPI_FUNC(Py_ssize_t) PyUnicode_AsWideChar(PyObject *, wchar_t *, Py_ssize_t);
PyAPI_FUNC(wchar_t *) PyUnicode_AsWideCharString(PyObject *, Py_ssize_t *);
/* The deprecated Py_UNICODE API: the wchar_t form is cached in wstr. */
Py_DEPRECATED(3.3) PyAPI_FUNC(PyObject *) PyUnicode_FromUnicode(const Py_UNICODE *, Py_ssize_t);
Py_DEPRECATED(3.3) PyAPI_FUNC(Py_UNICODE *) PyUnicode_AsUnicode(PyObject *);
Py_DEPRECATED(3.3) PyAPI_FUNC(Py_UNICODE *) PyUnicode_AsUnicodeAndSize(PyObject *, Py_ssize_t *);
PyAPI_FUNC(const Py_UNICODE *) _PyUnicode_AsUnicode(PyObject *);
PyAPI_FUNC(const char *) PyUnicode_GetDefaultEncoding(void);
PyAPI_FUNC(PyObject *) PyUnicode_Decode(const char *, Py_ssize_t, const char *, const char *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF8(const char *, Py_ssize_t, const char *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF8Stateful(const char *, Py_ssize_t, const char *, Py_ssize_t *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeASCII(const char *, Py_ssize_t, const char *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeLatin1(const char *, Py_ssize_t, const char *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeFSDefault(const char *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeFSDefaultAndSize(const char *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyUnicode_EncodeFSDefault(PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeLocale(const char *, const char *);
PyAPI_FUNC(int) PyUnicode_FSConverter(PyObject *, void *);
PyAPI_FUNC(int) PyUnicode_FSDecoder(PyObject *, void *);
PyAPI_FUNC(PyObject *) PyUnicode_Concat(PyObject *, PyObject *);
PyAPI_FUNC(void) PyUnicode_Append(PyObject **, PyObject *);
PyAPI_FUNC(void) PyUnicode_AppendAndDel(PyObject **, PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_Split(PyObject *, PyObject *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyUnicode_Join(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_Replace(PyObject *, PyObject *, PyObject *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyUnicode_Translate(PyObject *, PyObject *, const char *);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Find(PyObject *, PyObject *, Py_ssize_t, Py_ssize_t, int);
PyAPI_FUNC(Py_ssize_t) PyUnicode_FindChar(PyObject *, Py_UCS4, Py_ssize_t, Py_ssize_t, int);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Count(PyObject *, PyObject *, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Tailmatch(PyObject *, PyObject *, Py_ssize_t, Py_ssize_t, int);
PyAPI_FUNC(int) PyUnicode_Compare(PyObject *, PyObject *);
PyAPI_FUNC(int) PyUnicode_CompareWithASCIIString(PyObject *, const char *);
PyAPI_FUNC(int) _PyUnicode_EqualToASCIIString(PyObject *, const char *);
PyAPI_FUNC(int) _PyUnicode_EqualToASCIIId(PyObject *, void *);
PyAPI_FUNC(int) _PyUnicode_Equal(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_RichCompare(PyObject *, PyObject *, int);
PyAPI_FUNC(int) PyUnicode_Contains(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_Format(PyObject *, PyObject *);
PyAPI_FUNC(void) PyUnicode_InternInPlace(PyObject **);
PyAPI_FUNC(PyObject *) PyUnicode_InternFromString(const char *);
PyAPI_FUNC(int) PyUnicode_IsIdentifier(PyObject *);
PyAPI_FUNC(Py_ssize_t) PyUnicode_CopyCharacters(PyObject *, Py_ssize_t, PyObject *, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Fill(PyObject *, Py_ssize_t, Py_ssize_t, Py_UCS4);
PyAPI_FUNC(int) PyUnicode_Resize(PyObject **, Py_ssize_t);
PyAPI_FUNC(PyObject *) _PyUnicode_FromId(void *);
PyAPI_FUNC(PyObject *) PyUnicode_BuildEncodingMap(PyObject *);
PyAPI_FUNC(void) PyUnicode_InternImmortal(PyObject **);
PyAPI_FUNC(PyObject *) _PyUnicode_Copy(PyObject *);
PyAPI_FUNC(void) _PyUnicode_FastCopyCharacters(PyObject *, Py_ssize_t, PyObject *, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(void) _PyUnicode_FastFill(PyObject *, Py_ssize_t, Py_ssize_t, Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_EQ(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_RSplit(PyObject *, PyObject *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyUnicode_Splitlines(PyObject *, int);
PyAPI_FUNC(PyObject *) PyUnicode_Partition(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_RPartition(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) _PyUnicode_JoinArray(PyObject *, PyObject *const *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF16(const char *, Py_ssize_t, const char *, int *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF16Stateful(const char *, Py_ssize_t, const char *, int *, Py_ssize_t *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF32(const char *, Py_ssize_t, const char *, int *);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF32Stateful(const char *, Py_ssize_t, const char *, int *, Py_ssize_t *);
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF16String(PyObject *);
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF32String(PyObject *);
PyAPI_FUNC(PyObject *) _PyUnicode_EncodeUTF16(PyObject *, const char *, int);
PyAPI_FUNC(PyObject *) _PyUnicode_EncodeUTF32(PyObject *, const char *, int);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeLocaleAndSize(const char *, Py_ssize_t, const char *);
PyAPI_FUNC(PyObject *) PyUnicode_EncodeLocale(PyObject *, const char *);
PyAPI_FUNC(PyObject *) _PyUnicode_TransformDecimalAndSpaceToASCII(PyObject *);

/* Character properties (unicodectype.c in CPython). */
PyAPI_DATA(const unsigned char) _Py_ascii_whitespace[];
PyAPI_FUNC(int) _PyUnicode_IsLowercase(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsUppercase(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsTitlecase(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsXidStart(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsXidContinue(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsLinebreak(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsCaseIgnorable(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsCased(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsDecimalDigit(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsDigit(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsNumeric(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsPrintable(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_IsAlpha(Py_UCS4);
PyAPI_FUNC(Py_UCS4) _PyUnicode_ToLowercase(Py_UCS4);
PyAPI_FUNC(Py_UCS4) _PyUnicode_ToUppercase(Py_UCS4);
PyAPI_FUNC(Py_UCS4) _PyUnicode_ToTitlecase(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_ToLowerFull(Py_UCS4, Py_UCS4 *);
PyAPI_FUNC(int) _PyUnicode_ToTitleFull(Py_UCS4, Py_UCS4 *);
PyAPI_FUNC(int) _PyUnicode_ToUpperFull(Py_UCS4, Py_UCS4 *);
PyAPI_FUNC(int) _PyUnicode_ToFoldedFull(Py_UCS4, Py_UCS4 *);
PyAPI_FUNC(int) _PyUnicode_ToDecimalDigit(Py_UCS4);
PyAPI_FUNC(int) _PyUnicode_ToDigit(Py_UCS4);
PyAPI_FUNC(double) _PyUnicode_ToNumeric(Py_UCS4);
#define Py_UNICODE_ISLOWER(ch) _PyUnicode_IsLowercase(ch)
#define Py_UNICODE_ISUPPER(ch) _PyUnicode_IsUppercase(ch)
#define Py_UNICODE_ISTITLE(ch) _PyUnicode_IsTitlecase(ch)
#define Py_UNICODE_ISLINEBREAK(ch) _PyUnicode_IsLinebreak(ch)
#define Py_UNICODE_TOLOWER(ch) _PyUnicode_ToLowercase(ch)
#define Py_UNICODE_TOUPPER(ch) _PyUnicode_ToUppercase(ch)
#define Py_UNICODE_TOTITLE(ch) _PyUnicode_ToTitlecase(ch)
#define Py_UNICODE_ISDECIMAL(ch) _PyUnicode_IsDecimalDigit(ch)
#define Py_UNICODE_ISDIGIT(ch) _PyUnicode_IsDigit(ch)
#define Py_UNICODE_ISNUMERIC(ch) _PyUnicode_IsNumeric(ch)
#define Py_UNICODE_ISPRINTABLE(ch) _PyUnicode_IsPrintable(ch)
#define Py_UNICODE_TODECIMAL(ch) _PyUnicode_ToDecimalDigit(ch)
#define Py_UNICODE_TODIGIT(ch) _PyUnicode_ToDigit(ch)
#define Py_UNICODE_TONUMERIC(ch) _PyUnicode_ToNumeric(ch)
#define Py_UNICODE_ISALPHA(ch) _PyUnicode_IsAlpha(ch)
#define Py_UNICODE_ISALNUM(ch) (Py_UNICODE_ISALPHA(ch) || Py_UNICODE_ISDECIMAL(ch) || \
    Py_UNICODE_ISDIGIT(ch) || Py_UNICODE_ISNUMERIC(ch))
#endif
