"""CI output: SARIF 2.1.0 validated against the official schema (vendored in tests/data),
GitHub workflow commands, --statistics, --min-score and --exit-zero."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest
from support import EN_RULES, SELECT, ZH_RULES

from linter.report.github import escape_data, escape_property

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
# An astral character and Chinese before the findings: columns count code points.
ZH = "😀王经理：\n您好😀！领导英明，\n不然我就去找你们领导。\n"
EN = "Dear Ann,\n\tYou are a genius. I will talk to your boss.\n"
ALL_RULES = {r["id"]: r for r in ZH_RULES + EN_RULES}


def _validator() -> jsonschema.Draft4Validator:
    pytest.importorskip("rfc3986_validator")  # so that "uri" and "uri-reference" are checked
    return jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path, monkeypatch):
    """Two drafts under the working directory (one with a Chinese name and a space)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drafts").mkdir()
    _write(tmp_path / "drafts", "通知 zh.txt", ZH)
    _write(tmp_path / "drafts", "en.txt", EN)
    return ["drafts/通知 zh.txt", "drafts/en.txt"]


def _json(check, *args):
    run = check("--format", "json", *args)
    return {entry["path"]: entry for entry in json.loads(run.stdout)["files"]}


def test_sarif_validates_against_the_official_schema(check, files):
    run = check("--format", "sarif", *files)
    assert run.exit_code == 1, run.stderr
    document = json.loads(run.stdout)
    errors = sorted(_validator().iter_errors(document), key=str)
    assert not errors, [e.message for e in errors]
    assert document["version"] == "2.1.0"
    assert len(document["runs"]) == 1


def test_schema_check_is_not_vacuous(check, files):
    """The same document with a wrong level, a zero line, an unencoded path or no version must
    fail validation."""
    document = json.loads(check("--format", "sarif", *files).stdout)
    validator = _validator()
    broken = json.loads(json.dumps(document))
    location = broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    location["artifactLocation"]["uri"] = "drafts/通知 zh.txt"
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(document))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(document))
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert not validator.is_valid(broken)
    del broken["version"]
    assert not validator.is_valid(broken)


def test_sarif_rules_carry_metadata(check, files):
    document = json.loads(check("--format", "sarif", *files).stdout)
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(
        ALL_RULES
    )  # every active rule, not only those that fired
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor in rules:
        rule = ALL_RULES[descriptor["id"]]
        assert descriptor["defaultConfiguration"]["level"] == levels[rule["severity"]]
        assert rule["rationale"] in descriptor["help"]["text"]
        assert rule["suggestion"] in descriptor["help"]["text"]
        assert descriptor["properties"]["pitfall"] == rule["pitfall"]
        assert descriptor["shortDescription"]["text"]
        assert "{match}" not in descriptor["shortDescription"]["text"]


