/* long_arith.c: int arithmetic -- the digit kernels (add, subtract,
 * schoolbook multiply, Knuth division) and the number slots of int (the
 * int <-> double conversions and true division are in long_double.c).
 *
 * Ownership: kernels (x_*) take borrowed ints and return a new, possibly
 * unnormalized int that the caller owns; every slot and _cpx_long_* entry
 * returns a new, normalized reference (small values as the cached ints, via
 * _cpx_long_finish) or NULL with an error set. Binary slots return
 * NotImplemented (new reference) unless both operands are ints. */
#include "long_internal.h"

#define CHECK_BINOP(a, b) do { \
    if (!PyLong_Check(a) || !PyLong_Check(b)) Py_RETURN_NOTIMPLEMENTED; } while (0)

static int digit_bits(digit d) { return d ? 32 - __builtin_clz(d) : 0; }

/* ---------------- magnitude kernels ---------------- */

/* |a| + |b| */
static PyLongObject *x_add(PyLongObject *a, PyLongObject *b) {
    Py_ssize_t na = cpx_lsize(a), nb = cpx_lsize(b);
    if (na < nb) {
        PyLongObject *t = a; a = b; b = t;
        Py_ssize_t tn = na; na = nb; nb = tn;
    }
    PyLongObject *z = _PyLong_New(na + 1);
    if (z == NULL) return NULL;
    digit carry = 0;
    Py_ssize_t i = 0;
    for (; i < nb; i++) {
        carry += a->ob_digit[i] + b->ob_digit[i];
        z->ob_digit[i] = carry & PyLong_MASK;
        carry >>= PyLong_SHIFT;
    }
    for (; i < na; i++) {
        carry += a->ob_digit[i];
        z->ob_digit[i] = carry & PyLong_MASK;
        carry >>= PyLong_SHIFT;
    }
    z->ob_digit[i] = carry;
    return _cpx_long_normalize(z);
}

/* |a| - |b|, with the sign of the difference */
static PyLongObject *x_sub(PyLongObject *a, PyLongObject *b) {
    Py_ssize_t na = cpx_lsize(a), nb = cpx_lsize(b);
    int negative = 0;
    if (na < nb) {
        negative = 1;
    } else if (na == nb) {
        Py_ssize_t i = na;
        while (--i >= 0 && a->ob_digit[i] == b->ob_digit[i]) {}
        if (i < 0) return _PyLong_New(0);
        if (a->ob_digit[i] < b->ob_digit[i]) negative = 1;
        na = nb = i + 1;
    }
    if (negative) {
        PyLongObject *t = a; a = b; b = t;
        Py_ssize_t tn = na; na = nb; nb = tn;
    }
    PyLongObject *z = _PyLong_New(na);
    if (z == NULL) return NULL;
    digit borrow = 0;
    Py_ssize_t i = 0;
    for (; i < nb; i++) {
        borrow = a->ob_digit[i] - b->ob_digit[i] - borrow;
        z->ob_digit[i] = borrow & PyLong_MASK;
        borrow = (borrow >> PyLong_SHIFT) & 1;
    }
    for (; i < na; i++) {
        borrow = a->ob_digit[i] - borrow;
        z->ob_digit[i] = borrow & PyLong_MASK;
        borrow = (borrow >> PyLong_SHIFT) & 1;
    }
    _cpx_long_normalize(z);
    if (negative) Py_SET_SIZE(z, -Py_SIZE(z));
    return z;
}

/* |a| * |b|, schoolbook */
static PyLongObject *x_mul(PyLongObject *a, PyLongObject *b) {
    Py_ssize_t na = cpx_lsize(a), nb = cpx_lsize(b);
    PyLongObject *z = _PyLong_New(na + nb);
    if (z == NULL) return NULL;
    memset(z->ob_digit, 0, (size_t)(na + nb) * sizeof(digit));
    for (Py_ssize_t i = 0; i < na; i++) {
        twodigits f = a->ob_digit[i], carry = 0;
        if (f == 0) continue;
        digit *pz = z->ob_digit + i;
        for (Py_ssize_t j = 0; j < nb; j++) {
            carry += pz[j] + f * b->ob_digit[j];
            pz[j] = (digit)(carry & PyLong_MASK);
            carry >>= PyLong_SHIFT;
        }
        pz[nb] += (digit)carry;
    }
    return _cpx_long_normalize(z);
}

