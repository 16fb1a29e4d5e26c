"""`msglint sendmail -- SENDMAIL ARGS...` in front of a fake sendmail process that records its
stdin and argv: byte-identical delivery, blocking, exit codes, and both failure modes with an
injected crash and with real failures. Then `msglint hook install git-sendemail` under a real
`git send-email` (Debian's git-email) when it is installed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from email.header import Header
from email.message import EmailMessage
from pathlib import Path

import pytest
from support import SELECT

from linter.sources.inputs import message_from_mail

FAKE_SENDMAIL = """\
import json, os, sys
data = sys.stdin.buffer.read()
out = os.environ["FAKE_SENDMAIL_OUT"]
with open(out + ".argv", "w") as f:
    json.dump(sys.argv[1:], f)
with open(out + ".bytes", "wb") as f:
    f.write(data)
if os.environ.get("FAKE_SENDMAIL_SIGNAL"):
    os.kill(os.getpid(), int(os.environ["FAKE_SENDMAIL_SIGNAL"]))
sys.exit(int(os.environ.get("FAKE_SENDMAIL_EXIT", "0")))
"""


class FakeSendmail:
    def __init__(self, directory: Path) -> None:
        self.script = directory / "fake-sendmail"
        self.script.write_text(f"#!{sys.executable}\n{FAKE_SENDMAIL}", encoding="utf-8")
        self.script.chmod(0o755)
        self.out = directory / "delivered"

    @property
    def delivered(self) -> bytes | None:
        path = Path(f"{self.out}.bytes")
        return path.read_bytes() if path.exists() else None

    @property
    def argv(self) -> list[str]:
        return json.loads(Path(f"{self.out}.argv").read_text())


@pytest.fixture
def fake(tmp_path) -> FakeSendmail:
    return FakeSendmail(tmp_path)


@pytest.fixture
def hook(pack, fake, cli, monkeypatch):
    """`msglint sendmail --rules PACK --select ... ARGS` with `raw` on stdin: in-process through
    click (the fake sendmail is still a real process), or with real=True through the console
    entry point in a subprocess. Returns (exit code, stderr)."""
    monkeypatch.setenv("FAKE_SENDMAIL_OUT", str(fake.out))

    def run(raw: bytes, *args: str, env: dict[str, str] | None = None, real: bool = False):
        options = ["--rules", str(pack), "--select", SELECT]
        if real:
            proc = subprocess.run(
                [sys.executable, "-m", "linter", "sendmail", *options, *args],
                input=raw,
                capture_output=True,
                timeout=120,
                env={**os.environ, **(env or {})},
                check=False,
            )
            return proc.returncode, proc.stderr.decode("utf-8")
        with monkeypatch.context() as patch:
            for key, value in (env or {}).items():
                patch.setenv(key, value)
            result = cli("sendmail", *options, *args, input=raw)
        return result.exit_code, result.stderr

    return run


def mail(
    body: str, subject: str = "周五的活动页", charset: str = "utf-8", cte: str = "8bit"
) -> bytes:
    """A message as a mail client hands it to sendmail: CRLF line ends, 8-bit body, an
    RFC 2047 encoded subject."""
    if not subject.isascii():
        subject = Header(subject, "utf-8").encode()
    head = (
        "From: Li Lei <li@example.com>\r\nTo: Chen <chen@example.com>\r\n"
        f"Subject: {subject}\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n"
    )
    return head.encode("ascii") + body.replace("\n", "\r\n").encode(
        charset if charset != "x-unknown" else "utf-8"
    )


GOOD = mail("陈总您好：\n\n周五前完成。  \n\n李雷\n")
BAD = mail("陈总您好：\n\n不然我就去找你们领导。\n")
WARNING_ONLY = mail("陈总您好：\n\n领导英明，周五前完成。\n")


def test_clean_mail_is_delivered_byte_for_byte(hook, fake):
    # Trailing spaces, CRLF, no final newline, 8-bit UTF-8 and a stray Latin-1 byte in a header.
    raw = GOOD + b"\r\n-- \r\nLi Lei  " + b"\r\nX-Odd: caf\xe9\r\n"
    code, stderr = hook(
        raw, "--", str(fake.script), "-oi", "-f", "li@example.com", "--", "a@b.c", real=True
    )
    assert code == 0, stderr
    assert stderr == ""
    assert fake.delivered == raw
    assert fake.argv == ["-oi", "-f", "li@example.com", "--", "a@b.c"]


def test_the_real_sendmails_exit_code_is_returned(hook, fake):
    code, _ = hook(GOOD, "--", str(fake.script), env={"FAKE_SENDMAIL_EXIT": "75"})
    assert code == 75
    assert fake.delivered == GOOD


def test_sendmail_killed_by_a_signal(hook, fake):
    code, _ = hook(GOOD, "--", str(fake.script), env={"FAKE_SENDMAIL_SIGNAL": str(signal.SIGTERM)})
    assert code == 128 + signal.SIGTERM


def test_findings_block_the_mail(hook, fake):
    code, stderr = hook(BAD, "--", str(fake.script), "-oi")
    assert code == 1
    assert fake.delivered is None
    assert "zh.testpack.threat" in stderr
    assert "你们领导" in stderr
    assert stderr.rstrip().endswith("msglint: not sent: 1 finding at or above error")


def test_threshold_and_min_score(hook, fake):
    code, _ = hook(WARNING_ONLY, "--", str(fake.script))
    assert code == 0 and fake.delivered == WARNING_ONLY
    Path(f"{fake.out}.bytes").unlink()
    code, stderr = hook(WARNING_ONLY, "--fail-on", "warning", "--", str(fake.script))
    assert code == 1 and fake.delivered is None
    assert "zh.testpack.praise" in stderr
    code, stderr = hook(WARNING_ONLY, "--min-score", "95", "--", str(fake.script))
    assert code == 1 and fake.delivered is None
    assert "the message scores 90, below 95" in stderr


def test_subject_is_linted(hook, fake):
    raw = mail(
        "周五前完成。\n", subject="=?utf-8?b?" + "5LiN54S25oiR5bCx5Y675om+5L2g5Lus6aKG5a+8" + "?="
    )
    code, stderr = hook(raw, "--", str(fake.script))
    assert code == 1 and fake.delivered is None
    assert stderr.startswith("mail:3:")  # the Subject header, its encoded word shown


def test_encoded_bodies_are_decoded_and_still_delivered_unchanged(hook, fake):
    import base64
    import quopri

    body = "陈总您好：\n\n不然我就去找你们领导。\n"
    b64 = mail("", cte="base64") + base64.encodebytes(body.encode()).replace(b"\n", b"\r\n")
    assert hook(b64, "--", str(fake.script))[0] == 1
    qp = mail("", cte="quoted-printable") + quopri.encodestring(body.encode())
    assert hook(qp, "--", str(fake.script))[0] == 1
    gbk = mail(body, charset="gb18030")
    assert hook(gbk, "--", str(fake.script))[0] == 1
    assert fake.delivered is None
    fine = mail("", cte="base64") + base64.encodebytes("周五前完成。\n".encode())
    assert hook(fine, "--", str(fake.script))[0] == 0
    assert fake.delivered == fine


def test_injected_crash_fails_open_by_default(hook, fake):
    code, stderr = hook(BAD, "--", str(fake.script), env={"MSGLINT_TEST_FAULT": "lint"}, real=True)
    assert code == 0
    assert fake.delivered == BAD  # delivered unchanged, findings and all
    assert stderr == (
        "msglint: warning: could not lint the message (RuntimeError: injected fault "
        "(MSGLINT_TEST_FAULT=lint)); sending it unchecked (--fail-open)\n"
    )


def test_injected_crash_fails_closed_when_asked(hook, fake):
    code, stderr = hook(
        GOOD, "--fail-closed", "--", str(fake.script), env={"MSGLINT_TEST_FAULT": "lint"}, real=True
    )
    assert code == 2
    assert fake.delivered is None
    assert stderr.startswith("msglint: error: could not lint the message (RuntimeError")
    assert stderr.endswith("; not sent\n")


def test_real_failures_follow_the_same_policy(hook, fake, tmp_path):
    binary = mail("周五前完成。\n") + b"\x00\x01\x02"  # NUL bytes: not text, cannot be linted
    code, stderr = hook(binary, "--", str(fake.script))
    assert code == 0 and fake.delivered == binary
    assert "msglint: warning: could not lint the message (mail: binary file" in stderr
    Path(f"{fake.out}.bytes").unlink()
    code, stderr = hook(binary, "--fail-closed", "--", str(fake.script))
    assert code == 2 and fake.delivered is None
    broken_rules = tmp_path / "broken.yaml"
    broken_rules.write_text("lang: zh\nrules: [{id: x}]\n", encoding="utf-8")
    code, stderr = hook(GOOD, "--rules", str(broken_rules), "--", str(fake.script))
    assert code == 0 and fake.delivered == GOOD
    assert "broken.yaml" in stderr and "sending it unchecked" in stderr
    assert "Traceback" not in stderr


def test_usage_errors(hook, fake):
    code, stderr = hook(GOOD)
    assert code == 2 and stderr.startswith("msglint: error: give the real sendmail after --")
    code, stderr = hook(GOOD, "--", str(fake.script.parent / "no-such-sendmail"))
    assert code == 2 and "msglint: error: cannot run" in stderr
    assert "Traceback" not in stderr
    assert fake.delivered is None


def test_without_double_dash_the_command_keeps_its_options(hook, fake):
    code, _ = hook(GOOD, str(fake.script), "-oi", "-t")
    assert code == 0 and fake.argv == ["-oi", "-t"]


def test_check_only_lints_without_delivering(hook, fake):
    assert hook(GOOD, "--check-only")[0] == 0
    assert hook(BAD, "--check-only")[0] == 1
    assert fake.delivered is None


CC_THE_BOSS = (
    "From: 赵六 <zhao.liu@example.com>\r\nTo: 李四 <li.si@example.com>\r\n"
    "Cc: 王五 <wang.wu@example.com>\r\nSubject: =?utf-8?b?5pWw5o2u5o6l5Y+j?=\r\n"
    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n\r\n"
    + "李四你好，麻烦这周内帮我们开通数据接口，下周一联调要用。\r\n"
).encode("utf-8")

ORG_CONFIG = """\
fail-on: warning
org:
  li.si@example.com: {name: 李四, department: 数据平台部, manager: wang.wu@example.com}
  wang.wu@example.com: {name: 王五, department: 数据平台部}
  zhao.liu@example.com: {name: 赵六, department: 市场部}
