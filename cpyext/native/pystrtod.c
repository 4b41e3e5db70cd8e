/* pystrtod.c: locale-independent text <-> double conversion with CPython's
 * semantics: PyOS_string_to_double (Python's float literal syntax, no hex,
 * inf/infinity/nan in any case) and PyOS_double_to_string (format codes
 * 'e', 'f', 'g', 'r' and upper-case variants, Py_DTSF_* flags, the repr
 * being the shortest string that round-trips, as Python prints it).
 *
 * Digits come from the C library, which rounds correctly (glibc): a
 * validated literal is rewritten as "DIGITSe<exp>" (no decimal point, hence
 * no locale dependence) before strtod, and snprintf's "%.*e"/"%.*f" output
 * is read back digit by digit, ignoring whatever decimal point the locale
 * uses. The shortest repr is the fewest significant digits N for which the
 * correctly rounded N-digit string, or the next N-digit string up, reads
 * back as the same double (the next one up matters only just above a power
 * of two, where the gap below is half the gap above).
 *
 * Ownership: returned char * buffers are PyMem_Malloc'd and owned by the
 * caller (PyMem_Free); input strings are borrowed. */
#include "long_internal.h"

/* ---------------- text -> double ---------------- */

static int lower_match(const char *s, const char *t) {
    while (*t && Py_TOLOWER(Py_CHARMASK(*s)) == *t) {
        s++;
        t++;
    }
    return *t == '\0';
}

/* Case-insensitive "inf"/"infinity"/"nan" with an optional sign;
 * *endptr == p when there is none. */
static double parse_inf_or_nan(const char *p, char **endptr) {
    const char *s = p;
    int negative = 0;
    double v;
    if (*s == '-') {
        negative = 1;
        s++;
    } else if (*s == '+') {
        s++;
    }
    if (lower_match(s, "inf")) {
        s += 3;
        if (lower_match(s, "inity")) s += 5;
        v = negative ? -HUGE_VAL : HUGE_VAL;
    } else if (lower_match(s, "nan")) {
        s += 3;
        v = negative ? -Py_NAN : Py_NAN;
    } else {
        s = p;
        v = -1.0;
    }
    *endptr = (char *)s;
    return v;
}

/* Parse the longest valid prefix; *err = ERANGE on overflow/underflow,
 * ENOMEM on memory failure; *endptr == s when nothing parses. */
static double ascii_strtod(const char *s, char **endptr, int *err) {
    const char *p = s;
    int negative = 0;
    *err = 0;
    if (*p == '+' || *p == '-') negative = *p++ == '-';
    const char *int_start = p;
    while (Py_ISDIGIT(*p)) p++;
    const char *int_end = p, *frac_start = p, *frac_end = p;
    if (*p == '.') {
        frac_start = ++p;
        while (Py_ISDIGIT(*p)) p++;
        frac_end = p;
    }
    if (int_end == int_start && frac_end == frac_start) {
        double v = parse_inf_or_nan(s, endptr);
        if (*endptr == s) v = -1.0;
        return v;
    }
    long long exp10 = 0;
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        int eneg = 0;
        if (*q == '+' || *q == '-') eneg = *q++ == '-';
        if (Py_ISDIGIT(*q)) {
            while (Py_ISDIGIT(*q)) {
                if (exp10 < 1000000000000000LL) exp10 = exp10 * 10 + (*q - '0');
                q++;
            }
            if (eneg) exp10 = -exp10;
            p = q;
        }
    }
    *endptr = (char *)p;
    /* significant digits, without leading and trailing zeros */
    size_t nint = (size_t)(int_end - int_start), nfrac = (size_t)(frac_end - frac_start);
    char *buf = PyMem_Malloc(nint + nfrac + 32);
    if (buf == NULL) {
        *err = ENOMEM;
        *endptr = (char *)s;
        return -1.0;
    }
    size_t n = 0;
    for (const char *q = int_start; q < int_end; q++)
        if (n > 0 || *q != '0') buf[n++] = *q;
    for (const char *q = frac_start; q < frac_end; q++)
        if (n > 0 || *q != '0') buf[n++] = *q;
    long long scale = exp10 - (long long)nfrac;
    while (n > 0 && buf[n - 1] == '0') {
        n--;
        scale++;
    }
    double v = 0.0;
    if (n > 0) {
        snprintf(buf + n, 32, "e%lld", scale);
        int saved = errno;
        errno = 0;
        v = strtod(buf, NULL);
        if (errno == ERANGE) *err = ERANGE;
        errno = saved;
    }
    PyMem_Free(buf);
    return negative ? -v : v;
}

