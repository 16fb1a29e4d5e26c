"""Compiler-style text: path:line:col, the source line, a caret underline that stays aligned
under full-width Chinese characters, the message and the suggestion; then the score."""

from __future__ import annotations

from typing import TextIO

import click

from linter.model import Finding, LintResult
from linter.nlp.sentences import display_width
from linter.report.base import LineIndex, Reporter

COLORS = {"error": "red", "warning": "yellow", "info": "blue"}
MAX_LINE_WIDTH = 120  # wider source lines are shown as a window around the finding
TAB = "    "


class TextReporter(Reporter):
    def __init__(self, out: TextIO, color: bool = False) -> None:
        super().__init__()
        self.out = out
        self.color = color

    def _style(self, text: str, **kwargs) -> str:
        return click.style(text, **kwargs) if self.color else text

    def write(self, name: str, result: LintResult, record_id: object) -> None:
        index = LineIndex(result.text)
        for finding in result.findings:
            self.out.write(self.format_finding(name, index, finding))
        counts = ", ".join(f"{p} {n}" for p, n in result.pitfall_counts.items())
        summary = f"{name}: score {result.score}/100"
        summary += f" ({counts})" if counts else ", no findings"
        self.out.write(
            self._style(summary, bold=True) + "\n\n" if result.findings else summary + "\n"
        )
        self.out.flush()

    def format_finding(self, name: str, index: LineIndex, finding: Finding) -> str:
        line, column = index.position(finding.start)
        severity = self._style(finding.severity, fg=COLORS[finding.severity], bold=True)
        header = f"{name}:{line}:{column}: {severity} {finding.rule} [{finding.pitfall}]"
        source = index.line_text(line)
        length_on_line = min(finding.end - finding.start, len(source) - (column - 1))
        shown, pad, width = _window(source, column - 1, max(length_on_line, 1))
        gutter = " " * len(str(line))
        underline = " " * pad + self._style("^" * max(width, 1), fg=COLORS[finding.severity])
        lines = [
            self._style(header, bold=True) if not self.color else header,
            f" {gutter} |",
            f" {line} | {shown}",
            f" {gutter} | {underline}",
            f" {gutter} = {finding.message}",
        ]
        if finding.suggestion:
            lines.append(f" {gutter} = {self._style('→', fg='green')} {finding.suggestion}")
        return "\n".join(lines) + "\n\n"

    def finish(self) -> None:
        if self.total == 0:
            self.out.write(f"No findings in {_plural(self.files, 'message')}.\n")
            return
        detail = ", ".join(_plural(n, s) for s, n in self.counts.items() if n)
        self.out.write(
            f"Found {_plural(self.total, 'finding')} ({detail}) in {_plural(self.files, 'message')}.\n"
        )


def _plural(n: int, word: str) -> str:
    if word == "info":
        return f"{n} info"
    return f"{n} {word}{'' if n == 1 else 's'}"


def _window(source: str, col: int, length: int) -> tuple[str, int, int]:
    """(line as displayed, columns before the caret, caret width), tabs expanded and long lines
    cut to a window around the finding."""
    start, end = 0, len(source)
    if display_width(source) > MAX_LINE_WIDTH:
        start = max(0, col - 30)
        end = min(len(source), col + length + 30)
    before = source[start:col].replace("\t", TAB)
    marked = source[col : col + length].replace("\t", TAB)
    after = source[col + length : end].replace("\t", TAB)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(source) else ""
    shown = prefix + before + marked + after + suffix
    return shown, display_width(prefix + before), display_width(marked)
