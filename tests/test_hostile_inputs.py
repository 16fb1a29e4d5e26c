"""Hostile rule files and oversized inputs: YAML bombs are refused, a runaway regex in a user's
rule or feature cannot hang a run, unknown kinds and keys are refused with file:line, and inputs
above --max-size are refused quickly with one line while the rest of the run goes on."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

import pytest
from reliability import record, size

BOMB = "".join(
    [
        'lol0: "lol"\n',
        "lol1: &lol1 [*lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0]\n",
    ]
)


def billion_laughs(top: str = "") -> str:
    """The classic: nine levels of nine aliases, 10**9 strings if ever expanded."""
    lines = [top, 'lol0: &lol0 "lol"']
    for i in range(1, 10):
        refs = ", ".join([f"*lol{i - 1}"] * 9)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    return "\n".join(line for line in lines if line) + "\n"


def msglint(*args: str, stdin: bytes | None = None, env: dict | None = None, cwd=None):
    """The real console entry point in a subprocess, with a hard wall-clock limit: a hang is a
    test failure, not a stuck suite."""
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        input=stdin,
        capture_output=True,
        timeout=180,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )


def one_line(proc) -> str:
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_billion_laughs_is_refused_everywhere_yaml_is_read(tmp_path):
    bomb = billion_laughs()
    rules = tmp_path / "rules.yaml"
    rules.write_text("lang: en\nrules: []\n" + bomb, "utf-8")
    (tmp_path / "conf").mkdir()
    config = tmp_path / "conf" / "msglint.yaml"
    config.write_text(bomb, "utf-8")
    variables = tmp_path / "vars.yaml"
    variables.write_text(bomb, "utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("The report is attached.\n", "utf-8")
    template = tmp_path / "notice.md.j2"
    template.write_text("Hello {{ lol9 }}\n", "utf-8")
    runs = {
        (rules, 3): msglint("rules", "validate", str(rules)),
        (rules, 3, "--rules"): msglint("check", "--no-config", "--rules", str(rules), str(draft)),
        (config, 1): msglint("check", "--config", str(config), str(draft)),
        (variables, 2): msglint("check", "--no-config", "--vars", str(variables), str(template)),
    }
    for (path, line_no, *_), proc in runs.items():
        assert proc.returncode == 2, path
        line = one_line(proc)
        assert f"{path}:{line_no}: " in line and "aliases are not allowed" in line, line
    # Markdown front matter is the user's own text: read (aliases are shared, never expanded)
    # and linted, not refused.
    page = tmp_path / "page.md"
    page.write_text("---\n" + bomb + "---\n\nThe report is attached.\n", "utf-8")
    proc = msglint("check", "--no-config", str(page))
    assert proc.returncode == 0, proc.stderr
    record(
        "3. YAML alias bombs (billion laughs)",
        "tests/test_hostile_inputs.py",
        files_tried=5,
        refused=4,
        front_matter_linted=1,
        crashes=0,
        hangs=0,
    )


RUNAWAY_RULE = """\
lang: en
rules:
  - id: en.team.runaway
    kind: regex
    pitfall: flattery
    severity: warning
    weight: 1
    scope: sentence
    message: m
    suggestion: s
    rationale: r
    pattern: '(?:x|xx)+y'
    examples:
      flag: [xxy]
      pass: [a kind man]
