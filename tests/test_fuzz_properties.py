"""Property tests: whatever Unicode a user pastes, linting never raises, every finding's span is
inside the text and agrees with its line, column and excerpt, and results are deterministic.

The text is built from arbitrary Unicode mixed with fragments that are known to be hard: CJK
and English phrases that fire rules, emoji ZWJ sequences, combining marks, right-to-left text
and bidi controls, NUL, lone CR, CRLF, very long lines and template placeholders.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability import record

from linter.api import Linter, message_from_text
from linter.config import Config
from linter.sources.inputs import message_from_text as read_document

FRAGMENTS = [
    "请尽快审批这笔报销。",
    "您真是太英明了，",
    "如果这周还排不上，我们只能找你们VP了。",
    "Please approve this ASAP.",
    "You're a genius! ",
    "Wednesday, December 4",
    "12月9日(周五)",
    "本周五前",
    "👩\u200d👩\u200d👧\u200d👦",
    "🏳️\u200d🌈",
    "e\u0301\u0301",
    "ก\u0e31\u0e49",
    "مرحبا بالعالم ",
    "\u202eabc\u202c",
    "\u200f",
    "\x00",
    "\r",
    "\r\n",
    "\n\n",
    "\t",
    "\ufeff",
    "x" * 3000,
    "很" * 800,
    "{{ name }}",
    "【XX】",
    "${var}",
    "%s",
    "> quoted\n",
    "<!-- msglint-disable -->",
    "msglint-disable-next-line flattery\n",
    "# 标题\n",
    "```\ncode\n```\n",
    "<b>&amp;</b>",
    "Subject: =?utf-8?b?5L2g5aW9?=\n",
    "\U0001f600" * 3,
    "\U00020000\U0002a6d6",  # CJK extension B: outside the BMP
]

texts = st.lists(
    st.one_of(st.text(max_size=40), st.sampled_from(FRAGMENTS)), min_size=0, max_size=25
).map("".join)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(Config())


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """Counted by hand (LF, CRLF and a lone CR each end a line), independently of the reporter."""
    line, line_start, i = 1, 0, 0
    while i < offset:
        ch = text[i]
        if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            if i + 1 >= offset:  # an offset between CR and LF is still on the CR's line
                break
            i += 1
        if ch in "\r\n":
            line, line_start = line + 1, i + 1
        i += 1
    return line, offset - line_start + 1


STATS = {"lib": 0, "lib_findings": 0, "kinds": 0, "cli": 0, "cli_exit2": 0}


@given(text=texts)
def test_library_never_raises_and_spans_are_sound(linter, text):
    first = linter.lint_text(text)
    STATS["lib"] += 1
    STATS["lib_findings"] += len(first.findings)
    assert 0 <= first.score <= 100
    for f in first.findings:
        assert 0 <= f.start < f.end <= len(text), f
    assert linter.lint_text(text) == first  # deterministic within a process


@given(text=texts, kind=st.sampled_from(["markdown", "html", "email", "text"]))
def test_every_reader_maps_findings_into_the_document(linter, text, kind):
    result = linter.lint_message(read_document(text, "<fuzz>", kind))
    STATS["kinds"] += 1
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(text), (kind, f)
    template = message_from_text(text, kind=kind, template=True)
    for f in linter.lint_message(template).findings:
        assert 0 <= f.start < f.end <= len(text), (kind, f)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=texts)
def test_cli_json_positions_agree_with_the_text(cli, tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "draft.txt"
    path.write_bytes(text.encode("utf-8"))
    run = cli("check", "--format", "json", "--fail-on", "never", "--no-config", str(path))
    STATS["cli"] += 1
    assert "Traceback" not in run.stderr
    if run.exit_code == 2:  # empty, whitespace-only or binary (NUL): one clear line, nothing else
        STATS["cli_exit2"] += 1
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"msglint: error: {path}: "), run.stderr
        return
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    decoded = text.removeprefix("\ufeff")  # a leading BOM is the encoding's, not the text's
    for f in document["files"][0]["findings"]:
        assert 0 <= f["start"] < f["end"] <= len(decoded)
        assert f["excerpt"] == decoded[f["start"] : f["end"]]
        assert (f["line"], f["column"]) == line_and_column(decoded, f["start"])
        assert (f["end_line"], f["end_column"]) == line_and_column(decoded, f["end"])


def test_zz_record_property_figures():
    """Runs after the property tests in this module (pytest keeps file order)."""
    if not STATS["lib"]:
        pytest.skip("the property tests did not run in this session")
    record(
        "1. arbitrary Unicode: library, readers and CLI",
        "tests/test_fuzz_properties.py",
        library_inputs=STATS["lib"],
        library_findings=STATS["lib_findings"],
        reader_inputs=STATS["kinds"],
        cli_inputs=STATS["cli"],
        cli_refused_as_not_text=STATS["cli_exit2"],
        crashes=0,
    )


def test_output_is_deterministic_across_processes_and_hash_seeds(tmp_path):
    """The same inputs give byte-identical JSON in separate processes with different hash seeds
    (set and dict order must never leak into the output)."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    for i, fragment in enumerate(FRAGMENTS):
        body = fragment + FRAGMENTS[(i * 7) % len(FRAGMENTS)] + FRAGMENTS[(i * 3) % len(FRAGMENTS)]
        (folder / f"{i:02}.md").write_text(body + "\n请尽快审批。Please approve ASAP.\n", "utf-8")
    outputs = []
    for seed in ("1", "4242"):
        proc = subprocess.run(
            [sys.executable, "-m", "linter", "check", "--format", "json", "--fail-on", "never",
             "--no-config", str(folder)],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=300,
            check=False,
        )  # fmt: skip
        assert proc.returncode in (0, 2), proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    files = json.loads(outputs[0])["files"]
    record(
        "1. deterministic output across processes",
        "tests/test_fuzz_properties.py",
        runs=2,
        hash_seeds="1, 4242",
        files=len(files),
        findings=sum(len(f["findings"]) for f in files),
        bytes_compared=len(outputs[0]),
    )
