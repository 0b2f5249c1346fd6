"""A PyYAML safe loader whose mappings remember their lines, and that records problems.

Both the strict loader (:mod:`mtreview.glossary.yaml_io`) and the lenient linter
(:mod:`mtreview.glossary.lint`) read YAML through :func:`compose`: a duplicate key becomes a
recorded problem (the later value wins, as in PyYAML) instead of stopping the parse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml's parser is some ten times faster; the pure-Python one gives the same marks
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a glossary, at a line of its file.

    ``rule`` is a key of :data:`mtreview.glossary.rules.RULES`, which gives its severity and
    whether the strict loader refuses the file for it.
    """

    rule: str
    message: str
    line: int | None = None
    term: str | None = None


class LinedDict(dict[Any, Any]):
    """A mapping that remembers the 1-based lines of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LineLoader(_BaseLoader):
    """A SafeLoader whose mappings remember where they stand in the file."""

    problems: list[Problem]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build the mapping, noting its line, its keys' lines and any duplicate key."""
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if isinstance(key, str) and key in seen:
                self.problems.append(
                    Problem(
                        "duplicate-key",
                        f"key {key!r} appears twice in one mapping (first on line {seen[key]})",
                        line,
                    )
                )
                continue
            seen[key] = line
        mapping = LinedDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = seen
        return mapping


def _construct_lined_map(loader: LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    return loader.construct_mapping(node, deep=True)


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_lined_map)


def line_of(mapping: object, key: str | None = None) -> int | None:
    """The line of ``key`` in a mapping read by :class:`LineLoader` (or of the mapping)."""
    if isinstance(mapping, LinedDict):
        if key is not None and key in mapping.key_lines:
            return mapping.key_lines[key]
        return mapping.line
    return None


# Aliases may add at most this many nodes beyond twice the file's own: a glossary sharing a
# note or a list through anchors stays well within it, an alias bomb (nested lists of aliases
# that expand a few hundred bytes into billions of nodes) does not.
ALIAS_ALLOWANCE = 100_000


def _alias_bomb(root: yaml.Node) -> Problem | None:
    """A problem when aliases expand ``root`` far beyond the nodes the file itself holds.

    Expanded sizes are computed once per distinct node (memoised, capped), so the check is
    linear in the file even when the expansion is exponential; a node containing itself
    counts once (the constructor refuses it afterwards). The problem points at the smallest
    node that expands beyond the bound.
    """
    sizes: dict[int, int] = {}
    order: list[yaml.Node] = []  # children before their parents
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            sizes[id(node)] = min(size, _CAP)
            order.append(node)
        elif id(node) not in sizes:
            sizes[id(node)] = 1  # in progress: a node met again inside itself counts once
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    limit = 2 * len(order) + ALIAS_ALLOWANCE
    if sizes[id(root)] <= limit:
        return None
    node = next(n for n in order if sizes[id(n)] > limit)
    message = (
        f"invalid YAML: aliases expand this node to more than {limit:,} nodes "
        f"(the file holds {len(order):,}); an alias bomb is refused"
    )
    return Problem("yaml-syntax", message, node.start_mark.line + 1)


_CAP = 1 << 62


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def compose(text: str, path: str) -> tuple[object, list[Problem]]:
    """Parse YAML text with line-remembering mappings.

    Aliases are bounded: a document they would expand far beyond its own size (an alias
    bomb) is a ``yaml-syntax`` problem, found before anything is constructed.

    Returns:
        The data (``None`` after a syntax error) and the problems met on the way.
    """
    problems: list[Problem] = []
    loader = LineLoader(text)
    loader.problems = problems
    try:
        node = loader.get_single_node()
        # An alias is written "*name": without a star the document has none to expand.
        bomb = None if node is None or "*" not in text else _alias_bomb(node)
        if bomb is not None:
            problems.append(bomb)
            return None, problems
        data = None if node is None else loader.construct_document(node)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. ESC
        at = text[: exc.position].count("\n") + 1
        message = f"invalid YAML: character U+{exc.character:04X} is not allowed"
        problems.append(Problem("yaml-syntax", message, at))
        return None, problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at_end = mark is not None and mark.line >= text.count("\n")
        if exc.context_mark is not None and (at_end or "<stream end>" in str(exc.problem)):
            mark = exc.context_mark  # an unclosed bracket: point at where it opened
        line = mark.line + 1 if mark is not None else None
        problems.append(Problem("yaml-syntax", f"invalid YAML: {exc.problem or exc.context}", line))
        return None, problems
    except yaml.YAMLError as exc:
        problems.append(Problem("yaml-syntax", f"invalid YAML: {exc}"))
        return None, problems
    finally:
        loader.dispose()
    return data, problems
