"""`msglint sendmail`: a pre-send filter in front of the real sendmail (mutt, neomutt, aerc,
git send-email). It must never lose or alter mail: the bytes read from stdin are the bytes the
real sendmail gets, or nothing is sent and the sender is told why on stderr.

If msglint itself fails (a bug, a bad rule file, an undecodable body, a lint that runs past
--timeout, a lint process killed by the OOM killer) the mail is delivered unchanged with a
warning (fail-open, the default) or refused (fail-closed). To make that true even when the lint
step hangs or is killed, the lint runs in a forked child: the parent holds the bytes, waits at
most --timeout seconds for a verdict, and alone decides and delivers, exactly once."""

from __future__ import annotations

import os
import pickle
import select
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from linter.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, MsglintError
from linter.model import SEVERITY_RANK, LintResult
from linter.report.text import TextReporter
from linter.sources.inputs import Message, message_from_mail

# Fault injection for the tests of the failure modes: "lint" makes the lint step raise exactly
# where a bug in msglint would, "hang" makes it never finish, "kill" makes the lint process die
# by SIGKILL. Nothing else reads it.
FAULT_ENV = "MSGLINT_TEST_FAULT"
DEFAULT_TIMEOUT = 30.0  # seconds for the whole lint step (building the linter included)


class LintFailed(Exception):
    """The lint step did not produce a verdict: it raised, timed out or was killed."""


@dataclass(frozen=True)
class Policy:
    """When to refuse the mail. fail_on/min_score None: the project config's, else error/none."""

    fail_on: str | None = None
    min_score: int | None = None
    fail_open: bool = True


@dataclass(frozen=True)
class Linting:
    """What the lint step is built into: the lint function and the project config's thresholds
    (read in the lint child, so a broken config file follows --fail-open like any failure)."""

    lint: Callable[[Message], LintResult]
    fail_on: str = "error"
    min_score: int | None = None


@dataclass
class Verdict:
    results: list[tuple[str, LintResult]]
    blocked: bool
    reasons: list[str]


def judge(raw: bytes, linting: Linting, policy: Policy) -> Verdict:
    """Lints the mail as `msglint check` lints an .eml file (so its headers, e.g. a Cc of the
    contact's manager, count too); blocked when a finding reaches --fail-on or the message
    scores below --min-score. Any exception propagates: the caller applies fail-open/closed."""
    fault = os.environ.get(FAULT_ENV)
    if fault == "lint":
        raise RuntimeError("injected fault (MSGLINT_TEST_FAULT=lint)")
    if fault == "hang":
        while True:
            time.sleep(3600)
    if fault == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    message = message_from_mail(raw)
    result = linting.lint(message)
    fail_on = policy.fail_on or linting.fail_on
    min_score = policy.min_score if policy.min_score is not None else linting.min_score
    reasons = []
    worst = sum(1 for f in result.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on])
    if worst:
        reasons.append(f"{worst} finding{'s' if worst > 1 else ''} at or above {fail_on}")
    if min_score is not None and result.score < min_score:
        reasons.append(f"the message scores {result.score}, below {min_score}")
    return Verdict([(message.name, result)], bool(reasons), reasons)


def judge_isolated(
    raw: bytes,
    make_lint: Callable[[], Linting],
    policy: Policy,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Verdict:
    """`judge` in a forked child, so a hang or a kill of the lint step cannot take the mail with
    it; raises LintFailed (or the child's MsglintError) when there is no verdict. Without fork
    (Windows) it runs in this process and the timeout is not enforced."""
    if not hasattr(os, "fork"):
        return judge(raw, make_lint(), policy)
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: lint, send back a pickled outcome, never return into the caller
        os.close(read_end)
        _die_with_parent()
        if os.getppid() != parent:  # the hook died before the request took effect
            os._exit(1)
        try:
            outcome: tuple = ("ok", judge(raw, make_lint(), policy))
        except MsglintError as exc:
            outcome = ("msglint", str(exc))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
            outcome = ("bug", f"{type(exc).__name__}: {exc}")
        try:
            payload = pickle.dumps(outcome)
        except Exception as exc:  # noqa: BLE001
            payload = pickle.dumps(("bug", f"cannot pass the verdict back: {exc}"))
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        os._exit(0)
    os.close(write_end)
    try:
        data = _read_until(read_end, timeout)
    finally:
        os.close(read_end)
    if data is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise LintFailed(f"linting took longer than --timeout {timeout:g}s")
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        raise LintFailed(f"the lint process was killed by signal {os.WTERMSIG(status)}")
    try:
        kind, value = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a truncated or empty payload: no verdict
        raise LintFailed("the lint process ended without a verdict") from None
    if kind == "ok":
        return value
    if kind == "msglint":
        raise MsglintError(value)
    raise LintFailed(value)


def _die_with_parent() -> None:
    """On Linux, the kernel kills the lint child if the hook itself is killed, so a hung lint
    never outlives the mail client's send (elsewhere the --timeout still bounds it)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _read_until(fd: int, timeout: float | None) -> bytes | None:
    """Everything the child writes, or None when `timeout` seconds pass first."""
    deadline = None if timeout is None else time.monotonic() + timeout
    chunks = []
    while True:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return None
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


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
    make_lint: Callable[[], Linting],
    policy: Policy,
    stderr: TextIO,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> int:
    """The whole hook. `command` empty means check only (git send-email's validate hook)."""
    try:
        verdict = judge_isolated(raw, make_lint, policy, timeout)
    except Exception as exc:  # noqa: BLE001 - any failure of ours must not eat the mail
        plain = isinstance(exc, MsglintError | LintFailed)
        what = str(exc) if plain else f"{type(exc).__name__}: {exc}"
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
