"""The prepared dictionary kept on disk is exactly the one made, and a stale, damaged or
unreadable entry is never used (issue 14: two of the six seconds before a check starts)."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from mtreview import diskcache
from mtreview.glossary import script, segmenter


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MTREVIEW_CACHE_DIR", str(folder))
    return folder


class Maker:
    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def counting(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """``owner.name`` counting its calls (in the one-item list returned) from now on."""
    calls = [0]
    real = getattr(owner, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


KEY, OTHER = diskcache.digest(["a", b"1"]), diskcache.digest(["a", b"2"])
VALUE = ({"b": 2, "a": 1, "中": 0}, 3)


def test_made_once_then_read_as_made(cache: Path) -> None:
    make = Maker(VALUE)
    assert diskcache.cached("v", KEY, make) == VALUE
    again = diskcache.cached("v", KEY, make)
    assert make.calls == 1
    assert again == VALUE and list(again[0]) == ["b", "a", "中"]  # order too


def test_key_parts_are_length_prefixed() -> None:
    assert diskcache.digest(["ab", "c"]) != diskcache.digest(["a", "bc"])


def test_a_key_derived_from_an_unknown_one_keeps_nothing(cache: Path) -> None:
    assert diskcache.derived(b"", ["a"]) == b""
    assert diskcache.derived(KEY, ["a"]) == diskcache.digest([KEY, "a"]) != KEY
    make = Maker(VALUE)
    for _ in range(2):
        diskcache.cached("v", diskcache.derived(b"", ["a"]), make)
    assert make.calls == 2 and not list(cache.glob("v-*"))


def test_stale_entry_is_not_used(cache: Path) -> None:
    diskcache.cached("v", OTHER, Maker("stale"))
    make = Maker(VALUE)
    assert diskcache.cached("v", KEY, make) == VALUE
    assert make.calls == 1
    assert diskcache.cached("v", KEY, Maker("not asked")) == VALUE  # replaced by the fresh one


def _damaged(data: bytes) -> list[bytes]:
    body = len(diskcache._MAGIC) + 2 * diskcache._DIGEST
    flipped = bytearray(data)
    flipped[-1] ^= 1
    key_flipped = bytearray(data)
    key_flipped[len(diskcache._MAGIC)] ^= 1
    return [
        b"",
        b"garbage",
        data[:body],
        data[:-1],
        data + b"\0",
        bytes(flipped),
        bytes(key_flipped),
        b"mtreview-cache 0\n" + data[len(diskcache._MAGIC) :],
    ]


@pytest.mark.parametrize("case", range(8))
def test_damaged_entry_is_not_used_and_is_replaced(cache: Path, case: int) -> None:
    diskcache.cached("v", KEY, Maker(VALUE))
    path = diskcache.entry("v", KEY)
    path.write_bytes(_damaged(path.read_bytes())[case])
    make = Maker(VALUE)
    assert diskcache.cached("v", KEY, make) == VALUE
    assert make.calls == 1
    assert diskcache.cached("v", KEY, Maker("not asked")) == VALUE


def test_unusable_folder_makes_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MTREVIEW_CACHE_DIR", str(blocker / "cache"))
    make = Maker(VALUE)
    assert diskcache.cached("v", KEY, make) == VALUE
    assert diskcache.cached("v", KEY, make) == VALUE
    assert make.calls == 2


def test_entry_that_is_a_folder_is_left_alone(cache: Path) -> None:
    diskcache.entry("v", KEY).mkdir(parents=True)
    make = Maker(VALUE)
    assert diskcache.cached("v", KEY, make) == VALUE
    assert diskcache.cached("v", KEY, make) == VALUE
    assert make.calls == 2
    assert [p.name for p in cache.iterdir()] == [diskcache.entry("v", KEY).name]  # no temporary


def test_two_installs_sharing_the_folder_keep_one_entry_each(cache: Path) -> None:
    """Runs of two installs (another jieba: another key) alternating make each value once."""
    mine, theirs = Maker("mine"), Maker("theirs")
    for _ in range(3):
        assert diskcache.cached("v", KEY, mine) == "mine"
        assert diskcache.cached("v", OTHER, theirs) == "theirs"
    assert (mine.calls, theirs.calls) == (1, 1)


def test_entries_beyond_the_kept_ones_used_last_are_deleted(cache: Path) -> None:
    import os

    keys = [diskcache.digest(["k", str(n)]) for n in range(diskcache.KEEP + 2)]
    cache.mkdir()
    (cache / "v.marshal").write_bytes(b"the one file per name of the first version")
    (cache / "w-0123456789abcdef.marshal").write_bytes(b"another name: not pruned")
    for n, key in enumerate(keys):
        diskcache.cached("v", key, Maker(n))
        os.utime(diskcache.entry("v", key), (1_000_000 + n, 1_000_000 + n))
    diskcache.cached("v", keys[0], Maker("made again"))  # pruned: made, written, newest now
    kept = {p.name for p in cache.glob("v-*.marshal")}
    assert len(kept) == diskcache.KEEP
    assert kept == {diskcache.entry("v", k).name for k in [keys[0], *keys[-diskcache.KEEP + 1 :]]}
    assert not (cache / "v.marshal").exists()
    assert (cache / "w-0123456789abcdef.marshal").exists()
    # one read marks an entry used: the next write deletes the one used longest ago instead
    assert diskcache.cached("v", keys[-2], Maker("not asked")) == len(keys) - 2
    diskcache.cached("v", diskcache.digest(["k", "new"]), Maker("new"))
    assert diskcache.entry("v", keys[-2]).exists() and diskcache.entry("v", keys[0]).exists()
    assert not diskcache.entry("v", keys[-1]).exists()


def test_the_entry_just_written_is_kept_whatever_the_others_times(cache: Path) -> None:
    """Entries stamped in the future (a clock set back, a synced folder) or at the same second
    as the new one never push out the entry just written: it is read, not made, next time."""
    import os

    for n in range(diskcache.KEEP):
        key = diskcache.digest(["future", str(n)])
        diskcache.cached("v", key, Maker(n))
        os.utime(diskcache.entry("v", key), (4_000_000_000, 4_000_000_000))
    make = Maker("mine")
    for _ in range(3):
        assert diskcache.cached("v", KEY, make) == "mine"
    assert make.calls == 1
    assert len(list(cache.glob("v-*.marshal"))) == diskcache.KEEP


def test_a_name_prunes_only_its_own_entries(cache: Path) -> None:
    diskcache.cached("v-w", KEY, Maker(1))
    for n in range(diskcache.KEEP + 1):
        diskcache.cached("v", diskcache.digest([str(n)]), Maker(n))
    assert diskcache.entry("v-w", KEY).exists()


def test_key_covers_dictionary_opencc_and_code() -> None:
    import opencc

    labels = [label for label, _ in segmenter._key_parts()]
    assert {"python", "mtreview", "jieba", "opencc", "jieba dictionary"} <= set(labels)
    assert (
        "code mtreview.glossary.segmenter" in labels and "code mtreview.glossary.script" in labels
    )
    data = Path(opencc.__file__).parent
    configs = {p.name for p in data.rglob("*.json")} | {p.name for p in data.rglob("*.ocd2")}
    assert {"hk2s.json", "s2t.json", "STPhrases.ocd2"} <= configs
    assert all(any(label.endswith(name) for label in labels) for name in configs)


def test_prepared_dictionary_read_back_is_the_one_made(cache: Path) -> None:
    """The tokenizer, folded words and variant phrases, made then read: equal, order included."""
    fresh = jieba.Tokenizer()
    fresh.tmp_dir = str(cache.parent / "jieba-tmp")  # jieba's own cache: none yet
    Path(fresh.tmp_dir).mkdir()
    fresh.initialize()  # the rule: jieba's own loading of its dictionary file
    made = segmenter._base_tokenizer.__wrapped__()
    assert list(cache.glob("jieba-dictionary-*.marshal"))
    read = segmenter._base_tokenizer.__wrapped__()
    for tokenizer in (made, read):
        assert tokenizer.initialized and tokenizer.total == fresh.total
        assert list(tokenizer.FREQ.items()) == list(fresh.FREQ.items())
    for name, prepared in (
        ("jieba-folded-words", segmenter._folded_words),
        ("opencc-variant-phrases", script._variant_phrases),
    ):
        first = prepared.__wrapped__()  # type: ignore[attr-defined]
        assert list(cache.glob(f"{name}-*.marshal"))
        second = prepared.__wrapped__()  # type: ignore[attr-defined]
        assert list(second.items()) == list(first.items()) and first


def test_a_glossary_tokenizer_read_back_is_the_one_tuned(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words a glossary adds to jieba, tuned once, then added again from the cache: the
    same dictionary (order included) and total; other words are tuned afresh."""
    words = ["自然资源部", "土地综合整治", "三区四带", "金融市场", "两山", "碳汇"]
    calls = counting(monkeypatch, jieba.Tokenizer, "suggest_freq")
    made = segmenter.new_tokenizer(words)
    assert calls[0] == len(words) and list(cache.glob("jieba-tuned-words-*.marshal"))
    read = segmenter.new_tokenizer(words)
    assert calls[0] == len(words)  # read back, not tuned again
    assert read.total == made.total
    assert list(read.FREQ.items()) == list(made.FREQ.items())
    base = segmenter._base_tokenizer()
    added = [w for w in words if read.FREQ.get(w) != base.FREQ.get(w)]
    assert len(added) >= 4  # the others jieba knows well enough: kept as they are
    assert list(read.cut("自然资源部门")) == list(made.cut("自然资源部门"))
    segmenter.new_tokenizer(words[::-1])  # other words (their order too): tuned afresh
    assert calls[0] == 2 * len(words)
    # Another jieba or OpenCC (another dictionary key): tuned afresh, as are the source keys.
    monkeypatch.setattr(segmenter, "dictionary_key", lambda: diskcache.digest(["other jieba"]))
    segmenter.new_tokenizer(words)
    assert calls[0] == 3 * len(words)
    monkeypatch.setattr(script, "KEYS_KEPT_FROM", 0)
    made = counting(monkeypatch, script, "source_keys")
    script.keys_of(words)
    monkeypatch.setattr(segmenter, "dictionary_key", lambda: diskcache.digest(["a third"]))
    script.keys_of(words)
    assert made[0] == 2 * len(words)


