"""`--format html`: one self-contained page for a run (inline CSS and script, no external asset,
a Content-Security-Policy that forbids loading any): each message with its findings highlighted
in their pitfall's colour, hover or click for the message and suggestion, the score, and a
per-pitfall bar chart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import TextIO

from linter.engine import PITFALLS
from linter.model import SEVERITY_RANK, Finding, LintResult
from linter.report.base import LineIndex, Reporter
from linter.version import __version__

# One colour per taxonomy pitfall (readable behind black text).
COLOURS = dict(
    zip(
        PITFALLS,
        (
            "#f9c74f", "#f28482", "#90be6d", "#f8961e", "#a0c4ff", "#cdb4db",
            "#ffadad", "#b5e48c", "#ffd6a5", "#9bf6ff", "#e0aaff", "#d4d4d4",
        ),
        strict=True,
    )
)  # fmt: skip
FALLBACK_COLOUR = "#e9ecef"

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

STYLE = """
body { font: 15px/1.6 system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 0 auto;
       max-width: 60rem; padding: 1rem 1.5rem 4rem; color: #212529; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.1rem; margin: 0; }
.summary { color: #495057; margin-top: 0; }
.chart { border: 1px solid #dee2e6; border-radius: 6px; padding: .6rem 1rem; margin: 1rem 0; }
.bar-row { display: grid; grid-template-columns: 11rem 1fr 3rem; align-items: center; gap: .5rem; }
.bar-track { background: #f1f3f5; border-radius: 3px; height: .9rem; }
.bar { display: block; height: 100%; border-radius: 3px; min-width: 2px; }
.bar-count { text-align: right; font-variant-numeric: tabular-nums; }
.message { border: 1px solid #dee2e6; border-radius: 6px; margin: 1rem 0; padding: .8rem 1rem; }
.message header { display: flex; justify-content: space-between; gap: 1rem; align-items: baseline; }
.score { font-weight: 700; white-space: nowrap; }
.score.low { color: #c92a2a; } .score.mid { color: #e67700; } .score.high { color: #2b8a3e; }
.text { white-space: pre-wrap; word-break: break-word; font: inherit; background: #f8f9fa;
        padding: .6rem .8rem; border-radius: 4px; }
mark.finding { background: var(--c); border-bottom: 2px solid rgba(0,0,0,.45); cursor: pointer;
               border-radius: 2px; color: inherit; padding: 0 1px; }
mark.finding.sev-error { border-bottom-style: solid; }
mark.finding.sev-warning { border-bottom-style: dashed; }
mark.finding.sev-info { border-bottom-style: dotted; }
mark.finding.active { outline: 2px solid #1c7ed6; }
mark.finding.empty::after { content: "▏"; }
.findings { padding-left: 1.4rem; margin: .6rem 0 0; }
.findings li { margin: .3rem 0; padding: .1rem .3rem; border-radius: 4px; }
.findings li.active { background: #e7f5ff; }
.pill { display: inline-block; padding: 0 .4rem; border-radius: 3px; background: var(--c);
        font-size: .85em; }
.sev { font-weight: 600; text-transform: uppercase; font-size: .75em; }
.sev-error .sev, .sev.error { color: #c92a2a; } .sev.warning { color: #e67700; }
.sev.info { color: #1864ab; }
.rule { font-family: ui-monospace, monospace; font-size: .85em; color: #495057; }
.suggestion { color: #2b8a3e; }
#popup { position: absolute; z-index: 10; max-width: 28rem; background: #fff; border: 1px solid #adb5bd;
         border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,.15); padding: .6rem .8rem; }
#popup[hidden] { display: none; }
.clean { color: #2b8a3e; margin: .4rem 0 0; }
"""

SCRIPT = """
(function () {
  "use strict";
  var popup = document.getElementById("popup");
  function clear() {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
  }
  function show(mark) {
    clear();
    var ids = mark.dataset.findings.split(" ");
    popup.replaceChildren();
    ids.forEach(function (id) {
      var item = document.getElementById("detail-" + id);
      if (!item) { return; }
      item.classList.add("active");
      var copy = item.cloneNode(true);
      copy.removeAttribute("id");
      copy.classList.remove("active");
      var box = document.createElement("div");
      box.className = "popup-finding";
      box.append.apply(box, Array.prototype.slice.call(copy.childNodes));
      popup.appendChild(box);
      document.querySelectorAll('mark[data-findings~="' + id + '"]').forEach(function (m) {
        m.classList.add("active");
      });
    });
    var rect = mark.getBoundingClientRect();
    popup.style.left = (window.scrollX + rect.left) + "px";
    popup.style.top = (window.scrollY + rect.bottom + 6) + "px";
    popup.hidden = false;
  }
  document.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.finding");
    if (mark) { show(mark); event.stopPropagation(); return; }
    if (!popup.contains(event.target)) { popup.hidden = true; clear(); }
  });
  document.addEventListener("keydown", function (event) {
    var mark = event.target.closest && event.target.closest("mark.finding");
    if (mark && (event.key === "Enter" || event.key === " ")) { show(mark); event.preventDefault(); }
    if (event.key === "Escape") { popup.hidden = true; clear(); }
  });
})();
"""


@dataclass
class _Entry:
    name: str
    result: LintResult


class HtmlReporter(Reporter):
    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out
        self.entries: list[_Entry] = []

    def write(self, name: str, result: LintResult, record_id: object) -> None:
        self.entries.append(_Entry(name, result))

    def finish(self) -> None:
        self.out.write(self.render())

    def render(self) -> str:
        pitfalls = Counter(f.pitfall for e in self.entries for f in e.result.findings)
        detail = ", ".join(
            f"{n} info" if s == "info" else _plural(n, s) for s, n in self.counts.items() if n
        )
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>msglint report — {len(self.entries)} messages, {self.total} findings</title>",
            f"<style>{STYLE}</style></head><body>",
            "<h1>msglint report</h1>",
            f'<p class="summary">{_plural(len(self.entries), "message")}, '
            f"{_plural(self.total, 'finding')}{f' ({detail})' if detail else ''} · "
            f"msglint {escape(__version__)}</p>",
            _chart(pitfalls),
            "<main>",
            *(_message(i, e) for i, e in enumerate(self.entries, 1)),
            "</main>",
            '<div id="popup" role="tooltip" hidden></div>',
            f"<script>{SCRIPT}</script>",
            "</body></html>",
            "",
        ]
        return "\n".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _colour(pitfall: str) -> str:
    return COLOURS.get(pitfall, FALLBACK_COLOUR)


def _chart(pitfalls: Counter[str]) -> str:
    rows = []
    top = max(pitfalls.values(), default=0)
    ordered = [p for p in PITFALLS if pitfalls[p]] + sorted(
        p for p in pitfalls if p not in PITFALLS
    )
    for pitfall in ordered:
        count = pitfalls[pitfall]
        width = 100 * count / top
        rows.append(
            f'<div class="bar-row" data-pitfall="{escape(pitfall)}" data-count="{count}">'
            f'<span class="pill" style="--c:{_colour(pitfall)}">{escape(pitfall)}</span>'
            f'<span class="bar-track"><span class="bar" style="width:{width:.1f}%;'
            f'background:{_colour(pitfall)}"></span></span>'
            f'<span class="bar-count">{count}</span></div>'
        )
    body = "\n".join(rows) if rows else '<p class="clean">No findings in this run.</p>'
    return f'<section class="chart" aria-label="Findings per pitfall"><h2>Findings per pitfall</h2>\n{body}\n</section>'


def _score_class(score: int) -> str:
    return "high" if score >= 90 else "mid" if score >= 70 else "low"


def _message(number: int, entry: _Entry) -> str:
    result = entry.result
    ids = [f"{number}-{i}" for i in range(1, len(result.findings) + 1)]
    index = LineIndex(result.text)
    items = "\n".join(_detail(fid, f, index) for fid, f in zip(ids, result.findings, strict=True))
    findings = (
        f'<ol class="findings">\n{items}\n</ol>'
        if result.findings
        else '<p class="clean">No findings.</p>'
    )
    return (
        f'<article class="message" id="message-{number}" data-score="{result.score}">'
        f'<header><h2>{escape(entry.name)}</h2><span class="score {_score_class(result.score)}">'
        f"score {result.score}/100</span></header>\n"
        f'<pre class="text" lang="{escape(result.lang)}">{_highlight(result.text, result.findings, ids)}</pre>\n'
        f"{findings}</article>"
    )


def _detail(fid: str, finding: Finding, index: LineIndex) -> str:
    line, column = index.position(finding.start)
    suggestion = (
        f'<div class="suggestion">→ {escape(finding.suggestion)}</div>'
        if finding.suggestion
        else ""
    )
    return (
        f'<li id="detail-{fid}" class="sev-{finding.severity}" data-rule="{escape(finding.rule)}">'
        f'<span class="sev {finding.severity}">{finding.severity}</span> '
        f'<span class="pill" style="--c:{_colour(finding.pitfall)}">{escape(finding.pitfall)}</span> '
        f'<span class="rule">{escape(finding.rule)} · {line}:{column}</span>'
        f'<div class="message-text">{escape(finding.message)}</div>{suggestion}</li>'
    )


def _highlight(text: str, findings: list[Finding], ids: list[str]) -> str:
    """The text with a <mark> for every stretch covered by findings. Overlapping findings split
    the text at each boundary; a stretch takes the colour of its most severe finding and names
    all of its findings in data-findings."""
    bounds = sorted({0, len(text), *(f.start for f in findings), *(f.end for f in findings)})
    empty = {f.start: [] for f in findings if f.start == f.end}
    for fid, finding in zip(ids, findings, strict=True):
        if finding.start == finding.end:
            empty[finding.start].append((fid, finding))
    out = []
    for start, end in zip(bounds, bounds[1:] + [None], strict=True):
        for fid, finding in empty.get(start, []):
            out.append(_mark([(fid, finding)], "", extra=" empty"))
        if end is None:
            break
        covering = [
            (fid, f)
            for fid, f in zip(ids, findings, strict=True)
            if f.start <= start and end <= f.end and f.start < f.end
        ]
        piece = text[start:end]
        out.append(_mark(covering, piece) if covering else escape(piece))
    return "".join(out)


def _mark(covering: list[tuple[str, Finding]], piece: str, extra: str = "") -> str:
    _, lead = max(covering, key=lambda item: SEVERITY_RANK[item[1].severity])
    names = " ".join(fid for fid, _ in covering)
    title = "\n".join(
        f"{f.rule}: {f.message}" + (f"\n→ {f.suggestion}" if f.suggestion else "")
        for _, f in covering
    )
    return (
        f'<mark class="finding sev-{lead.severity}{extra}" tabindex="0" '
        f'data-findings="{names}" data-pitfall="{escape(lead.pitfall)}" '
        f'style="--c:{_colour(lead.pitfall)}" title="{escape(title)}">{escape(piece)}</mark>'
    )
