"""The persistent conversion cache: a hit gives the same code and source as converting."""

import importlib.util
import sys
import textwrap

import numpy as np

from autoconv.autograph import conversion, disk_cache

SOURCE = textwrap.dedent('''
    def f(x):
        if x > 0:
            y = x * 2
        else:
            y = -x
        return y
''')


def _load(tmp_path, name):
    path = tmp_path / f"{name}.py"
    path.write_text(SOURCE)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module.f


def test_second_process_worth_of_conversion_hits_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOCONV_CACHE_DIR", str(tmp_path / "cache"))
    fn = _load(tmp_path, "cached_mod_a")
    first = conversion._convert(fn)
    entry = disk_cache.key(fn, disk_cache.source_of(fn))
    assert disk_cache.load(entry) is not None
    hit = conversion._convert(fn)  # as a fresh process would: straight from disk
    assert hit.source == first.source
    assert hit.source_map.lines == first.source_map.lines
    assert hit.code.co_code == first.code.co_code
    import autoconv as ac

    assert ac.function(fn)(np.array(-3.0)) == 3.0


def test_editing_the_function_misses(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOCONV_CACHE_DIR", str(tmp_path / "cache"))
    fn = _load(tmp_path, "cached_mod_b")
    key_before = disk_cache.key(fn, disk_cache.source_of(fn))
    assert key_before != disk_cache.key(fn, disk_cache.source_of(fn) + "\n# edited")


def test_empty_directory_setting_turns_it_off(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOCONV_CACHE_DIR", "")
    assert disk_cache.directory() is None
    fn = _load(tmp_path, "cached_mod_c")
    assert disk_cache.load(disk_cache.key(fn, disk_cache.source_of(fn))) is None


def test_a_corrupt_entry_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOCONV_CACHE_DIR", str(tmp_path / "cache"))
    fn = _load(tmp_path, "cached_mod_d")
    entry = disk_cache.key(fn, disk_cache.source_of(fn))
    conversion._convert(fn)
    path = tmp_path / "cache" / "conversions" / entry[:2] / entry
    path.write_bytes(b"\x00garbage")
    assert disk_cache.load(entry) is None
    assert "ag__.if_stmt" in conversion._convert(fn).source
