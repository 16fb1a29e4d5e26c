"""`msglint eval`: message-level scores computed from a small corpus with known answers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from linter.api import Linter
from linter.cli import main
from linter.config import Config
from linter.errors import InputError
from linter.evaluate import evaluate, read_corpus

RECORDS = [
    # need-without-value: flagged and labelled (TP)
    {"id": "a", "lang": "zh", "text": "请尽快审批这笔报销。", "pitfalls": ["need-without-value"]},
    # clean and not flagged
    {"id": "b", "lang": "zh", "text": "请尽快审批这笔报销，用于下周的客户调研。", "pitfalls": []},
    # clean but flagged (FP for flattery, counts toward clean_flagged)
    {"id": "c", "lang": "zh", "text": "久仰大名，附件是周报。", "pitfalls": []},
    # labelled flattery, not flagged (FN)
    {"id": "d", "lang": "zh", "text": "您今天的衬衫真好看。", "pitfalls": ["flattery"]},
    # labelled flattery and flagged (TP)
    {"id": "e", "lang": "zh", "text": "王总高瞻远瞩，方案附后。", "pitfalls": ["flattery"]},
]


@pytest.fixture(scope="module")
def linter():
    return Linter(Config(select=("zh.flattery", "zh.value")))


def write(tmp_path, records):
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    return path


def test_scores_per_pitfall_and_clean_share(tmp_path, linter):
    result = evaluate(linter, read_corpus(write(tmp_path, RECORDS)))
    flattery, value = result.scores["flattery"], result.scores["need-without-value"]
    assert (flattery.tp, flattery.fp, flattery.fn) == (1, 1, 1)
    assert flattery.precision == pytest.approx(0.5)
    assert flattery.recall == pytest.approx(0.5)
    assert (value.tp, value.fp, value.fn) == (1, 0, 0)
    assert result.macro_f1 == pytest.approx((0.5 + 1.0) / 2)
    assert (result.clean, result.clean_flagged, result.messages) == (2, 1, 5)
    assert {(m.id, m.kind) for m in result.misses} == {
        ("c", "false positive"),
        ("d", "false negative"),
    }


def test_cli_table_json_and_misses(tmp_path):
    path = write(tmp_path, RECORDS)
    runner = CliRunner()
    args = ["eval", str(path), "--select", "zh.flattery,zh.value"]
    text = runner.invoke(main, [*args, "--show-misses"])
    assert text.exit_code == 0, text.output
    assert "macro F1: 0.75 over 2 pitfalls" in text.output
    assert "clean messages flagged: 1/2 (50.0%) of 5 messages" in text.output
    assert "false negative: flattery [d]" in text.output
    data = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    assert data["pitfalls"]["flattery"]["f1"] == 0.5
    assert "misses" not in data


def test_bad_corpus_line_is_an_input_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "x", "pitfalls": ["flatery"]}\n', "utf-8")
    with pytest.raises(InputError, match="taxonomy ids"):
        list(read_corpus(path))
    result = CliRunner().invoke(main, ["eval", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"msglint: error: {path}:1:")
