"""Precision, recall and F1 of the English `ask` feature against the email-intent sentences
(../shared/corpora/email-intent-train): a sentence counts as an ask when msglint's analysis of
it holds an `ask` span, and the gold label is its "intent" ("Yes" = asks the reader for
something or calls for action).

The corpus is split deterministically by a hash of the sentence: the `dev` part is the one to
tune the ask lexicon on, the `test` part is only measured (--part test). The corpus is read
from ../shared, never copied into the repository.

    python bench/ask_detection.py [CORPUS.jsonl] [--part dev|test|all] [--show-misses N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from linter.api import Linter
from linter.config import Config

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "corpora" / "email-intent-train" / "email_intent_train.jsonl"


def part_of(sentence: str) -> str:
    """'dev' for about half the sentences, 'test' for the rest, stable across runs."""
    digest = hashlib.sha1(sentence.encode("utf-8")).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--part", choices=("dev", "test", "all"), default="test")
    ap.add_argument("--feature", default="ask")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N")
    args = ap.parse_args()
    if not args.corpus.is_file():
        raise SystemExit(f"ask_detection: corpus not found: {args.corpus}")

    linter = Linter(Config(lang="en"))
    tp = fp = fn = tn = 0
    misses: list[tuple[str, str]] = []
    with args.corpus.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            sentence = rec["sentence"].strip()
            if not sentence or (args.part != "all" and part_of(sentence) != args.part):
                continue
            gold = rec["intent"] == "Yes"
            analysis = linter.analyze(sentence, "en")
            pred = bool(analysis.spans(args.feature))
            if pred and gold:
                tp += 1
            elif pred:
                fp += 1
                misses.append(("FP", sentence))
            elif gold:
                fn += 1
                misses.append(("FN", sentence))
            else:
                tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    n = tp + fp + fn + tn
    print(f"part {args.part}: {n} sentences, feature '{args.feature}'")
    print(f"TP {tp}  FP {fp}  FN {fn}  TN {tn}")
    print(f"precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
    for kind, sentence in misses[: args.show_misses]:
        print(f"{kind}: {sentence[:160]}")


if __name__ == "__main__":
    main()
