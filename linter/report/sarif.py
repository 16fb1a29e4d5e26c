"""SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps): one run, every active rule
described in tool.driver.rules, one result per finding with its region in code points."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from linter.checks.base import PLACEHOLDERS, Rule, render
from linter.model import Finding, LintResult
from linter.report.base import LineIndex, Reporter
from linter.version import __version__

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/msglint/"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def rule_template(text: str) -> str:
    """A rule's message or suggestion without a finding: placeholders shown as an ellipsis."""
    return render(text, dict.fromkeys(PLACEHOLDERS, "…"))


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    suggestion = rule_template(rule.suggestion)
    help_text = f"{rule.rationale}\n\nSuggestion: {suggestion}" if suggestion else rule.rationale
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule_template(rule.message)},
        "fullDescription": {"text": rule.rationale or rule_template(rule.message)},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "pitfall": rule.pitfall,
            "lang": rule.lang,
            "kind": rule.kind,
            "tags": ["msglint", rule.pitfall, rule.lang],
        },
    }
    if rule.link:
        descriptor["helpUri"] = rule.link
    return descriptor


def artifact_location(name: str, root: Path) -> dict[str, Any]:
    """Paths under the working directory stay relative to %SRCROOT% (what code scanning
    expects); others become file: URIs; stdin and batch record ids are percent-encoded names."""
    path = Path(name)
    if name.startswith("<") or not path.exists():
        return {"uri": quote(name, safe="")}
    resolved = path.resolve()
    try:
        relative = resolved.relative_to(root)
    except ValueError:
        return {"uri": resolved.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": SRCROOT}


class SarifReporter(Reporter):
    def __init__(self, out: TextIO, rules: Iterable[Rule] = (), root: Path | None = None) -> None:
        super().__init__()
        self.out = out
        self.root = (root or Path.cwd()).resolve()
        self.rules: list[Rule] = []
        self.rule_index: dict[str, int] = {}
        for rule in rules:
            self._index(rule)
        self.results: list[dict[str, Any]] = []

    def _index(self, rule: Rule) -> int:
        if rule.id not in self.rule_index:
            self.rule_index[rule.id] = len(self.rules)
            self.rules.append(rule)
        return self.rule_index[rule.id]

    def write(self, name: str, result: LintResult, record_id: object) -> None:
        index = LineIndex(result.text)
        location = artifact_location(name, self.root)
        seen: dict[tuple[str, str], int] = {}
        for finding in result.findings:
            excerpt = result.text[finding.start : finding.end]
            nth = seen[finding.rule, excerpt] = seen.get((finding.rule, excerpt), 0) + 1
            self.results.append(self._result(finding, index, location, excerpt, nth))

    def _result(
        self,
        finding: Finding,
        index: LineIndex,
        location: dict[str, Any],
        excerpt: str,
        nth: int,
    ) -> dict[str, Any]:
        line, column = index.position(finding.start)
        end_line, end_column = index.position(finding.end)
        region = {
            "startLine": line,
            "startColumn": column,
            "endLine": end_line,
            "endColumn": end_column,
            "charOffset": finding.start,
            "charLength": finding.end - finding.start,
            "snippet": {"text": excerpt},
        }
        text = finding.message
        if finding.suggestion:
            text += f"\nSuggestion: {finding.suggestion}"
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": LEVELS[finding.severity],
            "message": {"text": text},
            "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
            # Stable across edits elsewhere in the file, so code scanning keeps the same alert.
            "partialFingerprints": {"msglintFinding/v1": _fingerprint(finding.rule, excerpt, nth)},
            "properties": {"pitfall": finding.pitfall, "suggestion": finding.suggestion},
        }
        rule_index = self.rule_index.get(finding.rule)
        if rule_index is not None:
            result["ruleIndex"] = rule_index
        if finding.replacement is not None:
            result["fixes"] = [
                {
                    "description": {"text": f"Replace with “{finding.replacement}”"},
                    "artifactChanges": [
                        {
                            "artifactLocation": location,
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "charOffset": finding.start,
                                        "charLength": finding.end - finding.start,
                                    },
                                    "insertedContent": {"text": finding.replacement},
                                }
                            ],
                        }
                    ],
                }
            ]
        return result

    def finish(self) -> None:
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "msglint",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": INFORMATION_URI,
                    "rules": [rule_descriptor(r) for r in self.rules],
                }
            },
            "originalUriBaseIds": {SRCROOT: {"uri": self.root.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": self.results,
        }
        document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        json.dump(document, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


def _fingerprint(rule: str, excerpt: str, nth: int) -> str:
    return hashlib.sha256(f"{rule}\0{excerpt}\0{nth}".encode()).hexdigest()[:32]
