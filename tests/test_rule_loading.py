"""Invalid rule files fail with one line naming the file, the line of the offending key and the
rule id; `msglint rules validate` and `check --rules` both refuse them with exit 2."""

from __future__ import annotations

import json

import pytest
from support import assert_one_line_error

from linter.errors import RuleError
from linter.yamlfile import load_yaml

GOOD = """\
lang: en
rules:
  - id: en.bad.rule
    kind: lexicon
    pitfall: flattery
    severity: warning
    message: m
    suggestion: s
    rationale: r
    weight: 1
    scope: sentence
    phrases: [genius]
    examples:
      flag: [a genius]
      pass: [a kind man]
"""


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    """1-based line of the (single) line of `text` containing `fragment`."""
    (found,) = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return found


@pytest.fixture
def validate(cli, tmp_path):
    """Writes `text` to a rule file and runs `msglint rules validate` on it."""

    def run(text: str, name: str = "rules.yaml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path, cli("rules", "validate", path)

    return run


def test_good_file_validates(validate):
    path, run = validate(GOOD)
    assert run.exit_code == 0
    assert run.stdout == f"{path}: 1 rules valid\n"
    assert run.stderr == ""


def test_good_directory_validates(cli, pack):
    run = cli("rules", "validate", pack)
    assert run.exit_code == 0
    assert run.stdout == f"{pack}: 7 rules valid\n"


CASES = {
    "unknown key (misspelt)": (
        ("    phrases: [genius]", "    phrase: [genius]"),
        "phrase:",
        "unknown key 'phrase' (did you mean 'phrases'?)",
    ),
    "unknown key": (
        ("    scope: sentence\n", "    scope: sentence\n    colour: red\n"),
        "colour:",
        "unknown key 'colour'",
    ),
    "wrong type": (
        ("    weight: 1", "    weight: heavy"),
        "weight:",
        "'weight' must be of type number",
    ),
    "bad severity": (
        ("    severity: warning", "    severity: fatal"),
        "severity:",
        "'severity' must be one of: error, warning, info (got 'fatal')",
    ),
    "bad scope": (
        ("    scope: sentence", "    scope: email"),
        "scope:",
        "'scope' must be one of: sentence, paragraph, message (got 'email')",
    ),
    "weight out of range": (
        ("    weight: 1", "    weight: 9"),
        "weight:",
        "'weight': 9 is greater than the maximum of 4",
    ),
    "invalid regex": (
        ("    kind: lexicon", "    kind: regex"),
        None,
        None,
    ),
    "no flag examples": (
        ("      flag: [a genius]", "      flag: []"),
        "flag:",
        "'examples/flag': [] should be non-empty",
    ),
    "missing key": (
        ("    phrases: [genius]\n", ""),
        "- id:",
        "'phrases' is required",
    ),
    "rule id of the wrong language": (
        ("  - id: en.bad.rule", "  - id: zh.bad.rule"),
        "- id:",
        "rule id must start with 'en.' in a en rule file",
    ),
}


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [pytest.param(*v, id=k) for k, v in CASES.items() if v[1] is not None],
)
def test_schema_errors_name_file_line_and_rule(validate, change, key, message):
    text = edit(GOOD, *change)
    path, run = validate(text)
    rule_id = "zh.bad.rule" if "zh.bad.rule" in text else "en.bad.rule"
    line = assert_one_line_error(run)
    assert line == f"msglint: error: {path}:{line_of(text, key)}: rule {rule_id}: {message}"


def test_invalid_regex(validate):
    text = edit(
        edit(GOOD, "kind: lexicon", "kind: regex"), "phrases: [genius]", "pattern: 'gen(ius'"
    )
    path, run = validate(text)
    line = assert_one_line_error(run)
    assert line == (
        f"msglint: error: {path}:12: rule en.bad.rule: "
        "invalid regex 'gen(ius': missing ), unterminated subpattern at position 3"
    )
    assert line_of(text, "pattern:") == 12


