"""Readers that turn files, directories, stdin and JSONL batches into messages to lint."""

from linter.sources.inputs import Message, iter_messages

__all__ = ["Message", "iter_messages"]
