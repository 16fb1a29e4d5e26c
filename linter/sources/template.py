"""`--vars FILE.yaml`: render a Jinja2 template before linting, and map findings back to it.

Jinja2 keeps no map from output to template, so the rendered text is aligned with the template
source character by character (difflib): literal text maps to itself, and text a tag produced
(a variable's value) maps to the tag. Undefined variables are strict: one printed as
`{{ name }}` is left in the output, where the unresolved-placeholder rule finds it (at its
placeholder in the template); one used in any other way (`{% if %}`, a loop, a filter) stops
rendering, and the template is then linted as a template with that variable reported at its
first placeholder.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import meta

from linter.errors import InputError
from linter.sources.offsets import OffsetMap
from linter.sources.placeholders import scan


class _Leftover(jinja2.StrictUndefined):
    """Printed, a missing variable stays a visible placeholder; any other use is an error."""

    def __str__(self) -> str:
        return "{{ " + (self._undefined_name or "?") + " }}"


@dataclass
class Rendered:
    text: str | None  # None when rendering stopped at an undefined variable
    offsets: OffsetMap | None = None
    # Variables the template uses and --vars does not define: (name, start, end) in the source.
    missing: list[tuple[str, int, int]] = field(default_factory=list)


def render(source: str, variables: dict[str, Any], name: str) -> Rendered:
    env = jinja2.Environment(undefined=_Leftover, keep_trailing_newline=True, autoescape=False)
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(
            name, f"template syntax error at line {exc.lineno}: {exc.message}"
        ) from None
    tags = scan(source)
    missing = []
    for var in sorted(meta.find_undeclared_variables(ast) - set(variables)):
        span = _first_use(source, tags, var)
        if span:
            missing.append((var, *span))
    try:
        text = env.from_string(source).render(**variables)
    except jinja2.UndefinedError:
        return Rendered(None, None, missing)
    except jinja2.TemplateError as exc:
        raise InputError(name, f"template error: {exc}") from None
    except Exception as exc:  # an error raised by the template's own expressions
        raise InputError(name, f"template error: {type(exc).__name__}: {exc}") from None
    return Rendered(text, align(source, text, tags), missing)


def _first_use(source: str, tags, var: str) -> tuple[int, int] | None:
    word = re.compile(r"(?<![\w.])" + re.escape(var) + r"(?!\w)")
    for tag in tags:
        if tag.form in ("jinja", "mustache") and word.search(source, tag.start + 2, tag.end - 2):
            return tag.start, tag.end
    return None


def align(source: str, rendered: str, tags=None) -> OffsetMap:
    """Each rendered character's span in the template: itself where the text is literal, the
    producing tag where it is not."""
    tags = tags if tags is not None else scan(source)
    result = OffsetMap(source_length=len(source))
    matcher = difflib.SequenceMatcher(None, source, rendered, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result.starts.extend(range(i1, i2))
            result.ends.extend(range(i1 + 1, i2 + 1))
        elif op in ("replace", "insert"):
            start, end = _producer(tags, i1, i2, len(source))
            result.starts.extend([start] * (j2 - j1))
            result.ends.extend([end] * (j2 - j1))
    return result


def _producer(tags, i1: int, i2: int, length: int) -> tuple[int, int]:
    """The tag that produced inserted text at source[i1:i2]: one overlapping or touching it."""
    for tag in tags:
        if tag.start <= i2 and i1 <= tag.end and tag.form in ("jinja", "mustache"):
            return min(tag.start, i1), max(tag.end, i2)
    if i2 > i1:
        return i1, i2
    return i1, min(i1 + 1, length)
