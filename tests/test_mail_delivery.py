"""No lost mail: real emails (Enron bodies from ../shared/corpora/enron-aeslc with generated
headers: non-ASCII names and subjects, 8-bit and quoted-printable bodies, multipart with 8-bit
Latin-1 parts and binary attachments, CRLF and LF) pass through the pre-send hook to a real
sendmail process byte for byte, exactly once; and when the lint step raises, hangs past
--timeout or is killed, --fail-open delivers exactly once and --fail-closed delivers nothing."""

from __future__ import annotations

import base64
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability import ENRON, record, size

from linter.api import Linter
from linter.config import Config
from linter.integrations import mailhook
from linter.integrations.mailhook import Linting, Policy

NAMES = ["Zoë Müller", "张三", "José Núñez", "Søren Ågård", "Иван Петров", "李四 (数据平台部)"]


def encoded_word(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode("utf-8")).decode("ascii") + "?="


def build_email(i: int, rec: dict) -> bytes:
    """One of five shapes, chosen by `i`; the bytes are written by hand, not by a generator, so
    they are exactly what a mail client might hand to sendmail."""
    rng = random.Random(i)
    subject = rec.get("subject") or "(no subject)"
    body = rec["body"]
    name = NAMES[i % len(NAMES)]
    date = f"Mon, {1 + i % 28:02} Jun 2026 {i % 24:02}:{i % 60:02}:00 +0800"
    shape = i % 5
    nl = "\r\n" if shape in (1, 3) else "\n"
    head = [
        f"From: {encoded_word(name) if shape else 'Sender'} <sender{i}@example.com>",
        f"To: receiver{i}@example.org",
        f"Subject: {encoded_word(subject + ' — 审批') if shape in (1, 4) else subject}",
        f"Date: {date}",
        f"Message-ID: <{i}.{rng.randrange(10**9)}@msglint.test>",
        "MIME-Version: 1.0",
    ]
    if shape in (0, 1):
        head += ["Content-Type: text/plain; charset=us-ascii", "Content-Transfer-Encoding: 7bit"]
        text = body.encode("ascii", "replace").decode("ascii")
        return (nl.join(head) + nl + nl + text.replace("\n", nl) + nl).encode("ascii")
    if shape == 2:
        head += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        text = body + "\n\nGrüße, José — 谢谢！\n"
        return (nl.join(head) + nl + nl).encode("ascii") + text.replace("\n", nl).encode("utf-8")
    boundary = f"=_msglint_{i}_{rng.randrange(10**6)}"
    if shape == 3:
        head += [f'Content-Type: multipart/mixed; boundary="{boundary}"']
        attachment = base64.encodebytes(rng.randbytes(700)).decode("ascii").replace("\n", nl)
        parts = [
            (nl.join(["Content-Type: text/plain; charset=iso-8859-1",
                      "Content-Transfer-Encoding: 8bit"]) + nl + nl).encode("ascii")
            + (body + "\n\nCafé crème, à bientôt.\n").replace("\n", nl).encode("latin-1", "replace"),
            (nl.join(["Content-Type: application/octet-stream",
                      f'Content-Disposition: attachment; filename="{i}.bin"',
                      "Content-Transfer-Encoding: base64"]) + nl + nl + attachment).encode("ascii"),
        ]  # fmt: skip
    else:
        head += [f'Content-Type: multipart/alternative; boundary="{boundary}"']
        import quopri

        qp = quopri.encodestring((body + "\n\n— 谢谢，张三\n").encode("utf-8")).decode("ascii")
        html = f"<html><body><p>{body[:200]}</p><p>—\u00a0谢谢</p></body></html>"
        parts = [
            (nl.join(["Content-Type: text/plain; charset=utf-8",
                      "Content-Transfer-Encoding: quoted-printable"]) + nl + nl + qp).encode("ascii"),
            (nl.join(["Content-Type: text/html; charset=utf-8",
                      "Content-Transfer-Encoding: 8bit"]) + nl + nl).encode("ascii")
            + html.encode("utf-8"),
        ]  # fmt: skip
    out = (nl.join(head) + nl + nl + "This is a multi-part message." + nl).encode("ascii")
    for part in parts:
        out += f"{nl}--{boundary}{nl}".encode("ascii") + part
    out += f"{nl}--{boundary}--{nl}".encode("ascii")
    return out if i % 7 else out.rstrip(b"\r\n")  # some end without a final newline


def enron_emails(n: int) -> list[bytes]:
    if not ENRON.exists():
        pytest.skip(f"the Enron corpus is not at {ENRON} (../shared beside the repository)")
    emails = []
    with ENRON.open(encoding="utf-8") as lines:
        for line in lines:
            if len(emails) == n:
                break
            rec = json.loads(line)
            if rec.get("body", "").strip():
                emails.append(build_email(len(emails), rec))
    return emails


@pytest.fixture(scope="module")
def lint():
    """The bundled pack, built once here; the hook's forked child inherits it."""
    linter = Linter(Config())
    linter.lint_text("请尽快审批这笔报销。Please approve.")  # load jieba here, not in every child
    return lambda: Linting(linter.lint_message)


def sendmail_into(path: Path) -> list[str]:
    """A real sendmail stand-in that appends its stdin to `path`: a second delivery of the same
    message would show as a doubled file."""
    return ["sh", "-c", 'cat >> "$1"', "sh", str(path)]


