"""The language server under abuse, driven over real stdio with hand-framed JSON-RPC (a library
client would refuse to send the broken frames): malformed JSON, JSON that is not JSON-RPC,
unknown methods, a 5 MB document and 1,000 rapid edits. The server must answer what it can,
stay up, and its last diagnostics must match the last text."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from reliability import record

from linter.api import Linter
from linter.config import Config
from linter.integrations.lsp import TOO_LARGE
from linter.report.base import LineIndex


class RawClient:
    """Writes frames byte for byte and reads every frame the server sends on a thread."""

    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "linter", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
        )
        self.inbox: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        # Drained as an editor does: a full stderr pipe would block the server's logging.
        self.log: list[bytes] = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        for line in self.proc.stderr:
            self.log.append(line)

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                key, _, value = line.decode("ascii").partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body))

    def frame(self, body: bytes) -> None:
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, **message) -> None:
        self.frame(json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8"))

    def wait_for(self, predicate, timeout: float = 180.0):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no such message from the server in time")
            try:
                message = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            assert message is not None, "the server exited: " + self.stderr_tail()
            method = message.get("method")
            if (
                method in ("client/registerCapability", "workspace/configuration")
                and "id" in message
            ):
                self.send(id=message["id"], result=[None] if "configuration" in method else None)
                continue
            if predicate(message):
                return message

    def stderr_tail(self) -> str:
        self.proc.kill()
        return b"".join(self.log).decode("utf-8", "replace")[-2000:]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)


def diagnostics_for(message, uri: str, version: int) -> bool:
    return (
        message.get("method") == "textDocument/publishDiagnostics"
        and message["params"]["uri"] == uri
        and message["params"].get("version") == version
    )


@pytest.fixture
def server(tmp_path):
    client = RawClient(tmp_path)
    client.send(
        id=1,
        method="initialize",
        params={"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}},
    )
    client.wait_for(lambda m: m.get("id") == 1)
    client.send(method="initialized", params={})
    yield client
    client.close()


def expected(linter: Linter, text: str) -> list[tuple]:
    """What the last diagnostics must be: the library's findings on the same text, as LSP
    ranges (the texts here are in the BMP, so UTF-16 units are code points)."""
    index = LineIndex(text)
    out = []
    for f in linter.lint_text(text).findings:
        (sl, sc), (el, ec) = index.position(f.start), index.position(f.end)
        out.append((f.rule, sl - 1, sc - 1, el - 1, ec - 1))
    return sorted(out)


def published(message) -> list[tuple]:
    return sorted(
        (
            d["code"],
            d["range"]["start"]["line"],
            d["range"]["start"]["character"],
            d["range"]["end"]["line"],
            d["range"]["end"]["character"],
        )
        for d in message["params"]["diagnostics"]
    )


BAD_FRAMES = [
    b"{not json",
    b'{"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": ',
    b"[]",
    b'"just a string"',
    b'{"jsonrpc": "2.0"}',
    b'{"jsonrpc": "1.0", "id": 8, "method": "workspace/symbol", "params": {}}',
    b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 5}}',
    b'{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": null}',
    "\u4f60\u597d".encode("gb18030"),
    b"\xff\xfe\x00\x00",
]


def test_malformed_json_rpc_and_unknown_methods_leave_the_server_answering(server, tmp_path):
    for body in BAD_FRAMES:
        server.frame(body)
    server.send(id=20, method="msglint/noSuchMethod", params={})
    server.send(method="$/noSuchNotification", params={})
    server.send(id=21, method="textDocument/hover", params={"textDocument": {"uri": 3}})
    answer = server.wait_for(lambda m: m.get("id") == 20)
    assert answer["error"]["code"] == -32601  # method not found
    invalid = server.wait_for(lambda m: m.get("id") == 21)
    assert invalid["error"]["code"] == -32602  # invalid params: answered, not dropped
    uri = (tmp_path / "draft.txt").as_uri()
    text = "请尽快审批这笔报销。\n"
    server.send(
        method="textDocument/didOpen",
        params={
            "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}
        },
    )
    last = server.wait_for(lambda m: diagnostics_for(m, uri, 1))
    assert published(last) == expected(Linter(Config()), text)
    assert last["params"]["diagnostics"]
    assert server.proc.poll() is None
    record(
        "6. language server: malformed JSON-RPC and unknown methods",
        "tests/test_lsp_robustness.py",
        bad_frames=len(BAD_FRAMES) + 3,
        server_exits=0,
        answered_after="method not found, then diagnostics",
    )


def test_a_5_mb_document_and_1000_rapid_edits(server, tmp_path):
    linter = Linter(Config())
    uri = (tmp_path / "big.md").as_uri()
    big = ("请尽快审批这笔报销。Please approve this ASAP.\n" * 120_000)[: 5 * 1024 * 1024]
    server.send(
        method="textDocument/didOpen",
        params={"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": big}},
    )
    too_large = server.wait_for(lambda m: diagnostics_for(m, uri, 1))
    (only,) = too_large["params"]["diagnostics"]
    assert only["code"] == TOO_LARGE and "above the size limit of 1 MB" in only["message"]

    # Down to a short draft, then 1,000 edits as fast as the pipe takes them: typing at the
    # start, with the draft rewritten every 100th (whole-text changes: the server asks for
    # full sync, as it declares in its capabilities).
    text = "谢谢。\n"
    words = ["请", "尽快", "审批", "。", "You're a genius! ", "\n", "Please approve ASAP. ", "好"]
    version = 1
    for i in range(1000):
        version += 1
        rewrite = i % 100 == 99
        text = f"第{i}版：请尽快审批这笔报销。\n" if rewrite else words[i % len(words)] + text
        server.send(
            method="textDocument/didChange",
            params={
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            },
        )
    last = server.wait_for(lambda m: diagnostics_for(m, uri, version))
    assert published(last) == expected(linter, text)
    assert last["params"]["diagnostics"]
    server.send(id=99, method="shutdown")
    server.wait_for(lambda m: m.get("id") == 99)
    server.send(method="exit")
    assert server.proc.wait(timeout=30) == 0
    record(
        "6. language server: a 5 MB document and 1,000 rapid edits",
        "tests/test_lsp_robustness.py",
        document_bytes=len(big.encode("utf-8")),
        edits=1000,
        last_version=version,
        last_diagnostics=len(last["params"]["diagnostics"]),
        matches_library="yes",
        server_exits=0,
    )
