"""Expands the command line's inputs into messages, in order, reporting bad ones as InputError
values instead of raising, so one bad file never hides the findings of the others."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from linter.errors import InputError
from linter.org import Envelope
from linter.sources.decode import decode, decode_mail
from linter.sources.offsets import OffsetMap
from linter.sources.readers import ALL_SUFFIXES, SUFFIXES, TEMPLATE_SUFFIXES, kind_of, read

TEXT_SUFFIXES = ALL_SUFFIXES
STDIN = "-"
# Linting takes about 8 s per MB of English prose on one core (linear in size), so a file
# above this is refused rather than silently stalling a hook or an editor; --max-size raises it.
DEFAULT_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Message:
    name: str  # the path, "<stdin>", or a batch record's id
    text: str  # the decoded file, as the user sees it: findings point into this
    lang: str | None = None
    encoding: str = "utf-8"
    record_id: object = None  # a batch record's own id, echoed back as given (string or number)
    kind: str = "text"  # text, markdown, html, email
    template: bool = False  # a template whose placeholders are meant to be there
    prose: str | None = None  # what is linted, when it differs from text
    offsets: OffsetMap | None = None  # prose offset -> text span; None: the same offsets
    envelope: Envelope | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    missing: tuple[tuple[str, int, int], ...] = ()  # --vars: undefined variables in the template

    @property
    def lint_text(self) -> str:
        return self.text if self.prose is None else self.prose


@dataclass(frozen=True)
class ReadOptions:
    """How files are read: --input-type, --vars, and the per-file type a config may set."""

    input_format: str = "text"
    input_type: str = "auto"
    variables: dict[str, Any] | None = None
    type_for: Any = None  # callable(path) -> input type or None (from config overrides)
    max_bytes: int | None = DEFAULT_MAX_BYTES  # per file, stdin or JSONL record; None: no limit


def too_large(size: int, limit: int | None) -> str | None:
    """The refusal for an input of `size` bytes, or None when it is within the limit."""
    if limit is None or size <= limit:
        return None
    return (
        f"{size:,} bytes is above the size limit of {format_size(limit)}; "
        "raise it with --max-size (0: no limit)"
    )


def format_size(size: int) -> str:
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


def parse_size(value: str) -> int | None:
    """'1MB', '512K', '2000000', '0' (no limit) -> bytes (None for no limit); ValueError if not."""
    text = value.strip().upper().removesuffix("B").removesuffix("I")
    factor = 1
    if text[-1:] in ("K", "M", "G"):
        factor = 1024 ** ("KMG".index(text[-1]) + 1)
        text = text[:-1]
    number = float(text)
    if number < 0 or number != number:
        raise ValueError(value)
    return int(number * factor) or None


def iter_messages(
    paths: Iterable[str], input_format: str = "text", options: ReadOptions | None = None
) -> Iterator[Message | InputError]:
    options = options or ReadOptions(input_format=input_format)
    input_format = input_format if input_format != "text" else options.input_format
    for raw in paths:
        if raw == STDIN:
            yield from _from_stream(sys.stdin.buffer, "<stdin>", input_format, options)
            continue
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            yield InputError(raw, "no such file or directory")
            continue
        except OSError as exc:  # e.g. a parent directory we may not enter
            yield InputError(raw, f"cannot access: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(mode):
            files, errors = _text_files(path)
            yield from errors
            if not files and not errors:
                yield InputError(
                    raw,
                    "directory holds no text files ("
                    + ", ".join(sorted(SUFFIXES))
                    + "; templates: "
                    + ", ".join(sorted(TEMPLATE_SUFFIXES))
                    + ")",
                )
            for file in files:
                yield from _from_file(file, input_format, options)
        else:
            yield from _from_file(path, input_format, options)


def _text_files(directory: Path) -> tuple[list[Path], list[InputError]]:
    """Text files under `directory` in path order, and an error for each folder we cannot read
    (os.walk, unlike Path.rglob, tells us instead of silently skipping it)."""
    found: list[Path] = []
    errors: list[InputError] = []

    def unreadable(exc: OSError) -> None:
        errors.append(
            InputError(str(exc.filename), f"cannot read directory: {exc.strerror or exc}")
        )

    for root, dirs, files in os.walk(directory, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, .venv and other hidden folders
        for file in files:
            path = Path(root, file)
            wanted = not file.startswith(".") and path.suffix.lower() in TEXT_SUFFIXES
            # _is_file is None when we cannot tell; _from_file then says why.
            if wanted and _is_file(path) is not False:
                found.append(path)
    return sorted(found), errors


def _is_file(path: Path) -> bool | None:
    try:
        return path.is_file()
    except OSError:
        return None


def _from_file(
    path: Path, input_format: str, options: ReadOptions
) -> Iterator[Message | InputError]:
    name = str(path)
    try:
        if not path.is_file():
            yield InputError(name, "not a regular file")
            return
        with path.open("rb") as stream:
            if input_format == "jsonl":
                yield from _records(stream, name, options.max_bytes)
                return
            refusal = too_large(os.fstat(stream.fileno()).st_size, options.max_bytes)
            if refusal:
                yield InputError(name, refusal)
                return
            data = _read_limited(stream, options.max_bytes)
            if data is None:  # grew while we read it
                yield InputError(name, too_large(options.max_bytes + 1, options.max_bytes) or "")
                return
    except OSError as exc:
        yield InputError(name, f"cannot read file: {exc.strerror or exc}")
        return
    yield from _text_message(data, name, options, path)


def _from_stream(
    stream: BinaryIO, name: str, input_format: str, options: ReadOptions
) -> Iterator[Message | InputError]:
    if input_format == "jsonl":
        yield from _records(stream, name, options.max_bytes)
        return
    data = _read_limited(stream, options.max_bytes)
    if data is None:
        yield InputError(
            name,
            f"more than {format_size(options.max_bytes or 0)}: above the size "
            "limit; raise it with --max-size (0: no limit)",
        )
        return
    yield from _text_message(data, name, options, None)


def _read_limited(stream: BinaryIO, limit: int | None) -> bytes | None:
    """At most `limit` bytes (None when there are more): a pipe's size is unknown up front."""
    if limit is None:
        return stream.read()
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


