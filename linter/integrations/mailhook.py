"""`msglint sendmail`: a pre-send filter in front of the real sendmail (mutt, neomutt, aerc,
git send-email). It must never lose or alter mail: the bytes read from stdin are the bytes the
real sendmail gets, or nothing is sent and the sender is told why on stderr.

If msglint itself fails (a bug, a bad rule file, an undecodable body) the mail is delivered
unchanged with a warning (fail-open, the default) or refused (fail-closed)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from linter.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, MsglintError
from linter.integrations.mailtext import mail_texts
from linter.model import SEVERITY_RANK, LintResult
from linter.report.text import TextReporter

# Fault injection for the tests of the failure modes: set to "lint" to make the lint step crash
# exactly where a bug in msglint would. Nothing else reads it.
FAULT_ENV = "MSGLINT_TEST_FAULT"


@dataclass(frozen=True)
class Policy:
    fail_on: str = "error"
    min_score: int | None = None
    fail_open: bool = True


@dataclass
class Verdict:
    results: list[tuple[str, LintResult]]
    blocked: bool
    reasons: list[str]


def judge(raw: bytes, lint: Callable[[str], LintResult], policy: Policy) -> Verdict:
    """Lints the subject and body; blocked when a finding reaches --fail-on or a part scores
    below --min-score. Any exception propagates: the caller applies fail-open/closed."""
    if os.environ.get(FAULT_ENV) == "lint":
        raise RuntimeError("injected fault (MSGLINT_TEST_FAULT=lint)")
    results = [(name, lint(text)) for name, text in mail_texts(raw)]
    reasons = []
    threshold = SEVERITY_RANK[policy.fail_on]
    worst = sum(1 for _, r in results for f in r.findings if SEVERITY_RANK[f.severity] >= threshold)
    if worst:
        reasons.append(f"{worst} finding{'s' if worst > 1 else ''} at or above {policy.fail_on}")
    if policy.min_score is not None:
        for name, result in results:
            if result.score < policy.min_score:
                reasons.append(f"the {name} scores {result.score}, below {policy.min_score}")
    return Verdict(results, bool(reasons), reasons)


def deliver(command: Sequence[str], raw: bytes, stderr: TextIO) -> int:
    """Runs the real sendmail with exactly `raw` on its stdin and returns its exit code."""
    try:
        proc = subprocess.run(list(command), input=raw, check=False)
    except OSError as exc:
        stderr.write(f"msglint: error: cannot run {command[0]}: {exc.strerror or exc}\n")
        return EXIT_ERROR
    return proc.returncode if proc.returncode >= 0 else 128 - proc.returncode


def run(
    raw: bytes,
    command: Sequence[str],
    make_lint: Callable[[], Callable[[str], LintResult]],
    policy: Policy,
    stderr: TextIO,
) -> int:
    """The whole hook. `command` empty means check only (git send-email's validate hook)."""
    try:
        verdict = judge(raw, make_lint(), policy)
    except Exception as exc:  # noqa: BLE001 - any failure of ours must not eat the mail
        what = str(exc) if isinstance(exc, MsglintError) else f"{type(exc).__name__}: {exc}"
        if not policy.fail_open:
            stderr.write(f"msglint: error: could not lint the message ({what}); not sent\n")
            return EXIT_ERROR
        stderr.write(
            f"msglint: warning: could not lint the message ({what}); "
            f"{'sending it unchecked' if command else 'letting it through'} (--fail-open)\n"
        )
        return deliver(command, raw, stderr) if command else EXIT_OK
    if verdict.blocked:
        report(verdict, stderr)
        stderr.write(f"msglint: not sent: {'; '.join(verdict.reasons)}\n")
        return EXIT_FINDINGS
    return deliver(command, raw, stderr) if command else EXIT_OK


def report(verdict: Verdict, stderr: TextIO) -> None:
    reporter = TextReporter(stderr)
    for name, result in verdict.results:
        reporter.add(name, result)
    reporter.finish()
