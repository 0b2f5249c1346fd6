"""Pair source occurrences with target renderings by position: a monotone, tolerant alignment.

Both sides are given as relative positions (0 at the start of the text, 1 at its end). The
alignment pairs as many items as it can; among those pairings it keeps the source order in the
target (monotone) and then prefers the preferred items (accepted renderings over forbidden ones)
and the smallest total distance. Items the order-keeping pairing leaves out are then paired by
proximity even against the order (tolerant): English may reorder a sentence.

Cost: ``n × (|n − m| + 1)`` when every pair is allowed (the usual case: one term, its
occurrences and its renderings), ``n × m`` otherwise, with a linear greedy fallback above
:data:`CELL_CAP` cells. Every tie is broken by index, so the result is deterministic.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence

CELL_CAP = 250_000

Compatible = Callable[[int, int], bool]


def align(
    left: Sequence[float],
    right: Sequence[float],
    compatible: Compatible | None = None,
    preferred: Sequence[bool] | None = None,
) -> list[int | None]:
    """For each left item (sorted by position), the index of its right item, or None.

    ``right`` is sorted by position too. ``compatible(i, j)`` says whether left ``i`` may take
    right ``j`` (default: always); ``preferred[j]`` marks right items to take first.
    """
    n, m = len(left), len(right)
    if not n or not m:
        return [None] * n
    if n == m == 1 and compatible is None:
        return [0]  # what the banded alignment gives: the one pair
    prefer = [1.0 if p else 0.0 for p in preferred] if preferred is not None else [0.0] * m
    if compatible is None:
        if n <= m:
            return _banded(left, right, prefer)
        flipped = _banded(right, left, [0.0] * n, prefer)
        out: list[int | None] = [None] * n
        for j, i in enumerate(flipped):
            if i is not None:
                out[i] = j
        return out
    pairs = _monotone(left, right, compatible, prefer)
    _tolerant(left, right, compatible, pairs)
    return pairs


def _banded(
    left: Sequence[float],
    right: Sequence[float],
    prefer_right: Sequence[float],
    prefer_left: Sequence[float] | None = None,
) -> list[int | None]:
    """Pair every left item (n ≤ m) with a right item, in order.

    Left ``i`` takes right ``i + d_i``, with ``d`` non-decreasing in ``[0, m − n]``.
    """
    n, m = len(left), len(right)
    band = m - n + 1
    if n * band > CELL_CAP:
        return _greedy_in_order(left, right)

    def gain(i: int, j: int) -> float:
        bonus = prefer_right[j] + (prefer_left[i] if prefer_left is not None else 0.0)
        return bonus - abs(left[i] - right[j])

    best = [gain(0, d) for d in range(band)]
    back: list[list[int]] = []
    for i in range(1, n):
        # Best of the previous row over d' <= d, and which d' gave it (the smallest on a tie).
        run_value, run_arg = best[0], 0
        row, arg = [], []
        for d in range(band):
            if best[d] > run_value:
                run_value, run_arg = best[d], d
            row.append(run_value + gain(i, i + d))
            arg.append(run_arg)
        best = row
        back.append(arg)
    d = max(range(band), key=lambda k: (best[k], -k))
    out: list[int | None] = [None] * n
    for i in range(n - 1, -1, -1):
        out[i] = i + d
        if i:
            d = back[i - 1][d]
    return out


def _greedy_in_order(left: Sequence[float], right: Sequence[float]) -> list[int | None]:
    """Linear fallback: each left item in turn takes the nearest right item still in reach."""
    n, m = len(left), len(right)
    out: list[int | None] = []
    low = 0
    for i, pos in enumerate(left):
        high = m - (n - i)  # leave one right item for each left item still to come
        j = min(max(bisect_left(right, pos, low, high + 1), low), high)
        if j > low and abs(right[j - 1] - pos) <= abs(right[j] - pos):
            j -= 1
        out.append(j)
        low = j + 1
    return list(out)


def _monotone(
    left: Sequence[float], right: Sequence[float], compatible: Compatible, prefer: Sequence[float]
) -> list[int | None]:
    """The heaviest order-keeping pairing (most pairs first), by dynamic programming."""
    n, m = len(left), len(right)
    if n * m > CELL_CAP:
        return _greedy_compatible(left, right, compatible)
    big = 2.0 * min(n, m) + 4.0  # one more pair outweighs any bonus and distance

    def weight(i: int, j: int) -> float:
        return big + prefer[j] - abs(left[i] - right[j])

    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        above, here = score[i - 1], score[i]
        for j in range(1, m + 1):
            value = max(above[j], here[j - 1])
            if compatible(i - 1, j - 1):
                value = max(value, above[j - 1] + weight(i - 1, j - 1))
            here[j] = value
    out: list[int | None] = [None] * n
    i, j = n, m
    while i and j:
        if score[i][j] == score[i - 1][j]:
            i -= 1
        elif score[i][j] == score[i][j - 1]:
            j -= 1
        else:
            out[i - 1] = j - 1
            i, j = i - 1, j - 1
    return out


def _greedy_compatible(
    left: Sequence[float], right: Sequence[float], compatible: Compatible, reach: int = 64
) -> list[int | None]:
    """Linear fallback: each left item takes the nearest free compatible right item in reach."""
    used: set[int] = set()
    out: list[int | None] = []
    for i, pos in enumerate(left):
        at = bisect_left(right, pos)
        near = sorted(
            range(max(0, at - reach), min(len(right), at + reach)),
            key=lambda j: (abs(right[j] - pos), j),
        )
        j = next((j for j in near if j not in used and compatible(i, j)), None)
        if j is not None:
            used.add(j)
        out.append(j)
    return out


def _tolerant(
    left: Sequence[float],
    right: Sequence[float],
    compatible: Compatible,
    pairs: list[int | None],
) -> None:
    """Pair what the order-keeping pass left over, nearest first, against the order."""
    free_left = [i for i, j in enumerate(pairs) if j is None]
    used = {j for j in pairs if j is not None}
    free_right = [j for j in range(len(right)) if j not in used]
    if not free_left or not free_right or len(free_left) * len(free_right) > CELL_CAP:
        return
    candidates = sorted(
        (abs(left[i] - right[j]), i, j) for i in free_left for j in free_right if compatible(i, j)
    )
    for _, i, j in candidates:
        if pairs[i] is None and j not in used:
            pairs[i] = j
            used.add(j)
