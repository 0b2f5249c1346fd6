"""Document structure: ids, segmentation, modules, multiple files, languages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Corpus, Segment
from mtreview.glossary.model import Glossary
from mtreview.review import language_warnings
from tests.conftest import make_glossary

XLIFF2_MODULES = """<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1"
 srcLang="zh-Hans" trgLang="en">
 <file id="f1">
  <unit id="u1">
   <mtc:matches xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0">
    <mtc:match ref="#s1"><source>旧</source><target>old</target></mtc:match>
   </mtc:matches>
   <segment id="s1"><source>碳票</source><target>carbon ticket</target></segment>
   <ignorable><source> </source></ignorable>
   <segment id="s2"><source>双碳</source></segment>
  </unit>
 </file>
 <file id="f2"><unit id="u1"><segment><source>三区</source></segment></unit></file>
</xliff>
"""

XLIFF12_FILES = """<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a.txt" source-language="zh" datatype="plaintext"><body>
  <trans-unit id="1"><source>一</source><target xml:lang="en-GB">one</target>
   <alt-trans><source>一</source><target>uno</target></alt-trans></trans-unit>
 </body></file>
 <file original="b.txt" source-language="zh" datatype="plaintext"><body>
  <group><trans-unit id="1"><source>二</source></trans-unit></group>
 </body></file>
</xliff>
"""

TMX_MULTI = """<tmx version="1.4"><header srclang="*all*" segtype="sentence" datatype="plaintext"
 o-tmf="t" adminlang="en" creationtool="t" creationtoolversion="1"/><body>
 <tu><tuv xml:lang="zh-CN"><seg>碳</seg></tuv><tuv xml:lang="fr"><seg>carbone</seg></tuv>
  <tuv xml:lang="en"><seg>carbon</seg></tuv></tu>
 <tu tuid="1"><tuv lang="ZH-cn"><seg>二</seg></tuv></tu>
</body></tmx>
"""


def _write(tmp_path: Path, name: str, text: str) -> Corpus:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_corpus(path)


def test_xliff2_segments_modules_and_files(tmp_path: Path) -> None:
    corpus = _write(tmp_path, "a.xlf", XLIFF2_MODULES)
    assert [(s.id, s.source, s.target) for s in corpus.segments] == [
        ("u1#s1", "碳票", "carbon ticket"),
        ("u1#s2", "双碳", ""),
        ("u1", "三区", ""),  # "u1" itself is free: the first unit's segments are u1#s1, u1#s2
    ]
    assert (corpus.format, corpus.source_lang, corpus.target_lang) == ("xliff2", "zh-Hans", "en")


def test_xliff12_files_groups_and_alt_trans(tmp_path: Path) -> None:
    corpus = _write(tmp_path, "a.xliff", XLIFF12_FILES)
    assert [(s.id, s.source, s.target) for s in corpus.segments] == [
        ("1", "一", "one"),
        ("b.txt/1", "二", ""),
    ]
    assert (corpus.source_lang, corpus.target_lang) == ("zh", "en-GB")


def test_tmx_all_languages_and_extra_variants(tmp_path: Path) -> None:
    corpus = _write(tmp_path, "a.tmx", TMX_MULTI)
    assert (corpus.source_lang, corpus.target_lang) == ("zh-CN", "fr")
    # the first tu has no tuid (position 1); the second's tuid "1" is taken, so it is scoped
    assert [(s.id, s.source, s.target) for s in corpus.segments] == [
        ("1", "碳", "carbone"),
        ("2/1", "二", ""),
    ]


@pytest.mark.parametrize(
    ("corpus_langs", "glossary_langs", "warnings"),
    [
        (("zh-Hans", "en-US"), ("zh", "en"), 0),
        (("zh_CN", "EN"), ("zh", "en"), 0),
        (("en", "zh"), ("zh", "en"), 2),
        (("zh", "fr"), ("zh", "en"), 1),
    ],
)
def test_language_warnings(corpus_langs, glossary_langs, warnings: int) -> None:
    corpus = Corpus((Segment("1", "a", "b"),), "c.xlf", *corpus_langs)
    assert len(language_warnings(corpus, _glossary(*glossary_langs))) == warnings


def _glossary(src: str, tgt: str) -> Glossary:
    base = make_glossary("source_lang: zh\ntarget_lang: en\nterms: []\n")
    return dataclasses.replace(base, source_lang=src, target_lang=tgt)


@pytest.mark.parametrize(
    ("name", "attribute_line"),
    [
        ("xliff12/okapi-segmented.xlf", '<target xml:lang="de-DE" state="signed-off">'),
        ("xliff2/okapi-test01.xlf", '<segment id="1" canResegment="no" state="reviewed"'),
    ],
)
def test_confirmed_states(name: str, attribute_line: str, tmp_path: Path) -> None:
    from mtreview.corpus.model import ReviewRecord
    from mtreview.corpus.xliff import write_xliff

    corpus = read_corpus(Path(__file__).parent / "data" / "formats" / name)
    first = corpus.segments[0]
    out = tmp_path / "out.xlf"
    confirmed = {first.id: ReviewRecord(first.id, "confirmed")}
    write_xliff(out, dataclasses.replace(corpus, segments=(first,)), confirmed)
    assert attribute_line in out.read_text(encoding="utf-8")
    assert [s.target for s in read_corpus(out).segments] == [s.target for s in corpus.segments]


def test_tmx_without_header_and_with_underscore_locales(tmp_path: Path) -> None:
    corpus = _write(
        tmp_path,
        "a.tmx",
        '<tmx><body><tu><tuv xml:lang="en_US"><seg>Existing</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>新值</seg></tuv></tu>'
        '<tu><tuv xml:lang="en-GB"><seg>New source</seg></tuv>'
        '<tuv xml:lang="zh-Hans"><seg>新译文</seg></tuv></tu></body></tmx>',
    )
    assert (corpus.source_lang, corpus.target_lang) == ("en_US", "zh-CN")
    assert [(s.source, s.target) for s in corpus.segments] == [
        ("Existing", "新值"),
        ("New source", "新译文"),
    ]


def test_segmented_source_with_unsegmented_target_stays_one_unit(tmp_path: Path) -> None:
    corpus = _write(
        tmp_path,
        "a.xlf",
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" '
        'source-language="zh" target-language="en" datatype="plaintext"><body>'
        '<trans-unit id="1"><source>一。二。</source><seg-source><mrk mtype="seg" mid="1">一。'
        '</mrk><mrk mtype="seg" mid="2">二。</mrk></seg-source><target>One. Two.</target>'
        "</trans-unit></body></file></xliff>",
    )
    assert [(s.id, s.source, s.target) for s in corpus.segments] == [("1", "一。二。", "One. Two.")]
