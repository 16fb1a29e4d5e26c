"""Project config files found by walking up from the linted file; bad config is one line that
names the file, the line and the key, and exit 2; `msglint init` writes a starter."""

from __future__ import annotations

import json
import shutil

import pytest
from support import assert_one_line_error

from linter.configfile import STARTER

DRAFT = (
    "领导英明。不然我就去找你们领导。\n"  # zh.testpack.praise (warning), zh.testpack.threat (error)
)


def rules_of(run) -> list[str]:
    assert "Traceback" not in run.stderr, run.stderr
    return [f["rule"] for entry in json.loads(run.stdout)["files"] for f in entry["findings"]]


def severities(run) -> dict[str, str]:
    return {
        f["rule"]: f["severity"]
        for entry in json.loads(run.stdout)["files"]
        for f in entry["findings"]
    }


@pytest.fixture
def project(tmp_path, pack):
    """A project with the test pack as its team rules and a draft two folders down."""
    root = tmp_path / "project"
    shutil.copytree(pack, root / "team-rules")
    draft = root / "docs" / "drafts" / "draft.txt"
    draft.parent.mkdir(parents=True)
    draft.write_text(DRAFT, encoding="utf-8")
    return root, draft


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["msglint.yaml", ".msglint.yaml"])
def test_yaml_config_found_by_walking_up(cli, project, name):
    root, draft = project
    write(root / name, "rules: [team-rules]\nselect: [zh.testpack]\nignore: [bypass]\n")
    run = cli("check", "--format", "json", draft)
    assert rules_of(run) == ["zh.testpack.praise"]
    assert run.exit_code == 0  # the only finding is a warning


def test_pyproject_tool_table(cli, project):
    root, draft = project
    write(
        root / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.msglint]\nrules = ["team-rules"]\nselect = ["zh.testpack"]\n'
        'fail-on = "warning"\n\n[tool.msglint.severity]\n"zh.testpack.threat" = "info"\n',
    )
    run = cli("check", "--format", "json", draft)
    assert severities(run) == {"zh.testpack.praise": "warning", "zh.testpack.threat": "info"}
    assert run.exit_code == 1  # fail-on warning