@pytest.mark.fuzz
def test_real_emails_are_delivered_byte_identical_exactly_once(lint, tmp_path):
    emails = enron_emails(size(150, 1000))
    compared = 0
    for i, raw in enumerate(emails):
        out = tmp_path / f"{i}.eml"
        stderr = io.StringIO()
        code = mailhook.run(raw, sendmail_into(out), lint, Policy(fail_on="never"), stderr)
        assert code == 0, (i, stderr.getvalue())
        assert stderr.getvalue() == ""
        assert out.read_bytes() == raw, i
        compared += len(raw)
    shapes = {b"8bit": 0, b"multipart": 0, b"=?utf-8?": 0, b"\r\n": 0}
    for raw in emails:
        for key in shapes:
            shapes[key] += key in raw
    record(
        "5. real emails through the pre-send hook",
        "tests/test_mail_delivery.py",
        emails=len(emails),
        bytes_compared=compared,
        identical=len(emails),
        with_8bit_parts=shapes[b"8bit"],
        multipart=shapes[b"multipart"],
        non_ascii_headers=shapes[b"=?utf-8?"],
        crlf=shapes[b"\r\n"],
        lost=0,
        duplicated=0,
    )


def test_blocked_mail_is_not_delivered_and_clean_mail_is(lint, tmp_path):
    bad = (
        b"From: a@example.com\nTo: b@example.com\nSubject: x\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        + "请尽快审批这笔报销。\n".encode()
    )
    out = tmp_path / "out.eml"
    stderr = io.StringIO()
    code = mailhook.run(bad, sendmail_into(out), lint, Policy(fail_on="warning"), stderr)
    assert code == 1 and not out.exists()
    assert "not sent" in stderr.getvalue()


FAULTS = ["lint", "hang", "kill"]


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("fail_open", [True, False])
def test_faults_follow_fail_open_and_fail_closed_exactly(
    lint, tmp_path, monkeypatch, fault, fail_open
):
    raw = enron_emails(3)[fault == "hang"] if ENRON.exists() else b"Subject: x\n\nhello\n"
    monkeypatch.setenv(mailhook.FAULT_ENV, fault)
    out = tmp_path / "out.eml"
    stderr = io.StringIO()
    policy = Policy(fail_on="never", fail_open=fail_open)
    code = mailhook.run(raw, sendmail_into(out), lint, policy, stderr, timeout=1.5)
    reason = {
        "lint": "RuntimeError: injected fault (MSGLINT_TEST_FAULT=lint)",
        "hang": "linting took longer than --timeout 1.5s",
        "kill": "the lint process was killed by signal 9",
    }[fault]
    if fail_open:
        assert code == 0
        assert out.read_bytes() == raw  # once: the fake appends
        assert stderr.getvalue() == (
            f"msglint: warning: could not lint the message ({reason}); "
            "sending it unchecked (--fail-open)\n"
        )
    else:
        assert code == 2
        assert not out.exists()
        assert (
            stderr.getvalue()
            == f"msglint: error: could not lint the message ({reason}); not sent\n"
        )
    record(
        f"5. fault: lint step {'raises' if fault == 'lint' else fault + 's' if fault == 'hang' else 'is killed (SIGKILL)'}, "
        f"{'--fail-open' if fail_open else '--fail-closed'}",
        "tests/test_mail_delivery.py",
        exit_code=code,
        deliveries=1 if out.exists() else 0,
        delivered_bytes_identical=(out.read_bytes() == raw) if out.exists() else "n/a (not sent)",
    )


def _cli_sendmail(args, raw, env):
    return subprocess.Popen(
        [sys.executable, "-m", "linter", "sendmail", *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )  # fmt: skip


@pytest.mark.parametrize("fail_open", [True, False])
def test_cli_timeout_and_killed_lint_through_the_real_command(tmp_path, fail_open):
    raw = b"From: a@example.com\nSubject: =?utf-8?b?5a6h5om5?=\n\nThe report is attached.\n"
    out = tmp_path / "out.eml"
    policy = "--fail-open" if fail_open else "--fail-closed"
    for fault in ("hang", "kill"):
        proc = _cli_sendmail(
            ["--timeout", "2", policy, "--", *sendmail_into(out)], raw, {mailhook.FAULT_ENV: fault}
        )
        _, err = proc.communicate(raw, timeout=120)
        assert proc.returncode == (0 if fail_open else 2), err
        assert (out.read_bytes() if out.exists() else None) == (raw if fail_open else None)
        out.unlink(missing_ok=True)


def test_killing_the_hook_itself_sends_nothing_and_leaves_no_lint_process(tmp_path):
    """The mail client sees a failed send (and keeps the draft); the hung lint child dies with
    its parent instead of lingering."""
    out = tmp_path / "out.eml"
    proc = _cli_sendmail(
        ["--timeout", "60", "--", *sendmail_into(out)], b"", {mailhook.FAULT_ENV: "hang"}
    )
    proc.stdin.write(b"Subject: x\n\nhello\n")
    proc.stdin.close()
    deadline = time.monotonic() + 60
    children: list[str] = []
    while time.monotonic() < deadline and not children:
        time.sleep(0.2)
        children = (
            Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
            if Path(f"/proc/{proc.pid}/task/{proc.pid}/children").exists()
            else []
        )
    if not children:
        proc.kill()
        pytest.skip("cannot see the lint child (no /proc children file here)")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    child = int(children[0])
    for _ in range(100):
        if not Path(f"/proc/{child}").exists() or "Z" in _state(child):
            break
        time.sleep(0.1)
    assert not Path(f"/proc/{child}").exists() or "Z" in _state(child)
    assert not out.exists()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "Z"
