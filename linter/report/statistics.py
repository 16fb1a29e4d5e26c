"""`--statistics`: how often each rule fired in the run, instead of every finding (ruff's
--statistics), as a table or as JSON."""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from linter.model import LintResult
from linter.report.base import Reporter


class StatisticsReporter(Reporter):
    def __init__(self, out: TextIO, as_json: bool = False) -> None:
        super().__init__()
        self.out = out
        self.as_json = as_json
        self.by_rule: Counter[tuple[str, str, str]] = Counter()

    def write(self, name: str, result: LintResult, record_id: object) -> None:
        for finding in result.findings:
            self.by_rule[finding.rule, finding.severity, finding.pitfall] += 1

    def rows(self) -> list[dict[str, object]]:
        ordered = sorted(self.by_rule.items(), key=lambda item: (-item[1], item[0][0]))
        return [
            {"rule": rule, "severity": severity, "pitfall": pitfall, "count": count}
            for (rule, severity, pitfall), count in ordered
        ]

    def finish(self) -> None:
        rows = self.rows()
        if self.as_json:
            json.dump(rows, self.out, ensure_ascii=False, indent=2)
            self.out.write("\n")
            return
        width = max((len(str(r["rule"])) for r in rows), default=0)
        count_width = max((len(str(r["count"])) for r in rows), default=1)
        for row in rows:
            self.out.write(
                f"{row['count']:>{count_width}}  {row['rule']:<{width}}  "
                f"{row['severity']:<7}  {row['pitfall']}\n"
            )
        findings = f"{self.total} finding{'' if self.total == 1 else 's'}"
        messages = f"{self.files} message{'' if self.files == 1 else 's'}"
        self.out.write(f"{findings} in {messages}\n")
