"""Quick tests and fast paths of the per-segment checks against the rules they stand for.

Each fast path claims to give what the full rule gives; these tests build texts that sit on
its edges (full-width forms, case variants, characters a rule treats apart) and compare.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from mtreview.scoring.checks import placeholders


def _texts(alphabet: str, pieces: list[str], size: int = 12) -> st.SearchStrategy[str]:
    """Texts of single characters and longer pieces, so that rare sequences come up."""
    atoms = st.sampled_from(list(alphabet) + pieces)
    return st.lists(atoms, max_size=size).map("".join)


# The URL trigger of placeholders, as it was written before it was made to start with a class.
_URL_TRIGGER = re.compile("/ ?/|www", re.I)
_URL_TEXTS = _texts("/ wWｗ／:.xMİıK", ["www", "WwW", "ww", "/ /", "//", "http://", "ＷＷＷ"])


@given(_URL_TEXTS)
def test_url_trigger_is_the_case_blind_rule(text: str) -> None:
    trigger = placeholders.PATTERNS[0][2]
    assert placeholders.PATTERNS[0][1] == "URL"
    assert (trigger.search(text) is None) == (_URL_TRIGGER.search(text) is None)


def test_only_w_matches_w_ignoring_case() -> None:
    # The trigger spells "www" ignoring case as [wW]: no other character folds to w.
    folds = [c for c in map(chr, range(0x10000)) if re.fullmatch("w", c, re.I)]
    assert folds == ["W", "w"]


@given(_texts("aZ /{}%<@.\\:ｈｔｐ：／{｛％＠\u3000", ["http://", "ｗｗｗ.", "{0}", "%s"]))
def test_tokens_of_ascii_text_need_no_folding(text: str) -> None:
    # tokens() skips the full-width fold for ASCII text: no character it folds is ASCII.
    if text.isascii():
        assert placeholders._WIDE.search(text) is None
    folded = text.translate(placeholders._FOLD)
    assert [t.text for t in placeholders.tokens(text)] == [
        folded[a:b] for a, b in (t.span for t in placeholders.tokens(text))
    ]
