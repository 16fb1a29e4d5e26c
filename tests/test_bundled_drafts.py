"""The bundled example drafts: the bad ones report each starter pitfall at the right place,
the good ones report nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def lint(path: Path) -> tuple[int, dict]:
    proc = subprocess.run(
        [sys.executable, "-m", "linter", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent.parent.parent,  # run from outside the checkout
        check=False,
    )
    assert "Traceback" not in proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_chinese_draft_reports_each_pitfall_at_its_place():
    code, report = lint(EXAMPLES / "draft-zh.txt")
    entry = report["files"][0]
    assert entry["lang"] == "zh"
    found = {(f["rule"], f["line"], f["column"], f["excerpt"]) for f in entry["findings"]}
    assert ("zh.flattery.ingratiating-praise", 3, 1, "久仰大名") in found
    assert ("zh.flattery.over-deference", 3, 26, "全听您的") in found
    assert ("zh.bypass.went-over-head", 5, 24, "直接来找您") in found
    assert ("zh.bypass.escalation-threat", 5, 31, "如果这周还排不上，我们只能找你们VP") in found
    assert ("zh.value.ask-without-value", 7, 1, "麻烦贵部门") in found
    assert {f["pitfall"] for f in entry["findings"]} == {"flattery", "bypass", "need-without-value"}
    assert code == 1  # the escalation threat is an error
    assert entry["score"] < 100


@pytest.mark.parametrize("name", ["good-zh.txt", "good-en.txt"])
def test_well_written_request_reports_nothing(name):
    path = EXAMPLES / name
    if not path.exists():
        pytest.fail(f"missing bundled example {name}")
    code, report = lint(path)
    assert code == 0
    assert report["files"][0]["findings"] == []
    assert report["files"][0]["score"] == 100


def test_english_draft_reports_each_starter_pitfall():
    code, report = lint(EXAMPLES / "draft-en.txt")
    entry = report["files"][0]
    assert entry["lang"] == "en"
    assert {f["pitfall"] for f in entry["findings"]} == {"flattery", "bypass", "need-without-value"}
    text = (EXAMPLES / "draft-en.txt").read_text(encoding="utf-8")
    for f in entry["findings"]:
        assert text[f["start"] : f["end"]] == f["excerpt"]
        line_start = text.rfind("\n", 0, f["start"]) + 1
        assert f["line"] == text.count("\n", 0, f["start"]) + 1
        assert f["column"] == f["start"] - line_start + 1
