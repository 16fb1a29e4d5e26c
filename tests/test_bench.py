"""The bench command runs end to end on a tiny sample and writes every section, so it cannot rot
(the real run, over the whole corpora, is `python bench/run.py`; CI does not run it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
ENRON = CORPORA / "enron-aeslc" / "aeslc_emails.jsonl"
ZH = CORPORA / "zh-gov-replies" / "citizen_messages_with_official_replies.jsonl"

SECTIONS = [
    "## Targets",
    "## English throughput (Enron)",
    "## Peak memory",
    "## --jobs 1 vs --jobs 2",
    "## Chinese throughput (official replies)",
    "## Cold start",
    "## Warm latency",
    "## Where the time goes (profile)",
    "## Targets not met: why",
]
FIGURES = [
    "English msg/s vs proselint",
    "Peak RSS, whole Enron batch",
    "--jobs 2 vs --jobs 1 (wall)",
    "Chinese msg/s vs bare jieba.cut",
    "Cold start zh above the floor",
    "Cold start en above the floor",
    "Warm p95, 1,000 chars, en (API)",
    "Warm p95, 1,000 chars, zh (API)",
]


@pytest.mark.slow
def test_bench_runs_on_a_tiny_sample(tmp_path):
    if not (ENRON.is_file() and ZH.is_file()):
        pytest.skip(f"the shared corpora are not at {CORPORA}")
    out = tmp_path / "RESULTS.md"
    args = ["--limit", "20", "--repeats", "1", "--samples", "3", "--no-install", "--out", out]
    proc = subprocess.run(
        [sys.executable, REPO / "bench" / "run.py", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    for heading in SECTIONS:
        assert heading in text
    targets = text.split("## Targets", 1)[1].split("\n## ", 1)[0]
    for figure in FIGURES:
        assert f"| {figure}" in targets
    assert "20 emails" in text and "20 replies" in text
    assert "Output identical: yes" in text
    assert "English-only input imports jieba: no" in text
    assert "- date: " in text and "- machine: " in text


def test_bench_refuses_a_missing_corpus(tmp_path):
    proc = subprocess.run(
        [sys.executable, REPO / "bench" / "run.py", "--enron", tmp_path / "nope.jsonl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("nope.jsonl: no such corpus file")
    assert "Traceback" not in proc.stderr
