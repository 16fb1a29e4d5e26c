"""Where the bundled rules live: inside the installed package, or beside it in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def rules_dir() -> Path:
    """`linter/rules` in an installed wheel; the repository's top-level `rules/` otherwise."""
    for candidate in (_PACKAGE_DIR / "rules", _PACKAGE_DIR.parent / "rules"):
        if (candidate / "schema.json").is_file():
            return candidate
    raise FileNotFoundError("msglint's bundled rules are missing; reinstall msglint")