"""


def test_the_project_config_applies_and_a_cc_of_the_contacts_manager_is_caught(
    cli, tmp_path, monkeypatch
):
    """With the org map of the msglint.yaml found from the working directory, the hook sees
    the Cc header as `msglint check` does; the config's fail-on and ignore apply too."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "msglint.yaml").write_text(ORG_CONFIG, encoding="utf-8")
    monkeypatch.chdir(project)
    blocked = cli("sendmail", "--check-only", input=CC_THE_BOSS)
    assert blocked.exit_code == 1, blocked.stderr
    assert blocked.stderr.startswith("mail:3:")  # the Cc line
    assert "zh.bypass.cc-manager" in blocked.stderr
    assert blocked.stderr.rstrip().endswith("1 finding at or above warning")
    # The command line still wins over the file, and --no-config drops the org map.
    assert cli("sendmail", "--check-only", "--fail-on", "error", input=CC_THE_BOSS).exit_code == 0
    assert cli("sendmail", "--check-only", "--no-config", input=CC_THE_BOSS).exit_code == 0
    (project / "msglint.yaml").write_text(ORG_CONFIG + "ignore: [bypass]\n", encoding="utf-8")
    assert cli("sendmail", "--check-only", input=CC_THE_BOSS).exit_code == 0


def test_a_broken_config_file_follows_fail_open(cli, tmp_path, monkeypatch):
    (tmp_path / "msglint.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("sendmail", "--check-only", input=CC_THE_BOSS)
    assert result.exit_code == 0
    assert "msglint.yaml:1" in result.stderr and "letting it through (--fail-open)" in result.stderr
    assert cli("sendmail", "--check-only", "--fail-closed", input=CC_THE_BOSS).exit_code == 2


# What a person wrote, and what they did not: the mail is read as `msglint check` reads an .eml.


def linted_words(raw: bytes) -> str:
    """The text the rules see, without the masked (blanked) parts."""
    return " ".join(message_from_mail(raw).lint_text.split())


def test_quoted_reply_signature_and_forward_are_not_linted():
    body = (
        "好的，周五前完成。\n\n"
        "On Mon, Chen wrote:\n> 不然我就去找你们领导。\n>> 更早的引用\n\n"
        "-- \n李雷 | 不然我就去找你们领导\n"
    )
    assert linted_words(mail(body, subject="S")) == "S 好的，周五前完成。"
    forwarded = "请看下面。\n\n-----Original Message-----\nFrom: x\n不然我就去找你们领导。\n"
    assert linted_words(mail(forwarded, subject="S")) == "S 请看下面。"
    # An attribution-like line that quotes nothing is the sender's own text.
    own = "他说了这句话 wrote:\n没有引用。\n"
    assert linted_words(mail(own, subject="S")) == "S 他说了这句话 wrote: 没有引用。"


def test_inline_replies_between_quotes_are_linted():
    body = "On Mon, Chen wrote:\n> 周五能交吗？\n\n不然我就去找你们领导。\n\n> 还有别的吗？\n\n没有了。\n"
    assert linted_words(mail(body, subject="S")) == "S 不然我就去找你们领导。 没有了。"


def test_patch_mail_lints_the_commit_message_not_the_diff():
    body = (
        "Fix the launch page\n\n不然我就去找你们领导。\n---\n a.txt | 1 +\n\n"
        "diff --git a/a.txt b/a.txt\n+你们领导\n"
    )
    assert linted_words(mail(body, subject="S")) == "S Fix the launch page 不然我就去找你们领导。"
    notes = "Notes\n---\nno diff here\n"
    assert linted_words(mail(notes, subject="S")) == "S Notes --- no diff here"


def test_multipart_lints_the_plain_part_and_an_html_only_mail_its_html():
    message = EmailMessage()
    message["Subject"] = "Q3 launch"
    message.set_content("周五前完成。\n")
    message.add_alternative("<p>不然我就去找你们领导。</p>", subtype="html")
    message.add_attachment(b"\x00\x01", maintype="application", subtype="octet-stream")
    assert linted_words(message.as_bytes()) == "Q3 launch 周五前完成。"
    html_only = EmailMessage()
    html_only["Subject"] = "Q3"
    html_only.set_content("<p>不然我就去找你们领导。</p>", subtype="html")
    assert linted_words(html_only.as_bytes()) == "Q3 不然我就去找你们领导。"


# git send-email with the installed sendemail-validate hook.

GIT = shutil.which("git")


def _has_send_email() -> bool:
    if not GIT:
        return False
    exec_path = subprocess.run([GIT, "--exec-path"], capture_output=True, text=True).stdout
    return (Path(exec_path.strip()) / "git-send-email").is_file()


HAS_SEND_EMAIL = _has_send_email()


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=60
    )


