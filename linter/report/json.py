"""JSON (one document for the run) and JSON Lines (one line per message, streamed)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from linter.model import LintResult
from linter.report.base import LineIndex, Reporter, finding_dict

VERSION = 1


def result_findings(result: LintResult) -> list[dict[str, Any]]:
    index = LineIndex(result.text)
    return [finding_dict(f, index) for f in result.findings]


class JsonReporter(Reporter):
    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out
        self.entries: list[dict[str, Any]] = []

    def write(self, name: str, result: LintResult, record_id: object) -> None:
        self.entries.append(
            {
                "path": name,
                "lang": result.lang,
                "score": result.score,
                "findings": result_findings(result),
            }
        )

    def finish(self) -> None:
        document = {
            "version": VERSION,
            "files": self.entries,
            "summary": {"files": self.files, "findings": self.total, **self.counts},
        }
        json.dump(document, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


class JsonLinesReporter(Reporter):
    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out

    def write(self, name: str, result: LintResult, record_id: object) -> None:
        line = {
            "id": record_id if record_id is not None else name,
            "lang": result.lang,
            "score": result.score,
            "findings": result_findings(result),
        }
        self.out.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.out.flush()
