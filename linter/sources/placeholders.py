"""Template placeholders and fill-in blanks: found, then masked so they never trigger a rule.

Recognised forms: Jinja2 (`{{ }}`, `{% %}`, `{# #}`), Mustache/Handlebars (`{{name}}`,
`{{{raw}}}`, `{{#section}}`, `{{/section}}`, `{{! comment}}`), `{name}` format fields (and ICU
`{n, plural, ...}`), `${var}`, printf `%s` / `%(name)s`, and fill-in blanks: 【XX】, [XX],
[Product Name], ____ and X月X日.

Masking keeps every offset: a value placeholder becomes a run of U+E000 (a private-use
character: one "word" to the tokenizers, neither Han nor Latin to language detection, in no
lexicon), so "Hi {{name}}," still reads as a greeting with a name and never as two sentences.
A control tag (`{% if %}`, `{{#each}}`, a comment) produces no text, so it becomes spaces, and a
line holding nothing but control tags is joined to the next one instead of leaving a blank line
that would split a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FILLER = "\ue000"

# Names that say the placeholder will hold a date or time (a relative deadline beside one is fine).
_DATE_NAME = re.compile(
    r"date|day|time|deadline|due|until|expir|start|end|when|日期|时间|截止|期限|日|时", re.I
)

_JINJA = re.compile(r"\\?\{\{\{.*?\}\}\}|\\?\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_SHELL = re.compile(r"\$\{[^{}\n]{1,80}\}")
_FORMAT = re.compile(
    r"\{(?P<name>[A-Za-z_][\w.]*(?:\[[^\]{}]*\])?|[\u4e00-\u9fff]{1,4})"
    r"(?:![rsa])?(?::[<>=^+\- #0-9,_.]{0,12}[bcdeEfFgGnosxX%]?)?\}"
)
_ICU = re.compile(
    r"\{(?P<name>[A-Za-z_]\w*)\s*,\s*(?:plural|select|selectordinal|number|date|time)\b"
)
_PRINTF = re.compile(
    r"(?<![\w%])%(?:\((?P<name>[A-Za-z_]\w*)\))?[#0+-]*\d*(?:\.\d+)?[sdifr](?![A-Za-z])"
)
_BLANK_CJK = re.compile(
    r"【\s*(?:[XxＸｘ×*＊]{1,6}|某{1,4}|_{2,}|＿{2,}|(?:请)?(?:填写|待定|待填|待补充)[^【】\n]{0,10})\s*】"
)
_BLANK_LATIN = re.compile(
    r"\[\s*(?:[Xx×]{1,6}|_{2,}|TBD|TBC|\.\.\.|…"
    r"|(?:[A-Z][a-z]+ ){0,2}(?:Name|Date|Address|Number|Amount|URL|Link|Title|Email)(?:, [A-Z][A-Za-z.]*)?"
    r"|(?:[a-z]+ )?(?:name|date|email address|address|number|amount|url|link)"
    r")\s*\](?![(\[:])"
)
_UNDERSCORES = re.compile(r"_{3,}|＿{2,}")
_X_DATE = re.compile(r"(?<![A-Za-z])(?:XXXX|xxxx|[Xx×]{1,2})(?=\s*[年月日号时点])")


@dataclass(frozen=True, slots=True)
class Placeholder:
    start: int
    end: int
    form: str  # jinja, mustache, format, shell, printf, blank
    name: str = ""
    control: bool = False  # produces no text: a tag, a section marker, a comment

    @property
    def date_like(self) -> bool:
        return bool(self.name) and bool(_DATE_NAME.search(self.name))


def scan(text: str) -> list[Placeholder]:
    """Every placeholder in `text`, in order, never overlapping."""
    found: list[Placeholder] = []
    taken: list[tuple[int, int]] = []

    def add(ph: Placeholder) -> None:
        if any(s < ph.end and ph.start < e for s, e in taken):
            return
        taken.append((ph.start, ph.end))
        found.append(ph)

    # Each form needs a character most messages lack; testing for it first skips the scan.
    braces = "{" in text
    for m in _JINJA.finditer(text) if braces else ():
        add(_classify_braces(m.group(), m.start(), m.end()))
    for m in _ICU.finditer(text) if braces else ():
        end = _balanced_end(text, m.start())
        if end:
            add(Placeholder(m.start(), end, "format", m.group("name")))
    for m in _SHELL.finditer(text) if "${" in text else ():
        add(Placeholder(m.start(), m.end(), "shell", m.group()[2:-1].strip()))
    for m in _FORMAT.finditer(text) if braces else ():
        add(Placeholder(m.start(), m.end(), "format", m.group("name")))
    for m in _PRINTF.finditer(text) if "%" in text else ():
        add(Placeholder(m.start(), m.end(), "printf", m.group("name") or ""))
    for regex, opener in ((_BLANK_CJK, "【"), (_BLANK_LATIN, "[")):
        for m in regex.finditer(text) if opener in text else ():
            add(Placeholder(m.start(), m.end(), "blank", m.group()[1:-1].strip()))
    for m in _X_DATE.finditer(text):
        add(Placeholder(m.start(), m.end(), "blank", "date"))
    for m in _UNDERSCORES.finditer(text) if "_" in text or "＿" in text else ():
        if _line_has_other_text(text, m.start(), m.end()):
            add(Placeholder(m.start(), m.end(), "blank"))
    found.sort(key=lambda p: p.start)
    return found


def _classify_braces(raw: str, start: int, end: int) -> Placeholder:
    if raw.startswith("\\"):  # an escaped Handlebars tag still shows braces to the reader
        raw = raw[1:]
    if raw.startswith("{%") or raw.startswith("{#"):
        return Placeholder(start, end, "jinja", _first_name(raw[2:-2]), control=True)
    inner = raw.strip("{}").strip()
    inner = inner.strip("-~").strip()
    if inner[:1] in "#/^!>":  # Mustache/Handlebars section, inverted, comment, partial
        return Placeholder(start, end, "mustache", _first_name(inner[1:]), control=True)
    if inner.startswith("else"):
        return Placeholder(start, end, "mustache", "", control=True)
    form = "mustache" if raw.startswith("{{{") or "|" not in inner and "(" not in inner else "jinja"
    return Placeholder(start, end, form, _first_name(inner.lstrip("&")))


def _first_name(expr: str) -> str:
    m = re.search(r"[A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff]*", expr)
    return m.group() if m else ""


def _balanced_end(text: str, start: int) -> int | None:
    depth = 0
    for i in range(start, min(len(text), start + 400)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def _line_has_other_text(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    return bool(line.replace("_", "").replace("＿", "").strip())


def mask(text: str, placeholders: list[Placeholder]) -> str:
    """The same text, same length, with each placeholder masked (see the module docstring)."""
    if not placeholders:
        return text
    chars = list(text)
    for ph in placeholders:
        fill = " " if ph.control else FILLER
        for i in range(ph.start, ph.end):
            chars[i] = fill
    masked = "".join(chars)
    if any(ph.control for ph in placeholders):
        masked = _join_control_lines(text, masked, placeholders)
    return masked


def _join_control_lines(text: str, masked: str, placeholders: list[Placeholder]) -> str:
    """A line left blank only because its control tags were masked stops being a line break."""
    chars = list(masked)
    lines_with_tags = {text.count("\n", 0, ph.start) for ph in placeholders if ph.control}
    offset = 0
    for number, line in enumerate(text.split("\n")):
        end = offset + len(line)
        if number in lines_with_tags and line.strip() and not masked[offset:end].strip():
            if end < len(chars):
                chars[end] = " "  # the newline
            if line.endswith("\r"):
                chars[end - 1] = " "
        offset = end + 1
    return "".join(chars)
