"""Plant realistic term errors in a human translation, each with its exact target span.

Kinds (never a wrong plural, which is no error):

* ``synonym``: one word of the rendering replaced by a near-synonym ("supervisory commission"
  -> "oversight commission");
* ``reorder``: the words in another order ("Standing Committee" -> "Committee Standing",
  "commission of supervision" -> "supervision commission");
* ``drop-word``: one word of a multi-word rendering left out;
* ``typo``: two inner letters of a word swapped ("pneumonia" -> "pnuemonia");
* ``name-misspell``: one vowel of a name changed ("Ruochen" -> "Ruochan");
* ``name-join``: a multi-word name joined ("Su Yu" -> "SuYu" / "Suyu");
* ``name-hyphen``: a multi-word name hyphenated ("Su Yu" -> "Su-yu");
* ``drop``: the rendering removed (nothing to locate).

A plant is kept only when the reference judge confirms it: the planted term loses exactly one
verified rendering and every other term of the segment keeps its count.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from mtreview.corpus.model import Corpus, Segment
from termq.oracle import SMALL_WORDS, Judgement, SourceFinder, is_name, judge

SYNONYMS = {
    "disease": "illness",
    "illness": "sickness",
    "epidemic": "outbreak",
    "pandemic": "epidemic",
    "outbreak": "surge",
    "infection": "contagion",
    "transmission": "spread",
    "spread": "diffusion",
    "testing": "screening",
    "test": "exam",
    "mask": "covering",
    "masks": "coverings",
    "fever": "temperature",
    "symptoms": "signs",
    "symptom": "sign",
    "vaccine": "inoculation",
    "vaccines": "inoculations",
    "treatment": "therapy",
    "drug": "medicine",
    "contact": "exposure",
    "distancing": "spacing",
    "quarantine": "seclusion",
    "isolation": "seclusion",
    "rate": "ratio",
    "death": "fatality",
    "mortality": "death",
    "protective": "safety",
    "equipment": "gear",
    "sanitizer": "cleanser",
    "respiratory": "breathing",
    "syndrome": "disorder",
    "acute": "sharp",
    "severe": "serious",
    "chronic": "persistent",
    "novel": "new",
    "virus": "germ",
    "host": "carrier",
    "immune": "defence",
    "period": "phase",
    "hygiene": "cleanliness",
    "cough": "hack",
    "committee": "commission",
    "commission": "committee",
    "council": "board",
    "congress": "assembly",
    "court": "tribunal",
    "procuratorate": "prosecution",
    "region": "zone",
    "area": "district",
    "county": "district",
    "prefecture": "province",
    "organ": "body",
    "organs": "bodies",
    "body": "organ",
    "government": "administration",
    "party": "faction",
    "minorities": "minority groups",
    "ethnic": "national",
    "citizen": "national",
    "central": "national",
    "military": "armed",
    "supervision": "oversight",
    "supervisory": "oversight",
    "administrative": "executive",
    "state": "national",
    "national": "state",
    "people's": "public",
    "democratic": "popular",
    "dictatorship": "rule",
    "governance": "rule",
    "ownership": "possession",
    "collective": "communal",
    "regulations": "rules",
    "regulation": "rule",
    "pardon": "amnesty",
    "emergency": "crisis",
    "defense": "security",
    "premier": "prime minister",
    "president": "chairman",
    "deputies": "delegates",
    "socialist": "communist",
    "market": "commercial",
    "economy": "market",
    "production": "manufacturing",
    "distribution": "allocation",
    "armed": "military",
    "forces": "troops",
    "election": "ballot",
    "planning": "control",
    "office": "service",
    "general": "chief",
    "secretary": "clerk",
    "special": "particular",
    "township": "town",
    "cities": "towns",
    "jurisdiction": "authority",
    "level": "tier",
    "thought": "theory",
    "theory": "thinking",
    "outlook": "view",
    "development": "progress",
    "front": "alliance",
    "conference": "meeting",
    "characteristics": "features",
    "residents": "inhabitants",
    "villagers": "peasants",
    "auditing": "inspection",
    "rights": "entitlements",
    "crisis": "emergency",
    "care": "attention",
    "health": "wellness",
    "public": "civic",
    "diagnosis": "finding",
    "clinical": "medical",
    "trial": "experiment",
    "failure": "collapse",
    "shortness": "lack",
    "breath": "air",
    "throat": "neck",
    "nose": "nostril",
    "water": "liquid",
    "hand": "palm",
    "hands": "palms",
    "surface": "exterior",
    "surfaces": "exteriors",
    "lockdown": "shutdown",
    "restrictions": "limits",
    "flu": "cold",
}
DROP = "drop"
_VOWELS = "aeiou"
_NEXT_VOWEL = {"a": "e", "e": "a", "i": "e", "o": "u", "u": "o"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


@dataclass(frozen=True)
class Plant:
    """One planted error: where, what, and the exact span of the planted text."""

    segment: str
    term: str
    kind: str
    original: str  # the rendering as the human wrote it
    planted: str  # what replaced it ("" for a drop)
    span: tuple[int, int]  # of ``planted`` in the corrupted target (empty for a drop)
    target: str  # the corrupted target
    human: str  # the human target

    @property
    def locatable(self) -> bool:
        """Whether a span should be offered: not for a drop, nor for a one-word synonym that
        shares nothing with the term (it should be reported absent, with no fix)."""
        return self.kind != DROP and not (self.kind == "synonym" and len(self.original.split()) < 2)


def personal_name(rendering: str) -> bool:
    """A short name whose errors are name errors: "Su Yu", "Abraham", "Hao Ren" (not a title
    such as "National People's Congress", which gets the term kinds)."""
    words = rendering.split()
    return (
        is_name(rendering)
        and len(words) <= 3
        and not any(w.lower() in SMALL_WORDS or "'" in w or "’" in w for w in words)
    )


def _case_like(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _synonym(text: str, rng: random.Random) -> str | None:
    words = [m for m in _WORD.finditer(text) if m.group().lower() in SYNONYMS]
    if not words:
        return None
    m = rng.choice(words)
    new = _case_like(SYNONYMS[m.group().lower()], m.group())
    return text[: m.start()] + new + text[m.end() :]


def _content(text: str) -> list[re.Match[str]]:
    return [m for m in _WORD.finditer(text) if m.group().lower() not in SMALL_WORDS]


def _reorder(text: str, rng: random.Random) -> str | None:
    parts = text.split()
    if len(parts) < 2:
        return None
    if "of" in parts[1:-1]:  # "commission of supervision" -> "supervision commission"
        k = parts.index("of")
        return " ".join(parts[k + 1 :] + parts[:k])
    i = len(parts) - 2
    parts[i], parts[i + 1] = parts[i + 1], parts[i]
    return " ".join(parts)


def _drop_word(text: str, rng: random.Random) -> str | None:
    words = _content(text)
    if len(words) < 2:
        return None
    m = rng.choice(words)
    rest = (text[: m.start()] + text[m.end() :]).split()
    while rest and rest[0].lower() in SMALL_WORDS:
        rest.pop(0)
    while rest and rest[-1].lower() in SMALL_WORDS:
        rest.pop()
    return " ".join(rest).strip(" -") or None


def _typo(text: str, rng: random.Random) -> str | None:
    words = [m for m in _WORD.finditer(text) if len(m.group()) >= 5]
    if not words:
        return None
    m = rng.choice(words)
    w = m.group()
    i = rng.randrange(1, len(w) - 2)
    if w[i] == w[i + 1]:
        return None
    return text[: m.start() + i] + w[i + 1] + w[i] + text[m.start() + i + 2 :]


def _misspell(text: str, rng: random.Random) -> str | None:
    spots = [
        m.start() + i
        for m in _WORD.finditer(text)
        if len(m.group()) >= 3
        for i, ch in enumerate(m.group())
        if i and ch.lower() in _VOWELS
    ]
    if not spots:
        return None
    i = rng.choice(spots)
    return text[:i] + _NEXT_VOWEL[text[i].lower()] + text[i + 1 :]


def _join(text: str, rng: random.Random) -> str | None:
    parts = text.split()
    if len(parts) < 2:
        return None
    rest = [p if rng.random() < 0.5 else p.lower() for p in parts[1:]]
    return parts[0] + "".join(rest)


def _hyphen(text: str, rng: random.Random) -> str | None:
    parts = text.split()
    if len(parts) < 2:
        return None
    return "-".join([parts[0], *(p.lower() for p in parts[1:])])


Corrupt = Callable[[str, random.Random], "str | None"]
NAME_KINDS: dict[str, Corrupt] = {
    "name-misspell": _misspell,
    "name-join": _join,
    "name-hyphen": _hyphen,
}
TERM_KINDS: dict[str, Corrupt] = {
    "synonym": _synonym,
    "reorder": _reorder,
    "drop-word": _drop_word,
    "typo": _typo,
}


def _drop(target: str, s: int, e: int) -> tuple[str, tuple[int, int]]:
    """Remove ``target[s:e]`` with one adjoining space; the empty span where it stood."""
    if e < len(target) and target[e] == " ":
        e += 1
    elif s > 0 and target[s - 1] == " ":
        s -= 1
    return target[:s] + target[e:], (s, s)


def _confirmed(
    finder: SourceFinder, seg: Segment, target: str, term: str, before: dict[str, Judgement]
) -> bool:
    after = judge(finder, seg.source, target)
    for tid, j in before.items():
        want = j.verified - 1 if tid == term else j.verified
        if tid not in after or after[tid].verified != want:
            return False
    return True


def plant_errors(
    corpus: Corpus,
    finder: SourceFinder,
    human: dict[str, dict[str, Judgement]],
    seed: int = 1,
    limit: int = 300,
) -> tuple[list[Plant], Corpus]:
    """Plant at most one error per segment (``limit`` in all), balanced over the kinds."""
    rng = random.Random(seed)
    candidates = [
        (seg, j)
        for seg in corpus.segments
        for j in human.get(seg.id, {}).values()
        if j.n and j.clean and j.spans
    ]
    rng.shuffle(candidates)
    used: Counter[str] = Counter()
    plants: dict[str, Plant] = {}
    for seg, j in candidates:
        if len(plants) >= limit:
            break
        if seg.id in plants:
            continue
        s, e = rng.choice(j.spans)
        original = seg.target[s:e]
        kinds: dict[str, Corrupt | None] = dict(
            NAME_KINDS if personal_name(j.term.target) else TERM_KINDS
        )
        kinds[DROP] = None
        order = sorted(kinds, key=lambda k: (used[k], rng.random()))
        for kind in order:
            corrupt = kinds[kind]
            if corrupt is None:
                target, span = _drop(seg.target, s, e)
                planted = ""
            else:
                new = corrupt(original, rng)
                if not new or new == original:
                    continue
                target = seg.target[:s] + new + seg.target[e:]
                span, planted = (s, s + len(new)), new
            if _confirmed(finder, seg, target, j.term.id, human[seg.id]):
                plants[seg.id] = Plant(
                    seg.id, j.term.id, kind, original, planted, span, target, seg.target
                )
                used[kind] += 1
                break
    corrupted = tuple(
        replace(seg, target=plants[seg.id].target) if seg.id in plants else seg
        for seg in corpus.segments
    )
    ordered = [plants[seg.id] for seg in corpus.segments if seg.id in plants]
    return ordered, replace(corpus, segments=corrupted)
