"""Reads rule packs (YAML) into compiled checks and feature sets, or fails naming file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from linter.checks import KINDS, Check
from linter.checks.base import CompileError, Rule
from linter.errors import RuleError
from linter.nlp.features import FeatureSet, compile_features
from linter.resources import rules_dir

if TYPE_CHECKING:
    from linter.yamlfile import YamlDocument


@dataclass
class RuleSet:
    checks: list[Check] = field(default_factory=list)
    features: dict[str, FeatureSet] = field(default_factory=dict)

    def get(self, rule_id: str) -> Check | None:
        return next((c for c in self.checks if c.rule.id == rule_id), None)

    def patterns(self) -> list:
        """Every regex of the pack's features and rules (for the literal scanner)."""
        found = []
        for features in self.features.values():
            for feature in features.features.values():
                found += feature.regexes + feature.except_regexes
        for check in self.checks:
            found += getattr(check, "regexes", [])
        return found

    def words(self, lang: str) -> set[str]:
        """Every phrase of this language that jieba must keep whole."""
        words = self.features[lang].words if lang in self.features else set()
        for check in self.checks:
            if check.rule.lang == lang:
                words |= check.words()
        return words


def rule_files(directory: Path) -> list[Path]:
    files = [p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(files)


def display_path(path: Path) -> str:
    bundled = rules_dir()
    try:
        return "rules/" + path.resolve().relative_to(bundled.resolve()).as_posix()
    except ValueError:
        return str(path)


def load_ruleset(extra: list[Path] | tuple = (), bundled_rules: bool = True) -> RuleSet:
    """Bundled features always, bundled rules unless told otherwise, then each extra file or
    directory (a team's own pack); a file reached twice is read once."""
    sources: list[tuple[Path, bool]] = [(p, True) for p in rule_files(rules_dir())]
    if not bundled_rules:
        sources = [(p, b) for p, b in sources if p.name == "features.yaml"]
    for item in map(Path, extra):
        if item.is_dir():
            sources += [(p, False) for p in rule_files(item)]
        elif item.is_file():
            sources.append((item, False))
        else:
            raise RuleError("rule file or directory not found", str(item))
    from linter.yamlfile import load_yaml  # PyYAML only when the YAML is read (no cached pack)

    documents: list[YamlDocument] = []
    seen_files: set[Path] = set()
    for path, is_bundled in sources:
        if path.resolve() in seen_files:
            continue
        seen_files.add(path.resolve())
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"cannot read rule file: {exc}", str(path)) from None
        doc = load_yaml(text, display_path(path))
        doc.bundled = is_bundled  # type: ignore[attr-defined]
        documents.append(doc)
    ruleset = RuleSet()
    for doc in documents:
        if isinstance(doc.data, dict) and "features" in doc.data:
            fs = compile_features(doc)
            known = ruleset.features.get(fs.lang)
            ruleset.features[fs.lang] = known.merge(fs) if known else fs
    for fs in ruleset.features.values():
        fs.check_includes()
    seen: dict[str, str] = {}
    for doc in documents:
        if isinstance(doc.data, dict) and "features" in doc.data:
            continue
        for check in compile_rules(doc):
            rid = check.rule.id
            if rid in seen:
                raise RuleError(
                    f"duplicate rule id (also in {seen[rid]})", doc.source, check.rule.line, rid
                )
            seen[rid] = doc.source
            check.bundled = doc.bundled  # type: ignore[attr-defined]
            _check_features(check, ruleset.features.get(check.rule.lang))
            ruleset.checks.append(check)
    return ruleset


def compile_rules(doc: YamlDocument) -> list[Check]:
    from linter.schema import validate_document

    validate_document(doc, "rules")
    lang = doc.data["lang"]
    checks = []
    for i, spec in enumerate(doc.data["rules"]):
        line = doc.line_of(("rules", i))
        rid = spec["id"]
        if not rid.startswith(lang + "."):
            raise RuleError(
                f"rule id must start with '{lang}.' in a {lang} rule file", doc.source, line, rid
            )
        rule = Rule(
            id=rid,
            kind=spec["kind"],
            lang=lang,
            pitfall=spec["pitfall"],
            severity=spec["severity"],
            message=prose(spec["message"]),
            suggestion=prose(spec["suggestion"]),
            rationale=prose(spec["rationale"]),
            weight=float(spec["weight"]),
            scope=spec["scope"],
            examples=spec["examples"],
            unless=tuple(spec.get("unless", ())),
            when=tuple(spec.get("when", ())),
            link=spec.get("link", ""),
            source=doc.source,
            line=line,
            spec=spec,
            key_lines={key: doc.line_of(("rules", i, key)) for key in spec},
        )
        try:
            checks.append(KINDS[rule.kind](rule))
        except CompileError as exc:
            key_line = doc.line_of(("rules", i, exc.key)) if exc.key else line
            raise RuleError(str(exc), doc.source, key_line, rid) from None
    return checks


_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"


def prose(text: str) -> str:
    """One line of text from a folded YAML string: runs of white space become one space, and
    none is left between two Chinese characters (folding a Chinese line adds a space)."""
    text = " ".join(text.split())
    return re.sub(f"(?<={_CJK}) (?={_CJK})", "", text)


def _check_features(check: Check, features: FeatureSet | None) -> None:
    from linter.context import BUILTIN_FEATURES

    known = (set(features.features) if features else set()) | set(BUILTIN_FEATURES)
    for name in sorted(check.features()):
        if name not in known:
            key = next((k for k in FEATURE_KEYS if name in _as_list(check.rule.spec.get(k))), None)
            raise RuleError(
                f"unknown feature '{name}' (known for {check.rule.lang}: {', '.join(sorted(known)) or 'none'})",
                check.rule.source,
                check.rule.key_lines.get(key, check.rule.line) if key else check.rule.line,
                check.rule.id,
            )


FEATURE_KEYS = ("trigger", "requires", "feature", "unless", "when")


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