def test_pyproject_without_the_table_is_not_a_config(cli, project):
    root, draft = project
    write(root / "pyproject.toml", '[project]\nname = "x"\n')
    write(root / "msglint.yaml", "rules: [team-rules]\nselect: [zh.testpack.praise]\n")
    (root / "docs" / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n", "utf-8")
    assert rules_of(cli("check", "--format", "json", draft)) == ["zh.testpack.praise"]


def test_nearest_config_wins(cli, project):
    root, draft = project
    write(root / "msglint.yaml", "rules: [team-rules]\nselect: [zh.testpack.praise]\n")
    write(root / "docs" / "msglint.yaml", "rules: [../team-rules]\nselect: [bypass]\n")
    assert rules_of(cli("check", "--format", "json", draft)) == ["zh.testpack.threat"]


def test_severity_override_fail_on_and_min_score(cli, project):
    root, draft = project
    config = write(
        root / "msglint.yaml",
        "rules: [team-rules]\nselect: [zh.testpack]\nseverity: {flattery: error, zh.testpack.threat: warning}\n"
        "fail-on: never\n",
    )
    run = cli("check", "--format", "json", draft)
    assert severities(run) == {"zh.testpack.praise": "error", "zh.testpack.threat": "warning"}
    assert run.exit_code == 0
    write(config, config.read_text("utf-8") + "min-score: 80\n")
    assert cli("check", draft).exit_code == 1  # 0.75 * 0.9 -> 68 < 80
    assert cli("check", "--min-score", "60", draft).exit_code == 0  # the command line wins


def test_command_line_select_replaces_and_ignore_adds(cli, project):
    root, draft = project
    write(root / "msglint.yaml", "rules: [team-rules]\nselect: [zh.testpack.praise]\n")
    assert rules_of(cli("check", "--format", "json", "--select", "bypass", draft)) == [
        "zh.testpack.threat"
    ]
    assert rules_of(cli("check", "--format", "json", "--ignore", "flattery", draft)) == []


def test_per_glob_overrides(cli, project):
    root, draft = project
    other = write(root / "docs" / "other.txt", DRAFT)
    write(
        root / "msglint.yaml",
        "rules: [team-rules]\nselect: [zh.testpack]\noverrides:\n"
        "  - files: ['docs/drafts/*.txt']\n    ignore: [flattery]\n"
        "    severity: {bypass: info}\n",
    )
    run = cli("check", "--format", "json", draft, other)
    files = {e["path"]: [(f["rule"], f["severity"]) for f in e["findings"]] for e in json.loads(run.stdout)["files"]}  # fmt: skip
    assert files[str(draft)] == [("zh.testpack.threat", "info")]
    assert files[str(other)] == [("zh.testpack.praise", "warning"), ("zh.testpack.threat", "error")]


def test_config_input_type_override(cli, project):
    root, _ = project
    notice = write(root / "docs" / "notice.txt", "Hi {{ name }}, the report is attached.\n")
    write(root / "msglint.yaml", "select: [template-defect]\n")
    assert rules_of(cli("check", "--format", "json", notice)) == ["en.template.unresolved-placeholder"]  # fmt: skip
    write(
        root / "msglint.yaml",
        "select: [template-defect]\noverrides:\n  - files: '*.txt'\n    input-type: template\n",
    )
    assert rules_of(cli("check", "--format", "json", notice)) == []


def test_explicit_config_and_no_config(cli, project, tmp_path):
    root, draft = project
    write(
        root / "msglint.yaml",
        "rules: [team-rules]\nselect: [zh.testpack.praise]\nignore: [zh.flattery]\n",
    )
    elsewhere = write(
        tmp_path / "other.yaml", f"rules: ['{root / 'team-rules'}']\nselect: [bypass]\n"
    )
    assert rules_of(cli("check", "--format", "json", "--config", elsewhere, draft)) == ["zh.testpack.threat"]  # fmt: skip
    assert rules_of(cli("check", "--format", "json", "--select", "zh.flattery", draft)) == []
    run = cli("check", "--format", "json", "--no-config", "--select", "zh.flattery", draft)
    assert rules_of(run) == ["zh.flattery.ingratiating-praise"]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("lang: auto\nfail_on: error\n", "msglint.yaml:2: key 'fail_on': unknown key (did you mean 'fail-on'?)"),
        ("fail-on: sometimes\n", "msglint.yaml:1: key 'fail-on': must be one of: error, warning, info, never (got 'sometimes')"),
        ("min-score: 101\n", "msglint.yaml:1: key 'min-score': 101 is greater than the maximum of 100"),
        ("select: [nope]\n", "msglint.yaml:1: key 'select': 'nope' names no rule, rule prefix or pitfall"),
        ("overrides:\n  - files: '*.md'\n    severity: {bypass: loud}\n", "msglint.yaml:3: key 'overrides.severity.bypass': must be one of: error, warning, info (got 'loud')"),
        ("org:\n  li@x.com: {boss: a}\n", "msglint.yaml:2: key 'org.li@x.com.boss': unknown key"),
        ("select: [a\n", "msglint.yaml:2: invalid YAML"),
        ("lang: zh\nlang: en\n", "msglint.yaml:2: duplicate key 'lang'"),
        ("lang: zh\nrules:\n  - team-rules\n  - missing-rules\n", "msglint.yaml:4: key 'rules': no such rule file or directory: missing-rules"),
    ],
)  # fmt: skip
def test_invalid_config_names_file_line_and_key(cli, project, config, expected):
    root, draft = project
    write(root / "msglint.yaml", config)
    line = assert_one_line_error(cli("check", draft))
    assert line.startswith(f"msglint: error: {root}/{expected}"), line


def test_invalid_pyproject_table_names_the_line(cli, project):
    root, draft = project
    write(root / "pyproject.toml", '[project]\nname = "x"\n\n[tool.msglint]\nlang = "fr"\n')
    line = assert_one_line_error(cli("check", draft))
    assert line == f"msglint: error: {root}/pyproject.toml:5: key 'lang': must be one of: auto, zh, en (got 'fr')"  # fmt: skip


def test_init_writes_a_commented_starter_that_loads(cli, tmp_path):
    run = cli("init", tmp_path)
    assert run.exit_code == 0, run.stderr
    written = (tmp_path / "msglint.yaml").read_text("utf-8")
    assert written == STARTER
    assert written.count("\n#") > 10
    draft = write(tmp_path / "draft.txt", "领导英明。\n")
    assert cli("check", draft).exit_code in (0, 1)  # the starter is a valid config
    again = cli("init", tmp_path)
    assert_one_line_error(again, "already exists (use --force to overwrite it)")
    assert cli("init", "--force", tmp_path).exit_code == 0
