"""YAML front matter (`---` ... `---` at the top of a Markdown file or template): never linted,
but its `date` tells the weekday rule which year a "12月9日(周五)" belongs to."""

from __future__ import annotations

import re
from typing import Any

_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)


def split(text: str) -> tuple[int, dict[str, Any]]:
    """(length of the front matter block, its data); (0, {}) when there is none. A block that
    is not a YAML mapping is still skipped, its data ignored."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return 0, {}
    import yaml  # only when a file has front matter

    try:
        data = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        data = None
    return match.end(), data if isinstance(data, dict) else {}
