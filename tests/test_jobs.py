"""`--jobs N`: worker processes give exactly the results of one process, in input order; and the
fast start a hook needs: English-only input never imports jieba."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import SELECT, msglint

from linter import parallel
from linter.api import Linter
from linter.config import Config

ZH_FLAG = "领导英明，这件事全靠您了。"
EN_CLEAN = "Thanks for the report; the numbers match ours."


def _records(n: int) -> list[dict]:
    """A mixed batch whose findings differ from record to record, so a reordering shows."""
    texts = [ZH_FLAG, EN_CLEAN, "请审批。", "领导英明。" * 3, "Could you approve this today?"]
    return [{"id": i, "text": texts[i % len(texts)] + f" {i}"} for i in range(n)]


@pytest.fixture
def batch(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in _records(60)]
    lines.insert(17, "{not json")  # an invalid line is reported in place; the rest continues
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _check(pack, *args):
    return msglint("check", "--rules", pack, "--select", SELECT, "--no-config", *args)


def test_jobs_2_batch_is_identical_to_jobs_1(pack, batch):
    one = _check(pack, "--jobs", "1", "--input-format", "jsonl", "--format", "jsonl", batch)
    two = _check(pack, "--jobs", "2", "--input-format", "jsonl", "--format", "jsonl", batch)
    assert one.exit_code == two.exit_code == 2  # the invalid line
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    ids = [json.loads(line)["id"] for line in two.stdout.splitlines()]
    assert ids == list(range(60))
    assert any(json.loads(line)["findings"] for line in two.stdout.splitlines())


def test_jobs_2_directory_is_identical_to_jobs_1(pack, tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    for i, record in enumerate(_records(25)):
        (folder / f"m{i:02d}.txt").write_text(record["text"], encoding="utf-8")
    (folder / "m07.txt").write_bytes(b"\x00\x01\x02binary")  # an input error, in its place
    one = _check(pack, "--jobs", "1", "--format", "json", folder)
    two = _check(pack, "--jobs", "2", "--format", "json", folder)
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert json.loads(two.stdout)["summary"]["findings"] > 0


def test_jobs_must_be_positive(pack, batch):
    run = _check(pack, "--jobs", "0", batch)
    assert run.exit_code == 2
    assert "--jobs" in run.stderr and "Traceback" not in run.stderr


def _tasks(linter: Linter, n: int):
    from linter.api import message_from_text

    for record in _records(n):
        yield record["id"], linter.config, message_from_text(record["text"])


def test_auto_uses_this_process_below_the_threshold(lib):
    calls = []

    def here(config, message):
        calls.append(message)
        return lib.lint_message(message)

    results = list(parallel.lint_ordered(_tasks(lib, 12), None, lib.config, here))
    assert len(calls) == 12
    assert [item for item, _ in results] == list(range(12))


def test_workers_match_this_process(lib, monkeypatch):
    """The worker path with a small chunk and window, so several chunks are in flight."""
    monkeypatch.setattr(parallel, "CHUNK", 3)
    monkeypatch.setattr(parallel, "IN_FLIGHT_PER_WORKER", 2)
    got = list(parallel.lint_ordered(_tasks(lib, 40), 2, lib.config, None))
    want = [(i, lib.lint_message(m)) for i, _, m in _tasks(lib, 40)]
    assert [i for i, _ in got] == [i for i, _ in want]
    assert [(r.findings, r.score) for _, r in got] == [(r.findings, r.score) for _, r in want]
    assert any(r.findings for _, r in got)


@pytest.mark.skipif(
    __import__("multiprocessing").get_start_method() != "fork", reason="workers are not forked"
)
def test_forked_workers_reuse_the_linters_built_here(lib, monkeypatch):
    """Loading spaCy and the rules again in every worker cost a second of CPU each: a forked
    worker must lint with the linter it inherited, never build one."""
    import os

    import linter.api

    parent = os.getpid()

    class BuiltInWorker(Linter):
        def __init__(self, *args, **kwargs):
            if os.getpid() != parent:
                raise RuntimeError("a worker built its own linter")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(linter.api, "Linter", BuiltInWorker)
    here = []
    stream = parallel.lint_ordered(
        _tasks(lib, 20), 2, lib.config, lambda c, m: here.append(m) or lib.lint_message(m),
        {lib.config: lib},
    )  # fmt: skip
    got = list(stream)
    assert len(here) == 1  # the first message, which warms the pipeline the workers inherit
    want = [lib.lint_message(m) for _, _, m in _tasks(lib, 20)]
    assert [(r.findings, r.score) for _, r in got] == [(r.findings, r.score) for r in want]


def test_auto_lints_the_first_messages_here_and_the_rest_in_workers(lib, monkeypatch):
    monkeypatch.setattr(parallel, "AUTO_THRESHOLD", 5)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    calls = []

    def here(config, message):
        calls.append(message)
        return lib.lint_message(message)

    results = list(parallel.lint_ordered(_tasks(lib, 12), None, lib.config, here))
    assert [item for item, _ in results] == list(range(12))
    assert len(calls) == 5  # the rest went to the workers
    want = [lib.lint_message(m) for _, _, m in _tasks(lib, 12)]
    assert [(r.findings, r.score) for _, r in results] == [(r.findings, r.score) for r in want]


def test_auto_yields_each_result_before_reading_the_next_input(lib):
    """stdin read as it arrives: the first result must not wait for a batch to fill."""
    consumed = []

    def tasks():
        for item, config, message in _tasks(lib, 3):
            consumed.append(item)
            yield item, config, message

    stream = parallel.lint_ordered(tasks(), None, lib.config, lambda c, m: lib.lint_message(m))
    first, _ = next(stream)
    assert first == 0 and consumed == [0]


def _modules_after_check(tmp_path, text: str, package: str = "jieba") -> set[str]:
    """The modules of `package` a fresh `msglint check` of `text` imported (after one run that
    fills the compiled-rule cache, as every run after a pack's first does)."""
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    code = (
        "import sys\n"
        "from linter.cli import main\n"
        f"try:\n    main(['check', '--no-config', {str(path)!r}])\nexcept SystemExit:\n    pass\n"
        f"print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == {package!r})))\n"
    )
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
    return set(proc.stdout.splitlines()[-1].split())


def test_english_input_never_imports_jieba(tmp_path):
    assert _modules_after_check(tmp_path, "Please approve the budget by Friday.\n") == set()


def test_chinese_input_does_import_jieba(tmp_path):
    """The other side of the test above, so that one can fail."""
    assert "jieba" in _modules_after_check(tmp_path, "请尽快审批这笔报销。\n")


def test_chinese_input_never_imports_spacy(tmp_path):
    """On the blank pipelines Chinese is segmented by jieba alone: a pre-send hook or a
    pre-commit run on a Chinese draft does not pay for importing spaCy (about half a second)."""
    assert _modules_after_check(tmp_path, "请尽快审批这笔报销。\n", "spacy") == set()


def test_english_input_does_import_spacy(tmp_path):
    """The other side: English tokens come from spaCy's tokenizer."""
    assert "spacy" in _modules_after_check(tmp_path, "Please approve the budget.\n", "spacy")


def test_config_pickles_for_the_workers(lib):
    import pickle

    assert pickle.loads(pickle.dumps(lib.config)) == lib.config
    assert hash(Config()) == hash(pickle.loads(pickle.dumps(Config())))