def test_sarif_results_match_the_json_report(check, files):
    document = json.loads(check("--format", "sarif", *files).stdout)
    run = document["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert Path(unquote(urlparse(base).path)) == Path.cwd().resolve()
    expected = _json(check, *files)
    seen = []
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        path = unquote(location["artifactLocation"]["uri"])
        region = location["region"]
        finding = next(
            f
            for f in expected[path]["findings"]
            if f["rule"] == result["ruleId"] and f["start"] == region["charOffset"]
        )
        assert (region["startLine"], region["startColumn"]) == (finding["line"], finding["column"])
        assert (region["endLine"], region["endColumn"]) == (
            finding["end_line"],
            finding["end_column"],
        )
        assert region["charLength"] == finding["end"] - finding["start"]
        assert region["snippet"]["text"] == finding["excerpt"]
        assert result["message"]["text"].startswith(finding["message"])
        assert finding["suggestion"] in result["message"]["text"]
        rules = run["tool"]["driver"]["rules"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        seen.append((path, finding["start"], finding["rule"]))
    every = [(p, f["start"], f["rule"]) for p, e in expected.items() for f in e["findings"]]
    assert sorted(seen) == sorted(every)
    # The emoji before 英明 on its line is one column (it would be two in UTF-16 units).
    praise = next(r for r in run["results"] if r["ruleId"] == "zh.testpack.praise")
    assert praise["locations"][0]["physicalLocation"]["region"]["startColumn"] == 7


def test_sarif_for_stdin_and_outside_paths_and_a_clean_run(check, tmp_path):
    outside = _write(tmp_path, "outside.txt", EN)
    document = json.loads(check("--format", "sarif", outside, "-", input=ZH.encode()).stdout)
    assert not list(_validator().iter_errors(document))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in document["runs"][0]["results"]
    }
    assert outside.resolve().as_uri() in uris
    assert "%3Cstdin%3E" in uris
    clean = json.loads(check("--format", "sarif", "-", input="周五前完成。".encode()).stdout)
    assert clean["runs"][0]["results"] == []
    assert not list(_validator().iter_errors(clean))


def test_fingerprints_are_stable_when_text_moves(check, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "a.txt", ZH)
    first = json.loads(check("--format", "sarif", "a.txt").stdout)["runs"][0]["results"]
    _write(tmp_path, "a.txt", "新加的一行。\n" + ZH)
    moved = json.loads(check("--format", "sarif", "a.txt").stdout)["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in moved]
    assert len({json.dumps(r["partialFingerprints"]) for r in first}) == len(first)


GITHUB_LINE = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _unescape(value: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def _parse_github(line: str) -> tuple[str, dict[str, str], str]:
    match = GITHUB_LINE.match(line)
    assert match, line
    props = dict(part.split("=", 1) for part in match["props"].split(","))
    return match[1], {k: _unescape(v) for k, v in props.items()}, _unescape(match["message"])


def test_github_annotations(check, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # A name with every character that must be escaped in a property.
    name = "q3,launch: 100%.txt"
    _write(tmp_path, name, ZH)
    _write(tmp_path, "en.txt", EN)
    run = check("--format", "github", name, "en.txt")
    assert run.exit_code == 1
    expected = _json(check, name, "en.txt")
    lines = run.stdout.splitlines()
    assert len(lines) == sum(len(e["findings"]) for e in expected.values())
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    for line, finding_path in zip(
        lines, [(p, f) for p, e in expected.items() for f in e["findings"]], strict=True
    ):
        path, finding = finding_path
        kind, props, message = _parse_github(line)
        assert "\n" not in line
        assert kind == commands[finding["severity"]]
        assert props == {
            "file": path,
            "line": str(finding["line"]),
            "col": str(finding["column"]),
            "endLine": str(finding["end_line"]),
            "endColumn": str(finding["end_column"]),
            "title": f"msglint {finding['rule']} [{finding['pitfall']}]",
        }
        assert message == f"{finding['message']}\n→ {finding['suggestion']}"
    assert f"file={escape_property(name)}," in lines[0]
    assert "q3%2Claunch%3A 100%25.txt" in run.stdout


def test_github_escaping_rules():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext%3A a%2C b"


def test_statistics_counts_per_rule(check, files):
    run = check("--statistics", *files, "-", input=ZH.encode())
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    rows = [line.split() for line in lines[:-1]]
    counts = {row[1]: int(row[0]) for row in rows}
    assert counts == {
        "zh.testpack.praise": 2,
        "zh.testpack.threat": 2,
        "en.testpack.genius": 1,
        "en.testpack.threat": 1,
    }
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)
    assert lines[-1] == "6 findings in 3 messages"
    as_json = json.loads(check("--statistics", "--format", "json", *files).stdout)
    assert {r["rule"]: r["count"] for r in as_json} == {
        "zh.testpack.praise": 1,
        "zh.testpack.threat": 1,
        "en.testpack.genius": 1,
        "en.testpack.threat": 1,
    }
    assert {r["rule"]: (r["severity"], r["pitfall"]) for r in as_json}["zh.testpack.threat"] == (
        "error",
        "bypass",
    )


def test_statistics_with_another_format_is_a_usage_error(check, files):
    run = check("--statistics", "--format", "sarif", *files)
    assert run.exit_code == 2
    assert run.stderr.startswith("msglint: error: --statistics works with --format text or json")


def test_min_score_and_exit_zero(check, cli, pack, tmp_path):
    warning_only = _write(tmp_path, "w.txt", "领导英明。\n")  # one warning: score 90
    clean = _write(tmp_path, "c.txt", "周五前完成。\n")

    def run(*args):
        return check(*args, warning_only, clean)

    assert run().exit_code == 0  # a warning is below the default --fail-on error
    assert run("--min-score", "90").exit_code == 0  # 90 is not below 90
    below = run("--min-score", "91")
    assert below.exit_code == 1
    assert below.stderr == "msglint: 1 message scores below --min-score 91\n"
    assert run("--min-score", "91", "--exit-zero").exit_code == 0
    assert run("--fail-on", "warning").exit_code == 1
    assert run("--fail-on", "warning", "--exit-zero").exit_code == 0
    # --exit-zero never hides an input error.
    missing = check("--exit-zero", tmp_path / "missing.txt", clean)
    assert missing.exit_code == 2
    bad = cli("check", "--rules", pack, "--select", SELECT, "--min-score", "101", clean)
    assert bad.exit_code == 2
    assert "101" in bad.stderr and "Traceback" not in bad.stderr
