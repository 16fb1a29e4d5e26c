"""Writing the few files msglint creates (a starter config, a hook) so that a reader never sees
half a file and nothing the user already has is replaced unless they said --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from linter.errors import UsageError


def write_new(path: Path, text: str, force: bool = False, mode: int | None = None) -> None:
    """Writes `text` to a temporary file beside `path`, then renames it into place (atomic on
    POSIX and Windows). Without `force` an existing file is an error, and the check is made at
    the rename too (os.link refuses an existing name), so a file created meanwhile survives."""
    if path.exists() and not force:
        raise UsageError(f"{path} already exists (use --force to overwrite it)")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        if force:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)  # fails if the name was taken since the check above
            except FileExistsError:
                raise UsageError(f"{path} already exists (use --force to overwrite it)") from None
            except OSError:  # a file system without hard links: fall back to a checked rename
                if path.exists():
                    raise UsageError(
                        f"{path} already exists (use --force to overwrite it)"
                    ) from None
                os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