/* |a| / n for a single digit n; remainder in *rem. */
static PyLongObject *divrem1(PyLongObject *a, digit n, digit *rem) {
    Py_ssize_t size = cpx_lsize(a);
    PyLongObject *q = _PyLong_New(size);
    if (q == NULL) return NULL;
    twodigits r = 0;
    for (Py_ssize_t i = size; --i >= 0;) {
        r = (r << PyLong_SHIFT) | a->ob_digit[i];
        q->ob_digit[i] = (digit)(r / n);
        r %= n;
    }
    *rem = (digit)r;
    return _cpx_long_normalize(q);
}

/* |v| divided by |w| (|w| has >= 2 digits, |v| >= |w| in digit count):
 * Knuth's algorithm D. Quotient and remainder magnitudes. */
static int x_divrem(PyLongObject *v1, PyLongObject *w1, PyLongObject **pq, PyLongObject **pr) {
    Py_ssize_t size_v = cpx_lsize(v1), size_w = cpx_lsize(w1);
    int d = PyLong_SHIFT - digit_bits(w1->ob_digit[size_w - 1]);
    PyLongObject *v = _PyLong_New(size_v + 1), *w = _PyLong_New(size_w), *q = NULL;
    if (v == NULL || w == NULL) goto fail;
    /* normalize: shift both left so that w's top digit has its top bit set */
    digit carry = 0;
    for (Py_ssize_t i = 0; i < size_w; i++) {
        twodigits t = ((twodigits)w1->ob_digit[i] << d) | carry;
        w->ob_digit[i] = (digit)(t & PyLong_MASK);
        carry = (digit)(t >> PyLong_SHIFT);
    }
    carry = 0;
    for (Py_ssize_t i = 0; i < size_v; i++) {
        twodigits t = ((twodigits)v1->ob_digit[i] << d) | carry;
        v->ob_digit[i] = (digit)(t & PyLong_MASK);
        carry = (digit)(t >> PyLong_SHIFT);
    }
    v->ob_digit[size_v] = carry;
    Py_ssize_t k = size_v + 1 - size_w;
    q = _PyLong_New(k);
    if (q == NULL) goto fail;
    digit wtop = w->ob_digit[size_w - 1], wnext = w->ob_digit[size_w - 2];
    for (Py_ssize_t j = k; --j >= 0;) {
        digit *vj = v->ob_digit + j;
        digit vtop = vj[size_w];
        twodigits vv = ((twodigits)vtop << PyLong_SHIFT) | vj[size_w - 1];
        twodigits qhat = vv / wtop, rhat = vv % wtop;
        if (qhat > PyLong_MASK) {
            qhat = PyLong_MASK;
            rhat = vv - qhat * wtop;
        }
        while (rhat < PyLong_BASE && (twodigits)wnext * qhat > ((rhat << PyLong_SHIFT) | vj[size_w - 2])) {
            qhat--;
            rhat += wtop;
        }
        /* vj[0..size_w] -= qhat * w */
        stwodigits acc = 0;
        for (Py_ssize_t i = 0; i < size_w; i++) {
            acc += (stwodigits)vj[i] - (stwodigits)qhat * (stwodigits)w->ob_digit[i];
            vj[i] = (digit)(acc & PyLong_MASK);
            acc >>= PyLong_SHIFT;
        }
        acc += vtop;
        if (acc < 0) {
            /* qhat was one too large: add w back */
            digit c = 0;
            for (Py_ssize_t i = 0; i < size_w; i++) {
                c += vj[i] + w->ob_digit[i];
                vj[i] = c & PyLong_MASK;
                c >>= PyLong_SHIFT;
            }
            qhat--;
        }
        vj[size_w] = 0;
        q->ob_digit[j] = (digit)qhat;
    }
    /* remainder: v[0..size_w) shifted back right by d */
    carry = 0;
    for (Py_ssize_t i = size_w; --i >= 0;) {
        twodigits t = ((twodigits)carry << PyLong_SHIFT) | v->ob_digit[i];
        v->ob_digit[i] = (digit)(t >> d);
        carry = (digit)(t & (((twodigits)1 << d) - 1));
    }
    Py_SET_SIZE(v, size_w);
    Py_DECREF(w);
    *pq = _cpx_long_normalize(q);
    *pr = _cpx_long_normalize(v);
    return 0;
fail:
    Py_XDECREF(v);
    Py_XDECREF(w);
    Py_XDECREF(q);
    return -1;
}

