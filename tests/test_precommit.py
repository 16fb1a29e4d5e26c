"""The pre-commit hook, run by the real pre-commit (`pre-commit try-repo`) against a temporary
git repository holding a good and a bad announcement. pre-commit pip-installs this repository
into its own environment (spaCy included), so this is the slowest test: about a minute with a
warm pip cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# Written for this test; they trip (and avoid) the bundled zh bypass rule.
BAD = "各位同事：\n\n新的报销系统下周一上线。要是设计组周三前还交不出图，我们就直接找你们总监。\n"
GOOD = (
    "各位同事：\n\n新的报销系统将于2026年12月7日（周一）上线，以便月底结账时不用再手工对账。"
    "操作手册见附件，有问题请在12月9日前联系财务部王敏（分机8021）。\n"
)


def test_hook_definition():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "msglint"
    assert hook["entry"] == "msglint check"
    assert hook["language"] == "python"


@pytest.mark.slow
def test_try_repo_flags_the_bad_announcement_only(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("msglint is not a git checkout here; pre-commit needs one")
    work = tmp_path / "announcements"
    work.mkdir()
    (work / "bad.md").write_text(BAD, encoding="utf-8")
    (work / "good.txt").write_text(GOOD, encoding="utf-8")
    (work / "script.py").write_text("# 要是还交不出图，我们就直接找你们总监。\n", encoding="utf-8")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "NO_COLOR": "1",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True)

    def try_repo(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "msglint", *args],
            cwd=work, env=env, capture_output=True, text=True, timeout=900,
        )  # fmt: skip

    git("init", "-q")
    git("add", ".")
    run = try_repo("--all-files")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "bad.md:3:13: error zh.bypass.escalation-threat [bypass]" in run.stdout
    assert "good.txt: score 100/100, no findings" in run.stdout
    assert "script.py" not in run.stdout  # only text and Markdown files are linted
    good = try_repo("--files", "good.txt")  # the environment is reused: fast
    assert good.returncode == 0, good.stdout + good.stderr
    assert "msglint" in good.stdout and "Passed" in good.stdout
