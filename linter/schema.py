"""JSON Schema validation of rule and feature files, with errors that name file, line and rule."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from linter.errors import RuleError
from linter.resources import rules_dir
from linter.yamlfile import YamlDocument

SCHEMA_FILES = {"rules": "schema.json", "features": "features.schema.json"}


@cache
def _validator(which: str):
    from jsonschema import Draft202012Validator

    schema = json.loads((rules_dir() / SCHEMA_FILES[which]).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def validate_document(doc: YamlDocument, which: str) -> None:
    """Raises RuleError for the first problem in document order."""
    errors = list(_validator(which).iter_errors(doc.data))
    if not errors:
        return
    error = min(errors, key=lambda e: (doc.line_of(tuple(e.absolute_path)) or 0, len(e.message)))
    path = tuple(error.absolute_path)
    message, key_path = _describe(error, doc.data)
    raise RuleError(
        message, doc.source, doc.line_of(key_path or path), rule=_rule_id(doc.data, path)
    )


def _describe(error: Any, data: Any) -> tuple[str, tuple | None]:
    path = tuple(error.absolute_path)
    where = (
        "/".join(str(p) for p in path[2:] if not isinstance(p, int))
        if path[:1] == ("rules",)
        else ""
    )
    where = where or "/".join(str(p) for p in path)
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        extra = re.findall(r"'([^']+)'", error.message)
        if extra:
            return f"unknown key '{extra[0]}'", path + (extra[0],)
    if error.validator == "required":
        return error.message.replace("is a required property", "is required"), None
    if error.validator == "type":
        return f"'{where}' must be of type {error.validator_value}", None
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"'{where}' must be one of: {allowed} (got {error.instance!r})", None
    prefix = f"'{where}': " if where else ""
    return prefix + error.message, None


def _rule_id(data: Any, path: tuple) -> str | None:
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        try:
            rule = data["rules"][path[1]]
        except (KeyError, IndexError, TypeError):
            return None
        if isinstance(rule, dict) and isinstance(rule.get("id"), str):
            return rule["id"]
    return None