/* Truncating division; b != 0. Quotient sign = sign(a)*sign(b), remainder
 * sign = sign(a). */
static int long_divrem(PyLongObject *a, PyLongObject *b, PyLongObject **pq, PyLongObject **pr) {
    Py_ssize_t na = cpx_lsize(a), nb = cpx_lsize(b);
    PyLongObject *q, *r;
    if (na < nb || (na == nb && a->ob_digit[na - 1] < b->ob_digit[nb - 1])) {
        q = _PyLong_New(0);
        r = (PyLongObject *)_PyLong_Copy(a);
        if (q == NULL || r == NULL) {
            Py_XDECREF(q);
            Py_XDECREF(r);
            return -1;
        }
        /* _PyLong_Copy may return a cached small int: never mutate it */
        *pq = q;
        *pr = r;
        return 0;
    }
    if (nb == 1) {
        digit rem;
        q = divrem1(a, b->ob_digit[0], &rem);
        if (q == NULL) return -1;
        r = (PyLongObject *)_cpx_long_from_stwodigits(Py_SIZE(a) < 0 ? -(stwodigits)rem : (stwodigits)rem);
        if (r == NULL) {
            Py_DECREF(q);
            return -1;
        }
    } else {
        if (x_divrem(a, b, &q, &r) < 0) return -1;
        if (Py_SIZE(a) < 0) Py_SET_SIZE(r, -Py_SIZE(r));
    }
    if ((Py_SIZE(a) < 0) != (Py_SIZE(b) < 0)) Py_SET_SIZE(q, -Py_SIZE(q));
    *pq = q;
    *pr = r;
    return 0;
}

/* ---------------- signed operations ---------------- */

PyObject *_cpx_long_add(PyLongObject *a, PyLongObject *b) {
    if (cpx_lsize(a) <= 1 && cpx_lsize(b) <= 1)
        return _cpx_long_from_stwodigits(cpx_medium_value(a) + cpx_medium_value(b));
    PyLongObject *z;
    if (Py_SIZE(a) < 0) {
        if (Py_SIZE(b) < 0) {
            z = x_add(a, b);
            if (z != NULL) Py_SET_SIZE(z, -Py_SIZE(z));
        } else {
            z = x_sub(b, a);
        }
    } else {
        z = Py_SIZE(b) < 0 ? x_sub(a, b) : x_add(a, b);
    }
    return _cpx_long_finish(z);
}

PyObject *_cpx_long_sub(PyLongObject *a, PyLongObject *b) {
    if (cpx_lsize(a) <= 1 && cpx_lsize(b) <= 1)
        return _cpx_long_from_stwodigits(cpx_medium_value(a) - cpx_medium_value(b));
    PyLongObject *z;
    if (Py_SIZE(a) < 0) {
        z = Py_SIZE(b) < 0 ? x_sub(b, a) : x_add(a, b);
        if (z != NULL && Py_SIZE(b) >= 0) Py_SET_SIZE(z, -Py_SIZE(z));
    } else {
        z = Py_SIZE(b) < 0 ? x_add(a, b) : x_sub(a, b);
    }
    return _cpx_long_finish(z);
}

