"""Times a Python peer or floor over JSONL records {"text"} in a process of its own, so nothing
msglint loaded (jieba's added words, spaCy) changes what it does. Prints one JSON line.

usage: py_peer.py proselint|jieba|msglint-tokens RECORDS.jsonl
"""

from __future__ import annotations

import json
import sys
import time


def _texts(path: str) -> list[str]:
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line)["text"] for line in stream if line.strip()]


def _proselint():
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)  # what the proselint command does first
    return lambda i, text: LintFile(f"<{i}>", text).lint() if text else []


def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()

    def cut(_i, text):
        for _ in jieba.cut(text):
            pass

    return cut


def _msglint_tokens():
    """msglint's own floor for English: the token and sentence boundaries every rule reads
    (spaCy's tokenizer once per distinct word, then sentence starts), and nothing else."""
    import spacy

    from linter.nlp.sentences import first_tokens
    from linter.nlp.tokenarrays import english_token_arrays

    tokenizer = spacy.blank("en").tokenizer

    def analyse(_i, text):
        first_tokens(text, "en", english_token_arrays(text, tokenizer))

    return analyse


def main() -> None:
    which, path = sys.argv[1], sys.argv[2]
    run = {"proselint": _proselint, "jieba": _jieba, "msglint-tokens": _msglint_tokens}[which]()
    texts = _texts(path)
    run(-1, "Warm up the caches once. 热身一下。")
    cpu, wall = time.process_time(), time.perf_counter()
    for i, text in enumerate(texts):
        run(i, text)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    chars = sum(map(len, texts))
    print(json.dumps({"messages": len(texts), "chars": chars, "wall": wall, "cpu": cpu}))


if __name__ == "__main__":
    main()