def test_source_keys_read_back_are_the_ones_made(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = ["坐标", "座標", "金融市場", "（D-SIB）", "5G网络", "碳汇"]
    expected = [script.source_keys(s) for s in sources]
    assert any(len(k) > 1 for k in expected)  # some found in the other script too
    monkeypatch.setattr(script, "KEYS_KEPT_FROM", 0)
    calls = counting(monkeypatch, script, "source_keys")
    assert script.keys_of(sources) == expected and calls[0] == len(sources)
    assert list(cache.glob("source-keys-*.marshal"))
    assert script.keys_of(sources) == expected and calls[0] == len(sources)  # read back
    assert script.keys_of(sources[1:]) == expected[1:] and calls[0] == 2 * len(sources) - 1


def test_opencc_configs_of_the_working_folder_are_never_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # OpenCC tries its config name in the working folder first; what it gives is kept on disk.
    expected = script._converter.__wrapped__("s2t").convert("坐标")  # type: ignore[attr-defined]
    for name in ("s2t.json", "hk2s.json"):
        (tmp_path / name).write_text("{not a config", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    converter = script._converter.__wrapped__("s2t")  # type: ignore[attr-defined]
    assert converter.convert("坐标") == expected == "座標"
    assert script._converter.__wrapped__("hk2s").convert("座標") == "座标"  # type: ignore[attr-defined]


def test_planted_stale_dictionary_is_not_used(cache: Path) -> None:
    """An entry of another dictionary (another key) holding other words is made again."""
    diskcache.cached("jieba-dictionary", OTHER, Maker(({"planted": 1}, 1)))
    diskcache.cached("jieba-folded-words", OTHER, Maker({"planted": 1}))
    diskcache.cached("opencc-variant-phrases", OTHER, Maker({"planted": "word"}))
    tokenizer = segmenter._base_tokenizer.__wrapped__()
    assert "planted" not in tokenizer.FREQ and tokenizer.total > 1_000_000
    assert "planted" not in segmenter._folded_words.__wrapped__()  # type: ignore[attr-defined]
    assert "planted" not in script._variant_phrases.__wrapped__()  # type: ignore[attr-defined]


def test_jieba_own_cache_is_never_what_is_kept(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """jieba loads ``jieba.cache`` from the temp folder without comparing it with its dictionary
    file: a stale one (an upgraded jieba) must not be kept under the new dictionary's key."""
    import marshal
    import tempfile

    stale = tmp_path / "tmp"
    stale.mkdir()
    (stale / "jieba.cache").write_bytes(marshal.dumps(({"planted": 1}, 1)))
    monkeypatch.setattr(tempfile, "tempdir", str(stale))
    assert jieba.Tokenizer().tmp_dir is None  # jieba would read the planted file
    made = segmenter._base_tokenizer.__wrapped__()
    assert "planted" not in made.FREQ and made.total > 1_000_000
    read = segmenter._base_tokenizer.__wrapped__()
    assert "planted" not in read.FREQ and read.total == made.total


def test_unreadable_inputs_keep_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the key hashes cannot be read (an install under way): the value is made, not
    kept, and the check goes on."""

    def unreadable() -> list[tuple[str, bytes]]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(segmenter, "_key_parts", unreadable)
    segmenter.dictionary_key.cache_clear()
    try:
        assert segmenter.dictionary_key() == b""
        made = Maker(({"w": 1}, 1))
        assert diskcache.cached("jieba-dictionary", b"", made) == ({"w": 1}, 1)
        assert diskcache.cached("jieba-dictionary", b"", made) == ({"w": 1}, 1)
        assert made.calls == 2 and not cache.exists()
    finally:
        segmenter.dictionary_key.cache_clear()


def test_interrupted_write_leaves_no_temporary_file(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Interrupted(BaseException):
        pass

    def interrupt(*args: object) -> None:
        raise Interrupted

    monkeypatch.setattr(diskcache.os, "replace", interrupt)
    with pytest.raises(Interrupted):
        diskcache.cached("v", KEY, Maker([1]))
    assert list(cache.iterdir()) == []