PyObject *_cpx_long_mul(PyLongObject *a, PyLongObject *b) {
    if (cpx_lsize(a) <= 1 && cpx_lsize(b) <= 1)
        return _cpx_long_from_stwodigits(cpx_medium_value(a) * cpx_medium_value(b));
    PyLongObject *z = x_mul(a, b);
    if (z != NULL && (Py_SIZE(a) < 0) != (Py_SIZE(b) < 0)) Py_SET_SIZE(z, -Py_SIZE(z));
    return _cpx_long_finish(z);
}

int _cpx_long_divmod(PyLongObject *a, PyLongObject *b, PyLongObject **pdiv, PyLongObject **pmod) {
    if (Py_SIZE(b) == 0) {
        PyErr_SetString(PyExc_ZeroDivisionError,
                        pdiv ? "integer division or modulo by zero" : "integer modulo by zero");
        return -1;
    }
    if (cpx_lsize(a) <= 1 && cpx_lsize(b) <= 1) {
        stwodigits x = cpx_medium_value(a), y = cpx_medium_value(b);
        stwodigits q = x / y, r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) {
            r += y;
            q -= 1;
        }
        PyObject *qo = NULL, *ro = NULL;
        if (pdiv && (qo = _cpx_long_from_stwodigits(q)) == NULL) return -1;
        if (pmod && (ro = _cpx_long_from_stwodigits(r)) == NULL) {
            Py_XDECREF(qo);
            return -1;
        }
        if (pdiv) *pdiv = (PyLongObject *)qo;
        if (pmod) *pmod = (PyLongObject *)ro;
        return 0;
    }
    PyLongObject *q, *r;
    if (long_divrem(a, b, &q, &r) < 0) return -1;
    if (Py_SIZE(r) != 0 && ((Py_SIZE(r) < 0) != (Py_SIZE(b) < 0))) {
        PyObject *r2 = _cpx_long_add(r, b);
        Py_DECREF(r);
        if (r2 == NULL) {
            Py_DECREF(q);
            return -1;
        }
        r = (PyLongObject *)r2;
        PyObject *one = _cpx_small_int(1);
        PyObject *q2 = _cpx_long_sub(q, (PyLongObject *)one);
        Py_DECREF(q);
        if (q2 == NULL) {
            Py_DECREF(r);
            return -1;
        }
        q = (PyLongObject *)q2;
    }
    if (pdiv) *pdiv = (PyLongObject *)_cpx_long_finish(q);
    else Py_DECREF(q);
    if (pmod) *pmod = (PyLongObject *)_cpx_long_finish(r);
    else Py_DECREF(r);
    return 0;
}

PyObject *_cpx_long_neg(PyLongObject *a) {
    if (cpx_lsize(a) <= 1) return _cpx_long_from_stwodigits(-cpx_medium_value(a));
    PyLongObject *z = (PyLongObject *)_PyLong_Copy(a);
    if (z != NULL) Py_SET_SIZE(z, -Py_SIZE(z));
    return (PyObject *)z;
}

static PyObject *long_abs(PyObject *a) {
    if (Py_SIZE(a) < 0) return _cpx_long_neg((PyLongObject *)a);
    if (PyLong_CheckExact(a)) return Py_NewRef(a);
    return _PyLong_Copy((PyLongObject *)a);
}

/* ~a == -(a + 1) */
static PyObject *long_invert(PyObject *a) {
    PyLongObject *v = (PyLongObject *)a;
    if (cpx_lsize(v) <= 1) return _cpx_long_from_stwodigits(~cpx_medium_value(v));
    PyObject *one = _cpx_small_int(1);
    PyObject *t = _cpx_long_add(v, (PyLongObject *)one);
    Py_DECREF(one);
    if (t == NULL) return NULL;
    PyObject *r = _cpx_long_neg((PyLongObject *)t);
    Py_DECREF(t);
    return r;
}

static PyObject *long_neg(PyObject *a) { return _cpx_long_neg((PyLongObject *)a); }

static PyObject *long_pos(PyObject *a) {
    if (PyLong_CheckExact(a)) return Py_NewRef(a);
    return _PyLong_Copy((PyLongObject *)a);
}