def _text_message(
    data: bytes, name: str, options: ReadOptions | None = None, path: Path | None = None
) -> Iterator[Message | InputError]:
    options = options or ReadOptions()
    if not data:
        yield InputError(name, "file is empty; nothing to lint")
        return
    try:
        text, encoding = decode(data, name)
    except InputError as exc:
        yield exc
        return
    if not text.strip():
        yield InputError(name, "file holds only whitespace; nothing to lint")
        return
    input_type = options.input_type
    if input_type == "auto" and options.type_for is not None and path is not None:
        input_type = options.type_for(path) or "auto"
    kind, template = kind_of(name if path is not None else "", input_type)
    template = template or options.variables is not None  # --vars: every input is a template
    try:
        yield message_from_text(text, name, kind, template, options.variables, encoding, path)
    except InputError as exc:
        yield exc


def message_from_text(
    text: str,
    name: str,
    kind: str = "text",
    template: bool = False,
    variables: dict[str, Any] | None = None,
    encoding: str = "utf-8",
    path: Path | None = None,
) -> Message:
    """A decoded document as a Message: its reader's extract and the map back to `text`. The
    CLI and the language server both come through here, so they read a document alike."""
    extract, template, missing = read(text, name, kind, template, variables)
    return Message(
        name,
        text,
        None,
        encoding,
        kind=kind,
        template=template,
        prose=None if extract.text == text and extract.offsets is None else extract.text,
        offsets=extract.offsets,
        envelope=getattr(extract, "envelope", None),
        front_matter=extract.front_matter,
        path=path,
        missing=tuple(missing),
    )


def message_from_mail(raw: bytes, name: str = "mail") -> Message:
    """An email as a mail client hands it to sendmail, read exactly as `msglint check` reads an
    .eml file (headers for the org-cc rules, the subject, the body without quotes). Raises
    InputError when the bytes are not text."""
    text, encoding = decode_mail(raw, name)
    return message_from_text(text, name, "email", encoding=encoding)


def _records(
    stream: BinaryIO, name: str, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> Iterator[Message | InputError]:
    """Streams `{"id", "text", "lang"?}` records one line at a time (never the whole batch);
    the size limit applies to each record, and a longer line is skipped without holding it."""
    lineno = 0
    while True:
        raw = stream.readline(max_bytes + 1) if max_bytes is not None else stream.readline()
        if not raw:
            return
        lineno += 1
        where = f"{name}:{lineno}"
        if max_bytes is not None and len(raw) > max_bytes and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line in chunks
                raw = stream.readline(1024 * 1024)
                size += len(raw)
            yield InputError(where, "record of " + (too_large(size, max_bytes) or ""))
            continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError:
            yield InputError(where, "record is not valid UTF-8")
            continue
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield InputError(where, 'record needs a "text" string')
            continue
        lang = record.get("lang")
        if lang not in (None, "auto", "zh", "en"):
            yield InputError(where, f"record has unknown lang {lang!r} (use zh, en or auto)")
            continue
        # The id is echoed back exactly as given (string or number); a record without one (or
        # with a null one) is named by where it was read.
        record_id = record.get("id")
        if record_id is None:
            record_id = where
        label = (
            record_id if isinstance(record_id, str) else json.dumps(record_id, ensure_ascii=False)
        )
        yield Message(label, record["text"], lang, record_id=record_id)
