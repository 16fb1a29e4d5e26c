"""The wheel carries the rules, so `pip install .` works from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_rules_and_schema(tmp_path):
    pytest.importorskip("hatchling")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("msglint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "linter/rules/schema.json" in names
    assert "linter/rules/features.schema.json" in names
    for rule_file in (ROOT / "rules").rglob("*.yaml"):
        assert f"linter/rules/{rule_file.relative_to(ROOT / 'rules').as_posix()}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "msglint = linter.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_version_flag_matches_package():
    from linter import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "linter", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == f"msglint, version {__version__}"