static int long_bool(PyObject *a) { return Py_SIZE(a) != 0; }

static PyObject *long_add_slot(PyObject *a, PyObject *b) {
    CHECK_BINOP(a, b);
    return _cpx_long_add((PyLongObject *)a, (PyLongObject *)b);
}
static PyObject *long_sub_slot(PyObject *a, PyObject *b) {
    CHECK_BINOP(a, b);
    return _cpx_long_sub((PyLongObject *)a, (PyLongObject *)b);
}
static PyObject *long_mul_slot(PyObject *a, PyObject *b) {
    CHECK_BINOP(a, b);
    return _cpx_long_mul((PyLongObject *)a, (PyLongObject *)b);
}
static PyObject *long_floordiv_slot(PyObject *a, PyObject *b) {
    CHECK_BINOP(a, b);
    PyLongObject *q;
    if (_cpx_long_divmod((PyLongObject *)a, (PyLongObject *)b, &q, NULL) < 0) return NULL;
    return (PyObject *)q;
}
static PyObject *long_mod_slot(PyObject *a, PyObject *b) {
    CHECK_BINOP(a, b);
    PyLongObject *r;
    if (_cpx_long_divmod((PyLongObject *)a, (PyLongObject *)b, NULL, &r) < 0) return NULL;
    return (PyObject *)r;
}
static PyObject *long_divmod_slot(PyObject *a, PyObject *b) {
    CHECK_BINOP(a, b);
    PyLongObject *q, *r;
    if (_cpx_long_divmod((PyLongObject *)a, (PyLongObject *)b, &q, &r) < 0) return NULL;
    PyObject *t = PyTuple_Pack(2, (PyObject *)q, (PyObject *)r);
    Py_DECREF(q);
    Py_DECREF(r);
    return t;
}

/* ---------------- power ---------------- */

/* a**-1 modulo n (n > 1); ValueError when gcd(a, n) != 1. */
static PyLongObject *long_invmod(PyLongObject *a, PyLongObject *n) {
    PyLongObject *x = NULL, *y = NULL, *c0 = NULL, *c1 = NULL;
    if (_cpx_long_divmod(a, n, NULL, &x) < 0) return NULL;
    y = (PyLongObject *)Py_NewRef(n);
    c0 = (PyLongObject *)_cpx_small_int(1);
    c1 = (PyLongObject *)_cpx_small_int(0);
    /* invariant: c0 * a == x and c1 * a == y (mod n) */
    while (Py_SIZE(y) != 0) {
        PyLongObject *q, *r;
        if (_cpx_long_divmod(x, y, &q, &r) < 0) goto fail;
        PyObject *t = _cpx_long_mul(q, c1);
        Py_DECREF(q);
        if (t == NULL) {
            Py_DECREF(r);
            goto fail;
        }
        PyObject *c2 = _cpx_long_sub(c0, (PyLongObject *)t);
        Py_DECREF(t);
        if (c2 == NULL) {
            Py_DECREF(r);
            goto fail;
        }
        Py_DECREF(x);
        x = y;
        y = r;
        Py_DECREF(c0);
        c0 = c1;
        c1 = (PyLongObject *)c2;
    }
    if (!(Py_SIZE(x) == 1 && x->ob_digit[0] == 1)) {
        PyErr_SetString(PyExc_ValueError, "base is not invertible for the given modulus");
        goto fail;
    }
    PyLongObject *res;
    if (_cpx_long_divmod(c0, n, NULL, &res) < 0) goto fail;
    Py_DECREF(x);
    Py_DECREF(y);
    Py_DECREF(c0);
    Py_DECREF(c1);
    return res;
fail:
    Py_XDECREF(x);
    Py_XDECREF(y);
    Py_XDECREF(c0);
    Py_XDECREF(c1);
    return NULL;
}

