"""`msglint hook install git-sendemail`: a sendemail-validate hook that lints every email
git send-email is about to send (subject and message, not the diff) and stops the send on
findings. An existing hook is never overwritten unless asked."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from linter.errors import UsageError

MARKER = "# Installed by `msglint hook install git-sendemail`"


def hook_path(repo: Path) -> Path:
    """Where git looks for the hook: honours core.hooksPath and linked worktrees."""
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--git-path", "hooks/sendemail-validate"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise UsageError(f"cannot run git: {exc.strerror or exc}") from exc
    if proc.returncode != 0:
        raise UsageError(f"{repo}: not a git repository")
    path = Path(proc.stdout.strip())
    return (path if path.is_absolute() else repo / path).resolve()


def script(options: Sequence[str]) -> str:
    """The hook runs this interpreter's msglint, so it works without msglint on PATH."""
    command = [sys.executable, "-m", "linter", "sendmail", "--check-only", *options]
    return (
        "#!/bin/sh\n"
        f"{MARKER}: lints the email in $1 and stops\n"
        "# git send-email when it has findings. Reinstall with --force to change the options.\n"
        f'exec {" ".join(shlex.quote(part) for part in command)} < "$1"\n'
    )


def install(repo: Path, options: Sequence[str], force: bool = False) -> Path:
    from linter.atomicwrite import write_new

    path = hook_path(repo)
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; use --force to replace it")
    try:
        write_new(path, script(options), force=force, mode=0o755)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
