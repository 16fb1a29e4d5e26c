"""Helpers shared by the CLI and library tests (fixtures are in conftest.py).

The tests never depend on the bundled rule pack (others edit it): they write their own small
pack ("testpack") into a temporary directory and isolate it with `--select zh.testpack,en.testpack`
on the command line, or with `Config(rule_dirs=..., bundled_rules=False)` in the library.
The pack brings its own features (`tp_ask`, `tp_why`) so that its `requires` rule does not
depend on the bundled lexicons either.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

SELECT = "zh.testpack,en.testpack"

# The shared corpora, read by path (never copied here): ../shared beside the repository.
CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
REPLIES = CORPORA / "zh-gov-replies" / "citizen_messages_with_official_replies.jsonl"
ENRON = CORPORA / "enron-aeslc" / "aeslc_emails.jsonl"


def corpus_texts(path: Path, fields: tuple[str, ...]) -> Iterator[str]:
    """Each record's `fields` in turn, from a shared corpus; the test skips without it."""
    if not path.is_file():
        pytest.skip(f"corpus not present: {path}")
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            yield from (record[field] for field in fields)


HEADER = {"weight": 1, "scope": "sentence", "rationale": "for the tests"}

ZH_RULES = [
    {
        **HEADER,
        "id": "zh.testpack.praise",
        "kind": "lexicon",
        "pitfall": "flattery",
        "severity": "warning",
        "message": "恭维：{match}",
        "suggestion": "删掉恭维，直接说事。",
        "phrases": ["英明"],
        "examples": {"flag": ["领导英明。"], "pass": ["领导好。"]},
    },
    {
        **HEADER,
        "id": "zh.testpack.threat",
        "kind": "lexicon",
        "pitfall": "bypass",
        "severity": "error",
        "weight": 2,
        "message": "以找领导相威胁",
        "suggestion": "先和对接人谈。",
        "phrases": ["你们领导"],
        "examples": {"flag": ["不然我就去找你们领导。"], "pass": ["我再和你确认一下。"]},
    },
    {
        **HEADER,
        "id": "zh.testpack.maybe",
        "kind": "lexicon",
        "pitfall": "vague-commitment",
        "severity": "info",
        "message": "含糊的承诺",
        "suggestion": "给出日期。",
        "phrases": ["尽量吧"],
        "examples": {"flag": ["我们尽量吧。"], "pass": ["周五前完成。"]},
    },
    {
        **HEADER,
        "id": "zh.testpack.ask-without-why",
        "kind": "requires",
        "pitfall": "need-without-value",
        "severity": "warning",
        "scope": "message",
        "message": "只提需求，没说原因",
        "suggestion": "补一句原因。",
        "trigger": "tp_ask",
        "requires": ["tp_why"],
        "examples": {
            "flag": ["劳驾审批这笔报销。"],
            "pass": ["劳驾审批这笔报销，缘由是月底要结账。"],
        },
    },
]

EN_RULES = [
    {
        **HEADER,
        "id": "en.testpack.genius",
        "kind": "lexicon",
        "pitfall": "flattery",
        "severity": "warning",
        "message": "Flattery: {match}",
        "suggestion": "Drop it.",
        "phrases": ["genius"],
        "examples": {"flag": ["You are a genius."], "pass": ["You are kind."]},
    },
    {
        **HEADER,
        "id": "en.testpack.threat",
        "kind": "lexicon",
        "pitfall": "bypass",
        "severity": "error",
        "message": "Threat to go to the boss",
        "suggestion": "Talk to your contact first.",
        "phrases": ["your boss"],
        "examples": {"flag": ["I will talk to your boss."], "pass": ["I will talk to you."]},
    },
    {
        **HEADER,
        "id": "en.testpack.maybe",
        "kind": "lexicon",
        "pitfall": "vague-commitment",
        "severity": "info",
        "message": "Vague commitment",
        "suggestion": "Give a date.",
        "phrases": ["we will try"],
        "examples": {"flag": ["We will try to finish."], "pass": ["We will finish Friday."]},
    },
]

FEATURES_ZH = {
    "lang": "zh",
    "features": {
        "tp_ask": {"description": "test ask", "phrases": ["劳驾"]},
        "tp_why": {"description": "test reason", "phrases": ["缘由是"]},
    },
}


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_pack(directory: Path) -> Path:
    """Writes the pack; each rule starts with its id (`- id: ...` is the rule's line)."""
    directory.mkdir(parents=True, exist_ok=True)
    for lang, rules in (("zh", ZH_RULES), ("en", EN_RULES)):
        ordered = [{"id": r["id"], **r} for r in rules]
        (directory / f"{lang}.yaml").write_text(dump({"lang": lang, "rules": ordered}), "utf-8")
    (directory / "features-zh.yaml").write_text(dump(FEATURES_ZH), "utf-8")
    return directory


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def msglint(*args: str, input: bytes | None = None, **kwargs) -> Run:
    """The real console entry point in a subprocess (`python -m linter`, which works in any venv)."""
    proc = subprocess.run(
        [sys.executable, "-m", "linter", *map(str, args)],
        input=input,
        capture_output=True,
        check=False,
        timeout=120,
        **kwargs,
    )
    return Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def assert_one_line_error(run: Run, *fragments: str) -> str:
    """Exit 2 with `msglint: error: ...` lines on stderr, no traceback; returns the first line."""
    assert run.exit_code == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert lines, "nothing on stderr"
    assert all(line.startswith("msglint: error: ") for line in lines), lines
    for fragment in fragments:
        assert fragment in run.stderr, (fragment, run.stderr)
    return lines[0]