"""


def test_a_runaway_regex_in_a_rule_is_a_rule_error_not_a_hang(tmp_path):
    rules = tmp_path / "team.yaml"
    rules.write_text(RUNAWAY_RULE, "utf-8")
    good = tmp_path / "a-good.txt"
    good.write_text("The report is attached.\n", "utf-8")
    evil = tmp_path / "b-evil.txt"
    # The "y" is there so the pattern's literal test lets it run (see the next test).
    evil.write_text("x" * 90 + " y\n", "utf-8")
    started = time.monotonic()
    proc = msglint(
        "check", "--no-config", "--rules", str(rules), str(good), str(evil),
        env={"MSGLINT_REGEX_TIMEOUT": "0.5"},
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert proc.returncode == 2
    line = one_line(proc)
    assert line.startswith(f"msglint: error: {rules}:3: rule en.team.runaway: regex ")
    assert "ran longer than 0.5s" in line
    # The stdlib needs minutes for this input; without the timeout the run would hang here.
    record(
        "3. catastrophic-backtracking regex in a user rule",
        "tests/test_hostile_inputs.py",
        pattern="(?:x|xx)+y on 90 x",
        timeout_s=0.5,
        exit_code=proc.returncode,
        run_seconds=round(elapsed, 1),
        hangs=0,
    )


def test_a_pattern_whose_literal_is_absent_is_not_run(tmp_path):
    """`(?:x|xx)+y` cannot match text without a "y", so it is never tried on such text: the
    input that would run into the timeout above is linted at once and cleanly."""
    rules = tmp_path / "team.yaml"
    rules.write_text(RUNAWAY_RULE, "utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("x" * 90 + "\n", "utf-8")
    proc = msglint(
        "check", "--no-config", "--rules", str(rules), str(draft),
        env={"MSGLINT_REGEX_TIMEOUT": "0.5"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert b"no findings" in proc.stdout


def test_a_runaway_regex_in_a_feature_names_the_feature(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "features-en.yaml").write_text(
        "lang: en\nfeatures:\n  team_slow:\n    description: d\n    regex: ['(?:x|xx)+y']\n",
        "utf-8",
    )
    (pack / "en.yaml").write_text(
        RUNAWAY_RULE.replace("kind: regex", "kind: lexicon")
        .replace("pattern: '(?:x|xx)+y'", "phrases: [genius]\n    unless: [team_slow]")
        .replace("flag: [xxy]", "flag: [a genius]"),
        "utf-8",
    )
    draft = tmp_path / "draft.txt"
    draft.write_text("x" * 90 + " genius y\n", "utf-8")
    proc = msglint(
        "check", "--no-config", "--rules", str(pack), str(draft),
        env={"MSGLINT_REGEX_TIMEOUT": "0.5"},
    )  # fmt: skip
    assert proc.returncode == 2
    line = one_line(proc)
    assert "feature 'team_slow': regex '(?:x|xx)+y' ran longer than 0.5s" in line


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("kind: regex", "kind: telepathy"), ":4: rule en.team.runaway: "),
        (("scope: sentence", "scope: sentence\n    colour: red"), ":9: rule en.team.runaway: "),
    ],
)
def test_unknown_kinds_and_keys_are_refused_with_file_and_line(tmp_path, edit, expected):
    rules = tmp_path / "team.yaml"
    rules.write_text(RUNAWAY_RULE.replace(*edit), "utf-8")
    proc = msglint("rules", "validate", str(rules))
    assert proc.returncode == 2
    line = one_line(proc)
    assert line.startswith(f"msglint: error: {rules}{expected}"), line


def test_a_10_mb_file_is_refused_with_one_line_and_the_others_are_linted(tmp_path):
    big = tmp_path / "a-big.txt"
    big.write_bytes(b"Please approve this. " * (10 * 1024 * 1024 // 21 + 1))
    small = tmp_path / "b-small.txt"
    small.write_text("The report is attached.\n", "utf-8")
    proc = msglint("check", "--no-config", "--format", "json", str(big), str(small))
    assert proc.returncode == 2
    size_bytes = big.stat().st_size
    assert one_line(proc) == (
        f"msglint: error: {big}: {size_bytes:,} bytes is above the size limit of 1 MB; "
        "raise it with --max-size (0: no limit)"
    )
    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == [str(small)]
    piped = msglint("check", "--no-config", "-", stdin=big.read_bytes())
    assert piped.returncode == 2
    assert "<stdin>: more than 1 MB: above the size limit" in one_line(piped)
    bad = msglint("check", "--max-size", "lots", str(small))
    assert bad.returncode == 2
    assert one_line(bad) == "msglint: error: --max-size 'lots' is not a size (e.g. 512K, 10MB, 0)"
    record(
        "2. a 10 MB file above the limit",
        "tests/test_hostile_inputs.py",
        file_bytes=size_bytes,
        default_limit="1 MB",
        refused="file and stdin",
        other_files_linted=1,
    )


def test_a_file_under_a_raised_limit_is_linted(tmp_path):
    """Above the default, --max-size lets it through (linear time: measured in
    docs/reliability.md, never timed here)."""
    text = "The report is attached. Please approve this ASAP.\n" * 30_000  # 1.5 MB
    big = tmp_path / "big.txt"
    big.write_text(text, "utf-8")
    proc = msglint("check", "--no-config", "--max-size", "2MB", "--format", "json", str(big))
    assert proc.returncode in (0, 1), proc.stderr
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert all(text[f["start"] : f["end"]] == f["excerpt"] for f in findings)


def test_an_oversized_jsonl_record_is_refused_and_the_batch_goes_on(tmp_path):
    batch = tmp_path / "batch.jsonl"
    records = [
        {"id": "a", "text": "The report is attached."},
        {"id": "huge", "text": "x" * 300_000},
        {"id": "b", "text": "请尽快审批。"},
    ]
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    proc = msglint(
        "check", "--no-config", "--input-format", "jsonl", "--format", "jsonl",
        "--max-size", "100K", "--fail-on", "never", str(batch),
    )  # fmt: skip
    assert proc.returncode == 2
    assert one_line(proc).startswith(f"msglint: error: {batch}:2: record of 300,")
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["a", "b"]


def _batch_line(i: int) -> bytes:
    texts = ["请尽快审批这笔报销。", "The report is attached, thanks.", "辛苦了，数据已更新。"]
    return (json.dumps({"id": i, "text": f"{texts[i % 3]} #{i}"}) + "\n").encode("utf-8")


def test_a_jsonl_batch_is_streamed_output_before_input_ends():
    """The first result is written while the batch is still open: nothing waits for the whole
    input, so memory does not grow with the batch."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "linter", "check", "--no-config", "--input-format", "jsonl",
         "--format", "jsonl", "--fail-on", "never", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        proc.stdin.write(_batch_line(0))
        proc.stdin.flush()
        first = proc.stdout.readline()  # blocks until msglint writes; stdin is still open
        assert json.loads(first)["id"] == 0
        proc.stdin.write(_batch_line(1))
        proc.stdin.close()
        rest = proc.stdout.read()
        assert proc.wait(timeout=120) == 0
    finally:
        proc.kill()
        proc.wait()
    assert [json.loads(line)["id"] for line in rest.splitlines()] == [1]


