"""Polynomial hashes of many spans of one array at once (numpy), to count in bounded memory.

A span ``codes[a:b]`` hashes to ``sum(codes[a + k] * B**k) mod 2**64``, the same value wherever
it stands, so equal spans (equal texts, equal word sequences) hash equal. The hashes only
*select*: callers that need exact counts recount the selected spans by their real text, so a
collision costs a little time and never changes a result.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

_B = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2**64
_MASK = (1 << 64) - 1
_B_INV = pow(_B, -1, 1 << 64)
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]


def _powers(base: int, n: int) -> U64:
    out = np.empty(n + 1, dtype=np.uint64)
    out[0] = 1
    out[1:] = base
    return np.cumprod(out, dtype=np.uint64)  # wraps modulo 2**64


class SpanHasher:
    """Hash spans of one array of non-negative integer codes (characters or word ids)."""

    def __init__(self, codes: npt.NDArray[np.integer]) -> None:
        n = len(codes)
        weighted = codes.astype(np.uint64) * _powers(_B, n)[:n]
        self._prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(weighted, dtype=np.uint64, out=self._prefix[1:])
        self._inverse = _powers(_B_INV, n)

    def spans(self, starts: I64, ends: I64) -> U64:
        """The hash of each span ``codes[starts[i]:ends[i]]``."""
        return (self._prefix[ends] - self._prefix[starts]) * self._inverse[starts]


def hash_codes(codes: Iterable[int]) -> int:
    """The hash of one sequence of codes, as :meth:`SpanHasher.spans` gives it."""
    total, power = 0, 1
    for code in codes:
        total = (total + code * power) & _MASK
        power = (power * _B) & _MASK
    return total


def fingerprints(hashes: U64) -> npt.NDArray[np.uint32]:
    """32 well-mixed bits of each hash (splitmix64's finaliser: every input bit counts)."""
    z = hashes ^ (hashes >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    top: npt.NDArray[np.uint32] = ((z ^ (z >> np.uint64(31))) >> np.uint64(32)).astype(np.uint32)
    return top


def text_codes(text: str) -> npt.NDArray[np.uint32]:
    """The code points of ``text`` as an array."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def repeated(values: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """The distinct values that occur at least twice (sorted); sorts ``values`` in place."""
    values.sort()
    if len(values) < 2:
        return values[:0]
    return np.unique(values[1:][values[1:] == values[:-1]])
