"""A damaged or hostile saved directory is rejected with a SaveFormatError naming the problem."""

import os

import numpy as np
import pytest

import autoconv as ac
from autoconv.errors import SaveFormatError


def ops_of(document):
    return document["functions"][0]["graph"]["operations"]


def find_op(document, op_type):
    return next(op for op in ops_of(document) if op["type"] == op_type)


def rejected(saved_copy, match):
    with pytest.raises(SaveFormatError, match=match) as info:
        ac.load(saved_copy.path)
    assert isinstance(info.value, ac.AutoConvError)
    return str(info.value)


def test_the_sample_loads_and_runs(sample_dir):
    path, args = sample_dir
    out = ac.load(path)(*args)
    np.testing.assert_array_equal(out["y"], np.array([4, 8, -3, 2], np.float32))


def test_unknown_operation(saved_copy):
    saved_copy.edit(lambda d: ops_of(d)[0].update(type="os.system"))
    message = rejected(saved_copy, "unknown operation 'os.system'")
    assert "functions[0].graph.operations[0]" in message


@pytest.mark.parametrize("version", [2, 0, "1", None, True])
def test_wrong_version(saved_copy, version):
    saved_copy.edit(lambda d: d.update(version=version))
    rejected(saved_copy, "version")


def test_not_a_saved_graph(saved_copy, tmp_path):
    saved_copy.edit(lambda d: d.update(format="something else"))
    rejected(saved_copy, "not an autoconv saved graph")
    with pytest.raises(SaveFormatError, match="no graph.json"):
        ac.load(tmp_path)
    with pytest.raises(SaveFormatError, match="not a directory"):
        ac.load(tmp_path / "missing")


@pytest.mark.parametrize("text, match", [
    ("", "malformed JSON"), ("{", "malformed JSON"), ('{"version": NaN}', "NaN is not JSON"),
    ("\xff\xfe", "malformed JSON|UTF-8"), ("[" * 100000 + "]" * 100000, "nested too deeply|malformed"),
    ('{"format": "autoconv.saved", "version": 1, "variables": [], "generators": [], "functions": []}',
     "no functions"),
])
def test_malformed_json(saved_copy, text, match):
    saved_copy.graph_file.write_bytes(text.encode("latin-1"))
    rejected(saved_copy, match)


def test_truncated_and_padded_npy(saved_copy):
    (variable,) = [p for p in saved_copy.npy_files() if p.parent.name == "variables"]
    data = variable.read_bytes()
    variable.write_bytes(data[:-3])
    rejected(saved_copy, "truncated")
    variable.write_bytes(data[:20])
    rejected(saved_copy, "not a valid .npy")
    variable.write_bytes(data + b"\0")
    rejected(saved_copy, "unexpected bytes")
    variable.write_bytes(b"PK\x03\x04" + data)
    rejected(saved_copy, "not a valid .npy")


def test_pickled_npy_is_refused(saved_copy):
    (variable,) = [p for p in saved_copy.npy_files() if p.parent.name == "variables"]
    np.save(variable, np.array([{"x": 1}, None], dtype=object), allow_pickle=True)
    rejected(saved_copy, "not allowed")


def test_array_not_matching_its_declaration(saved_copy):
    (variable,) = [p for p in saved_copy.npy_files() if p.parent.name == "variables"]
    np.save(variable, np.zeros(2, np.float64))
    rejected(saved_copy, r"holds float64\[2\], declared float32\[2\]")


def test_constant_not_matching_its_output_type(saved_copy):
    (const,) = [p for p in saved_copy.npy_files() if p.parent.name == "arrays" and np.load(p).shape == (4,)]
    np.save(const, np.zeros(5, np.float32))
    rejected(saved_copy, r"declared float32\[4\], the operation gives float32\[5\]")


def test_declared_output_type_is_checked_against_the_rule(saved_copy):
    saved_copy.edit(lambda d: ops_of(d)[0]["outputs"][0].update(dtype="float64"))
    rejected(saved_copy, r"operations\[0\] \(getitem\).outputs\[0\]: declared float64\[2\], the operation gives float32\[2\]")


def test_cond_branch_types_are_checked(saved_copy):
    def change(document):
        find_op(document, "cond")["attrs"]["true"]["graph"]["inputs"][0]["shape"] = [5]
    saved_copy.edit(change)
    rejected(saved_copy, r"\(cond\).attrs.true")


def test_while_body_types_are_checked(saved_copy):
    def change(document):
        find_op(document, "while")["outputs"][1]["dtype"] = "int32"
    saved_copy.edit(change)
    rejected(saved_copy, "loop variable declared int32")


@pytest.mark.parametrize("ref", [{"tensor": 999}, {"tensor": -1}, {"tensor": "0"}, {"tensor": 2, "x": 1}])
def test_dangling_tensor_reference(saved_copy, ref):
    saved_copy.edit(lambda d: ops_of(d)[1]["inputs"].__setitem__(0, ref))
    rejected(saved_copy, "tensor|key")


