"""The composite GitHub Action and the example workflow: both validate against GitHub's schemas
(vendored in check-jsonschema, offline), and the action's lint step runs here as the runner
would run it — its `run:` script under `bash --noprofile --norc -eo pipefail`, with the step's
`env:` expressions filled from the action's inputs — producing annotations, a valid SARIF file
and the step outputs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from support import SELECT

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
WORKFLOW = ROOT / "docs" / "github-workflow-example.yml"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
EXPRESSION = re.compile(r"^\$\{\{\s*(inputs\.[\w-]+|github\.action_path)\s*\}\}$")


@pytest.mark.parametrize(
    ("schema", "path"),
    [("vendor.github-actions", ROOT / "action.yml"), ("vendor.github-workflows", WORKFLOW)],
)
def test_validates_against_githubs_schema(schema, path):
    pytest.importorskip("check_jsonschema")
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_schema_check_is_not_vacuous(tmp_path):
    pytest.importorskip("check_jsonschema")
    broken = dict(ACTION, runs={"using": "composite", "steps": [{"run": "true"}]})  # no shell
    path = tmp_path / "action.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-actions",
         str(path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1


def test_example_workflow_uses_the_action_on_pull_requests():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as True
    assert "pull_request" in triggers
    steps = workflow["jobs"]["msglint"]["steps"]
    ours = next(s for s in steps if s.get("uses", "").split("@")[0].endswith("/msglint"))
    assert set(ours["with"]) <= set(ACTION["inputs"])


def _step(step_id_or_name: str) -> dict:
    return next(
        s for s in ACTION["runs"]["steps"] if step_id_or_name in (s.get("id"), s.get("name"))
    )


def _env(step: dict, inputs: dict[str, str]) -> dict[str, str]:
    """The step's env with each `${{ inputs.X }}` filled from `inputs` or the input's default."""
    filled = {}
    for key, value in step.get("env", {}).items():
        match = EXPRESSION.match(value)
        assert match, f"{key}: only plain input expressions are expected, got {value!r}"
        name = match[1]
        if name == "github.action_path":
            filled[key] = str(ROOT)
            continue
        input_name = name.removeprefix("inputs.")
        assert input_name in ACTION["inputs"], input_name
        filled[key] = inputs.get(input_name, ACTION["inputs"][input_name].get("default", ""))
    return filled


@pytest.fixture
def workspace(tmp_path, pack):
    """A checkout with announcements (one with an error) and the runner's files."""
    work = tmp_path / "repo"
    (work / "announcements" / "zh").mkdir(parents=True)
    (work / "announcements" / "zh" / "launch.md").write_text(
        "# 上线通知\n\n不然我就去找你们领导。\n", encoding="utf-8"
    )
    (work / "announcements" / "zh" / "thanks.md").write_text("周五前完成。\n", encoding="utf-8")
    (work / "announcements" / "en.txt").write_text("You are a genius.\n", encoding="utf-8")
    return work


def _run_lint_step(work: Path, pack: Path, **inputs: str):
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    step = _step("lint")
    assert step["shell"] == "bash"
    output = work.parent / "github_output"
    output.write_text("", encoding="utf-8")
    inputs.setdefault("args", f"--rules {pack} --select {SELECT}")
    env = {
        **os.environ,
        # msglint from this test's environment, as the install step would have put it on PATH.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GITHUB_OUTPUT": str(output),
        **_env(step, inputs),
    }
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=work, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    outputs = dict(
        line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line
    )
    return proc, outputs


def test_lint_step_annotates_fails_and_writes_sarif(workspace, pack):
    proc, outputs = _run_lint_step(workspace, pack, paths="announcements/zh\nannouncements/en.txt")
    assert proc.returncode == 1, proc.stderr
    assert outputs == {"sarif-file": "msglint.sarif", "exit-code": "1"}
    lines = proc.stdout.splitlines()
    assert any(
        line.startswith("::error file=announcements/zh/launch.md,line=3,col=")
        and "title=msglint zh.testpack.threat [bypass]" in line
        for line in lines
    ), lines
    assert any(line.startswith("::warning file=announcements/en.txt,line=1,") for line in lines)
    document = json.loads((workspace / "msglint.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in document["runs"][0]["results"]
    }
    assert uris == {"announcements/zh/launch.md", "announcements/en.txt"}


def test_lint_step_inputs_gate_the_exit_code(workspace, pack):
    no_sarif = {"sarif-file": ""}
    proc, outputs = _run_lint_step(
        workspace, pack, paths="announcements", **no_sarif, **{"fail-on": "never"}
    )
    assert proc.returncode == 0 and outputs["exit-code"] == "0"
    proc, outputs = _run_lint_step(
        workspace,
        pack,
        paths="announcements",
        **no_sarif,
        **{"fail-on": "never", "min-score": "80"},
    )
    assert proc.returncode == 1 and "below --min-score 80" in proc.stderr
    assert outputs == {"sarif-file": "", "exit-code": "1"}
    assert not (workspace / "msglint.sarif").exists()


def test_lint_step_does_not_glob_or_run_its_inputs(workspace, pack):
    """Inputs are data: a `*` stays a literal path and `$(...)` is never executed."""
    proc, outputs = _run_lint_step(
        workspace, pack, paths="announcements/* $(touch pwned)", **{"sarif-file": ""}
    )
    assert proc.returncode == 2
    assert "announcements/*: no such file or directory" in proc.stderr
    assert not (workspace / "pwned").exists()
    assert outputs["exit-code"] == "2"


def test_upload_step_runs_even_when_lint_fails():
    upload = _step("Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "always()" in upload["if"]
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
