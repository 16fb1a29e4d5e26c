"""Run the Chinese rules over real text and count findings per 100 messages per rule.

Usage (from the repository root):

    python bench/realtext_zh.py [CORPUS.jsonl] [--field reply] [--sample 30 --seed 7]

The default corpus is ../shared/corpora/zh-gov-replies (official department replies to citizen
messages: the closest real Chinese workplace correspondence we have). Nothing from the corpus is
written anywhere; `--sample` prints random findings with a short excerpt for a manual precision
review (docs/accuracy.md records the verdicts).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from linter.api import Linter
from linter.config import Config

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = (
    ROOT.parent
    / "shared"
    / "corpora"
    / "zh-gov-replies"
    / "citizen_messages_with_official_replies.jsonl"
)
CLAUSE_END = "。！？；\n"


def excerpt(text: str, start: int, end: int, limit: int = 80) -> str:
    """The clause around a finding; when that is long, a window of the finding plus a little
    context on each side, so a review quotes a short excerpt, never the message."""
    left = max((text.rfind(c, 0, start) for c in CLAUSE_END), default=-1) + 1
    rights = [i for c in CLAUSE_END if (i := text.find(c, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    if right - left <= limit:
        return " ".join(text[left:right].split())
    if end - start > limit - 20:
        return " ".join(text[start : start + limit - 20].split()) + "…"
    pad = (limit - (end - start)) // 2
    lo, hi = max(left, start - pad), min(right, end + pad)
    return ("…" if lo > left else "") + " ".join(text[lo:hi].split()) + ("…" if hi < right else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--field", default="reply", help="JSON field holding the message text")
    parser.add_argument("--limit", type=int, default=0, help="only the first N records")
    parser.add_argument("--sample", type=int, default=0, help="print N random findings")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rule", action="append", default=[], help="sample only these rules")
    parser.add_argument(
        "--full", action="store_true", help="with --sample, also print each finding's whole span"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"realtext_zh: error: corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    linter = Linter(Config(select=("zh",)))
    per_rule: Counter[str] = Counter()
    messages_per_rule: Counter[str] = Counter()
    found: list[tuple[str, str, str, str, str]] = []
    messages = flagged = 0
    with args.corpus.open(encoding="utf-8") as handle:
        for line in handle:
            if args.limit and messages >= args.limit:
                break
            record = json.loads(line)
            text = record.get(args.field) or ""
            if not text.strip():
                continue
            messages += 1
            result = linter.lint_text(text, "zh")
            flagged += bool(result.findings)
            for rule in {f.rule for f in result.findings}:
                messages_per_rule[rule] += 1
            for f in result.findings:
                per_rule[f.rule] += 1
                key = str(record.get("msg_id", messages))
                span = " ".join(text[f.start : f.end].split())
                found.append((f.rule, key, f.severity, excerpt(text, f.start, f.end), span))

    print(
        f"{messages} messages, {flagged} with a finding ({100 * flagged / max(messages, 1):.1f}%)"
    )
    print(f"{'rule':<40}{'findings/100':>13}{'msgs/100':>10}")
    for rule in sorted(per_rule, key=lambda r: -per_rule[r]):
        print(
            f"{rule:<40}{100 * per_rule[rule] / messages:>13.1f}"
            f"{100 * messages_per_rule[rule] / messages:>10.1f}"
        )
    if args.sample:
        pool = [f for f in found if not args.rule or f[0] in args.rule]
        rng = random.Random(args.seed)
        print(f"\n{min(args.sample, len(pool))} random findings (seed {args.seed}):")
        for i, (rule, key, severity, clause, span) in enumerate(
            rng.sample(pool, min(args.sample, len(pool))), 1
        ):
            print(f"{i:>2}. [{key}] {severity} {rule}: {clause}")
            if args.full:
                print(f"    ({len(span)} chars) {span[:700]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