/* z = z * f (mod c when c != NULL); consumes z. */
static PyLongObject *mulmod(PyLongObject *z, PyLongObject *f, PyLongObject *c) {
    PyObject *t = _cpx_long_mul(z, f);
    Py_DECREF(z);
    if (t == NULL || c == NULL) return (PyLongObject *)t;
    PyLongObject *r;
    int rc = _cpx_long_divmod((PyLongObject *)t, c, NULL, &r);
    Py_DECREF(t);
    return rc < 0 ? NULL : r;
}

/* a ** b (mod c when c != NULL); b >= 0, 0 <= a < c when c given */
static PyObject *pow_kernel(PyLongObject *a, PyLongObject *b, PyLongObject *c) {
    PyLongObject *z = (PyLongObject *)_cpx_small_int(1);
    Py_ssize_t nb = cpx_lsize(b);
    for (Py_ssize_t i = nb; --i >= 0;) {
        digit bi = b->ob_digit[i];
        for (int j = (i == nb - 1 ? digit_bits(bi) : PyLong_SHIFT); --j >= 0;) {
            z = mulmod(z, z, c);
            if (z == NULL) return NULL;
            if ((bi >> j) & 1) {
                z = mulmod(z, a, c);
                if (z == NULL) return NULL;
            }
        }
    }
    return (PyObject *)z;
}

PyObject *_cpx_long_pow_small(long base, long exp) {
    PyObject *a = PyLong_FromLong(base), *b = PyLong_FromLong(exp);
    PyObject *r = (a && b) ? pow_kernel((PyLongObject *)a, (PyLongObject *)b, NULL) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
    return r;
}

static PyObject *long_pow(PyObject *v, PyObject *w, PyObject *x) {
    CHECK_BINOP(v, w);
    if (x != Py_None && !PyLong_Check(x)) Py_RETURN_NOTIMPLEMENTED;
    PyLongObject *a = (PyLongObject *)v, *b = (PyLongObject *)w;
    if (x == Py_None) {
        if (Py_SIZE(b) < 0) return PyFloat_Type.tp_as_number->nb_power(v, w, x);
        return pow_kernel(a, b, NULL);
    }
    PyLongObject *c = (PyLongObject *)x;
    if (Py_SIZE(c) == 0) {
        PyErr_SetString(PyExc_ValueError, "pow() 3rd argument cannot be 0");
        return NULL;
    }
    int negative_output = Py_SIZE(c) < 0;
    c = (PyLongObject *)long_abs((PyObject *)c);
    if (c == NULL) return NULL;
    PyObject *res = NULL;
    PyLongObject *base = NULL, *exp = NULL;
    if (Py_SIZE(c) == 1 && c->ob_digit[0] == 1) {
        res = _cpx_small_int(0);
        goto done;
    }
    if (Py_SIZE(b) < 0) {
        base = long_invmod(a, c);
        if (base == NULL) goto done;
        exp = (PyLongObject *)_cpx_long_neg(b);
        if (exp == NULL) goto done;
    } else {
        if (_cpx_long_divmod(a, c, NULL, &base) < 0) goto done;
        exp = (PyLongObject *)Py_NewRef(b);
    }
    res = pow_kernel(base, exp, c);
    if (res != NULL && negative_output && Py_SIZE(res) != 0)
        Py_SETREF(res, _cpx_long_sub((PyLongObject *)res, c));
done:
    Py_XDECREF(base);
    Py_XDECREF(exp);
    Py_DECREF(c);
    return res;
}

/* ---------------- shifts ---------------- */