double PyOS_string_to_double(const char *s, char **endptr, PyObject *overflow_exception) {
    char *fail_pos;
    int err;
    double x = ascii_strtod(s, &fail_pos, &err), result = -1.0;
    if (err == ENOMEM) {
        PyErr_NoMemory();
        fail_pos = (char *)s;
    } else if ((endptr == NULL && (fail_pos == s || *fail_pos != '\0')) || fail_pos == s) {
        PyErr_Format(PyExc_ValueError, "could not convert string to float: '%.200s'", s);
    } else if (err == ERANGE && fabs(x) >= 1.0 && overflow_exception != NULL) {
        PyErr_Format(overflow_exception, "value too large to convert to float: '%.200s'", s);
    } else {
        result = x;
    }
    if (endptr != NULL) *endptr = fail_pos;
    return result;
}

char *_cpx_strip_underscores(const char *s, Py_ssize_t len, int *bad) {
    char *dup = PyMem_Malloc((size_t)len + 1), *out = dup;
    *bad = 0;
    if (dup == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    char prev = '\0';
    const char *p;
    for (p = s; *p; p++) {
        if (*p == '_') {
            if (!Py_ISDIGIT(prev)) goto bad;        /* only after a digit */
        } else {
            if (prev == '_' && !Py_ISDIGIT(*p)) goto bad;   /* only before a digit */
            *out++ = *p;
        }
        prev = *p;
    }
    if (prev == '_' || p != s + len) goto bad;
    *out = '\0';
    return dup;
bad:
    PyMem_Free(dup);
    *bad = 1;
    return NULL;
}

/* ---------------- double -> digits ---------------- */

/* Significant digits of d > 0 via "%.*e": digits to out (NUL-terminated),
 * returns the decimal exponent decpt (d ~ 0.DIGITS * 10**decpt). */
static int e_digits(double d, int n, char *out, char *scratch, size_t scratch_size) {
    snprintf(scratch, scratch_size, "%.*e", n - 1, d);
    const char *p = scratch;
    int k = 0;
    for (; *p && *p != 'e'; p++)
        if (Py_ISDIGIT(*p)) out[k++] = *p;
    out[k] = '\0';
    return (*p == 'e' ? atoi(p + 1) : 0) + 1;
}

/* Does DIGITS * 10**(decpt - len) read back as d? */
static int round_trips(const char *digits, int decpt, double d) {
    char buf[48];
    snprintf(buf, sizeof buf, "%se%d", digits, decpt - (int)strlen(digits));
    return strtod(buf, NULL) == d;
}

/* The N-digit candidate for the shortest repr, or 0 when none reads back. */
static int shortest_try(double d, int n, char *out, int *decpt) {
    char scratch[64];
    *decpt = e_digits(d, n, out, scratch, sizeof scratch);
    if (round_trips(out, *decpt, d)) return 1;
    /* the next n-digit decimal up */
    int i = n - 1;
    while (i >= 0 && out[i] == '9') out[i--] = '0';
    if (i < 0) {
        out[0] = '1';
        (*decpt)++;
    } else {
        out[i]++;
    }
    return round_trips(out, *decpt, d);
}

/* Digits of d in the manner of David Gay's dtoa: mode 0 the shortest
 * string that reads back as d, mode 2 `ndigits` significant digits, mode 3
 * `ndigits` digits after the point. d == 0.DIGITS * 10**decpt; DIGITS has no
 * trailing zeros ("0" for zero, possibly "" in mode 3 when d rounds to 0).
 * PyMem_Malloc'd; NULL on memory failure (no error set). */
static char *dtoa_digits(double d, int mode, int ndigits, int *decpt, int *sign) {
    *sign = signbit(d) ? 1 : 0;
    d = fabs(d);
    char *out;
    if (d == 0.0) {
        out = PyMem_Malloc(2);
        if (out == NULL) return NULL;
        strcpy(out, "0");
        *decpt = 1;
        return out;
    }
    if (mode == 0) {
        out = PyMem_Malloc(20);
        if (out == NULL) return NULL;
        /* fewest digits: "n digits work" is monotonic in n, 17 always works */
        int lo = 1, hi = 17;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (shortest_try(d, mid, out, decpt)) hi = mid;
            else lo = mid + 1;
        }
        shortest_try(d, lo, out, decpt);
    } else if (mode == 2) {
        if (ndigits < 1) ndigits = 1;
        size_t size = (size_t)ndigits + 40;
        out = PyMem_Malloc(size);
        char *scratch = PyMem_Malloc(size);
        if (out == NULL || scratch == NULL) {
            PyMem_Free(out);
            PyMem_Free(scratch);
            return NULL;
        }
        *decpt = e_digits(d, ndigits, out, scratch, size);
        PyMem_Free(scratch);
    } else {
        if (ndigits < 0) ndigits = 0;
        size_t size = (size_t)ndigits + 330;
        out = PyMem_Malloc(size);
        char *scratch = PyMem_Malloc(size);
        if (out == NULL || scratch == NULL) {
            PyMem_Free(out);
            PyMem_Free(scratch);
            return NULL;
        }
        snprintf(scratch, size, "%.*f", ndigits, d);
        int k = 0, nint = 0, seen_point = 0;
        for (const char *p = scratch; *p; p++) {
            if (Py_ISDIGIT(*p)) {
                out[k++] = *p;
                if (!seen_point) nint++;
            } else {
                seen_point = 1;
            }
        }
        out[k] = '\0';
        int lead = 0;
        while (out[lead] == '0') lead++;
        memmove(out, out + lead, (size_t)(k - lead) + 1);
        *decpt = nint - lead;
        PyMem_Free(scratch);
    }
    size_t len = strlen(out);
    while (len > 0 && out[len - 1] == '0') out[--len] = '\0';
    return out;
}

