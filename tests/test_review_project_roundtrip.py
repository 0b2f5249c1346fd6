from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.corpus.model import Corpus, InlineCode, Segment
from mtreview.review.store import Store
from mtreview.review.store_records import Checked

TEXT = st.text(
    alphabet=st.sampled_from(list("ab 三区四带碳票\t\"'[]/<>&\x1b\ue000\u3000é")), max_size=30
)
CODE = st.builds(
    InlineCode,
    char=st.just("\ue000"),
    kind=st.sampled_from(["open", "close", "standalone"]),
    id=st.text("0123456789", min_size=1, max_size=3),
    markup=st.sampled_from(["<g id='1'>", "</g>", '<x id="2"/>']),
    label=st.sampled_from(["", "<g1>", "{1}"]),
)


@st.composite
def corpora(draw) -> Corpus:
    count = draw(st.integers(1, 5))
    segments = tuple(
        Segment(
            f"s{n}",
            draw(TEXT),
            draw(TEXT),
            draw(st.none() | TEXT),
            draw(st.none() | st.integers(1, 999)),
            tuple(draw(st.lists(CODE, max_size=2))),
        )
        for n in range(count)
    )
    return Corpus(
        segments,
        "in.xlf",
        meta=draw(st.dictionaries(st.sampled_from(["a", "版本"]), TEXT, max_size=2)),
        format=draw(st.sampled_from(["tsv", "xliff", "tmx"])),
        document=draw(st.none() | st.binary(max_size=40)),
    )


@settings(max_examples=40, deadline=None)
@given(corpora())
def test_a_stored_corpus_comes_back_whole(corpus: Corpus) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        nothing = Checked("[]", '{"issues": [], "occurrences": []}', ())
        store = Store.create(
            Path(tmp) / "p.mtreview", corpus, {"glossary_path": "g.yaml"}, [nothing] * len(corpus)
        )
        back = store.corpus()
        store.close()
    assert back.segments == corpus.segments
    assert (back.format, back.document, back.meta) == (corpus.format, corpus.document, corpus.meta)
    assert back.path == corpus.path
