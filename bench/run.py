"""One command for every speed figure of msglint: writes bench/RESULTS.md (generated; never edit
it by hand). The machine is shared and noisy, so every figure is set against a peer or a floor
measured in the same run, and the targets are judged on those ratios.

    python bench/run.py                      # default corpora at ../shared/corpora
    python bench/run.py --enron PATH --zh PATH --limit 200 --out /tmp/RESULTS.md

Peers (proselint from PyPI, zhlint from npm) and pyinstrument are installed into bench/.deps and
bench/.node (git-ignored) on first use; --no-install skips that and reports them as missing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEPS = BENCH / ".deps"
NODE_DIR = BENCH / ".node"
CORPORA = REPO.parent / "shared" / "corpora"
ENRON = CORPORA / "enron-aeslc" / "aeslc_emails.jsonl"
ZH = CORPORA / "zh-gov-replies" / "citizen_messages_with_official_replies.jsonl"

ZH_SHORT = "王经理您好：下周三的发布需要贵组协助做一轮回归测试，用于确认支付改版不影响老用户。请问周二下班前能否给个答复？\n"
EN_SHORT = "Hi Dana, could your team review the pricing page copy by Thursday? It lets us ship the launch email on Monday as planned.\n"
SIZES = (200, 1000, 5000)


@dataclass
class Figure:
    """One line of the summary: a measured value, its target, and whether it is met."""

    name: str
    value: str
    target: str
    met: bool | None  # None: could not be measured here
    section: str


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)

    def add(self, section: str, *lines: str) -> None:
        self.sections.setdefault(section, []).extend(lines)


# --- helpers ----------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def read_records(path: Path, field_name: str, limit: int | None):
    """Streams (id, text) from a corpus; records with no text are skipped."""
    with path.open(encoding="utf-8") as stream:
        count = 0
        for line in stream:
            if limit is not None and count >= limit:
                return
            record = json.loads(line)
            text = record.get(field_name) or ""
            if text.strip():
                count += 1
                yield str(record.get("id") or record.get("msg_id") or count), text


def write_batch(records, path: Path) -> tuple[int, int]:
    messages = chars = 0
    with path.open("w", encoding="utf-8") as out:
        for rid, text in records:
            out.write(json.dumps({"id": rid, "text": text}, ensure_ascii=False) + "\n")
            messages += 1
            chars += len(text)
    return messages, chars


@dataclass
class Measured:
    wall: float
    cpu: float
    rss_mb: float
    code: int
    stdout: str = ""


def run_rusage(cmd: list[str], env: dict | None = None, stdout_path: Path | None = None):
    """Like run_measured, with CPU and peak RSS from wait4 (Linux and macOS)."""
    sink = stdout_path.open("w") if stdout_path else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    finally:
        if stdout_path:
            sink.close()
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Measured(wall, usage.ru_utime + usage.ru_stime, rss, proc.returncode, err)


def msglint_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "linter", *args]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def fmt_rate(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def peer_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(DEPS), env.get("PYTHONPATH")) if p)
    return env


# --- installing the peers ---------------------------------------------------------------------


def install_peers(results: Results) -> None:
    log("installing peers (bench/requirements.txt into bench/.deps, zhlint into bench/.node)")
    pip = [sys.executable, "-m", "pip", "install", "-q", "--target", str(DEPS), "--upgrade"]
    if not (DEPS / "proselint").exists() or not (DEPS / "pyinstrument").exists():
        done = subprocess.run([*pip, "-r", str(BENCH / "requirements.txt")], capture_output=True)
        if done.returncode:
            results.add("Setup", f"- pip install failed: {done.stderr.decode()[-300:]}")
    if shutil.which("npm") and not (NODE_DIR / "node_modules" / "zhlint").exists():
        done = subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(NODE_DIR), "zhlint"],
            capture_output=True,
        )
        if done.returncode:
            results.add("Setup", f"- npm install zhlint failed: {done.stderr.decode()[-300:]}")


def peer_json(cmd: list[str], env: dict) -> dict | str:
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode:
        return (done.stderr.strip().splitlines() or ["failed"])[-1]
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the measurements -------------------------------------------------------------------------


def english(results: Results, enron_batch: Path, counts: tuple[int, int], work: Path) -> None:
    """The whole Enron batch through `msglint check` (one process), peak RSS, then --jobs 2."""
    messages, chars = counts
    section = "English throughput (Enron)"
    log(f"msglint --jobs 1 over {messages} Enron emails")
    check = ["check", "--no-config", "--exit-zero", "--input-format", "jsonl", "--format", "jsonl"]
    one = run_rusage(msglint_cmd(*check, "--jobs", "1", str(enron_batch)), stdout_path=work / "j1")
    if one.code != 0:
        results.add(section, f"- msglint failed (exit {one.code}): {one.stdout[-300:]}")
        return
    ceiling = parallel_ceiling()
    log(f"msglint --jobs 2 over {messages} Enron emails")
    two = run_rusage(msglint_cmd(*check, "--jobs", "2", str(enron_batch)), stdout_path=work / "j2")
    identical = (work / "j1").read_bytes() == (work / "j2").read_bytes()
    log("proselint over the same emails")
    prose = (
        peer_json([sys.executable, str(BENCH / "drivers" / "py_peer.py"), "proselint", str(enron_batch)], peer_env())
        if _importable("proselint")
        else "proselint not installed (run without --no-install)"
    )  # fmt: skip
    log("msglint's token and sentence floor over the same emails")
    floor_env = peer_env()
    floor_env["PYTHONPATH"] = os.pathsep.join((str(REPO), floor_env["PYTHONPATH"]))
    floor = peer_json(
        [sys.executable, str(BENCH / "drivers" / "py_peer.py"), "msglint-tokens", str(enron_batch)],
        floor_env,
    )
    ours = messages / one.cpu
    results.add(
        section,
        f"{messages:,} emails, {chars:,} characters (the body of each record). msglint is the "
        "real command (`msglint check --input-format jsonl --format jsonl --jobs 1`), start-up "
        "and output included; proselint is its library call per email (`LintFile(...).lint()` "
        "after registering its checks, as its command does), start-up excluded. Rates are per "
        "CPU second of the process (wall time on a shared machine mostly measures the "
        "neighbours); wall figures beside them.",
        "",
        "| tool | messages/s (CPU) | characters/s (CPU) | CPU s | wall s |",
        "|---|---|---|---|---|",
        f"| msglint | {fmt_rate(ours)} | {fmt_rate(chars / one.cpu)} | {one.cpu:.1f} | {one.wall:.1f} |",
    )
    if isinstance(prose, dict):
        theirs = prose["messages"] / prose["cpu"]
        results.add(
            section,
            f"| proselint {_version('proselint')} | {fmt_rate(theirs)} | {fmt_rate(prose['chars'] / prose['cpu'])} | {prose['cpu']:.1f} | {prose['wall']:.1f} |",
        )
        ratio = ours / theirs
        results.figures.append(
            Figure("English msg/s vs proselint (1 process)", f"{ratio:.2f}x", ">= 5x", ratio >= 5, section)
        )  # fmt: skip
        if isinstance(floor, dict):
            floor_ms = 1000 * floor["cpu"] / floor["messages"]
            budget_ms = 1000 * prose["cpu"] / prose["messages"] / 5
            results.en_floor = (floor_ms, budget_ms, 1000 * one.cpu / messages)  # type: ignore[attr-defined]
            results.add(
                section,
                "",
                f"The 5x target leaves msglint {budget_ms:.2f} ms of CPU per email (a fifth of "
                f"proselint's {5 * budget_ms:.2f} ms); it spends {1000 * one.cpu / messages:.2f} ms. "
                "Its token and sentence boundaries alone (spaCy's tokenizer once per distinct "
                "word, then sentence starts: the input every rule reads, with no rule run), "
                f"timed in a process of their own over the same emails, take {floor_ms:.2f} ms "
                f"per email, {floor_ms / budget_ms:.0%} of that budget.",
            )
        else:
            results.add(section, "", f"Token and sentence floor: not measured: {floor}")
    else:
        results.add(section, "", f"proselint: not measured: {prose}")
        results.figures.append(Figure("English msg/s vs proselint", "n/a", ">= 5x", None, section))
    results.figures.append(
        Figure("English throughput, 1 process", f"{fmt_rate(ours)} msg/s, {fmt_rate(chars / one.cpu)} chars/s", "(for the record)", None, section)
    )  # fmt: skip

    section_rss = "Peak memory"
    results.add(
        section_rss,
        f"Peak RSS of `msglint check --jobs 1` over the whole batch ({messages:,} emails, read "
        f"and written one record at a time): **{one.rss_mb:.0f} MB**. With `--jobs 2` the "
        f"largest single process peaked at {two.rss_mb:.0f} MB (wait4 reports the largest "
        "process, not the sum).",
    )
    results.figures.append(
        Figure("Peak RSS, whole Enron batch", f"{one.rss_mb:.0f} MB", "<= 400 MB", one.rss_mb <= 400, section_rss)
    )  # fmt: skip

    section_jobs = "--jobs 1 vs --jobs 2"
    speedup = one.wall / two.wall
    results.add(
        section_jobs,
        f"The same {messages:,} emails, wall time: --jobs 1 {one.wall:.1f} s, --jobs 2 "
        f"{two.wall:.1f} s (CPU {one.cpu:.1f} s vs {two.cpu:.1f} s). Output identical: "
        f"{'yes' if identical else '**NO**'}. Cores available to this process: "
        f"{_cores()}; load average at that point: {_load()}.",
        "",
        f"The machine's ceiling, measured just before: pure-Python CPU work in two worker "
        f"processes ran {ceiling:.2f}x as fast as in one (2.00x on two idle cores). msglint's "
        f"--jobs 2 reached {speedup / ceiling:.0%} of that ceiling.",
    )
    results.ceiling = ceiling  # type: ignore[attr-defined]
    results.jobs_cpu = (one.cpu, two.cpu)  # type: ignore[attr-defined]
    results.figures.append(
        Figure("--jobs 2 vs --jobs 1 (wall)", f"{speedup:.2f}x", ">= 1.7x", speedup >= 1.7 and identical, section_jobs)
    )  # fmt: skip


def _burn(n: int) -> float:
    """Pure-Python CPU work: what two processes can gain on this machine right now."""
    start, total = time.perf_counter(), 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - start


def parallel_ceiling(rounds: int = 6, n: int = 4_000_000) -> float:
    """Wall time of `rounds` equal CPU-bound tasks in one process over the same in two worker
    processes, measured right before the --jobs runs: the speed-up the machine allows."""
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    for _ in range(rounds):
        _burn(n)
    one = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        pool.submit(_burn, 1).result()  # the workers are up before the clock starts
        start = time.perf_counter()
        list(pool.map(_burn, [n] * rounds))
        two = time.perf_counter() - start
    return one / two


def chinese(results: Results, zh_batch: Path, counts: tuple[int, int]) -> None:
    """msglint's library over the replies in this process, bare jieba.cut in a fresh one."""
    from linter.api import Linter

    messages, chars = counts
    section = "Chinese throughput (official replies)"
    log(f"msglint over {messages} Chinese replies")
    texts = [json.loads(line)["text"] for line in zh_batch.open(encoding="utf-8")]
    linter = Linter()
    # Load jieba and both pipelines first (some replies hold English paragraphs, and building
    # the English pipeline is start-up, not throughput; the jieba peer warms up on both too).
    linter.lint_text(ZH_SHORT)
    linter.lint_text(EN_SHORT)
    cpu, wall = time.process_time(), time.perf_counter()
    for text in texts:
        linter.lint_text(text)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    log("bare jieba.cut and zhlint over the same replies")
    floor = peer_json([sys.executable, str(BENCH / "drivers" / "py_peer.py"), "jieba", str(zh_batch)], peer_env())  # fmt: skip
    zhlint = _zhlint(zh_batch)
    results.add(
        section,
        f"{messages:,} replies, {chars:,} characters. msglint: `Linter().lint_text` per reply "
        "(language auto-detected) after a warm-up message in each language; jieba: `jieba.cut` over each reply "
        "in a fresh process after `jieba.initialize()`; zhlint: its `run()` per reply under "
        "node. Rates per CPU second. msglint's words are exactly `jieba.cut`'s (tested on every "
        "reply and question) but no longer come from calling it on each text: each distinct "
        "block jieba would segment on its own is cut once per process, by jieba's own route "
        "search with each word's log frequency computed once (linter/nlp/zhsegment.py), so "
        "segmentation in msglint costs less than this floor, which is jieba.cut's own time.",
        "",
        "| tool | messages/s (CPU) | characters/s (CPU) | CPU s | wall s |",
        "|---|---|---|---|---|",
        f"| msglint | {fmt_rate(messages / cpu)} | {fmt_rate(chars / cpu)} | {cpu:.1f} | {wall:.1f} |",
    )
    for name, data in (("bare jieba.cut (floor)", floor), ("zhlint " + _zhlint_version(), zhlint)):
        if isinstance(data, dict):
            results.add(
                section,
                f"| {name} | {fmt_rate(data['messages'] / data['cpu'])} | {fmt_rate(data['chars'] / data['cpu'])} | {data['cpu']:.1f} | {data['wall']:.1f} |",
            )
        else:
            results.add(section, f"| {name} | not measured: {data} | | | |")
    if isinstance(floor, dict):
        ratio = (messages / cpu) / (floor["messages"] / floor["cpu"])
        results.figures.append(
            Figure("Chinese msg/s vs bare jieba.cut (1 process)", f"{ratio:.2f}x", ">= 0.6x", ratio >= 0.6, section)
        )  # fmt: skip
    if isinstance(zhlint, dict):
        ratio = (messages / cpu) / (zhlint["messages"] / zhlint["cpu"])
        results.figures.append(
            Figure("Chinese msg/s vs zhlint", f"{ratio:.2f}x", "(for the record)", None, section)
        )