@pytest.mark.fuzz
def test_a_large_jsonl_batch_runs_in_bounded_memory(tmp_path):
    """Peak memory of a big batch stays within a fixed margin of a small one's (spaCy's string
    store still grows with each new word, which the margin allows for)."""
    n_small, n_large = 500, size(10_000, 100_000)
    peaks = {}
    for n in (n_small, n_large):
        batch = tmp_path / f"batch-{n}.jsonl"
        with batch.open("wb") as out:
            for i in range(n):
                out.write(_batch_line(i))
        code = (
            "import resource, runpy, sys; sys.argv = ['msglint'] + sys.argv[1:]\n"
            "try:\n    runpy.run_module('linter', run_name='__main__')\n"
            "finally:\n"
            "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code, "check", "--no-config", "--input-format", "jsonl",
             "--format", "jsonl", "--fail-on", "never", str(batch)],
            capture_output=True,
            timeout=1800,
            check=False,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert proc.stdout.count(b"\n") == n
        peaks[n] = int(proc.stderr.decode().strip().splitlines()[-1]) // 1024  # MB
    growth = peaks[n_large] - peaks[n_small]
    assert growth < 96, peaks
    record(
        "2. JSONL batch in bounded memory",
        "tests/test_hostile_inputs.py",
        records=n_large,
        peak_rss_mb=peaks[n_large],
        peak_rss_mb_for_500=peaks[n_small],
        growth_mb=growth,
    )
    assert resource  # imported for the child's snippet above
