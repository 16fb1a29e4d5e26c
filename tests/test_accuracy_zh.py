"""Regression floors for the Chinese rule pack on the labelled corpus in tests/corpus.

The floors sit below what `msglint eval` measured (see README "Accuracy (zh)"), so they catch a
rule change that loses accuracy without pinning today's exact figures. The held-out half was
never tuned on; the dev half was.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from linter.api import Linter
from linter.config import Config
from linter.engine import PITFALLS
from linter.evaluate import evaluate, read_corpus

CORPUS = Path(__file__).resolve().parent / "corpus"
HELDOUT = CORPUS / "zh-heldout.jsonl"
DEV = CORPUS / "zh-dev.jsonl"


@pytest.fixture(scope="module")
def linter() -> Linter:
    # The corpus labels the issue-3 pitfalls only; template-defect rules (announcement checks:
    # no contact, relative deadline) are measured on the template corpora instead, so they are
    # left out here. With them the held-out half measured macro F1 0.76 over 12 pitfalls and
    # 7/54 clean messages flagged (the extra one an announcement with no contact, info); after
    # the issue #3 tuning 0.79 and 5/54.
    return Linter(Config(select=("zh",), ignore=("template-defect",)))


def test_heldout_macro_f1_and_clean_share_stay_above_the_floor(linter):
    result = evaluate(linter, read_corpus(HELDOUT))
    # Measured on the held-out half (issue #3 tuning, branch zh-accuracy): macro F1 0.86 over 11
    # pitfalls, 4/54 clean messages flagged (7.4%); before it 0.83 and 6/54. Floors: 0.83 and 10%
    # (the ceiling), raised from 0.78 and 15%.
    assert result.macro_f1 >= 0.83, result.as_dict()["pitfalls"]
    assert result.clean_flagged_share <= 0.10
    assert len(result.evaluated) == 11


def test_dev_macro_f1_stays_above_the_floor(linter):
    result = evaluate(linter, read_corpus(DEV))
    # Measured on the dev half (tuned on, 285 messages): macro F1 0.98, 0/134 clean messages
    # flagged. Floor raised from 0.90.
    assert result.macro_f1 >= 0.95, result.as_dict()["pitfalls"]
    assert result.clean_flagged_share <= 0.05


@pytest.mark.parametrize("path", [DEV, HELDOUT], ids=["dev", "heldout"])
def test_corpus_is_large_balanced_and_covers_every_zh_pitfall(path):
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    assert all(r["lang"] == "zh" and set(r) == {"id", "lang", "text", "pitfalls"} for r in records)
    clean = sum(1 for r in records if not r["pitfalls"])
    assert 0.4 <= clean / len(records) <= 0.6
    counts = Counter(p for r in records for p in r["pitfalls"])
    for pitfall in PITFALLS:
        if pitfall != "template-defect":
            assert counts[pitfall] >= 5, pitfall


def test_corpus_halves_are_disjoint_and_large_enough():
    texts = {
        name: [json.loads(line)["text"] for line in p.read_text("utf-8").splitlines() if line]
        for name, p in (("dev", DEV), ("heldout", HELDOUT))
    }
    assert len(texts["dev"]) + len(texts["heldout"]) >= 200
    assert not set(texts["dev"]) & set(texts["heldout"])
    ids = [
        json.loads(line)["id"]
        for p in (DEV, HELDOUT)
        for line in p.read_text("utf-8").splitlines()
        if line
    ]
    assert len(ids) == len(set(ids))
