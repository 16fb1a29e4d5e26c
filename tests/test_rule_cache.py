"""The compiled bundled rule pack cached by content hash: the same rules from the cache, and a
safe fallback to the YAML when the cache is unwritable, corrupt or stale."""

from __future__ import annotations

import os
import pickle

import pytest

from linter.checks import cache
from linter.checks.loader import load_ruleset


def _ids(ruleset) -> list[str]:
    return [c.rule.id for c in ruleset.checks]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MSGLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("MSGLINT_NO_CACHE", raising=False)
    return folder


def test_second_load_comes_from_the_cache_and_equals_the_yaml(cache_dir, monkeypatch):
    fresh = load_ruleset()
    first = cache.load_ruleset_cached()
    files = list(cache_dir.glob("rules-*.pickle"))
    assert len(files) == 1
    monkeypatch.setattr(cache, "load_ruleset", lambda *a: pytest.fail("the YAML was read again"))
    second = cache.load_ruleset_cached()
    assert _ids(second) == _ids(first) == _ids(fresh)
    assert second.words("zh") == fresh.words("zh")


def test_cached_rules_lint_like_fresh_ones(cache_dir):
    from linter.api import Linter

    text = "领导英明，请尽快审批这笔报销。我们只能找你们VP了。"
    cache.load_ruleset_cached()  # written
    cached = Linter().lint_text(text)
    os.environ["MSGLINT_NO_CACHE"] = "1"
    try:
        fresh = Linter().lint_text(text)
    finally:
        del os.environ["MSGLINT_NO_CACHE"]
    assert cached.findings == fresh.findings and cached.findings


def test_corrupt_cache_falls_back_and_is_rewritten(cache_dir):
    cache.load_ruleset_cached()
    (path,) = cache_dir.glob("rules-*.pickle")
    path.write_bytes(b"not a pickle")
    assert _ids(cache.load_ruleset_cached()) == _ids(load_ruleset())
    assert isinstance(pickle.loads(path.read_bytes()), type(load_ruleset()))


def test_unwritable_cache_falls_back(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("MSGLINT_CACHE_DIR", str(blocker / "cache"))  # a file is in the way
    assert _ids(cache.load_ruleset_cached()) == _ids(load_ruleset())


def test_key_changes_with_the_rule_files(cache_dir, monkeypatch, tmp_path):
    before = cache.cache_key(True)
    assert cache.cache_key(False) != before
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "x.yaml").write_text("lang: en\nrules: []\n")
    monkeypatch.setattr(cache, "rules_dir", lambda: rules)
    assert cache.cache_key(True) != before


def test_extra_rules_are_never_cached(cache_dir, pack):
    cache.load_ruleset_cached([pack], False)
    assert not cache_dir.exists() or not list(cache_dir.glob("rules-*.pickle"))
