"""The compiled bundled rule pack, pickled in the user's cache directory and keyed by a hash of
the rule files and of msglint's own code, so a hook's cold start skips YAML parsing, schema
validation and most compiling. Any problem with the cache (unwritable, corrupt, someone else's
file) falls back to loading the YAML; a team's own rules (`--rules`) are always read afresh."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from linter.checks.loader import RuleSet, load_ruleset, rule_files
from linter.resources import rules_dir

_PACKAGE = Path(__file__).resolve().parents[1]


def cache_dir() -> Path:
    explicit = os.environ.get("MSGLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "msglint"


def cache_key(bundled_rules: bool) -> str:
    digest = hashlib.sha256(f"{sys.version_info[:2]}|{bundled_rules}".encode())
    for root, files in (
        (rules_dir(), rule_files(rules_dir())),
        (_PACKAGE, sorted(_PACKAGE.rglob("*.py"))),
    ):
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def load_ruleset_cached(extra: list[Path] | tuple = (), bundled_rules: bool = True) -> RuleSet:
    if extra or os.environ.get("MSGLINT_NO_CACHE"):
        return load_ruleset(extra, bundled_rules)
    try:
        path = cache_dir() / f"rules-{cache_key(bundled_rules)}.pickle"
    except OSError:
        return load_ruleset(extra, bundled_rules)
    cached = _read(path)
    if cached is not None:
        return cached
    ruleset = load_ruleset(extra, bundled_rules)
    _write(path, ruleset)
    return ruleset


def _read(path: Path) -> RuleSet | None:
    try:
        with path.open("rb") as stream:
            if hasattr(os, "getuid") and os.fstat(stream.fileno()).st_uid != os.getuid():
                return None  # only ever unpickle a file this user wrote
            ruleset = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # corrupt or from other code: load the YAML instead
        return None
    return ruleset if isinstance(ruleset, RuleSet) else None


def _write(path: Path, ruleset: RuleSet) -> None:
    """Atomically (a concurrent run reads either nothing or a whole file); silently not at all
    where the cache cannot be written."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rules-", suffix=".tmp")
        with os.fdopen(fd, "wb") as stream:
            pickle.dump(ruleset, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
