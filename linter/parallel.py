"""`--jobs N`: lint a stream of messages in worker processes and yield the results in input order.

Each worker builds a Linter once per distinct Config (the run's main one at start-up) and keeps
it, so the pipelines and compiled rules load once per worker, not once per message; a forked
worker inherits the ones this process built (warm from its first message) and builds none.
Messages are sent in small chunks with a bounded number in flight, so a batch of any size is
streamed: neither the inputs nor the results are ever all held at once.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from linter.config import Config
from linter.model import LintResult
from linter.sources.inputs import Message

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")
# A task is (anything the caller wants back, the config to lint with, the message) or, for an
# item that is not linted (an input error), (item, None, None).
Task = tuple[T, Config | None, Message | None]

AUTO_THRESHOLD = 200  # the automatic choice uses every core from this many messages on
CHUNK = 8  # messages per round trip to a worker
IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker before the reader waits

_worker_linters: dict[Config, Any] = {}


def default_jobs() -> int:
    """The cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _worker_linter(config: Config):
    linter = _worker_linters.get(config)
    if linter is None:
        from linter.api import Linter

        linter = _worker_linters[config] = Linter(config)
    return linter


def _init_worker(config: Config) -> None:
    """A forked worker finds the parent's linters already built (and their pipelines warm, by
    the first message linted there), so it skips loading spaCy and the rules again; any other
    start method builds them here."""
    _worker_linter(config)


def _lint_chunk(jobs: list[tuple[Config, Message] | None]) -> list[LintResult | None]:
    return [None if job is None else _worker_linter(job[0]).lint_message(job[1]) for job in jobs]


def lint_ordered(
    tasks: Iterable[Task],
    jobs: int | None,
    first: Config,
    lint_here: Any,
    linters: dict[Config, Any] | None = None,
) -> Iterator[tuple[T, LintResult | None]]:
    """Yields (item, result) in the order of `tasks`. `jobs` None chooses: this process for the
    first AUTO_THRESHOLD messages, every core for the rest of a stream that long. Results of the
    first messages are yielded as they are linted, so a short or interactive stream (stdin read
    as it arrives) is never held back waiting for a batch to fill. `lint_here(config, message)`
    lints in this process (the CLI's own cached linters, given as `linters` so that forked
    workers inherit them instead of building their own; the first message is linted here before
    the workers start, so the pipeline it needed is inherited warm)."""
    stream = iter(tasks)
    if jobs is None:
        jobs = default_jobs()
        for count, (item, config, message) in enumerate(stream, start=1):
            yield item, None if message is None else lint_here(config, message)
            if count >= AUTO_THRESHOLD:
                break
        else:
            return
    elif jobs > 1 and lint_here is not None:
        for item, config, message in stream:  # up to the first message that is linted
            yield item, None if message is None else lint_here(config, message)
            if message is not None:
                break
    if jobs <= 1:
        for item, config, message in stream:
            yield item, None if message is None else lint_here(config, message)
        return
    _worker_linters.clear()
    _worker_linters.update(linters or {})
    try:
        yield from _in_workers(stream, jobs, first)
    finally:
        _worker_linters.clear()


def _in_workers(tasks: Iterator[Task], jobs: int, first: Config) -> Iterator[tuple[Any, Any]]:
    # Imported here: a hook linting one draft in this process never needs a process pool.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context()
    in_flight: deque[tuple[list[Any], Future]] = deque()
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_init_worker, initargs=(first,)
    ) as pool:
        while True:
            chunk = list(islice(tasks, CHUNK))
            if chunk:
                work = [None if m is None else (c, m) for _, c, m in chunk]
                in_flight.append(([item for item, _, _ in chunk], pool.submit(_lint_chunk, work)))
            while in_flight and (not chunk or len(in_flight) >= jobs * IN_FLIGHT_PER_WORKER):
                items, future = in_flight.popleft()
                yield from zip(items, future.result(), strict=True)
                if chunk:
                    break
            if not chunk and not in_flight:
                return