PyObject *_cpx_long_lshift_bits(PyLongObject *a, size_t bits) {
    Py_ssize_t na = cpx_lsize(a);
    if (na == 0) return _cpx_small_int(0);
    size_t wordshift = bits / PyLong_SHIFT;
    int rem = (int)(bits % PyLong_SHIFT);
    if (wordshift > (size_t)PY_SSIZE_T_MAX / 4) {
        PyErr_SetString(PyExc_OverflowError, "too many digits in integer");
        return NULL;
    }
    Py_ssize_t nz = na + (Py_ssize_t)wordshift + (rem ? 1 : 0);
    PyLongObject *z = _PyLong_New(nz);
    if (z == NULL) return NULL;
    memset(z->ob_digit, 0, wordshift * sizeof(digit));
    twodigits acc = 0;
    Py_ssize_t j = (Py_ssize_t)wordshift;
    for (Py_ssize_t i = 0; i < na; i++, j++) {
        acc |= (twodigits)a->ob_digit[i] << rem;
        z->ob_digit[j] = (digit)(acc & PyLong_MASK);
        acc >>= PyLong_SHIFT;
    }
    if (rem) z->ob_digit[j] = (digit)acc;
    if (Py_SIZE(a) < 0) Py_SET_SIZE(z, -nz);
    return _cpx_long_finish(z);
}

/* floor(|a| / 2**bits) for a >= 0 */
static PyObject *rshift_nonneg(PyLongObject *a, size_t bits) {
    Py_ssize_t na = cpx_lsize(a);
    size_t wordshift = bits / PyLong_SHIFT;
    int rem = (int)(bits % PyLong_SHIFT);
    if (wordshift >= (size_t)na) return _cpx_small_int(0);
    Py_ssize_t nz = na - (Py_ssize_t)wordshift;
    PyLongObject *z = _PyLong_New(nz);
    if (z == NULL) return NULL;
    for (Py_ssize_t i = 0; i < nz; i++) {
        twodigits t = a->ob_digit[i + wordshift];
        if (i + 1 < nz) t |= (twodigits)a->ob_digit[i + 1 + wordshift] << PyLong_SHIFT;
        z->ob_digit[i] = (digit)((t >> rem) & PyLong_MASK);
    }
    return _cpx_long_finish(z);
}

static int shift_count(PyObject *b, size_t *out, int *huge) {
    if (Py_SIZE(b) < 0) {
        PyErr_SetString(PyExc_ValueError, "negative shift count");
        return -1;
    }
    unsigned long long m = 0;
    PyLongObject *v = (PyLongObject *)b;
    *huge = 0;
    for (Py_ssize_t i = cpx_lsize(v); --i >= 0;) {
        if (m >> (62 - PyLong_SHIFT)) {
            *huge = 1;
            return 0;
        }
        m = (m << PyLong_SHIFT) | v->ob_digit[i];
    }
    *out = (size_t)m;
    return 0;
}

static PyObject *long_lshift(PyObject *a, PyObject *b) {
    CHECK_BINOP(a, b);
    size_t n;
    int huge;
    if (shift_count(b, &n, &huge) < 0) return NULL;
    if (Py_SIZE(a) == 0) return _cpx_small_int(0);
    if (huge) {
        PyErr_SetString(PyExc_OverflowError, "too many digits in integer");
        return NULL;
    }
    return _cpx_long_lshift_bits((PyLongObject *)a, n);
}

static PyObject *long_rshift(PyObject *a, PyObject *b) {
    CHECK_BINOP(a, b);
    size_t n;
    int huge;
    if (shift_count(b, &n, &huge) < 0) return NULL;
    PyLongObject *v = (PyLongObject *)a;
    if (huge) return _cpx_small_int(Py_SIZE(v) < 0 ? -1 : 0);
    if (Py_SIZE(v) >= 0) return rshift_nonneg(v, n);
    /* a < 0: a >> n == ~(~a >> n), and ~a >= 0 */
    PyObject *t = long_invert(a);
    if (t == NULL) return NULL;
    PyObject *s = rshift_nonneg((PyLongObject *)t, n);
    Py_DECREF(t);
    if (s == NULL) return NULL;
    PyObject *r = long_invert(s);
    Py_DECREF(s);
    return r;
}

/* ---------------- bitwise (two's complement semantics) ---------------- */

/* The low n digits of the two's complement form of a (n > |size|). */
static void twos_complement(PyLongObject *a, digit *out, Py_ssize_t n) {
    Py_ssize_t na = cpx_lsize(a);
    int negative = Py_SIZE(a) < 0;
    digit carry = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        digit d = i < na ? a->ob_digit[i] : 0;
        if (negative) {
            d = (d ^ PyLong_MASK) + carry;
            carry = d >> PyLong_SHIFT;
            d &= PyLong_MASK;
        }
        out[i] = d;
    }
}

