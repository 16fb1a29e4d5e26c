"""Strict YAML loading that remembers where every value came from.

Rule authors need errors that point at a line; PyYAML's plain safe_load forgets lines, silently
keeps the last of two duplicate keys and expands aliases (the "billion laughs" trap), so we build
the data from the node tree ourselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from linter.errors import RuleError

Path_ = tuple[Any, ...]


@dataclass
class YamlDocument:
    """Loaded data plus the 1-based line of each value, keyed by its path of keys and indices."""

    data: Any
    lines: dict[Path_, int]
    source: str

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def load_yaml(text: str, source: str) -> YamlDocument:
    try:
        anchor_line = None
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                anchor_line = event.start_mark.line + 1
                break
        # Composing is safe even with aliases (they become shared nodes, nothing is expanded);
        # it lets the anchor error name the rule it is in.
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleError(f"invalid YAML: {problem}", source, line) from None
    if anchor_line is not None:
        raise RuleError(
            "YAML anchors and aliases are not allowed",
            source,
            anchor_line,
            rule_id_at(root, anchor_line),
        )
    lines: dict[Path_, int] = {}
    constructor = yaml.constructor.SafeConstructor()

    def build(node: yaml.Node, path: Path_) -> Any:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = build(key_node, path + ("<key>",))
                if not isinstance(key, str | int | float | bool) and key is not None:
                    raise RuleError("mapping keys must be plain values", source, _line(key_node))
                if key in result:
                    line = _line(key_node)
                    raise RuleError(f"duplicate key '{key}'", source, line, rule_id_at(root, line))
                lines[path + (key,)] = _line(key_node)
                result[key] = build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [build(item, path + (i,)) for i, item in enumerate(node.value)]
        return constructor.construct_object(node)

    data = build(root, ()) if root is not None else None
    lines.pop(("<key>",), None)
    return YamlDocument(data=data, lines=lines, source=source)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def rule_id_at(root: yaml.Node | None, line: int) -> str | None:
    """The id of the rule (an item of the top-level `rules` list) that spans `line`, if any."""
    if not isinstance(root, yaml.MappingNode):
        return None
    keys = [(k, v) for k, v in root.value]
    for index, (key_node, value_node) in enumerate(keys):
        if getattr(key_node, "value", None) != "rules" or not isinstance(
            value_node, yaml.SequenceNode
        ):
            continue
        if any(_line(k) <= line for k, _ in keys[index + 1 :]):
            return None  # past the rules list, in a later top-level key
        items = [item for item in value_node.value if isinstance(item, yaml.MappingNode)]
        # A block node's end mark is where the next one starts, so an item owns the lines from its
        # start up to (not including) the next item's start.
        for item, following in zip(items, [*items[1:], None], strict=True):
            last = _line(following) - 1 if following else item.end_mark.line + 1
            if _line(item) <= line <= last:
                for k, v in item.value:
                    if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode):
                        return v.value
                return None
    return None
