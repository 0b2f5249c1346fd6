"""The segment model: one source paragraph and its machine translation."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

CODE_KINDS = ("open", "close", "standalone")
PUA_FIRST = 0xE000
PUA_LAST = 0xF8FF


@dataclass(frozen=True, slots=True)
class InlineCode:
    """An inline code (tag) of a bilingual file, protected as one placeholder character.

    In ``Segment.source``/``target`` each code stands as the single private-use character
    ``char`` (U+E000 and up), so offsets stay simple and term matching never sees markup;
    ``markup`` is the original XML, restored exactly on export.
    """

    char: str
    kind: str  # "open" | "close" | "standalone"
    id: str
    markup: str
    label: str = ""  # what the reviewer sees, e.g. "<g1>" or "{1}"
    protected: bool = False  # opens (or closes) a span the reviewer may not change

    def to_dict(self) -> dict[str, str | bool]:
        """The code as a JSON-serialisable dict (the inverse of :meth:`from_dict`)."""
        out: dict[str, str | bool] = {
            "char": self.char,
            "kind": self.kind,
            "id": self.id,
            "markup": self.markup,
            "label": self.label,
        }
        if self.protected:
            out["protected"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InlineCode:
        """Rebuild a code from :meth:`to_dict` output.

        Raises:
            ValueError: when a field is missing or not a string, the kind is unknown, or
                ``char`` is not one private-use character.
        """
        values: dict[str, str] = {}
        for name in ("char", "kind", "id", "markup", "label"):
            value = data.get(name, "" if name == "label" else None)
            if not isinstance(value, str):
                raise ValueError(f"inline code field {name!r} must be a string")
            values[name] = value
        char = values["char"]
        if len(char) != 1 or not PUA_FIRST <= ord(char) <= PUA_LAST:
            raise ValueError(f"inline code char must be one private-use character, not {char!r}")
        if values["kind"] not in CODE_KINDS:
            raise ValueError(f"inline code kind must be one of {', '.join(CODE_KINDS)}")
        protected = data.get("protected", False)
        if not isinstance(protected, bool):
            raise ValueError("inline code field 'protected' must be true or false")
        return cls(**values, protected=protected)


def show_codes(text: str, codes: tuple[InlineCode, ...]) -> str:
    """``text`` with each code's placeholder shown as its label (for display only).

    The one rule is :func:`mtreview.corpus.tokens.render` (imported here late: it builds on
    this module).
    """
    if not codes:
        return text
    from mtreview.corpus.tokens import render

    return render(text, codes)


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of the corpus.

    Attributes:
        id: Unique id within the corpus.
        source: The source text (Chinese).
        target: The machine-translated target text (English).
        reference: An optional human reference translation.
        line: The 1-based line of the input file the segment came from, if any.
        codes: The inline codes whose placeholder characters stand in source and target.
        locked: The whole unit is not to be translated or changed (``translate="no"``, a
            memoQ/Trados/Phrase lock): shown, never checked, written back untouched. Spans
            inside a segment are protected by their codes instead (:attr:`InlineCode.protected`,
            see :mod:`mtreview.corpus.tokens`).
    """

    id: str
    source: str
    target: str
    reference: str | None = None
    line: int | None = None
    codes: tuple[InlineCode, ...] = ()
    locked: bool = False


REVIEW_STATUSES = ("todo", "confirmed")


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """What a review did to one segment, for writers that record it in the file.

    The reviewed text itself is the segment's ``target`` in the corpus handed to the writer;
    the record says how it got there. Writers map it to the format's own status (XLIFF
    ``state``, memoQ ``mq:status``, Trados ``sdl:seg conf``, TMX ``changedate``…, see
    :mod:`mtreview.corpus.review_states`).

    Attributes:
        id: The segment id.
        status: ``todo`` or ``confirmed`` (the reviewer signed the segment off).
        edited: Whether the reviewer changed the machine translation.
        reviewer: Who reviewed it last.
        time: When, ISO 8601 in UTC (``2026-01-31T09:15:00.000+00:00``).
        comments: The reviewer's comments, oldest first; written as notes.
    """

    id: str
    status: str = "todo"
    edited: bool = False
    reviewer: str = ""
    time: str = ""
    comments: tuple[str, ...] = ()

    @property
    def touched(self) -> bool:
        """Whether the review left a mark to write: an edit, a confirmation or a comment."""
        return self.edited or self.status == "confirmed" or bool(self.comments)


@dataclass(frozen=True, slots=True)
class Corpus:
    """An ordered collection of segments read from one place.

    ``format`` names the registry format it was read from; ``document`` keeps the original file
    bytes of formats that are written back by patching the original (XLIFF, TMX).
    """

    segments: tuple[Segment, ...]
    path: str | None = None
    source_lang: str = "zh"
    target_lang: str = "en"
    meta: dict[str, str] = field(default_factory=dict, compare=False)
    format: str = "tsv"
    document: bytes | None = field(default=None, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.segments)

    def by_id(self) -> dict[str, Segment]:
        """Return the segments keyed by id."""
        return {seg.id: seg for seg in self.segments}

    def with_languages(self, source_lang: str, target_lang: str) -> Corpus:
        """This corpus with its unknown (empty) languages set to the ones given.

        TSV and JSONL files often do not say their languages: the caller takes them from a
        ``--source-lang``/``--target-lang`` flag or the glossary, never a silent default.
        """
        return replace(
            self,
            source_lang=self.source_lang or source_lang,
            target_lang=self.target_lang or target_lang,
        )

    @property
    def has_reference(self) -> bool:
        """Whether any segment carries a reference translation."""
        return any(seg.reference is not None for seg in self.segments)
