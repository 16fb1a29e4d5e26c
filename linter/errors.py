"""Errors that reach the user as one line and a defined exit code, never a traceback."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class MsglintError(Exception):
    """Base for every error the CLI turns into `msglint: error: ...` and exit code 2."""

    exit_code = EXIT_ERROR


class UsageError(MsglintError):
    """The command line asked for something that cannot be done (unknown selector, bad option)."""


class InputError(MsglintError):
    """One input could not be read as text; the other inputs are still linted."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class RuleError(MsglintError):
    """A rule or feature file is invalid; names the file, the line and the rule id when known."""

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        rule: str | None = None,
    ) -> None:
        where = path or "<rules>"
        if line is not None:
            where += f":{line}"
        if rule:
            where += f": rule {rule}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.rule = rule
        self.detail = message


class ModelError(MsglintError):
    """A configured spaCy pipeline is not installed; msglint never downloads one."""
