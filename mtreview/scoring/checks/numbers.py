"""The number family: every number of the Chinese source must reach the English target.

Source numbers (:mod:`mtreview.scoring.zhnum`) are matched to target numbers
(:mod:`mtreview.scoring.ennum`) as values, one to one, so "8.95万" is found in "89,500" and
"十五个省" in "Fifteen provinces". A target number is only called extra when no numeral of the
source, names included, could have given it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from mtreview.scoring.checks import SegmentContext, register
from mtreview.scoring.ennum import MONTHS, ORDINALS, TargetNumber, has_digit, target_numbers
from mtreview.scoring.issues import Fix, Issue
from mtreview.scoring.zhnum import SourceNumber, all_values, parse_zh, source_numbers

_MONTH_NAMES = {v: k for k, v in MONTHS.items()}
_ORDINAL_NAMES = {v: k for k, v in ORDINALS.items()}
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_MORE = r"more than|over|above|in excess of|upwards of|exceed\w*|at least|surpass\w*|top\w*|some"
_NEAR = r"nearly|almost|close to|approximately|about|around|roughly|some|approaching|up to"
_LESS = r"less than|fewer than|under|below|not more than|up to|nearly|almost|within"
# Words that render 余/多 (more than), 近 (nearly), 约 (about), 不到 (less than) before a number.
HEDGES = {
    "more than": re.compile(rf"\b(?:{_MORE})\b[^.;]{{0,12}}$", re.IGNORECASE),
    "nearly": re.compile(rf"\b(?:{_NEAR}|just under)\b[^.;]{{0,12}}$", re.IGNORECASE),
    "about": re.compile(rf"\b(?:{_NEAR}|estimated|expected)\b[^.;]{{0,25}}$", re.IGNORECASE),
    "less than": re.compile(rf"\b(?:{_LESS})\b[^.;]{{0,12}}$", re.IGNORECASE),
}
# ... or after it: "300-odd", "20-plus", "300 or more", "1,000+".
_AFTER = re.compile(
    r"^(?:\+|-?\s?(?:odd|plus)\b|(?:\s[\w-]+){0,3}\s(?:or|and) (?:more|over|above|so)\b)"
)


def close(a: float, b: float, precision: float = 0.0) -> bool:
    """Whether two values agree, within ``precision`` when the target was rounded."""
    return abs(a - b) <= max(precision, 1e-12 * max(1.0, abs(a))) * (1 + 1e-9)


def fits(src: SourceNumber, tgt: TargetNumber) -> bool:
    """Whether a target number can render a source number (months as names or digits)."""
    if (tgt.id_like and src.kind != "id") or (tgt.kind == "month" and src.kind != "month"):
        return False
    if src.kind == "month" and tgt.kind == "word":
        return False
    wanted = [src.value]
    if src.kind == "fraction":
        wanted.append(src.value * 100)  # 三分之二: 66.7%
    elif src.kind == "percent":
        wanted.append(src.value / 100)  # 百分之五十: half
    return any(close(w, v, tgt.precision) for w in wanted for v in tgt.values)


class _Values:
    """Target numbers by value, per rounding precision, to find those that fit a source number.

    A lookup costs a bisection per precision, so matching stays linear in the numbers.
    """

    def __init__(self, targets: list[TargetNumber]) -> None:
        groups: dict[float, list[tuple[float, int]]] = {}
        for t, tgt in enumerate(targets):
            for v in tgt.values:
                groups.setdefault(tgt.precision, []).append((v, t))
        self._groups = [(p, sorted(entries)) for p, entries in sorted(groups.items())]
        self._targets = targets

    def fitting(self, src: SourceNumber) -> list[int]:
        """The targets that fit ``src`` (see :func:`fits`), in target order."""
        wanted = [src.value]
        if src.kind == "fraction":
            wanted.append(src.value * 100)
        elif src.kind == "percent":
            wanted.append(src.value / 100)
        found: set[int] = set()
        for precision, entries in self._groups:
            for w in wanted:
                reach = max(precision, 1e-12 * max(1.0, abs(w))) * (1 + 1e-6)
                at = bisect_left(entries, (w - reach, -1))
                while at < len(entries) and entries[at][0] <= w + reach:
                    found.add(entries[at][1])
                    at += 1
        return [t for t in sorted(found) if fits(src, self._targets[t])]


def pair(sources: list[SourceNumber], targets: list[TargetNumber]) -> dict[int, int]:
    """A largest one-to-one matching of source to target numbers (source index → target index).

    Each source number takes the first free target number that fits, in text order; an
    augmenting path then serves those left over. Linear for the usual text (numbers repeated
    hundreds of times in a book-long paragraph included).
    """
    if not targets:
        return {}  # nothing to match (as the loops below would find)
    values = _Values(targets)
    fitting: dict[tuple[str, float], list[int]] = {}
    adjacent: list[list[int]] = []
    for src in sources:
        key = (src.kind, src.value)
        if key not in fitting:
            fitting[key] = values.fitting(src)
        adjacent.append(fitting[key])
    owner: dict[int, int] = {}
    start: dict[int, int] = {}  # per adjacency list: where its free targets begin
    left = []
    for s, adj in enumerate(adjacent):
        at = start.get(id(adj), 0)
        while at < len(adj) and adj[at] in owner:
            at += 1
        start[id(adj)] = at
        if at < len(adj):
            owner[adj[at]] = s
        else:
            left.append(s)
    dead: set[int] = set()  # targets from which no path reaches a free one (until one is found)

    def augment(s: int, seen: set[int]) -> bool:
        for t in adjacent[s]:
            if t in seen or t in dead:
                continue
            seen.add(t)
            if t not in owner or augment(owner[t], seen):
                owner[t] = s
                return True
        return False

    for s in left:
        seen: set[int] = set()
        if augment(s, seen):
            dead.clear()
        else:
            dead |= seen
    return {s: t for t, s in owner.items()}


def _among(values: list[float], v: float) -> bool:
    """Whether a value of the sorted ``values`` is :func:`close` to ``v``."""
    reach = 1e-12 * max(1.0, abs(v)) * 2
    at = bisect_left(values, v - reach)
    return any(close(k, v) for k in values[at : bisect_right(values, v + reach)])


def english(num: SourceNumber) -> str:
    """How the source number reads in English: 89,500; 1.48 million; fourth; June; 2/3."""
    value = num.value
    if num.kind == "month":
        text = _MONTH_NAMES[int(value)]
    elif num.kind == "ordinal":
        text = _ORDINAL_NAMES.get(int(value)) or _suffixed(int(value))
    elif num.kind == "fraction":
        den, _, numerator = num.text.partition("分之")
        text = f"{parse_zh(numerator) or 0:g}/{parse_zh(den) or 0:g}"
    elif num.kind == "id":
        text = num.text
    elif num.kind in ("year", "day"):
        text = f"{value:g}"
    elif value >= 1e6 and (value / 1e6) * 1000 == int(value / 1e6 * 1000):
        scale, name = next((s, n) for s, n in _SCALES if value >= s)
        text = f"{value / scale:g} {name}"
    else:
        text = f"{value:,.0f}" if value == int(value) else f"{value:,}"
    if num.kind == "percent":
        text += "%"
    return f"{num.approx} {text}" if num.approx else text


def hedged(src: SourceNumber, tgt: TargetNumber, target: str) -> bool:
    """Whether the target says the number is approximate the way the source does."""
    pattern = HEDGES.get(src.approx or "")
    if pattern is None:
        return True
    start, end = tgt.span
    return bool(pattern.search(target[max(0, start - 40) : start])) or bool(
        _AFTER.match(target[end : end + 40])
    )


def _unhedged(segment: str, src: SourceNumber, tgt: TargetNumber, target: str) -> Issue:
    return Issue(
        segment,
        "number-mismatch",
        "minor",
        f"{src.text} → {english(src)}, but the target says {tgt.text} without {src.approx!r}",
        source_span=src.span,
        target_span=tgt.span,
        found=tgt.text,
        expected=english(src),
    )


def _alike(found: str, want: str) -> bool:
    """Whether two numbers are written alike (98,500 and 89,500; 1.84 and 1.48 million).

    Replacing one with the other is then a typo fix, not a change of unit (895 km² for 8.95万公顷).
    """
    words = re.compile(r"[a-z]+")
    return len(re.sub(r"\D", "", found)) == len(re.sub(r"\D", "", want)) and set(
        words.findall(found)
    ) == set(words.findall(want))


def _suffixed(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@register(
    "numbers",
    {
        "number-mismatch": ("major", "the numbers of source and target differ"),
    },
)
def check_numbers(ctx: SegmentContext) -> Iterable[Issue]:
    """Issues for source numbers the target lacks, and target numbers the source never had.

    Both are ``number-mismatch``: one changed number is one issue, pointing at the target's.
    """
    seg = ctx.segment
    if not seg.target.strip() or not ctx.source_lang.startswith("zh"):
        return []
    if not ctx.target_lang.startswith("en"):
        return []
    sources = source_numbers(seg.source)
    if not sources and not has_digit(seg.target):
        return []  # nothing to render, and no digits that could be extra
    targets = target_numbers(seg.target)
    matched = pair(sources, targets)
    used = set(matched.values())
    loose = [t for i, t in enumerate(targets) if i not in used and t.kind == "digits"]
    known = sorted(all_values(seg.source, sources)) if loose else []
    unknown = [t for t in loose if not any(_among(known, v) for v in t.values)]
    extra = [t for t in unknown if not t.id_like]
    missing = [s for i, s in enumerate(sources) if i not in matched]
    culprits = [t for t in unknown if t.id_like] if missing and missing[0].kind == "id" else extra
    issues: list[Issue] = [
        _unhedged(seg.id, sources[s], targets[t], seg.target)
        for s, t in sorted(matched.items())
        if sources[s].approx and not hedged(sources[s], targets[t], seg.target)
    ]
    if len(missing) == 1 and len(culprits) == 1:  # one number changed: say which, and fix it
        src, tgt = missing[0], culprits[0]
        want = english(src).removeprefix(f"{src.approx} ") if src.approx else english(src)
        if src.kind == "ordinal":
            want = _suffixed(int(src.value))  # written as the target wrote it: 13th → 14th
        if seg.target.startswith("%", tgt.span[1]):
            want = want.removesuffix("%")
        safe = src.kind not in ("month", "fraction") and _alike(tgt.text, want)
        issues.append(
            Issue(
                seg.id,
                "number-mismatch",
                "major",
                f"{src.text} → {english(src)}, but the target has {tgt.text}",
                source_span=src.span,
                target_span=tgt.span,
                found=tgt.text,
                expected=want,
                fix=Fix(tgt.span, want) if safe else None,
            )
        )
        missing = []
        extra = [t for t in extra if t is not tgt]
    for src in missing:
        said = english(src)
        issues.append(
            Issue(
                seg.id,
                "number-mismatch",
                "major",
                f"{src.text} → {said}: not found in the target",
                source_span=src.span,
                expected=said,
            )
        )
    for tgt in extra:
        issues.append(
            Issue(
                seg.id,
                "number-mismatch",
                "major",
                f"{tgt.text} in the target has no counterpart in the source",
                target_span=tgt.span,
                found=tgt.text,
            )
        )
    return issues