def _zhlint(batch: Path) -> dict | str:
    node = shutil.which("node")
    if node is None:
        return "node is not installed"
    if not (NODE_DIR / "node_modules" / "zhlint").exists():
        return "zhlint not installed (run without --no-install)"
    env = dict(os.environ, NODE_PATH=str(NODE_DIR / "node_modules"))
    return peer_json([node, str(BENCH / "drivers" / "zhlint_run.js"), str(batch)], env)


def _zhlint_version() -> str:
    try:
        package = NODE_DIR / "node_modules" / "zhlint" / "package.json"
        return json.loads(package.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return ""


def cold_start(results: Results, work: Path, repeats: int) -> None:
    section = "Cold start"
    zh_file, en_file = work / "short-zh.txt", work / "short-en.txt"
    zh_file.write_text(ZH_SHORT, encoding="utf-8")
    en_file.write_text(EN_SHORT, encoding="utf-8")
    floor_code = (
        "import logging, spacy, jieba; jieba.setLogLevel(logging.WARNING); jieba.initialize()"
    )
    commands = {
        "floor: import spaCy, initialise jieba": [sys.executable, "-c", floor_code],
        "msglint check short-zh.txt": msglint_cmd("check", "--no-config", str(zh_file)),
        "msglint check short-en.txt": msglint_cmd("check", "--no-config", str(en_file)),
    }
    log(f"cold start, {repeats} interleaved runs of each")
    times: dict[str, list[Measured]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, cmd in commands.items():
            times[name].append(run_rusage(cmd))
    medians = {
        name: (statistics.median(m.wall for m in runs), statistics.median(m.cpu for m in runs))
        for name, runs in times.items()
    }
    jieba_loaded = _imports_after_check(en_file, "jieba")
    spacy_loaded = _imports_after_check(zh_file, "spacy")
    floor_wall, floor_cpu = medians["floor: import spaCy, initialise jieba"]
    results.add(
        section,
        f"Median of {repeats} runs each, interleaved, as a fresh process (`python -m linter`, "
        "exit status ignored). The floor is a process that only imports spaCy and initialises "
        "jieba (from its dictionary cache, as every run after the first does).",
        "",
        "| process | wall s (median) | CPU s (median) | CPU above the floor |",
        "|---|---|---|---|",
    )
    for name, (wall, cpu) in medians.items():
        results.add(section, f"| {name} | {wall:.2f} | {cpu:.2f} | {cpu - floor_cpu:+.2f} |")
    results.add(
        section,
        "",
        f"English-only input imports jieba: {'**yes**' if jieba_loaded else 'no'}; Chinese "
        f"input imports spaCy: {'yes' if spacy_loaded else 'no'} (a subprocess checking "
        "sys.modules after `msglint check` on each file).",
    )
    for lang in ("zh", "en"):
        wall, cpu = medians[f"msglint check short-{lang}.txt"]
        over = cpu - floor_cpu
        met = over <= 0.25 and (lang == "zh" or not jieba_loaded)
        results.figures.append(
            Figure(f"Cold start {lang} above the floor (CPU)", f"{over:+.2f} s (wall {wall - floor_wall:+.2f} s)", "<= +0.25 s" + (", no jieba" if lang == "en" else ""), met, section)
        )  # fmt: skip


def _imports_after_check(path: Path, module: str) -> bool:
    """Whether `msglint check PATH` in a fresh process imported `module`."""
    probe = (
        "import sys\nfrom linter.cli import main\n"
        f"try:\n    main(['check', '--no-config', {str(path)!r}])\nexcept SystemExit:\n    pass\n"
        f"print({module!r} in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1:] == ["True"]


def _windows(texts: list[str], size: int, count: int) -> list[str]:
    """`count` messages of exactly `size` characters, cut from consecutive corpus texts."""
    joined, out, pos = "\n\n".join(texts), [], 0
    while len(out) < count and joined:
        if pos + size > len(joined):
            pos = 0
            joined = joined + "\n\n" + joined  # a small corpus: wrap around
        out.append(joined[pos : pos + size])
        pos += size
    return out


def latency(results: Results, en_texts: list[str], zh_texts: list[str], samples: int) -> None:
    from linter.api import Linter
    from linter.nlp.zhsegment import forget_texts

    section = "Warm latency"
    log("warm latency through the library API")
    linter = Linter()
    linter.lint_text(ZH_SHORT)
    linter.lint_text(EN_SHORT)
    inputs = {
        (lang, size): _windows(texts, size, samples if size < 5000 else max(5, samples // 3))
        for lang, texts in (("en", en_texts), ("zh", zh_texts))
        for size in SIZES
    }
    api: dict[tuple[str, int], list[float]] = {}
    api_cpu: dict[tuple[str, int], list[float]] = {}
    for key, texts in inputs.items():
        api[key], api_cpu[key] = [], []
        for text in texts:
            if key[0] == "zh":  # no block cached from the throughput run or an earlier window
                forget_texts()
            start, cpu = time.perf_counter(), time.process_time()
            linter.lint_text(text)
            api[key].append((time.perf_counter() - start) * 1000)
            api_cpu[key].append((time.process_time() - cpu) * 1000)
    log("warm latency through the language server")
    try:
        lsp = asyncio.run(_lsp_latency(inputs))
        lsp_error = None
    except Exception as exc:  # reported, not fatal: the other figures still stand
        lsp, lsp_error = {}, f"{type(exc).__name__}: {exc}"
    results.add(
        section,
        f"Per message, after warm-up, in milliseconds (wall). Messages of exactly 200, 1,000 and "
        f"5,000 characters cut from the corpora ({samples} per size, a third of that for 5,000). "
        "API: `Linter.lint_text`. Language server: `msglint lsp` over stdio driven by pygls's "
        "client, from `didOpen` to its `publishDiagnostics` (JSON-RPC and the event loop "
        "included). API CPU p95: the same calls in CPU time of this process. Chinese through "
        "the API: msglint's cache of segmented blocks is emptied before each message, so each "
        "is segmented afresh; the language server keeps its cache across the windows, as it "
        "would across a user's drafts.",
        "",
        "| lang | chars | API p50 | API p95 | API CPU p95 | LSP p50 | LSP p95 |",
        "|---|---|---|---|---|---|---|",
    )
    for key, values in api.items():
        served = lsp.get(key)
        lsp_cells = f"{pct(served, 0.5):.1f} | {pct(served, 0.95):.1f}" if served else "n/a | n/a"
        results.add(
            section,
            f"| {key[0]} | {key[1]:,} | {pct(values, 0.5):.1f} | {pct(values, 0.95):.1f} | {pct(api_cpu[key], 0.95):.1f} | {lsp_cells} |",
        )
    if lsp_error:
        results.add(section, "", f"Language server not measured: {lsp_error}")
    for lang in ("en", "zh"):
        p95 = pct(api[(lang, 1000)], 0.95)
        results.figures.append(
            Figure(f"Warm p95, 1,000 chars, {lang} (API)", f"{p95:.1f} ms", "<= 15 ms", p95 <= 15, section)
        )  # fmt: skip
        if lsp.get((lang, 1000)):
            p95 = pct(lsp[(lang, 1000)], 0.95)
            results.figures.append(
                Figure(f"Warm p95, 1,000 chars, {lang} (language server)", f"{p95:.1f} ms", "<= 15 ms", p95 <= 15, section)
            )  # fmt: skip


async def _lsp_latency(inputs: dict) -> dict[tuple[str, int], list[float]]:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("msglint-bench", "1")
    waiting: dict[str, asyncio.Future] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        future = waiting.pop(params.uri, None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def configuration(params: types.ConfigurationParams):
        return [None for _ in params.items]

    await client.start_io(sys.executable, "-m", "linter", "lsp")
    try:
        await client.initialize_async(
            types.InitializeParams(process_id=os.getpid(), root_uri=None, capabilities=types.ClientCapabilities())
        )  # fmt: skip
        client.initialized(types.InitializedParams())
        counter = 0

        async def open_and_wait(text: str) -> float:
            nonlocal counter
            counter += 1
            uri = f"untitled:bench-{counter}.txt"
            future = asyncio.get_running_loop().create_future()
            waiting[uri] = future
            start = time.perf_counter()
            client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)
                )
            )  # fmt: skip
            done = await asyncio.wait_for(future, 60)
            client.text_document_did_close(
                types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
            )  # fmt: skip
            return (done - start) * 1000

        await open_and_wait(ZH_SHORT)  # warm-up: the server builds its linter on first use
        await open_and_wait(EN_SHORT)
        out: dict[tuple[str, int], list[float]] = {}
        for key, texts in inputs.items():
            out[key] = [await open_and_wait(text) for text in texts]
        await client.shutdown_async(None)
        client.exit(None)
        return out
    finally:
        server = getattr(client, "_server", None)
        if server is not None and server.returncode is None:
            server.kill()  # an unfinished run must not wait for the server to exit on its own
        await client.stop()


def profile(results: Results, en_texts: list[str], zh_texts: list[str]) -> None:
    """pyinstrument over the library on a slice of each corpus; self time grouped by stage."""
    section = "Where the time goes (profile)"
    if not _importable("pyinstrument"):
        results.add(section, "pyinstrument not installed (run without --no-install): no profile.")
        return
    from pyinstrument import Profiler

    from linter.api import Linter

    linter = Linter()
    linter.lint_text(ZH_SHORT)
    linter.lint_text(EN_SHORT)
    results.add(
        section,
        "pyinstrument (statistical, 1 ms interval) over `Linter.lint_text`, warm (Chinese: "
        "with the cache of segmented blocks emptied first). Self time grouped by where the "
        "code lives; then the heaviest call paths.",
    )
    for lang, texts in (("en", en_texts), ("zh", zh_texts)):
        log(f"profiling {len(texts)} {lang} messages")
        if lang == "zh":  # the throughput run cached these replies' blocks: start empty again
            from linter.nlp.zhsegment import forget_texts

            forget_texts()
        profiler = Profiler(interval=0.001)
        profiler.start()
        for text in texts:
            linter.lint_text(text)
        profiler.stop()
        session = profiler.last_session
        groups: dict[str, float] = {}
        _group_self_time(session.root_frame(), groups)
        total = sum(groups.values()) or 1.0
        results.add(
            section,
            "",
            f"**{lang}**, {len(texts)} messages, {session.duration:.1f} s:",
            "",
            "| stage | share of time |",
            "|---|---|",
        )
        for name, seconds in sorted(groups.items(), key=lambda kv: -kv[1])[:12]:
            results.add(section, f"| {name} | {100 * seconds / total:.0f}% |")
        results.profile_shares = getattr(results, "profile_shares", {})  # type: ignore[attr-defined]
        results.profile_shares[lang] = {k: v / total for k, v in groups.items()}  # type: ignore[attr-defined]
        text = profiler.output_text(unicode=False, color=False, show_all=False, short_mode=False)
        lines = [line for line in text.splitlines() if line.strip()][:45]
        results.add(section, "", "```", *lines, "```")


ZH_SEGMENTATION = "Chinese segmentation (msglint: jieba's route search and HMM, block cache)"
STAGES = (
    ("jieba", "jieba segmentation"),
    ("spacy/tokenizer", "spaCy tokenizer"),
    ("spacy", "spaCy (Doc, Matcher, rest)"),
    ("linter/nlp/phrases", "msglint phrase search"),
    ("linter/nlp/features", "msglint feature spans"),
    ("linter/nlp/sentences", "msglint sentence boundaries"),
    ("linter/nlp/langdetect", "msglint language detection"),
    ("linter/nlp/tokenarrays", "msglint tokens"),
    ("linter/nlp/zhsegment", ZH_SEGMENTATION),
    ("linter/nlp/zhhmm", ZH_SEGMENTATION),
    ("linter/regexliterals", "msglint literal test"),
    ("linter/userregex", "msglint rule patterns (regex)"),
    ("linter/nlp", "msglint analysis (other)"),
    ("linter/checks", "msglint checks"),
    ("linter/sources", "msglint reading, placeholders"),
    ("linter/", "msglint other"),
    ("/re/", "regular expressions"),
)


def _group_self_time(frame, groups: dict[str, float], inherited: str = "") -> None:
    """pyinstrument keeps a frame's own time in synthetic "[self]" children with no file, and
    built-ins (`Pattern.search`) have none either: both count for the code that called them."""
    own_path = frame.file_path if frame.file_path and not frame.file_path.startswith("<") else None
    path = (own_path or inherited or "").replace("\\", "/")  # a built-in counts for its caller
    name = "native code outside any Python frame" if not path else "other (stdlib, click, ...)"
    for needle, label in STAGES:
        if needle in path:
            name = label
            break
    own = frame.time - sum(child.time for child in frame.children)
    groups[name] = groups.get(name, 0.0) + max(0.0, own)
    for child in frame.children:
        _group_self_time(child, groups, path)


# --- the report -------------------------------------------------------------------------------


def _importable(name: str) -> bool:
    import importlib.util

    if str(DEPS) not in sys.path and DEPS.exists():
        sys.path.append(str(DEPS))
    return importlib.util.find_spec(name) is not None


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, distributions

    try:
        for dist in distributions(path=[str(DEPS), *sys.path]):
            if dist.metadata["Name"].lower() == name:
                return dist.version
    except PackageNotFoundError:
        pass
    return ""


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total = next(
            line
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{int(total.split()[1]) / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration):
        pass
    import spacy

    from linter.version import __version__

    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()  # fmt: skip
    return [
        f"- date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- machine: {platform.system()} {platform.release()}, {cpu}, {_cores()} cores available, {memory} RAM",
        f"- load average at start: {_load()} (the machine is shared: compare ratios, not absolutes)",
        f"- Python {platform.python_version()}, spaCy {spacy.__version__}, msglint {__version__} ({commit or 'no git'})",
    ]


def render(results: Results, header: list[str], command: str, elapsed: float) -> str:
    mark = {True: "met", False: "**not met**", None: "-"}
    out = [
        "# msglint speed: results",
        "",
        f"Generated by `{command}`; do not edit by hand (run it again).",
        "",
        *header,
        f"- load average at the end: {_load()}; the whole run took {elapsed / 60:.1f} min",
        "",
        "## Targets",
        "",
        "| figure | measured | target | |",
        "|---|---|---|---|",
    ]
    for f in results.figures:
        out.append(f"| {f.name} | {f.value} | {f.target} | {mark[f.met]} |")
    for title, lines in results.sections.items():
        out += ["", f"## {title}", "", *lines]
    return "\n".join(out) + "\n"


def _floor_sentence(results: Results) -> str:
    """The English budget arithmetic measured in this run, when it was."""
    found = getattr(results, "en_floor", None)
    if found is None:
        return "5x would mean about a fifth of proselint's time per email for everything. "
    floor_ms, budget_ms, ours_ms = found
    text = (
        f"5x leaves {budget_ms:.2f} ms of CPU per email for everything (msglint takes "
        f"{ours_ms:.2f} ms). Token and sentence boundaries alone take {floor_ms:.2f} ms, "
        f"{floor_ms / budget_ms:.0%} of that budget"
    )
    if floor_ms >= budget_ms:
        return text + ", before any rule runs: 5x needs a faster tokeniser first. "
    rest_now, rest_allowed = ours_ms - floor_ms, budget_ms - floor_ms
    return text + (
        f", so everything after them (language detection, placeholders, the 21 rules and the "
        f"features they read, reading and writing JSON) would have to fit in "
        f"{rest_allowed:.2f} ms against {rest_now:.2f} ms now, {rest_now / rest_allowed:.1f}x "
        "less. "
    )


def _jobs_overhead(results: Results) -> str:
    cpu = getattr(results, "jobs_cpu", None)
    if cpu is None:
        return ""
    one, two = cpu
    return f"CPU {two:.1f} s with --jobs 2 against {one:.1f} s with --jobs 1, for "


def explain(results: Results) -> None:
    """One paragraph per target not met, with the profile's numbers in it."""
    shares = getattr(results, "profile_shares", {})

    def share(lang: str, *labels: str) -> str:
        data = shares.get(lang)
        if not data:
            return "?"
        return f"{100 * sum(data.get(label, 0.0) for label in labels):.0f}%"

    section = "Targets not met: why"
    missed = [f for f in results.figures if f.met is False]
    if not missed:
        results.add(section, "Every target with a measurement is met.")
        return
    nlp = ("spaCy tokenizer", "spaCy (Doc, Matcher, rest)")
    ours = (
        "msglint tokens",
        "msglint literal test",
        "msglint rule patterns (regex)",
        "msglint phrase search",
        "msglint feature spans",
        "msglint sentence boundaries",
        "msglint language detection",
        "msglint analysis (other)",
        "msglint checks",
        "regular expressions",
    )
    for f in missed:
        if f.name.startswith("English msg/s"):
            text = (
                f"English against proselint ({f.value}): proselint runs its list of regular "
                "expressions over the raw string. msglint detects the language per paragraph, "
                "finds token and sentence boundaries (spaCy's tokenizer, once per distinct "
                "word), masks placeholders, then runs the 21 English rules and the features "
                "they read. Patterns whose literals a message lacks are skipped (one "
                "Aho-Corasick pass, tested for a whole list of patterns at once), features are "
                "computed only when a rule's trigger asks, the other language's rules never "
                "start, no spaCy Doc is built per message and a word seen for the first time "
                "skips spaCy when spaCy's own affix searches find nothing in it, which took this "
                "figure from 0.6x to where it is (those changes left the findings on all 18,302 "
                "emails byte-identical). "
                "What is left is "
                "spread thin: in the profile, spaCy takes "
                f"{share('en', *nlp)} of the time, the rule and feature patterns that do run "
                f"(regex module, with its timeout) {share('en', 'msglint rule patterns (regex)')}, "
                f"and msglint's own analysis and checks {share('en', *ours)} in all. "
                f"{_floor_sentence(results)}The next steps would be a cheaper literal test "
                f"(the Aho-Corasick pass yields every occurrence of short literals such as "
                f"'a', 'in' or 'the': {share('en', 'msglint literal test')} of the time), "
                "cheaper forms of the heaviest bundled patterns, and the per-message Python "
                "loops left (token assembly, the analysis) in compiled code."
            )
        elif f.name.startswith("Chinese msg/s vs bare"):
            text = (
                f"Chinese against the bare jieba.cut floor ({f.value}): msglint has exactly "
                "jieba.cut's words, cut by jieba's own algorithm once per distinct block "
                "(cheaper than the floor), then does the work jieba does not: sentence "
                "boundaries, language detection, placeholders, the features rules ask for and "
                "the 30 Chinese rules. In the profile segmentation (msglint's route search and "
                "HMM, and what is left of jieba) takes "
                f"{share('zh', 'jieba segmentation', ZH_SEGMENTATION)} "
                f"of the Chinese time and msglint's own analysis and checks {share('zh', *ours)}; "
                "the largest single rule cost is the `ask` feature zh.buried.late-ask reads on "
                "every message. rjieba (jieba-rs) is not used: ten times as fast, but where two "
                "routes tie exactly (咚咚咚 as 咚咚 + 咚 or 咚 + 咚咚) its rounding picks the other "
                "one, which changed a block of the corpus once msglint's words were added."
            )
        elif f.name.startswith("--jobs"):
            text = (
                f"--jobs 2 against --jobs 1 ({f.value}): two worker processes can only approach "
                "2x when two cores are free; on this shared machine the load average (in the "
                "header) shows other work competing for the same two cores. The same run "
                "measured the ceiling: pure CPU work in two processes went "
                f"{getattr(results, 'ceiling', float('nan')):.2f}x as fast as in one. Under that, "
                "the work --jobs adds costs CPU on the same two cores: "
                f"{_jobs_overhead(results)}shipping each message to a worker and its result "
                "back, and the reading, JSON output and ordering in the main process (forked "
                "workers inherit the main process's warm linter, so they load nothing again)."
            )
        elif f.name.startswith("Cold start"):
            text = (
                f"{f.name} ({f.value}): with the compiled rule pack read from its cache "
                "(no YAML parsing or schema validation; its regular expressions are compiled "
                "on first use, not when the pack loads; PyYAML is not imported then) and the "
                "readers and reporters imported only for their file types, a run still imports "
                "click and msglint's own modules, builds "
                "the blank spaCy pipeline, the literal scanner, and for Chinese registers every "
                "lexicon phrase with jieba (`jieba.add_word`); on a shared machine the median "
                "of five runs also moves by a tenth of a second between runs."
            )
        elif f.name.startswith("Warm p95"):
            text = (
                f"{f.name} ({f.value}): latency is wall time, so it includes waiting for a "
                "core on this shared machine (see the load average and the CPU p95 beside it "
                "in the latency table); per message the cost is the analysis (tokenisation, "
                "sentences, features) plus every rule, split in the profile above."
            )
        elif f.name.startswith("Peak RSS"):
            text = f"{f.name} ({f.value}): see the profile and the memory section."
        else:
            text = f"{f.name} ({f.value})."
        results.add(section, text, "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enron", type=Path, default=ENRON, help="enron-aeslc JSONL (field body)")
    parser.add_argument("--zh", type=Path, default=ZH, help="zh-gov-replies JSONL (field reply)")
    parser.add_argument("--limit", type=int, default=None, help="at most N records per corpus")
    parser.add_argument("--repeats", type=int, default=5, help="cold-start runs per process")
    parser.add_argument("--samples", type=int, default=60, help="latency messages per size")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--no-install", action="store_true", help="do not install the peers")
    args = parser.parse_args(argv)
    for path in (args.enron, args.zh):
        if not path.is_file():
            print(f"bench: error: {path}: no such corpus file", file=sys.stderr)
            return 2
    started = time.perf_counter()
    sys.path.insert(0, str(REPO))
    results = Results()
    if not args.no_install:
        install_peers(results)
    header = machine()
    with tempfile.TemporaryDirectory(prefix="msglint-bench-") as tmp:
        work = Path(tmp)
        enron_batch, zh_batch = work / "enron.jsonl", work / "zh.jsonl"
        en_counts = write_batch(read_records(args.enron, "body", args.limit), enron_batch)
        zh_counts = write_batch(read_records(args.zh, "reply", args.limit), zh_batch)
        en_texts = [t for _, t in read_records(args.enron, "body", 400)]
        zh_texts = [t for _, t in read_records(args.zh, "reply", 200)]
        english(results, enron_batch, en_counts, work)
        chinese(results, zh_batch, zh_counts)
        cold_start(results, work, args.repeats)
        latency(results, en_texts, zh_texts, args.samples)
        profile(results, en_texts[: min(len(en_texts), 300)], zh_texts[:150])
    explain(results)
    command = (
        "python bench/run.py"
        + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    )
    args.out.write_text(
        render(results, header, command, time.perf_counter() - started), encoding="utf-8"
    )
    log(f"wrote {args.out} in {(time.perf_counter() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
