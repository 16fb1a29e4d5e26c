"""`--format html` rendered in real headless Chromium: the highlighted spans are there with the
right text and colour, clicking one shows its message and suggestion, the bar chart counts each
pitfall, and the page loads nothing from outside and logs no console error."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from browser import Browser, find_chromium

from linter.report.html import COLOURS

# Chinese and an emoji before the findings; an English file; a clean file; and characters that
# must be escaped in HTML (a finding-free "<script>" line must stay text).
ZH = "😀王经理：\n您好😀！领导英明，\n不然我就去找你们领导。我们尽量吧。\n"
EN = 'Dear Ann, <script>alert("x")</script> & co.\nYou are a genius. I will talk to your boss.\n'
CLEAN = "周五前完成。\n"

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (.ci/run installs Debian's chromium)"
)


@pytest.fixture
def report(check, tmp_path):
    paths = []
    for name, text in (("zh.txt", ZH), ("en.txt", EN), ("clean.txt", CLEAN)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    run = check("--format", "html", *paths)
    assert run.exit_code == 1, run.stderr
    page = tmp_path / "report.html"
    page.write_text(run.stdout, encoding="utf-8")
    expected = json.loads(check("--format", "json", *paths).stdout)["files"]
    return page, run.stdout, expected


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (.ci/run installs Debian's chromium)")
    instance = Browser(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"))
    yield instance
    instance.close()


class _Assets(HTMLParser):
    """Every attribute that could load something from outside the page."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "poster", "data") and value:
                self.loads.append((tag, name, value))


def test_page_is_self_contained(report):
    _, html, _ = report
    parser = _Assets()
    parser.feed(html)
    assert parser.loads == []
    assert "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html  # the CSP forbids any load the markup might still make
    assert "<script>alert" not in html  # the message's markup is escaped


@needs_chromium
def test_harness_sees_console_errors_and_requests(browser, tmp_path):
    """Control: a page with an uncaught error, a console.error and an external image is caught."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><body><img src='http://127.0.0.1:9/x.png'>"
        "<script>console.error('boom'); undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    browser.open(page.as_uri())
    problems = browser.problems()
    assert any("boom" in p for p in problems), problems
    assert any("exception" in p for p in problems), problems
    assert "http://127.0.0.1:9/x.png" in browser.requests()


@needs_chromium
def test_report_renders_without_errors_or_requests(browser, report):
    page, _, _ = report
    browser.open(page.as_uri())
    assert browser.problems() == []
    assert [url for url in browser.requests() if url != page.as_uri()] == []
    assert browser.evaluate("document.title").startswith("msglint report")


MARKS_JS = """
Array.from(document.querySelectorAll('mark.finding')).map(m => ({
  text: m.textContent, ids: m.dataset.findings.split(' '), pitfall: m.dataset.pitfall,
  background: getComputedStyle(m).backgroundColor, title: m.title,
  visible: m.getBoundingClientRect().width > 0
}))
"""


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@needs_chromium
def test_highlighted_spans_match_the_findings(browser, report):
    page, _, expected = report
    browser.open(page.as_uri())
    marks = browser.evaluate(MARKS_JS)
    assert marks and all(m["visible"] for m in marks)
    for number, entry in enumerate(expected, 1):
        for i, finding in enumerate(entry["findings"], 1):
            fid = f"{number}-{i}"
            covering = [m for m in marks if fid in m["ids"]]
            assert "".join(m["text"] for m in covering) == finding["excerpt"], fid
            assert all(finding["message"] in m["title"] for m in covering)
            assert all(finding["suggestion"] in m["title"] for m in covering)
    for mark in marks:
        assert mark["background"] == _rgb(COLOURS[mark["pitfall"]])
    texts = browser.evaluate(
        "Array.from(document.querySelectorAll('pre.text')).map(p => p.textContent)"
    )
    assert texts == [ZH, EN, CLEAN]  # the message text itself, unchanged and unescaped
    scores = browser.evaluate(
        "Array.from(document.querySelectorAll('article.message')).map(a => "
        "[a.dataset.score, a.querySelector('.score').textContent])"
    )
    assert scores == [[str(e["score"]), f"score {e['score']}/100"] for e in expected]


@needs_chromium
def test_clicking_a_span_shows_its_message_and_suggestion(browser, report):
    page, _, expected = report
    browser.open(page.as_uri())
    assert browser.evaluate("document.getElementById('popup').hidden") is True
    threat = next(f for f in expected[0]["findings"] if f["rule"] == "zh.testpack.threat")
    number = expected[0]["findings"].index(threat) + 1
    rect = browser.evaluate(
        f"(() => {{ const r = document.querySelector('mark[data-findings~=\"1-{number}\"]')"
        ".getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()"
    )
    browser.click(*rect)
    popup = browser.evaluate(
        "(() => { const p = document.getElementById('popup'); "
        "return {hidden: p.hidden, text: p.textContent, "
        "visible: p.getBoundingClientRect().height > 0}; })()"
    )
    assert popup["hidden"] is False and popup["visible"] is True
    assert threat["message"] in popup["text"]
    assert threat["suggestion"] in popup["text"]
    assert browser.evaluate(f"document.getElementById('detail-1-{number}').className").endswith(
        "active"
    )
    browser.click(5, 5)  # outside: the popup closes
    assert browser.evaluate("document.getElementById('popup').hidden") is True
    assert browser.problems() == []


@needs_chromium
def test_bar_chart_counts_each_pitfall(browser, report):
    page, _, expected = report
    browser.open(page.as_uri())
    bars = browser.evaluate(
        "Array.from(document.querySelectorAll('.bar-row')).map(r => "
        "[r.dataset.pitfall, Number(r.dataset.count), r.querySelector('.bar').getBoundingClientRect().width])"
    )
    counts = Counter(f["pitfall"] for e in expected for f in e["findings"])
    assert {p: n for p, n, _ in bars} == dict(counts)
    widths = {p: w for p, _, w in bars}
    top = max(counts, key=counts.get)
    for pitfall, count in counts.items():
        assert widths[pitfall] == pytest.approx(widths[top] * count / counts[top], rel=0.05)


def test_overlapping_findings_split_into_marks():
    """Two findings over the same words: the overlap names both, each keeps its whole excerpt."""
    from linter.model import Finding, LintResult
    from linter.report.html import HtmlReporter

    text = "abcdefgh"
    findings = [
        Finding("r.one", "flattery", "warning", "m1", "s1", 1, 5),
        Finding("r.two", "bypass", "error", "m2", "s2", 3, 7),
    ]

    class Sink:
        def __init__(self):
            self.parts = []

        def write(self, s):
            self.parts.append(s)

    sink = Sink()
    reporter = HtmlReporter(sink)
    reporter.add("t", LintResult(text, "en", findings, 68))
    reporter.finish()
    marks = re.findall(
        r'<mark [^>]*data-findings="([^"]+)"[^>]*>([^<]*)</mark>', "".join(sink.parts)
    )
    assert marks == [("1-1", "bc"), ("1-1 1-2", "de"), ("1-2", "fg")]
    html = "".join(sink.parts)
    assert 'data-findings="1-1 1-2" data-pitfall="bypass"' in html  # the error's colour wins


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI must have chromium; locally optional")
def test_ci_has_chromium():
    """In CI (.ci/run installs it) the browser tests must run, not skip."""
    assert CHROMIUM is not None
