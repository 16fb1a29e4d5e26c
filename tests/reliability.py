"""Figures the hardening tests report for docs/reliability.md, and the sizes they run at.

Each reliability test calls `record(...)` once it has passed its checks; when
MSGLINT_RELIABILITY_LOG names a file (scripts/reliability.py sets it) the figures are appended
there as JSON lines, otherwise nothing is written. `size(ci, full)` is the number of inputs a
long run uses: `full` with MSGLINT_FUZZ=full (the report script), else the bounded CI sample.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

LOG_ENV = "MSGLINT_RELIABILITY_LOG"
FULL = os.environ.get("MSGLINT_FUZZ") == "full"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
ENRON = SHARED / "corpora" / "enron-aeslc" / "aeslc_emails.jsonl"


def size(ci: int, full: int) -> int:
    return full if FULL else ci


def record(scenario: str, test: str, **figures: object) -> None:
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        line = {"scenario": scenario, "test": test, "figures": figures}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