static PyObject *long_bitwise(PyObject *a, int op, PyObject *b) {
    CHECK_BINOP(a, b);
    PyLongObject *x = (PyLongObject *)a, *y = (PyLongObject *)b;
    if (cpx_lsize(x) <= 1 && cpx_lsize(y) <= 1) {
        stwodigits p = cpx_medium_value(x), q = cpx_medium_value(y);
        return _cpx_long_from_stwodigits(op == '&' ? (p & q) : op == '|' ? (p | q) : (p ^ q));
    }
    Py_ssize_t n = (cpx_lsize(x) > cpx_lsize(y) ? cpx_lsize(x) : cpx_lsize(y)) + 1;
    int nx = Py_SIZE(x) < 0, ny = Py_SIZE(y) < 0;
    int nz = op == '&' ? (nx & ny) : op == '|' ? (nx | ny) : (nx ^ ny);
    PyLongObject *z = _PyLong_New(n);
    digit *tmp = PyMem_Malloc((size_t)n * sizeof(digit));
    if (z == NULL || tmp == NULL) {
        Py_XDECREF(z);
        PyMem_Free(tmp);
        if (tmp == NULL) PyErr_NoMemory();
        return NULL;
    }
    twos_complement(x, z->ob_digit, n);
    twos_complement(y, tmp, n);
    for (Py_ssize_t i = 0; i < n; i++) {
        digit p = z->ob_digit[i], q = tmp[i];
        z->ob_digit[i] = op == '&' ? (p & q) : op == '|' ? (p | q) : (p ^ q);
    }
    PyMem_Free(tmp);
    if (nz) {
        /* back from two's complement to a magnitude */
        digit carry = 1;
        for (Py_ssize_t i = 0; i < n; i++) {
            digit d = (z->ob_digit[i] ^ PyLong_MASK) + carry;
            carry = d >> PyLong_SHIFT;
            z->ob_digit[i] = d & PyLong_MASK;
        }
        Py_SET_SIZE(z, -n);
    }
    return _cpx_long_finish(z);
}

static PyObject *long_and(PyObject *a, PyObject *b) { return long_bitwise(a, '&', b); }
static PyObject *long_or(PyObject *a, PyObject *b) { return long_bitwise(a, '|', b); }
static PyObject *long_xor(PyObject *a, PyObject *b) { return long_bitwise(a, '^', b); }

/* ---------------- gcd ---------------- */

PyObject *_PyLong_GCD(PyObject *a, PyObject *b) {
    PyObject *x = long_abs(a), *y = long_abs(b);
    while (x != NULL && y != NULL && Py_SIZE(y) != 0) {
        PyLongObject *r;
        if (_cpx_long_divmod((PyLongObject *)x, (PyLongObject *)y, NULL, &r) < 0) {
            Py_CLEAR(x);
            break;
        }
        Py_DECREF(x);
        x = y;
        y = (PyObject *)r;
    }
    Py_XDECREF(y);
    return x;
}

PyNumberMethods _cpx_long_as_number = {
    .nb_add = long_add_slot,
    .nb_subtract = long_sub_slot,
    .nb_multiply = long_mul_slot,
    .nb_remainder = long_mod_slot,
    .nb_divmod = long_divmod_slot,
    .nb_power = long_pow,
    .nb_negative = long_neg,
    .nb_positive = long_pos,
    .nb_absolute = long_abs,
    .nb_bool = long_bool,
    .nb_invert = long_invert,
    .nb_lshift = long_lshift,
    .nb_rshift = long_rshift,
    .nb_and = long_and,
    .nb_xor = long_xor,
    .nb_or = long_or,
    .nb_int = long_pos,
    .nb_float = _cpx_long_float,
    .nb_floor_divide = long_floordiv_slot,
    .nb_true_divide = _cpx_long_true_divide,
    .nb_index = long_pos,
};
