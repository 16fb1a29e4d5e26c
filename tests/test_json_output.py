"""`--format json` and `--format jsonl` against the contract in DESIGN.md (version 1)."""

from __future__ import annotations

import json

import pytest
from support import assert_one_line_error

from linter.model import Finding, LintResult
from linter.report.base import LineIndex, finding_dict

TOP_KEYS = {"version", "files", "summary"}
FILE_KEYS = {"path", "lang", "score", "findings"}
FINDING_KEYS = {
    "rule", "pitfall", "severity", "message", "suggestion", "start", "end",
    "line", "column", "end_line", "end_column", "excerpt",
}  # fmt: skip
SUMMARY_KEYS = {"files", "findings", "error", "warning", "info"}
JSONL_KEYS = {"id", "lang", "score", "findings"}

# An astral character (U+1F600, two UTF-16 units) and Chinese before the findings: positions must
# count code points.
ZH = "😀王经理：\n您好！领导英明，\n不然我就去找你们领导。\n"
EN = "Dear Ann,\n\tYou are a genius. I will talk to your boss.\n"


def _position(text: str, offset: int) -> tuple[int, int]:
    """Independent of LineIndex: 1-based line and code-point column of `offset`."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


@pytest.fixture
def report(check, tmp_path):
    zh = tmp_path / "zh.txt"
    zh.write_text(ZH, encoding="utf-8")
    en = tmp_path / "en.txt"
    en.write_text(EN, encoding="utf-8")
    run = check("--format", "json", zh, en)
    assert run.exit_code == 1  # both files hold an error finding
    assert run.stderr == ""
    return json.loads(run.stdout), {str(zh): ZH, str(en): EN}


def test_key_sets_at_every_level(report):
    document, _ = report
    assert set(document) == TOP_KEYS
    assert document["version"] == 1
    assert set(document["summary"]) == SUMMARY_KEYS
    assert len(document["files"]) == 2
    for entry in document["files"]:
        assert set(entry) == FILE_KEYS
        assert entry["findings"]
        for finding in entry["findings"]:
            assert set(finding) == FINDING_KEYS


def test_exact_findings_of_the_chinese_file(report):
    document, texts = report
    entry = document["files"][0]
    assert entry["lang"] == "zh"
    assert entry["score"] == 45  # 100 * (1 - 0.10) * (1 - 0.25 * 2)
    assert [
        (f["rule"], f["pitfall"], f["severity"], f["line"], f["column"], f["excerpt"])
        for f in entry["findings"]
    ] == [
        ("zh.testpack.praise", "flattery", "warning", 2, 6, "英明"),
        ("zh.testpack.threat", "bypass", "error", 3, 7, "你们领导"),
    ]
    praise = entry["findings"][0]
    assert praise["message"] == "恭维：英明"  # {match} filled in
    assert praise["suggestion"] == "删掉恭维，直接说事。"
    assert (praise["start"], praise["end"], praise["end_line"], praise["end_column"]) == (
        11,
        13,
        2,
        8,
    )


def test_exact_findings_of_the_english_file(report):
    document, _ = report
    entry = document["files"][1]
    assert entry["lang"] == "en"
    assert entry["score"] == 68  # 100 * (1 - 0.10) * (1 - 0.25)
    assert [
        (f["rule"], f["line"], f["column"], f["end_column"], f["excerpt"], f["message"])
        for f in entry["findings"]
    ] == [
        ("en.testpack.genius", 2, 12, 18, "genius", "Flattery: genius"),
        ("en.testpack.threat", 2, 35, 44, "your boss", "Threat to go to the boss"),
    ]


def test_excerpt_and_positions_agree_with_the_text(report):
    document, texts = report
    for entry in document["files"]:
        text = texts[entry["path"]]
        for f in entry["findings"]:
            assert f["excerpt"] == text[f["start"] : f["end"]]
            assert (f["line"], f["column"]) == _position(text, f["start"])
            assert (f["end_line"], f["end_column"]) == _position(text, f["end"])  # exclusive


def test_summary_counts(report):
    document, _ = report
    assert document["summary"] == {"files": 2, "findings": 4, "error": 2, "warning": 2, "info": 0}


def test_clean_file_has_empty_findings_and_score_100(check, tmp_path):
    path = tmp_path / "ok.txt"
    path.write_text("周五前给您答复。", encoding="utf-8")
    document = json.loads(check("--format", "json", path).stdout)
    assert document == {
        "version": 1,
        "files": [{"path": str(path), "lang": "zh", "score": 100, "findings": []}],
        "summary": {"files": 1, "findings": 0, "error": 0, "warning": 0, "info": 0},
    }


def test_finding_across_lines_has_exclusive_end():
    text = "ab\ncd\n"
    index = LineIndex(text)
    finding = Finding("zh.t.x", "flattery", "info", "m", "s", start=1, end=4)
    d = finding_dict(finding, index)
    assert (d["line"], d["column"], d["end_line"], d["end_column"]) == (1, 2, 2, 2)
    assert d["excerpt"] == "b\nc"


def test_finding_ending_at_end_of_line():
    text = "ab\ncd"
    d = finding_dict(Finding("zh.t.x", "flattery", "info", "m", "s", 3, 5), LineIndex(text))
    assert (d["line"], d["column"], d["end_line"], d["end_column"], d["excerpt"]) == (
        2,
        1,
        2,
        3,
        "cd",
    )


# --- JSON Lines -------------------------------------------------------------------------------

RECORDS = [
    {"id": "msg-1", "text": "领导英明，请看一下。"},
    {"id": 42, "text": "You are a genius.", "lang": "en"},
    {"id": 7.5, "text": "周五前给您答复。"},
    {"text": "Fine, we will try."},
    {"id": "msg-5", "text": "英明", "lang": "zh"},
]


def _jsonl(records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _check_record_lines(stdout: str, source: str) -> list[dict]:
    lines = [json.loads(line) for line in stdout.splitlines()]
    for line in lines:
        assert set(line) == JSONL_KEYS
        for f in line["findings"]:
            assert set(f) == FINDING_KEYS
    assert [line["id"] for line in lines] == ["msg-1", 42, 7.5, f"{source}:4", "msg-5"]
    assert [type(line["id"]) for line in lines] == [str, int, float, str, str]
    assert [line["lang"] for line in lines] == ["zh", "en", "zh", "en", "zh"]
    assert [line["score"] for line in lines] == [90, 90, 100, 98, 90]
    assert [[(f["rule"], f["column"]) for f in line["findings"]] for line in lines] == [
        [("zh.testpack.praise", 3)],
        [("en.testpack.genius", 11)],
        [],
        [("en.testpack.maybe", 7)],
        [("zh.testpack.praise", 1)],
    ]
    return lines


def test_jsonl_in_jsonl_out_from_a_file(check, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(_jsonl(RECORDS), encoding="utf-8")
    run = check("--input-format", "jsonl", "--format", "jsonl", path)
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    _check_record_lines(run.stdout, str(path))


def test_jsonl_from_stdin(check):
    run = check("--input-format", "jsonl", "--format", "jsonl", "-", input=_jsonl(RECORDS))
    assert run.exit_code == 0, run.stderr
    _check_record_lines(run.stdout, "<stdin>")


def test_jsonl_with_bom_and_crlf(check, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + _jsonl(RECORDS).replace("\n", "\r\n").encode())
    run = check("--input-format", "jsonl", "--format", "jsonl", path)
    assert run.exit_code == 0, run.stderr
    _check_record_lines(run.stdout, str(path))


def test_jsonl_invalid_line_names_file_and_line_and_others_still_output(check, tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = _jsonl(RECORDS).splitlines(keepends=True)
    lines.insert(2, '{"id": "broken", "text": \n')  # becomes line 3
    lines.insert(4, "\n")  # blank lines are skipped, not errors (line 5)
    path.write_text("".join(lines), encoding="utf-8")
    run = check("--input-format", "jsonl", "--format", "jsonl", path)
    line = assert_one_line_error(run)
    assert len(run.stderr.splitlines()) == 1
    assert line.startswith(f"msglint: error: {path}:3: invalid JSON: ")
    ids = [json.loads(x)["id"] for x in run.stdout.splitlines()]
    assert ids == ["msg-1", 42, 7.5, f"{path}:6", "msg-5"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('["not", "an", "object"]', 'record needs a "text" string'),
        ('{"id": 1, "text": 5}', 'record needs a "text" string'),
        ('{"id": 1}', 'record needs a "text" string'),
        (
            '{"id": 1, "text": "hi", "lang": "fr"}',
            "record has unknown lang 'fr' (use zh, en or auto)",
        ),
    ],
)
def test_jsonl_bad_records(check, line, reason):
    stdin = _jsonl(RECORDS[:1]) + line + "\n" + _jsonl(RECORDS[1:2])
    run = check("--input-format", "jsonl", "--format", "jsonl", "-", input=stdin)
    first = assert_one_line_error(run)
    assert first == f"msglint: error: <stdin>:2: {reason}"
    assert [json.loads(x)["id"] for x in run.stdout.splitlines()] == ["msg-1", 42]


def test_jsonl_invalid_utf8_record(check):
    stdin = _jsonl(RECORDS[:1]).encode() + b'{"id": 2, "text": "\xff"}\n'
    run = check("--input-format", "jsonl", "--format", "jsonl", "-", input=stdin)
    assert assert_one_line_error(run) == "msglint: error: <stdin>:2: record is not valid UTF-8"
    assert [json.loads(x)["id"] for x in run.stdout.splitlines()] == ["msg-1"]


def test_jsonl_null_id_is_named_by_position(check):
    stdin = '{"id": null, "text": "英明"}\n'
    run = check("--input-format", "jsonl", "--format", "jsonl", "-", input=stdin)
    (line,) = [json.loads(x) for x in run.stdout.splitlines()]
    assert line["id"] == "<stdin>:1"


def test_jsonl_record_id_names_text_findings(check):
    stdin = _jsonl([{"id": 42, "text": "You are a genius."}])
    run = check("--input-format", "jsonl", "-", input=stdin)
    assert run.stdout.startswith("42:1:11: warning en.testpack.genius [flattery]\n")


def test_jsonl_input_json_output(check):
    run = check("--input-format", "jsonl", "--format", "json", "-", input=_jsonl(RECORDS))
    document = json.loads(run.stdout)
    assert [f["path"] for f in document["files"]] == ["msg-1", "42", "7.5", "<stdin>:4", "msg-5"]
    assert document["summary"] == {"files": 5, "findings": 4, "error": 0, "warning": 3, "info": 1}


def test_text_files_in_jsonl_output_use_the_path_as_id(check, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("领导英明", encoding="utf-8")
    (line,) = check("--format", "jsonl", path).stdout.splitlines()
    assert json.loads(line)["id"] == str(path)


def test_stdin_text_json(check):
    run = check("--format", "json", "-", input="不然我就去找你们领导。")
    document = json.loads(run.stdout)
    assert run.exit_code == 1
    assert document["files"][0]["path"] == "<stdin>"
    (finding,) = document["files"][0]["findings"]
    assert (finding["rule"], finding["start"], finding["end"]) == ("zh.testpack.threat", 6, 10)


def test_lint_result_severity_counts():
    result = LintResult(
        "x",
        "zh",
        [
            Finding("zh.a.b", "flattery", "info", "m", "s", 0, 1),
            Finding("zh.a.c", "flattery", "error", "m", "s", 0, 1),
            Finding("zh.a.d", "bypass", "error", "m", "s", 0, 1),
        ],
    )
    assert result.severity_counts == {"error": 2, "warning": 0, "info": 1}
    assert result.pitfall_counts == {"bypass": 1, "flattery": 2}
    assert result.worst_rank() == 3
