"""`msglint analyze` output: what the pipeline saw, for rule authors."""

from __future__ import annotations

from typing import Any

from linter.nlp.analysis import Analysis
from linter.report.base import LineIndex


def analysis_dict(name: str, analysis: Analysis) -> dict[str, Any]:
    index = LineIndex(analysis.text)

    def place(start: int, end: int) -> dict[str, Any]:
        line, column = index.position(start)
        return {
            "start": start,
            "end": end,
            "line": line,
            "column": column,
            "text": analysis.text[start:end],
        }

    return {
        "version": 1,
        "path": name,
        "lang": analysis.lang,
        "segments": [{"lang": s.lang, "start": s.start, "end": s.end} for s in analysis.segments],
        "sentences": [
            {**place(u.start, u.end), "lang": u.lang, "tokens": _tokens(analysis, u.start, u.end)}
            for u in analysis.sentences
        ],
        "features": {
            name: [place(s.start, s.end) for s in spans]
            for name, spans in sorted(analysis.features.items())
        },
    }


def _tokens(analysis: Analysis, start: int, end: int) -> list[str]:
    tokens = []
    for seg in analysis.segments:
        for token in seg.doc:
            offset = seg.start + token.idx
            if start <= offset < end and not token.is_space:
                tokens.append(token.text)
    return tokens


def analysis_text(name: str, analysis: Analysis) -> str:
    data = analysis_dict(name, analysis)
    langs = ", ".join(f"{s['lang']} {s['start']}-{s['end']}" for s in data["segments"]) or "none"
    out = [f"{name}: lang {data['lang']} (segments: {langs})", "", "sentences:"]
    for i, sent in enumerate(data["sentences"], 1):
        out.append(f"  {i:>3}  {sent['line']}:{sent['column']}  [{sent['lang']}]  {sent['text']}")
        out.append(f"       tokens: {' | '.join(sent['tokens'])}")
    out.append("")
    out.append("features:")
    for feature, spans in data["features"].items():
        if not spans:
            continue
        for span in spans:
            out.append(f"  {feature:<12} {span['line']}:{span['column']}  {span['text']}")
    if not any(data["features"].values()):
        out.append("  (none)")
    return "\n".join(out) + "\n"