/* ---------------- digits -> text ---------------- */

static char *format_finite(double d, char code, int mode, int precision, int flags, int upper) {
    int decpt, sign;
    char *digits = dtoa_digits(d, mode, precision, &decpt, &sign);
    if (digits == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    int add_dot_0 = flags & Py_DTSF_ADD_DOT_0, alt = flags & Py_DTSF_ALT, use_exp = 0, exp = 0;
    Py_ssize_t ndig = (Py_ssize_t)strlen(digits), dp = decpt;
    if ((flags & CPX_DTSF_NO_NEG_0) && sign && (ndig == 0 || (ndig == 1 && digits[0] == '0'))) sign = 0;
    Py_ssize_t vend = ndig;   /* output the virtual digit string [vstart, vend) */
    switch (code) {
    case 'e':
        use_exp = 1;
        vend = precision;
        break;
    case 'f':
        vend = dp + precision;
        break;
    case 'g':
        if (dp <= -4 || dp > (add_dot_0 ? precision - 1 : precision)) use_exp = 1;
        if (alt) vend = precision;
        break;
    default: /* 'r' */
        if (dp <= -4 || dp > 16) use_exp = 1;
        break;
    }
    if (use_exp) {
        exp = (int)dp - 1;
        dp = 1;
    }
    Py_ssize_t vstart = dp <= 0 ? dp - 1 : 0;
    Py_ssize_t min_end = (!use_exp && add_dot_0) ? dp + 1 : dp;
    if (vend < min_end) vend = min_end;
    if (vend < ndig) vend = ndig;
    char *buf = PyMem_Malloc((size_t)(vend - vstart) + 16);
    if (buf == NULL) {
        PyMem_Free(digits);
        PyErr_NoMemory();
        return NULL;
    }
    char *p = buf;
    if (sign) *p++ = '-';
    else if (flags & Py_DTSF_SIGN) *p++ = '+';
    for (Py_ssize_t i = vstart; i < vend; i++) {
        if (i == dp) *p++ = '.';
        *p++ = (i >= 0 && i < ndig) ? digits[i] : '0';
    }
    if (dp == vend) *p++ = '.';
    if (p[-1] == '.' && !alt) p--;
    if (use_exp) p += sprintf(p, "%c%+.02d", upper ? 'E' : 'e', exp);
    *p = '\0';
    PyMem_Free(digits);
    return buf;
}

char *PyOS_double_to_string(double val, char format_code, int precision, int flags, int *type) {
    int upper = 0, mode;
    switch (format_code) {
    case 'E': upper = 1; format_code = 'e'; /* fall through */
    case 'e': mode = 2; precision++; break;
    case 'F': upper = 1; format_code = 'f'; /* fall through */
    case 'f': mode = 3; break;
    case 'G': upper = 1; format_code = 'g'; /* fall through */
    case 'g': mode = 2; if (precision == 0) precision = 1; break;
    case 'r':
        mode = 0;
        if (precision != 0) {
            CPX_BAD_CALL("Python/pystrtod.c", 1307);
            return NULL;
        }
        break;
    default:
        CPX_BAD_CALL("Python/pystrtod.c", 1313);
        return NULL;
    }
    if (isfinite(val)) {
        if (type) *type = Py_DTST_FINITE;
        return format_finite(val, format_code, mode, precision, flags, upper);
    }
    char *buf = PyMem_Malloc(8), *p = buf;
    if (buf == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    int nan = isnan(val);
    if (!nan && val < 0) *p++ = '-';
    else if (flags & Py_DTSF_SIGN) *p++ = '+';
    strcpy(p, nan ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
    if (type) *type = nan ? Py_DTST_NAN : Py_DTST_INFINITE;
    return buf;
}
