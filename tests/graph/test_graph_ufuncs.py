"""Every registered ufunc, traced on drawn shapes, dtypes and values, agrees with NumPy."""

from __future__ import annotations

import operator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autoconv.graph import registry
from graph_oracle import ALL, FLOAT, INTEGER, REAL, arrays, check, elements, examples, shapes, trace, unknown_mask

SETTINGS = examples(12)

UFUNCS = {name: op.kernel for name, op in registry.OPS.items() if isinstance(op.kernel, np.ufunc)}
ELEMENTWISE_UNARY = sorted(n for n, uf in UFUNCS.items() if uf.signature is None and uf.nin == 1)
ELEMENTWISE_BINARY = sorted(n for n, uf in UFUNCS.items() if uf.signature is None and uf.nin == 2)
GENERALIZED = sorted(n for n, uf in UFUNCS.items() if uf.signature is not None)

UNARY_OPERATORS = {"negative": operator.neg, "positive": operator.pos, "absolute": abs, "invert": operator.invert}
BINARY_OPERATORS = {
    "add": operator.add, "subtract": operator.sub, "multiply": operator.mul, "divide": operator.truediv,
    "floor_divide": operator.floordiv, "remainder": operator.mod, "power": operator.pow,
    "bitwise_and": operator.and_, "bitwise_or": operator.or_, "bitwise_xor": operator.xor,
    "left_shift": operator.lshift, "right_shift": operator.rshift, "divmod": divmod,
    "less": operator.lt, "less_equal": operator.le, "greater": operator.gt, "greater_equal": operator.ge,
    "equal": operator.eq, "not_equal": operator.ne,
}


@pytest.mark.parametrize("name", ELEMENTWISE_UNARY)
@SETTINGS
@given(data=st.data())
def test_unary_ufunc(name: str, data: st.DataObject) -> None:
    ufunc = UFUNCS[name]
    # isnat takes datetimes only: drawing numbers checks that the graph refuses them as NumPy does.
    dtype = data.draw(st.sampled_from(ALL), label="dtype")
    x = data.draw(arrays(dtype, data.draw(shapes())), label="x")
    unknown = [unknown_mask(data.draw, x.shape)]
    use_operator = name in UNARY_OPERATORS and data.draw(st.booleans(), label="operator")
    fn = UNARY_OPERATORS[name] if use_operator else ufunc
    check(fn, [x], unknown)


@st.composite
def two_operands(draw: st.DrawFn, dtypes: list = ALL) -> tuple:
    (sa, sb), _ = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3))
    da, db = draw(st.sampled_from(dtypes)), draw(st.sampled_from(dtypes))
    a, b = draw(arrays(da, sa)), draw(arrays(db, sb))
    return a, b


@pytest.mark.parametrize("name", ELEMENTWISE_BINARY)
@SETTINGS
@given(data=st.data())
def test_binary_ufunc(name: str, data: st.DataObject) -> None:
    a, b = data.draw(two_operands(), label="operands")
    unknown = [unknown_mask(data.draw, a.shape), unknown_mask(data.draw, b.shape)]
    use_operator = name in BINARY_OPERATORS and data.draw(st.booleans(), label="operator")
    fn = BINARY_OPERATORS[name] if use_operator else UFUNCS[name]
    check(fn, [a, b], unknown)


# NEP 50: a Python scalar is weak (it takes the array's dtype, or raises OverflowError when its
# value does not fit); a NumPy scalar is strong (it promotes like a 0-d array).
PYTHON_SCALARS = st.one_of(
    st.booleans(),
    st.integers(-300, 300),
    st.sampled_from([2**31, -(2**31) - 1, 2**63, 2**64, -(2**63) - 1, 70000]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.5, 1e300, 3.0j, complex(1.5, -2.0)]),
)


@st.composite
def numpy_scalars(draw: st.DrawFn) -> np.generic:
    dtype = draw(st.sampled_from(ALL))
    return dtype.type(draw(elements(dtype)))


@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "power",
                                  "maximum", "bitwise_and", "left_shift", "less", "equal", "arctan2"])
@examples(40)
@given(data=st.data())
def test_scalar_operand_promotion(name: str, data: st.DataObject) -> None:
    dtype = data.draw(st.sampled_from(ALL), label="dtype")
    x = data.draw(arrays(dtype, data.draw(shapes(max_dims=2))), label="x")
    scalar = data.draw(st.one_of(PYTHON_SCALARS, numpy_scalars()), label="scalar")
    on_left = data.draw(st.booleans(), label="scalar on the left")
    use_operator = name in BINARY_OPERATORS and data.draw(st.booleans(), label="operator")
    op = BINARY_OPERATORS[name] if use_operator else UFUNCS[name]
    fn = (lambda t: op(scalar, t)) if on_left else (lambda t: op(t, scalar))
    check(fn, [x], [unknown_mask(data.draw, x.shape)])