def test_invalid_regex_in_a_patterns_list(validate):
    text = edit(
        edit(GOOD, "kind: lexicon", "kind: regex"),
        "    phrases: [genius]\n",
        "    ignorecase: false\n    patterns:\n      - genius\n      - '[a-'\n",
    )
    path, run = validate(text)
    first = assert_one_line_error(run)
    assert first.startswith(
        f"msglint: error: {path}:{line_of(text, 'patterns:')}: rule en.bad.rule: "
        "invalid regex '[a-': "
    )


def test_invalid_token_pattern(validate):
    text = edit(
        edit(GOOD, "kind: lexicon", "kind: pattern"),
        "phrases: [genius]",
        "patterns: [[{LOWERX: genius}]]",
    )
    path, run = validate(text)
    first = assert_one_line_error(run)
    assert first.startswith(
        f"msglint: error: {path}:{line_of(text, 'patterns:')}: rule en.bad.rule: "
        "invalid token pattern: "
    )


def test_invalid_token_pattern_names_the_bad_attribute(validate):
    text = edit(
        edit(GOOD, "kind: lexicon", "kind: pattern"),
        "phrases: [genius]",
        "patterns: [[{LOWERX: genius}]]",
    )
    _, run = validate(text)
    assert "LOWERX" in run.stderr
    assert "'check'" not in run.stderr


def test_token_pattern_needing_a_trained_pipeline(validate):
    text = edit(
        edit(GOOD, "kind: lexicon", "kind: pattern"),
        "phrases: [genius]",
        "patterns: [[{POS: NOUN}]]",
    )
    path, run = validate(text)
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:12: rule en.bad.rule: token attribute POS needs a trained "
        "pipeline; msglint runs on blank pipelines"
    )


REQUIRES = edit(
    edit(GOOD, "kind: lexicon", "kind: requires"),
    "    phrases: [genius]\n",
    "    trigger: ask\n    requires: [valu]\n",
)


def test_unknown_feature_names_file_rule_and_feature(validate):
    path, run = validate(REQUIRES)
    first = assert_one_line_error(run)
    assert first.startswith(f"msglint: error: {path}:")
    assert ": rule en.bad.rule: unknown feature 'valu' (known for en: " in first
    known = first.split("(known for en: ", 1)[1].rstrip(")").split(", ")
    assert {"ask", "value", "date", "number", "delay", "escalation", "praise"} <= set(known)


def test_unknown_feature_points_at_its_key(validate):
    path, run = validate(REQUIRES)
    assert run.stderr.startswith(f"msglint: error: {path}:{line_of(REQUIRES, 'requires:')}: ")


def test_duplicate_key(validate):
    text = edit(GOOD, "    scope: sentence\n", "    scope: sentence\n    weight: 2\n")
    path, run = validate(text)
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:{line_of(text, 'weight: 2')}: rule en.bad.rule: "
        "duplicate key 'weight'"
    )


def test_duplicate_rule_id_in_one_file(validate):
    second = GOOD.split("rules:\n", 1)[1]
    text = GOOD + second
    path, run = validate(text)
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:16: rule en.bad.rule: duplicate rule id (also in {path})"
    )
    assert text.splitlines()[15] == "  - id: en.bad.rule"


def test_duplicate_rule_id_across_files(cli, tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    run = cli("rules", "validate", tmp_path)
    assert assert_one_line_error(run) == (
        f"msglint: error: {tmp_path / 'b.yaml'}:3: rule en.bad.rule: "
        f"duplicate rule id (also in {tmp_path / 'a.yaml'})"
    )


def test_duplicate_of_a_bundled_rule_id_is_refused(cli, tmp_path):
    """A team's pack cannot silently replace a bundled rule."""
    bundled = cli("rules", "list", "--format", "json")
    assert bundled.exit_code == 0, bundled.stderr
    rules = json.loads(bundled.stdout)
    if not rules:
        pytest.skip("no bundled rule to collide with")
    rule = rules[0]
    path = tmp_path / "clash.yaml"
    text = edit(GOOD, "lang: en", f"lang: {rule['lang']}")
    path.write_text(edit(text, "en.bad.rule", rule["id"]), encoding="utf-8")
    run = cli("check", "--rules", path, "-", input="hello")
    first = assert_one_line_error(run)
    assert first == (
        f"msglint: error: {path}:3: rule {rule['id']}: duplicate rule id "
        f"(also in {rule['source'].rsplit(':', 1)[0]})"
    )


def test_yaml_anchor_and_alias_refused(validate):
    text = edit(
        GOOD, "    phrases: [genius]\n", "    phrases: &words [genius]\n    exceptions: *words\n"
    )
    path, run = validate(text)
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:{line_of(text, '&words')}: rule en.bad.rule: "
        "YAML anchors and aliases are not allowed"
    )


