"""Findings per 100 messages per rule on real English email (the Enron AESLC bodies), and a
fixed-seed sample of findings to review by hand for docs/accuracy.md.

Real mail is where a rule's precision shows: the labelled corpus was written by the same people
as the rules. The corpus is read from ../shared (never copied into the repository).

    python bench/realtext.py [CORPUS.jsonl] [--limit N] [--sample 30] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from linter.api import Linter
from linter.config import Config

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "corpora" / "enron-aeslc" / "aeslc_emails.jsonl"


def read_bodies(path: Path, limit: int | None) -> list[tuple[str, str]]:
    """(id, body) of each record, in file order, up to `limit`."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("body", "").strip():
                out.append((rec["id"], rec["body"]))
            if limit and len(out) >= limit:
                break
    return out


def excerpt(text: str, start: int, end: int, pad: int = 60) -> str:
    """The finding with a clause of context either side, on one line."""
    s, e = max(0, start - pad), min(len(text), end + pad)
    return " ".join(text[s:e].split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=None, help="lint only the first N messages")
    ap.add_argument("--sample", type=int, default=30, help="findings to print for review")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-rule", type=int, default=0, help="also print N random findings per rule")
    ap.add_argument("--select", default="en", help="rule ids, prefixes or pitfalls (default: en)")
    ap.add_argument(
        "--ignore",
        default="template-defect",
        help="rules to skip (default: template-defect, whose dates need the mail's own year)",
    )
    args = ap.parse_args()
    if not args.corpus.is_file():
        raise SystemExit(f"realtext: corpus not found: {args.corpus}")

    config = Config(
        lang="en",
        select=tuple(args.select.split(",")),
        ignore=tuple(i for i in args.ignore.split(",") if i),
    )
    linter = Linter(config)
    bodies = read_bodies(args.corpus, args.limit)
    per_rule: Counter[str] = Counter()
    found = []
    for mid, body in bodies:
        for f in linter.lint_text(body, "en").findings:
            per_rule[f.rule] += 1
            found.append((mid, f.rule, f.severity, excerpt(body, f.start, f.end)))

    n = len(bodies)
    print(f"{n} messages, {len(found)} findings ({100 * len(found) / n:.1f} per 100 messages)")
    print(f"{'rule':40} {'findings':>8} {'per 100':>8}")
    for rule, count in per_rule.most_common():
        print(f"{rule:40} {count:8d} {100 * count / n:8.2f}")
    if args.sample:
        print(f"\nrandom sample of {args.sample} findings (seed {args.seed}):")
        rng = random.Random(args.seed)
        for i, (mid, rule, sev, text) in enumerate(
            rng.sample(found, min(args.sample, len(found))), 1
        ):
            print(f"{i:2d}. [{mid}] {rule} ({sev}): {text}")
    if args.per_rule:
        rng = random.Random(args.seed)
        for rule in sorted(per_rule):
            mine = [f for f in found if f[1] == rule]
            print(f"\n{rule}: {min(args.per_rule, len(mine))} of {len(mine)} findings")
            for i, (mid, _, sev, text) in enumerate(
                rng.sample(mine, min(args.per_rule, len(mine))), 1
            ):
                print(f"{i:2d}. [{mid}] ({sev}): {text}")


if __name__ == "__main__":
    main()
