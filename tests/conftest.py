"""Fixtures for the CLI and library tests; the test rule pack itself is in support.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support import SELECT, Run, write_pack

from linter import cli as cli_module
from linter.api import Linter
from linter.cli import main
from linter.config import Config


@pytest.fixture(scope="session")
def pack(tmp_path_factory) -> Path:
    """The test rule pack: zh/en rules of every severity, and two private zh features."""
    return write_pack(tmp_path_factory.mktemp("testpack"))


@pytest.fixture(scope="session")
def lib(pack) -> Linter:
    """One Linter over the test pack only (no bundled rules), built once for the session."""
    return Linter(Config(rule_dirs=(str(pack),), bundled_rules=False))


_LINTERS: dict = {}


@pytest.fixture
def cli(monkeypatch):
    """Runs `msglint ARGS` in-process with click's CliRunner; stdout and stderr kept apart.

    The command's Linter is memoised by its arguments, as the library's lint_text does: the
    first run with a configuration builds it for real (and one that fails is never stored), so
    later runs only skip the ~0.2 s of loading the same rules again.
    """
    real = cli_module._linter

    def memoised(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if key not in _LINTERS:
            _LINTERS[key] = real(*args, **kwargs)
        return _LINTERS[key]

    monkeypatch.setattr(cli_module, "_linter", memoised)

    def run(*args: str, input: bytes | str | None = None) -> Run:
        result = CliRunner().invoke(main, [str(a) for a in args], input=input, prog_name="msglint")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def check(cli, pack):
    """`msglint check --rules PACK --select zh.testpack,en.testpack ARGS`."""

    def run(*args: str, input: bytes | str | None = None) -> Run:
        return cli("check", "--rules", pack, "--select", SELECT, *args, input=input)

    return run


def _hypothesis_profiles() -> None:
    """Property tests: a bounded, reproducible sample in CI (CI=true), more locally, and the long
    run with MSGLINT_FUZZ=full (scripts/reliability.py)."""
    import os

    from hypothesis import HealthCheck, settings

    common = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
    settings.register_profile("ci", max_examples=40, derandomize=True, **common)
    settings.register_profile("dev", max_examples=80, **common)
    settings.register_profile("full", max_examples=1500, **common)
    if os.environ.get("MSGLINT_FUZZ") == "full":
        settings.load_profile("full")
    else:
        settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


_hypothesis_profiles()
