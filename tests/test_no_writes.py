"""msglint never modifies what it lints: after every command the linted files keep their
content hash and mtime and the folder gains no file; the only files it writes (a starter config,
a git hook) are written atomically and never over an existing one without --force."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from reliability import record

from linter import atomicwrite
from linter.configfile import STARTER

EMAIL = (
    b"From: =?utf-8?b?5byg5LiJ?= <zhang@example.com>\r\nTo: li@example.com\r\n"
    b"Subject: =?utf-8?b?5a6h5om5?=\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    + "请尽快审批这笔报销。\r\n".encode()
)

DOCS = {
    "a.txt": "请尽快审批这笔报销。\nmsglint-disable-next-line flattery\n您真是太英明了。\n".encode(),
    "b.md": b"---\ndate: 2026-12-01\n---\n# Notice\n\nPlease approve this ASAP. {{ name }}\n",
    "c.html": b"<html><body><p>You&apos;re a genius! Approve it by Friday.</p></body></html>",
    "d.eml": EMAIL,
    "e.md.j2": b"Hello {{ name }}, please approve this by {{ due_date }}.\n",
    "f-gbk.txt": "请尽快审批这笔报销，谢谢。".encode("gb18030"),
    "g-utf16.txt": "Please approve this ASAP.\r\n".encode("utf-16"),
    "batch.jsonl": b'{"id": 1, "text": "Please approve this ASAP."}\n{"id": 2, "text": "ok"}\n',
    "corpus.jsonl": b'{"id": "1", "lang": "en", "text": "You are a genius.", "pitfalls": ["flattery"]}\n',
    "vars.yaml": b"name: Li\ndue_date: 2026-12-04\n",
}


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: content hash and mtime in nanoseconds."""
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "drafts"
    root.mkdir()
    for name, data in DOCS.items():
        (root / name).write_bytes(data)
        os.utime(root / name, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    return root


def commands(root: Path, pack: Path) -> list[tuple[list[str], bytes | None]]:
    every = [str(root)]
    out = []
    for fmt in ("text", "json", "sarif", "github", "html"):
        out.append((["check", "--no-config", "--format", fmt, *every], None))
    out += [
        (["check", "--no-config", "--statistics", *every], None),
        (["check", "--no-config", "--report-unused-disables", "--color", *every], None),
        (["check", "--no-config", "--vars", str(root / "vars.yaml"), str(root / "e.md.j2")], None),
        (["check", "--no-config", "--input-format", "jsonl", "--format", "jsonl",
          str(root / "batch.jsonl")], None),
        (["check", "--no-config", "--rules", str(pack), *every], None),
        (["check", "--no-config", "-"], (root / "a.txt").read_bytes()),
        (["analyze", str(root / "a.txt")], None),
        (["analyze", "--format", "json", str(root / "b.md")], None),
        (["eval", str(root / "corpus.jsonl")], None),
        (["rules", "validate", str(pack)], None),
        (["rules", "test", str(pack)], None),
        (["rules", "list", "--rules", str(pack)], None),
        (["sendmail", "--check-only"], EMAIL),
    ]  # fmt: skip
    return out


def test_no_command_modifies_a_linted_file(cli, folder, pack):
    pack_before = snapshot(pack)
    before = snapshot(folder)
    ran = 0
    for args, stdin in commands(folder, pack):
        run = cli(*args, input=stdin)
        assert run.exit_code in (0, 1), (args, run.stderr)
        assert snapshot(folder) == before, args
        assert snapshot(pack) == pack_before, args
        ran += 1
    record(
        "4. no writes: linted files unchanged after every command",
        "tests/test_no_writes.py",
        commands=ran,
        files_hashed=len(before) + len(pack_before),
        changed=0,
    )


def test_init_never_overwrites_without_force_and_leaves_no_temp_file(cli, folder):
    before = snapshot(folder)
    first = cli("init", str(folder))
    assert first.exit_code == 0
    target = folder / "msglint.yaml"
    assert target.read_text("utf-8") == STARTER
    assert {k: v for k, v in snapshot(folder).items() if k != "msglint.yaml"} == before
    target.write_text("lang: zh\n", "utf-8")
    again = cli("init", str(folder))
    assert again.exit_code == 2
    assert (
        again.stderr == f"msglint: error: {target} already exists (use --force to overwrite it)\n"
    )
    assert target.read_text("utf-8") == "lang: zh\n"
    assert cli("init", "--force", str(folder)).exit_code == 0
    assert target.read_text("utf-8") == STARTER
    assert sorted(p.name for p in folder.iterdir()) == sorted([*DOCS, "msglint.yaml"])


def test_a_failed_write_leaves_the_old_file_whole(cli, folder, monkeypatch):
    """The new content goes to a temporary file that is renamed into place only when complete:
    a failure while writing keeps the old file exactly as it was, and no temporary file stays."""
    target = folder / "msglint.yaml"
    target.write_text("lang: zh\n", "utf-8")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomicwrite.os, "fsync", broken_fsync)
    run = cli("init", "--force", str(folder))
    assert run.exit_code == 2
    assert run.stderr == f"msglint: error: cannot write {target}: No space left on device\n"
    assert target.read_text("utf-8") == "lang: zh\n"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*DOCS, "msglint.yaml"])
    target.unlink()
    assert cli("init", str(folder)).exit_code == 2
    assert not target.exists()


def test_a_file_created_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    """The existence check is repeated at the moment of the rename (os.link refuses a taken
    name), so a file that appears between the check and the write survives."""
    target = tmp_path / "msglint.yaml"
    real_fsync = atomicwrite.os.fsync

    def racing_fsync(fd):
        real_fsync(fd)
        if not target.exists():
            target.write_text("theirs\n", "utf-8")

    monkeypatch.setattr(atomicwrite.os, "fsync", racing_fsync)
    with pytest.raises(Exception, match="already exists"):
        atomicwrite.write_new(target, "ours\n")
    assert target.read_text("utf-8") == "theirs\n"
    assert [p.name for p in tmp_path.iterdir()] == ["msglint.yaml"]


def test_hook_install_is_atomic_and_executable(tmp_path, cli):
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    assert cli("hook", "install", "git-sendemail", "--repo", str(repo)).exit_code == 0
    hook = repo / ".git" / "hooks" / "sendemail-validate"
    assert os.access(hook, os.X_OK)
    content = hook.read_bytes()
    again = cli("hook", "install", "git-sendemail", "--repo", str(repo), "--fail-on", "warning")
    assert again.exit_code == 2
    assert hook.read_bytes() == content
    assert cli("hook", "install", "git-sendemail", "--repo", str(repo), "--force",
               "--fail-on", "warning").exit_code == 0  # fmt: skip
    assert b"--fail-on warning" in hook.read_bytes() and os.access(hook, os.X_OK)
    assert not [p for p in hook.parent.iterdir() if p.name.endswith(".tmp")]
