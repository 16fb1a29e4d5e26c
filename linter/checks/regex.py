"""`regex`: character-level regular expressions; a group named `flag` narrows the finding."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter import userregex
from linter.checks.base import Check, CompileError, Hit
from linter.nlp.analysis import Analysis


class RegexCheck(Check):
    kind = "regex"

    def compile(self, spec: dict[str, Any]) -> None:
        sources = ([spec["pattern"]] if "pattern" in spec else []) + list(spec.get("patterns", []))
        flags = userregex.IGNORECASE if spec.get("ignorecase", True) else 0
        self.regexes = []
        for i, source in enumerate(sources):
            try:
                self.regexes.append(userregex.compile(source, flags))
            except userregex.error as exc:
                key = "pattern" if "pattern" in spec and i == 0 else "patterns"
                raise CompileError(f"invalid regex {source!r}: {exc}", key) from None

    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        for seg in analysis.segments_in(self.rule.lang):
            text = analysis.text[seg.start : seg.end]
            for regex in userregex.runnable(self.regexes, text):
                for match in regex.finditer(text):
                    group = "flag" if "flag" in regex.groupindex and match.group("flag") else 0
                    start, end = match.span(group)
                    if end > start:
                        yield Hit(seg.start + start, seg.start + end)
