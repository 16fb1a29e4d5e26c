"""What every reporter does, and the code-point line/column arithmetic they share."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from linter.model import Finding, LintResult

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """1-based line and column (in code points) of any offset of a text. Lines end at LF, CRLF
    or a lone CR (as editors and the LSP count them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


def finding_dict(finding: Finding, index: LineIndex) -> dict[str, Any]:
    """A finding as the JSON contract (version 1) spells it."""
    line, column = index.position(finding.start)
    end_line, end_column = index.position(finding.end)
    return {
        "rule": finding.rule,
        "pitfall": finding.pitfall,
        "severity": finding.severity,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "start": finding.start,
        "end": finding.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "excerpt": index.text[finding.start : finding.end],
    }


class Reporter:
    def __init__(self) -> None:
        self.files = 0
        self.counts = {"error": 0, "warning": 0, "info": 0}

    def add(self, name: str, result: LintResult, record_id: object = None) -> None:
        self.files += 1
        for finding in result.findings:
            self.counts[finding.severity] += 1
        self.write(name, result, record_id)

    def write(self, name: str, result: LintResult, record_id: object) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Called once after the last result."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())
