"""`org-cc`: an email whose Cc holds the manager of the person it is addressed to, when that
manager is not the contact themselves and the sender is not in the contact's department; the
project config's `org` map says who manages whom. Reported on the Cc header line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from linter.checks.base import Check, CompileError, Hit
from linter.nlp.analysis import Analysis

if TYPE_CHECKING:
    from linter.api import Linter


class OrgCcCheck(Check):
    kind = "org-cc"

    def compile(self, spec: dict[str, Any]) -> None:
        if self.rule.scope != "message":
            raise CompileError("an org-cc rule judges the whole message (scope: message)", "scope")
        self.example_org = spec.get("example_org", {})

    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        context = analysis.context
        if context is None or context.envelope is None or context.org is None:
            return
        if analysis.lang != self.rule.lang:
            return
        envelope, org = context.envelope, context.org
        span = envelope.spans.get("cc")
        if span is None:
            return
        sender = next((org.find(a) for a in envelope.sender if org.find(a)), None)
        for address in envelope.to:
            contact = org.find(address)
            if contact is None:
                continue
            manager = org.manager_of(contact)
            if manager is None or address.matches(manager):
                continue
            if not any(cc.matches(manager) for cc in envelope.cc):
                continue
            if sender is not None and (
                any(a.matches(manager) for a in envelope.sender)
                or (contact.department and sender.department == contact.department)
            ):
                continue
            yield Hit(
                span[0],
                span[1],
                {
                    "match": f"Cc: {manager.name or manager.email or manager.key}",
                    "value": manager.name or manager.email or manager.key,
                    "contact": contact.name or contact.email or contact.key,
                },
            )
            return

    def analyze_example(self, linter: Linter, example: str) -> Analysis:
        """The examples are whole emails, judged against the rule's own `example_org`."""
        from linter.api import message_from_text
        from linter.context import LintContext
        from linter.org import OrgMap

        message = message_from_text(example, kind="email", lang=self.rule.lang)
        context = LintContext(envelope=message.envelope, org=OrgMap.from_config(self.example_org))
        return linter.analyze(message.lint_text, self.rule.lang, context)