def test_billion_laughs_is_refused_quickly():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    with pytest.raises(RuleError) as info:
        load_yaml("\n".join(lines) + "\n", "laughs.yaml")
    assert str(info.value) == "laughs.yaml:1: YAML anchors and aliases are not allowed"


def test_invalid_yaml_syntax(validate):
    text = edit(GOOD, "    weight: 1", "    weight: [1")
    path, run = validate(text)
    first = assert_one_line_error(run)
    assert first.startswith(f"msglint: error: {path}:")
    assert "invalid YAML: " in first


def test_rule_error_in_second_rule_names_that_rule(validate):
    second = GOOD.split("rules:\n", 1)[1].replace("en.bad.rule", "en.bad.second")
    text = GOOD + edit(second, "    severity: warning", "    severity: loud")
    path, run = validate(text)
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:19: rule en.bad.second: "
        "'severity' must be one of: error, warning, info (got 'loud')"
    )
    assert text.splitlines()[18] == "    severity: loud"


def test_duplicate_key_in_second_rule_names_that_rule(validate):
    second = GOOD.split("rules:\n", 1)[1].replace("en.bad.rule", "en.bad.second")
    text = GOOD + edit(second, "    kind: lexicon\n", "    kind: lexicon\n    kind: regex\n")
    path, run = validate(text)
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:18: rule en.bad.second: duplicate key 'kind'"
    )


def test_unknown_key_in_a_features_file(validate):
    text = "lang: zh\nfeatures:\n  mine:\n    description: x\n    phrase: [蓝鲸]\n"
    path, run = validate(text, "features.yaml")
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:5: unknown key 'phrase' (did you mean 'phrases'?)"
    )


def test_feature_with_nothing_to_match(validate):
    text = "lang: zh\nfeatures:\n  mine:\n    description: x\n"
    path, run = validate(text, "features.yaml")
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:3: 'features/mine' needs one of 'phrases', 'regex', 'patterns', 'include'"
    )


def test_regex_rule_without_a_pattern(validate):
    text = edit(edit(GOOD, "kind: lexicon", "kind: regex"), "    phrases: [genius]\n", "")
    path, run = validate(text)
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:3: rule en.bad.rule: needs one of 'pattern', 'patterns'"
    )


def test_rule_that_is_not_a_mapping(validate):
    path, run = validate("lang: en\nrules: [5]\n")
    assert (
        assert_one_line_error(run) == f"msglint: error: {path}:2: the rule must be of type object"
    )


def test_empty_rules_list(validate):
    path, run = validate("lang: en\nrules: []\n")
    assert (
        assert_one_line_error(run) == f"msglint: error: {path}:2: 'rules': [] should be non-empty"
    )


# --- a rule that never fires on its own flag example ------------------------------------------

NEVER_FIRES = edit(GOOD, "      flag: [a genius]", "      flag: [a clever man]")


def test_flag_example_that_never_fires_fails_validate(validate):
    path, run = validate(NEVER_FIRES)
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:3: rule en.bad.rule: "
        "rule never fires on its flag example 'a clever man'"
    )


def test_flag_example_that_never_fires_fails_check(cli, tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(NEVER_FIRES, encoding="utf-8")
    run = cli("check", "--rules", path, "-", input="hello")
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:3: rule en.bad.rule: "
        "rule never fires on its flag example 'a clever man'"
    )
    assert run.stdout == ""


def test_check_refuses_an_invalid_rule_file_before_linting(cli, tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(edit(GOOD, "    weight: 1", "    weight: heavy"), encoding="utf-8")
    run = cli("check", "--rules", tmp_path, "-", input="You are a genius.")
    assert assert_one_line_error(run) == (
        f"msglint: error: {path}:10: rule en.bad.rule: 'weight' must be of type number"
    )
    assert run.stdout == ""
