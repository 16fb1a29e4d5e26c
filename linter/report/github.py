"""GitHub Actions workflow commands: one `::error|warning|notice ...::message` line per finding,
which the runner turns into an annotation on the file and line of a pull request."""

from __future__ import annotations

from typing import TextIO

from linter.model import LintResult
from linter.report.base import LineIndex, Reporter

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """The message part: %, CR and LF are encoded, as the runner's toolkit does."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value additionally encodes the `:` and `,` that delimit properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{kind} {props}::{escape_data(message)}"


class GithubReporter(Reporter):
    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out

    def write(self, name: str, result: LintResult, record_id: object) -> None:
        index = LineIndex(result.text)
        for finding in result.findings:
            line, column = index.position(finding.start)
            end_line, end_column = index.position(finding.end)
            properties = {
                "file": name,
                "line": line,
                "col": column,
                "endLine": end_line,
                "endColumn": end_column,
                "title": f"msglint {finding.rule} [{finding.pitfall}]",
            }
            message = finding.message
            if finding.suggestion:
                message += f"\n→ {finding.suggestion}"
            self.out.write(command(COMMANDS[finding.severity], properties, message) + "\n")
        self.out.flush()
