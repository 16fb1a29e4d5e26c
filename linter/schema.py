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
# Validators that say something is missing rather than pointing at a value that is wrong.
_MISSING = {"required", "anyOf", "oneOf"}


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
    described = []
    for error in errors:
        path = tuple(error.absolute_path)
        message, key_path = _describe(error, doc.data)
        line = doc.line_of(key_path or path) or 0
        # Within one rule (or one top-level entry), a missing key is reported last: it is usually
        # the other half of a misspelt key ("phrase:" for "phrases:"), and the unknown key has a
        # line of its own to point at.
        missing = error.validator in _MISSING
        order = (doc.line_of(path[:2]) or 0, missing, line, len(message))
        described.append((order, message, line, path))
    _, message, line, path = min(described, key=lambda d: d[0])
    raise RuleError(message, doc.source, line or None, rule=_rule_id(doc.data, path))


def _describe(error: Any, data: Any) -> tuple[str, tuple | None]:
    path = tuple(error.absolute_path)
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        # Inside a rule, which the error already names: the key path within it, if any.
        where = "/".join(str(p) for p in path[2:] if not isinstance(p, int))
    else:
        where = "/".join(str(p) for p in path)
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        extra = re.findall(r"'([^']+)'", error.message)
        if extra:
            hint = _closest(extra[0], error.instance, error.schema)
            message = f"unknown key '{extra[0]}'" + (f" (did you mean '{hint}'?)" if hint else "")
            return message, path + (extra[0],)
    if error.validator == "required":
        return error.message.replace("is a required property", "is required"), None
    if error.validator in ("anyOf", "oneOf") and all(
        set(sub) == {"required"} and len(sub["required"]) == 1 for sub in error.validator_value
    ):
        names = ", ".join(f"'{sub['required'][0]}'" for sub in error.validator_value)
        prefix = f"'{where}' needs" if where else "needs"
        return f"{prefix} one of {names}", None
    subject = f"'{where}'" if where else "the rule" if path[:1] == ("rules",) else "the file"
    if error.validator == "type":
        return f"{subject} must be of type {error.validator_value}", None
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{subject} must be one of: {allowed} (got {error.instance!r})", None
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


def _closest(key: str, instance: Any, schema: Any) -> str | None:
    """The allowed key nearest to a misspelt one; for a rule, the keys of its own kind count too."""
    import difflib

    allowed = set((schema or {}).get("properties", {}))
    kind = instance.get("kind") if isinstance(instance, dict) else None
    if isinstance(kind, str):
        root = _validator("rules").schema
        allowed |= set(root.get("$defs", {}).get(kind, {}).get("properties", {}))
    allowed -= set(instance) if isinstance(instance, dict) else set()
    matches = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.75)
    return matches[0] if matches else None