@pytest.fixture
def repo(tmp_path):
    if not GIT:
        pytest.skip("git is not installed")
    path = tmp_path / "repo"
    path.mkdir()
    _git(path, "init", "-q")
    _git(path, "config", "user.name", "Li Lei")
    _git(path, "config", "user.email", "li@example.com")
    return path


def test_hook_install_writes_an_executable_hook_and_keeps_an_existing_one(repo, pack):
    def install(*args):
        return subprocess.run(
            [sys.executable, "-m", "linter", "hook", "install", "git-sendemail", *args],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=60,
        )

    proc = install("--rules", str(pack))
    assert proc.returncode == 0, proc.stderr
    hook = repo / ".git" / "hooks" / "sendemail-validate"
    assert proc.stdout == f"msglint: wrote {hook}\n"
    assert os.access(hook, os.X_OK)
    assert "sendmail --check-only" in hook.read_text()
    again = install()
    assert again.returncode == 2
    assert again.stderr == f"msglint: error: {hook} already exists; use --force to replace it\n"
    assert install("--force", "--fail-on", "warning").returncode == 0
    assert "--fail-on warning" in hook.read_text()
    not_repo = subprocess.run(
        [sys.executable, "-m", "linter", "hook", "install", "git-sendemail", "--repo", "/"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert not_repo.returncode == 2 and "not a git repository" in not_repo.stderr


@pytest.mark.skipif(
    not HAS_SEND_EMAIL, reason="git send-email is not installed (Debian: git-email)"
)
def test_git_send_email_runs_the_hook(repo, pack, fake):
    subprocess.run(
        [sys.executable, "-m", "linter", "hook", "install", "git-sendemail",
         "--rules", str(pack), "--select", SELECT],
        cwd=repo,
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip

    def commit_and_send(message: str, name: str) -> subprocess.CompletedProcess:
        (repo / f"{name}.txt").write_text(f"{name}\n", encoding="utf-8")
        _git(repo, "add", ".")
        _git(repo, "commit", "-q", "-m", message)
        patch = _git(repo, "format-patch", "-1", "-o", str(repo.parent / name)).stdout.strip()
        return subprocess.run(
            ["git", "send-email", "--confirm=never", "--to=chen@example.com",
             f"--smtp-server={fake.script}", "--no-annotate", "--quiet", patch],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "FAKE_SENDMAIL_OUT": str(fake.out)},
        )  # fmt: skip

    bad = commit_and_send("Launch page\n\n不然我就去找你们领导。", "bad")
    assert bad.returncode != 0
    assert "zh.testpack.threat" in bad.stderr
    assert fake.delivered is None
    good = commit_and_send("Launch page\n\n周五前完成。", "good")
    assert good.returncode == 0, good.stderr
    assert b"Launch page" in fake.delivered
    assert "chen@example.com" in fake.argv


@pytest.mark.skipif(
    not os.environ.get("CI"), reason="CI must have git send-email; locally optional"
)
def test_ci_has_git_send_email():
    """In CI (.ci/run installs git-email) the send-email test must run, not skip."""
    assert HAS_SEND_EMAIL


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_an_8bit_body_without_a_charset_is_still_read(encoding):
    """Some scripts send 8-bit Chinese with `Content-Type: text/plain` and no charset; the email
    package would read it as ASCII and every Chinese character would be lost."""
    raw = (
        b"From: li@example.com\r\nTo: chen@example.com\r\nSubject: hi\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
    ) + "陈总您好：\r\n\r\n不然我就去找你们领导。\r\n".encode(encoding)
    assert "不然我就去找你们领导" in linted_words(raw)
