"""Build the real-data evaluation sets from their published files (run by hand, once).

Each set is a directory with ``corpus.tsv`` (``id source target``: the Chinese source and the
published human English, ids ``DOCUMENT#n``), ``glossary.yaml``, ``set.json`` (name, domain,
script, source, licence) and ``README.md``. The raw files are not in the repository; the
README of each set names where they came from. Usage::

    python benchmarks/termq/build.py tico19 --tmx T.tmx --google G.csv --fb F.csv --out DIR
    python benchmarks/termq/build.py bible --cuv ChiUn.csv --asv ASV.zip|asv.json --out DIR
    python benchmarks/termq/build.py constitution --md 宪法.md --out DIR
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtreview.corpus.formats import read_corpus
from mtreview.glossary.model import Glossary, Term, slugify
from termq.oracle import count_renderings, normalise_target
from termq.sets import write_set

CJK = re.compile(r"[\u4e00-\u9fff]")


def _terms(pairs: Iterable[tuple[str, str, tuple[str, ...]]], note: str = "") -> list[Term]:
    """Terms from (source, target, variants), with unique slug ids."""
    out: list[Term] = []
    used: Counter[str] = Counter()
    for source, target, variants in pairs:
        slug = slugify(target)
        used[slug] += 1
        ident = slug if used[slug] == 1 else f"{slug}-{used[slug]}"
        out.append(Term(ident, source, target, tuple(variants), note=note))
    return out


def _choose_target(
    source: str, english: list[str], segments: list[tuple[str, str]]
) -> tuple[str, tuple[str, ...]]:
    """The English form the human translation uses most where ``source`` occurs; others vary."""
    seen: Counter[str] = Counter()
    for zh, en in segments:
        if source in zh:
            folded = normalise_target(en)
            for form in english:
                seen[form] += count_renderings(form, folded)
    ranked = sorted(english, key=lambda e: (-seen[e], english.index(e)))
    return ranked[0], tuple(ranked[1:])


def build_tico19(tmx: Path, google: Path, fb: Path, out: Path) -> None:
    """TICO-19 (CC0): its zh-CN translation as source, the English original as target."""
    corpus = read_corpus(tmx)
    rows: list[tuple[str, str, str]] = []
    counters: Counter[str] = Counter()
    for seg in corpus.segments:
        doc = seg.id.split(":")[0]
        counters[doc] += 1
        rows.append((f"{doc}#{counters[doc]}", seg.target, seg.source))
    segments = [(zh, en) for _, zh, en in rows]
    english: dict[str, list[str]] = defaultdict(list)
    with fb.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            zh = re.sub(r"（[A-Za-z0-9 -]+）$", "", row["targetString"]).strip()
            en = row["sourceString"].strip()
            if zh and zh != en and en not in english[zh]:
                english[zh].append(en)
    with google.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            zh, en = row["sourceString"].strip(), row["targetString"].strip()
            if zh and en not in english[zh]:
                english[zh].append(en)
    chosen = [(zh, *_choose_target(zh, forms, segments)) for zh, forms in english.items()]
    terms = _terms(chosen, note="TICO-19 terminology (Facebook en-zh_CN, Google zh-CN-en)")
    write_set(
        out,
        rows,
        Glossary(tuple(terms), "zh", "en"),
        {
            "name": "tico19-health",
            "domain": "health (COVID-19: PubMed, Wikipedia, Wikivoyage, CMU dialogues)",
            "script": "Simplified",
            "source": "https://tico-19.github.io/ (TICO-19 benchmark test+dev, terminologies)",
            "licence": "CC0 1.0",
            "how": "The TMX of the TICO-19 test and dev sets (English original, zh-CN human "
            "translation) is turned round: Chinese source, English target. The glossary joins "
            "TICO-19's Facebook en-zh_CN terminology (306 entries, reversed) and Google's zh-CN "
            "terminology (49 entries): entries are grouped by Chinese term, full-width acronym "
            "brackets (艾滋病（AIDS）) dropped, identical Latin entries (CDC, covid19) left out; "
            "the English form the human translation uses most where the Chinese occurs becomes "
            "the approved target, the other forms variants.",
        },
    )


def _asv_verses(path: Path) -> dict[str, str]:
    """ASV verses keyed ``Book|chapter|verse`` from a SWORD module zip or its JSON export."""
    if path.suffix == ".json":
        data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return data
    from pysword.modules import SwordModules  # data preparation only, not a project dependency

    modules = SwordModules(str(path))
    modules.parse_modules()
    bible = modules.get_bible_from_module("ASV")
    books = bible.get_structure().get_books()
    verses = {}
    for testament in ("ot", "nt"):
        for book in books[testament]:
            for ch in range(1, book.num_chapters + 1):
                for v in range(1, book.chapter_lengths[ch - 1] + 1):
                    text = bible.get(books=[book.osis_name], chapters=[ch], verses=[v], clean=True)
                    verses[f"{book.name}|{ch}|{v}"] = text.strip()
    return verses


_NAME_STOP = set("God Jehovah LORD Lord I O Selah Amen Spirit Holy Son Father Most High".split())
_BAD_ZH = re.compile(r"[的兒子‧王長祭城山溪]")
_NOT_ALONE = set("Ben En Kiriath Hazar Abed Ish Paddan Pekah Anah Baptist Magdalene Ramoth".split())
_NOT_ALONE |= set("Jabesh Shadrach Meshach Nun Ner Og Beor Amoz Remaliah Kareah Canaan".split())
BIBLE_BOOKS = ("Genesis", "Ruth", "Esther", "Acts")


def _grams(text: str) -> set[str]:
    out = set()
    for n in range(2, 7):
        for a in range(len(text) - n + 1):
            g = text[a : a + n]
            if not re.search(r"[，。；：、「」『』？！（）‧　─]", g):
                out.add(g)
    return out


def bible_names(pairs: list[tuple[str, str]]) -> list[tuple[str, str, int, float]]:
    """Person and place names aligned by verse co-occurrence: (zh, en, verses, Dice).

    An English word is a name when it is capitalised mid-sentence at least five times and never
    written in lower case; its Chinese is the 2-6 character string with the best Dice
    coefficient over verses (at least 0.8, present in 60% of the name's verses).
    """
    word = re.compile(r"[^\W\d_]+")
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    joined: Counter[str] = Counter()  # parts of hyphenated names ("Tel-abib", "Rab-saris")
    verses_of: dict[str, set[int]] = defaultdict(set)
    for i, (_, en) in enumerate(pairs):
        for j, m in enumerate(word.finditer(en)):
            w = m.group()
            before = en[: m.start()].rstrip()
            initial = j == 0 or before.endswith((".", "?", "!", ":", ";", "“", '"', "‘"))
            joined[w] += en[m.end() : m.end() + 1] == "-" or en[m.start() - 1 : m.start()] == "-"
            if w[0].isupper():
                capital[w] += 0 if initial else 1
                verses_of[w].add(i)
            else:
                lower[w.capitalize()] += 1
    grams = [_grams(zh) for zh, _ in pairs]
    df: Counter[str] = Counter()
    for g in grams:
        df.update(g)
    found = []
    for name, count in capital.items():
        if count < 5 or lower[name] or name in _NAME_STOP or name.isupper() or name in _NOT_ALONE:
            continue
        if joined[name] > 0.2 * count:
            continue
        where = verses_of[name]
        near: Counter[str] = Counter()
        for i in where:
            near.update(grams[i])
        best: tuple[tuple[float, int], str, float] | None = None
        for g, n in sorted(near.items()):  # ties keep the first string: the same every run
            if n < 0.6 * len(where):
                continue
            dice = 2 * n / (len(where) + df[g])
            key = (round(dice, 2), len(g))
            if best is None or key > best[0]:
                best = (key, g, dice)
        if best and best[2] >= 0.8 and not _BAD_ZH.search(best[1]):
            found.append((best[1], name, len(where), round(best[2], 3)))
    by_zh: dict[str, tuple[str, str, int, float]] = {}
    for entry in sorted(found, key=lambda e: -e[2]):
        by_zh.setdefault(entry[0], entry)  # one English name per Chinese string
    return sorted(by_zh.values(), key=lambda e: -e[2])


def build_bible(cuv: Path, asv: Path, out: Path) -> None:
    """CUV 1919 (Traditional, public domain) as source, ASV 1901 (public domain) as target."""
    english = _asv_verses(asv)
    pairs_all: list[tuple[str, str, str]] = []
    with cuv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = f"{row['Book']}|{row['Chapter']}|{row['Verse']}"
            zh = row["Text"].replace(" ", "").replace("\u3000", "").strip()
            if key in english and zh and english[key]:
                pairs_all.append((key, zh, english[key]))
    names = bible_names([(zh, en) for _, zh, en in pairs_all])
    terms = _terms(((zh, en, ()) for zh, en, _, _ in names), note="aligned CUV/ASV name")
    rows = []
    for key, zh, en in pairs_all:
        book, ch, v = key.split("|")
        if book in BIBLE_BOOKS:
            rows.append((f"{book.replace(' ', '')}.{ch}#{v}", zh, en))
    write_set(
        out,
        rows,
        Glossary(tuple(terms), "zh-Hant", "en"),
        {
            "name": "bible-names",
            "domain": "narrative with person and place names (" + ", ".join(BIBLE_BOOKS) + ")",
            "script": "Traditional",
            "source": "Chinese Union Version 1919 (ChiUn) and American Standard Version 1901, "
            "as published in https://github.com/scrollmapper/bible_databases",
            "licence": "public domain (both texts)",
            "how": "Verses are paired by book, chapter and verse ("
            + f"{len(pairs_all):,}"
            + " pairs: verses empty or missing on one side left out; the spaces of "
            "the word-segmented ChiUn text removed). The glossary is aligned over the whole "
            "Bible: an English word is a name when it is capitalised mid-sentence at least five "
            "times, never lower-case and not mostly part of a hyphenated name; its Chinese is "
            "the 2-6 character string with the best verse Dice coefficient (>= 0.8, in >= 60% "
            "of the name's verses), not containing 的/兒子/王/城/山 and the like; one English "
            "name per Chinese string. A reviewer read a random sample of 80 entries (2 wrong, "
            "both then filtered out). The corpus is " + ", ".join(BIBLE_BOOKS) + "; documents "
            "are chapters.",
        },
    )


CONSTITUTION_TERMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("中华人民共和国", "People's Republic of China", ()),
    ("全国人民代表大会", "National People's Congress", ()),
    ("全国人民代表大会常务委员会", "National People's Congress Standing Committee", ()),
    ("全国人民代表大会代表", "deputies to the National People's Congress", ()),
    ("常务委员会", "standing committee", ()),
    ("人民代表大会", "people's congress", ()),
    ("地方各级人民代表大会", "local people's congresses at all levels", ()),
    ("地方各级人民政府", "local people's governments at all levels", ()),
    ("人民政府", "people's government", ()),
    ("国务院", "State Council", ()),
    ("中央军事委员会", "Central Military Commission", ()),
    ("国家监察委员会", "National Commission of Supervision", ()),
    ("监察委员会", "commission of supervision", ("supervisory commission",)),
    ("最高人民法院", "Supreme People's Court", ()),
    ("最高人民检察院", "Supreme People's Procuratorate", ()),
    ("人民法院", "people's court", ()),
    ("人民检察院", "people's procuratorate", ()),
    ("中国共产党", "Communist Party of China", ()),
    ("民族自治地方", "ethnic autonomous area", ()),
    ("自治区", "autonomous region", ()),
    ("自治州", "autonomous prefecture", ()),
    ("自治县", "autonomous county", ()),
    ("自治机关", "organs of self-government", ("autonomous organs",)),
    ("自治条例", "autonomous regulations", ()),
    ("单行条例", "local-specific regulations", ()),
    ("少数民族", "ethnic minorities", ()),
    ("民族乡", "ethnic township", ()),
    ("直辖市", "cities directly under central government jurisdiction", ()),
    ("县级以上", "at and above the county level", ("at or above the county level",)),
    ("宪法", "Constitution", ()),
    ("副主席", "vice president", ("vice chairperson",)),
    ("总理", "premier", ()),
    ("副总理", "vice premier", ()),
    ("国务委员", "state councilor", ()),
    ("审计长", "auditor general", ()),
    ("秘书长", "secretary general", ()),
    ("特别行政区", "special administrative region", ()),
    ("公民", "citizen", ()),
    ("民主集中制", "democratic centralism", ()),
    ("人民民主专政", "people's democratic dictatorship", ()),
    ("依法治国", "law-based governance", ()),
    ("全民所有制", "ownership by the whole people", ()),
    ("集体所有制", "collective ownership", ()),
    ("居民委员会", "residents committee", ()),
    ("村民委员会", "villagers committee", ()),
    ("审判机关", "adjudicatory organ", ()),
    ("检察机关", "procuratorial organ", ()),
    ("监察机关", "supervisory organ", ()),
    ("行政机关", "administrative organ", ()),
    ("国家机关", "state organ", ()),
    ("国家权力机关", "state organ of power", ()),
    ("社会主义市场经济", "socialist market economy", ()),
    ("生产资料", "means of production", ()),
    ("按劳分配", "distribution according to work", ()),
    ("武装力量", "armed forces", ()),
    ("选举权", "right to vote", ()),
    ("被选举权", "stand for election", ()),
    ("计划生育", "family planning", ()),
    ("任期", "term of office", ()),
    ("行政法规", "administrative regulation", ()),
    ("地方性法规", "local regulation", ()),
    ("特赦", "special pardon", ()),
    ("紧急状态", "state of emergency", ()),
    ("爱国统一战线", "patriotic united front", ()),
    ("中国人民政治协商会议", "Chinese People's Political Consultative Conference", ()),
    ("中国特色社会主义", "socialism with Chinese characteristics", ()),
    ("马克思列宁主义", "Marxism-Leninism", ()),
    ("毛泽东思想", "Mao Zedong Thought", ()),
    ("邓小平理论", "Deng Xiaoping Theory", ()),
    ("科学发展观", "Scientific Outlook on Development", ()),
    ("审计机关", "auditing body", ("auditing bodies",)),
    ("国防", "national defense", ()),
)


def constitution_pairs(text: str) -> list[tuple[str, str, str]]:
    """(document, zh, en) from the interleaved Chinese/English paragraphs; chapters are docs."""
    paras = [line.strip() for line in text.splitlines() if line.strip()]
    out: list[tuple[str, str, str]] = []
    doc = "preamble"
    chapters = sections = 0
    i = 0
    while i < len(paras) - 1:
        zh, en = paras[i], paras[i + 1]
        if CJK.search(zh) and not CJK.search(en) and re.search(r"[A-Za-z]", en):
            if re.match(r"第[一二三四五六七八九十]+章", zh):
                chapters += 1
                doc = f"chapter{chapters}"
                sections = 0
            elif re.match(r"第[一二三四五六七八九十]+节", zh):
                sections += 1
                doc = f"chapter{chapters}.{sections}"
            out.append((doc, zh, en))
            i += 2
        else:
            i += 1
    return out


def build_constitution(md: Path, out: Path) -> None:
    """The PRC Constitution (2018) with the NPC's official English translation."""
    rows = []
    counters: Counter[str] = Counter()
    for doc, zh, en in constitution_pairs(md.read_text(encoding="utf-8")):
        counters[doc] += 1
        rows.append((f"{doc}#{counters[doc]}", zh, en))
    terms = _terms(CONSTITUTION_TERMS, note="hand-built from the official translation")
    write_set(
        out,
        rows,
        Glossary(tuple(terms), "zh", "en"),
        {
            "name": "constitution-policy",
            "domain": "policy and law (state institutions, economy, rights)",
            "script": "Simplified",
            "source": "Constitution of the People's Republic of China (2018 amendment) and the "
            "NPC's official English translation, http://www.npc.gov.cn/englishnpc/constitution2019/",
            "licence": "not protected: PRC Copyright Law art. 5 (laws and their official "
            "translations); effectively public domain",
            "how": "The bilingual text (Chinese paragraph, then its English) is paired "
            "paragraph by paragraph; documents are the preamble, chapters and the sections of "
            "chapter 3. The 72-term glossary was written by hand from the official translation "
            "and checked against it: each term's rendering is what the translation uses for it "
            "in most occurrences (coordinated forms such as 'administrative, supervisory, "
            "adjudicatory and procuratorial organs' are left as they are: they are real).",
        },
    )


def main(argv: list[str] | None = None) -> None:
    """Command line: build one set."""
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="set", required=True)
    tico = sub.add_parser("tico19")
    tico.add_argument("--tmx", type=Path, required=True)
    tico.add_argument("--google", type=Path, required=True)
    tico.add_argument("--fb", type=Path, required=True)
    bible = sub.add_parser("bible")
    bible.add_argument("--cuv", type=Path, required=True)
    bible.add_argument("--asv", type=Path, required=True)
    const = sub.add_parser("constitution")
    const.add_argument("--md", type=Path, required=True)
    for p in (tico, bible, const):
        p.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.set == "tico19":
        build_tico19(args.tmx, args.google, args.fb, args.out)
    elif args.set == "bible":
        build_bible(args.cuv, args.asv, args.out)
    else:
        build_constitution(args.md, args.out)


if __name__ == "__main__":
    main()
