"""msglint: a rule-based linter for cross-department workplace messages in Chinese and English."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from linter.version import __version__

if TYPE_CHECKING:
    from linter.api import Linter, lint_text
    from linter.config import Config
    from linter.model import Finding, LintResult

__all__ = ["Config", "Finding", "LintResult", "Linter", "__version__", "lint_text"]

_LAZY = {
    "Linter": "linter.api",
    "lint_text": "linter.api",
    "Config": "linter.config",
    "Finding": "linter.model",
    "LintResult": "linter.model",
}


def __getattr__(name: str) -> Any:
    """Imports spaCy only when the library is used, so `msglint --version` starts instantly."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'linter' has no attribute {name!r}")