def test_forward_reference(saved_copy):
    saved_copy.edit(lambda d: ops_of(d)[0]["inputs"].__setitem__(0, {"tensor": 5}))
    rejected(saved_copy, "not defined at this point")


def test_missing_keys(saved_copy):
    saved_copy.edit(lambda d: ops_of(d)[0].pop("attrs"))
    rejected(saved_copy, "missing key 'attrs'")


@pytest.mark.parametrize("reference", ["../graph.json", "/etc/passwd", "arrays/../../x.npy", "arrays\\0.npy",
                                       "arrays/missing.npy", 7, ""])
def test_array_paths_stay_inside_the_directory(saved_copy, reference):
    saved_copy.edit(lambda d: d["variables"][0].update(value=reference))
    rejected(saved_copy, "outside|not a relative|missing array|expected str")


def test_symlink_out_of_the_directory(saved_copy, tmp_path):
    outside = tmp_path / "outside.npy"
    np.save(outside, np.zeros(2, np.float32))
    (variable,) = [p for p in saved_copy.npy_files() if p.parent.name == "variables"]
    variable.unlink()
    os.symlink(outside, variable)
    rejected(saved_copy, "points outside the directory")


@pytest.mark.parametrize("encoded, match", [
    ({"dtype": "O"}, "not allowed"), ({"dtype": "[('a', 'O')]"}, "not allowed|unknown dtype"),
    ({"pytype": "eval"}, "expected one of"), ({"random": "__class__"}, "not a NumPy random function"),
    ({"random": "os"}, "not a NumPy random function"), ({"generator_method": [0, "__init__"]}, "not a method"),
    ({"generator_method": [3, "normal"]}, "no generator"), ({"variable": 9}, "no variable"),
    ({"callable": "os.system"}, "unknown value encoding"), ({"float": "1e5"}, "expected 'nan'"),
    ({"slice": [1, 2]}, "expected 3 items"), ({"tuple": [1], "x": 2}, "expected a value"),
])
def test_values_come_from_a_closed_set(saved_copy, encoded, match):
    saved_copy.edit(lambda d: ops_of(d)[0]["attrs"].update(extra=encoded))
    rejected(saved_copy, match)


def test_generator_state_is_validated(saved_copy):
    saved_copy.edit(lambda d: d["generators"][0].update(bit_generator="Evil"))
    rejected(saved_copy, "unknown bit generator")
    saved_copy.edit(lambda d: d["generators"][0].update(bit_generator="PCG64", state={"dict": [["state", 1]]}))
    rejected(saved_copy, "not a valid PCG64 state")


# ------------------------------------------------------------------ strings that try to become code

PAYLOAD = "__import__('pathlib').Path('PWNED').touch()"


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert not (tmp_path / "PWNED").exists()


def test_attribute_names_must_be_identifiers(saved_copy, in_tmp):
    saved_copy.edit(lambda d: find_op(d, "assert")["attrs"].update({f"message='', x={PAYLOAD}, y": "m"}))
    rejected(saved_copy, "is not an identifier")


@pytest.mark.parametrize("symbol", [f"+ {PAYLOAD} +", f"+ 0 or {PAYLOAD} or", "lambda", "__add__"])
def test_python_operator_symbols_come_from_the_table(saved_copy, in_tmp, symbol):
    def change(document):
        body = find_op(document, "while")["attrs"]["body"]["graph"]
        next(op for op in body["operations"] if op["type"] == "pyop")["attrs"]["op"] = symbol
    saved_copy.edit(change)
    rejected(saved_copy, "unknown Python operator")


def test_string_attributes_stay_strings(saved_copy, in_tmp, sample_dir):
    message = f"'); {PAYLOAD}; ('\"\"\"\n{PAYLOAD}\\"
    saved_copy.edit(lambda d: find_op(d, "assert")["attrs"].update(message=message))
    loaded = ac.load(saved_copy.path)
    args = sample_dir[1]
    loaded(*args)
    with pytest.raises(AssertionError) as info:
        loaded(np.full(4, np.nan, np.float32), args[1])
    assert str(info.value) == message


def test_names_are_not_code(saved_copy, in_tmp, sample_dir):
    def change(document):
        function = document["functions"][0]
        function["name"] = function["graph"]["name"] = f"f():\n    {PAYLOAD}\ndef g"
        function["signature"]["names"] = [PAYLOAD, "n"]
        document["variables"][0]["name"] = PAYLOAD
    saved_copy.edit(change)
    loaded = ac.load(saved_copy.path)
    loaded(*sample_dir[1])
    assert loaded.variables[0].name == PAYLOAD


def test_ufunc_names_are_checked(saved_copy, in_tmp):
    def change(document):
        ops_of(document).insert(0, {"type": "ufunc_reduce", "inputs": [{"tensor": 0}],
                                    "attrs": {"ufunc": "load"}, "outputs": [], "control": [], "location": None})
    saved_copy.edit(change)
    rejected(saved_copy, "not a NumPy ufunc")