@pytest.mark.parametrize("x_dtype, scalar, expected", [
    (np.float32, 0.5, np.float32),
    (np.float16, 2, np.float16),
    (np.int8, 1, np.int8),
    (np.uint8, True, np.uint8),
    (np.int32, 2.5, np.float64),
    (np.float32, 1j, np.complex64),
    (np.float32, np.float64(2), np.float64),
    (np.int8, np.int64(1), np.int64),
    (np.uint8, np.int8(1), np.int16),
])
def test_weak_and_strong_scalars(x_dtype: type, scalar: object, expected: type) -> None:
    x = np.arange(4, dtype=x_dtype)
    check(lambda t: t * scalar, [x])
    check(lambda t: scalar + t, [x])
    _, (out,) = trace(lambda t: t * scalar, [(np.dtype(x_dtype), (4,))])
    assert out.dtype == np.dtype(expected)


@pytest.mark.parametrize("x_dtype, scalar", [(np.int8, 1000), (np.uint8, -1), (np.int64, 2**63), (np.uint64, -1),
                                             (np.int16, -40000)])
def test_out_of_bounds_python_int_raises_overflow(x_dtype: type, scalar: int) -> None:
    x = np.zeros(3, dtype=x_dtype)
    with pytest.raises(OverflowError):
        x + scalar
    with pytest.raises(OverflowError, match=r"add: .*test_graph_ufuncs.py:\d+"):
        trace(lambda t: t + scalar, [(np.dtype(x_dtype), (3,))])
    check(lambda t: t + scalar, [x])


def test_a_python_int_that_fits_does_not_hide_one_that_does_not() -> None:
    # The rule remembers result dtypes; the literal's value decides them as much as its type.
    _, (out,) = trace(lambda t: t + 100, [(np.dtype(np.int8), (3,))])
    assert out.dtype == np.int8
    with pytest.raises(OverflowError):
        trace(lambda t: t + 1000, [(np.dtype(np.int8), (3,))])


GUFUNC_SIGNATURES = {"matmul": "(n?,k),(k,m?)->(n?,m?)", "matvec": "(m,n),(n)->(m)", "vecdot": "(n),(n)->()",
                     "vecmat": "(n),(n,m)->(m)"}


@pytest.mark.parametrize("name", GENERALIZED)
@SETTINGS
@given(data=st.data())
def test_generalized_ufunc(name: str, data: st.DataObject) -> None:
    signature = GUFUNC_SIGNATURES[name]
    (sa, sb), _ = data.draw(hnp.mutually_broadcastable_shapes(signature=signature, max_dims=2, max_side=3),
                            label="shapes")
    da, db = data.draw(st.sampled_from(REAL + [np.dtype(np.complex128)]), label="dtypes"), \
        data.draw(st.sampled_from(REAL), label="dtype b")
    a, b = data.draw(arrays(da, sa, small=True)), data.draw(arrays(db, sb, small=True))
    unknown = [unknown_mask(data.draw, a.shape), unknown_mask(data.draw, b.shape)]
    fn = operator.matmul if name == "matmul" and data.draw(st.booleans(), label="@") else UFUNCS[name]
    check(fn, [a, b], unknown)


@pytest.mark.parametrize("name", GENERALIZED)
def test_generalized_ufunc_core_mismatch(name: str) -> None:
    check(UFUNCS[name], [np.ones((2, 3)), np.ones((4, 2))])


REDUCIBLE = ["add", "multiply", "maximum", "minimum", "logical_and", "logical_or", "bitwise_xor", "subtract"]


@pytest.mark.parametrize("method", ["reduce", "accumulate", "outer"])
@examples(30)
@given(data=st.data())
def test_ufunc_methods(method: str, data: st.DataObject) -> None:
    ufunc = getattr(np, data.draw(st.sampled_from(REDUCIBLE), label="ufunc"))
    dtype = data.draw(st.sampled_from(REAL), label="dtype")
    x = data.draw(arrays(dtype, data.draw(shapes(min_dims=1))), label="x")
    unknown = [unknown_mask(data.draw, x.shape)]
    if method == "outer":
        y = data.draw(arrays(dtype, data.draw(shapes(max_dims=2))), label="y")
        check(ufunc.outer, [x, y], unknown + [unknown_mask(data.draw, y.shape)])
        return
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1), label="axis")
    if method == "reduce":
        keepdims = data.draw(st.booleans(), label="keepdims")
        check(lambda t: ufunc.reduce(t, axis=axis, keepdims=keepdims), [x], unknown)
    else:
        check(lambda t: ufunc.accumulate(t, axis=axis), [x], unknown)


@examples(25)
@given(dtype=st.sampled_from(INTEGER + FLOAT), data=st.data())
def test_ufunc_dtype_and_casting_keywords(dtype: np.dtype, data: st.DataObject) -> None:
    x = data.draw(arrays(dtype, data.draw(shapes(max_dims=2))), label="x")
    target = data.draw(st.sampled_from(ALL), label="target")
    casting = data.draw(st.sampled_from(["same_kind", "unsafe", "safe"]), label="casting")
    check(lambda t: np.add(t, t, dtype=target, casting=casting), [x])
    check(lambda t: np.negative(t, dtype=target, casting=casting), [x])


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.uint16, np.float32, np.complex64])
@pytest.mark.parametrize("exponent", [2, 3, 0.5, 2.0, -1.0, 0])
def test_power_operator_takes_numpy_s_fast_paths(dtype: type, exponent: object) -> None:
    x = np.arange(1, 5).astype(dtype)
    check(lambda t: t ** exponent, [x])
