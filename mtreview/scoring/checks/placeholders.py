"""URLs, e-mail addresses, file paths and code placeholders must reach the target unchanged.

Tokens are found in both texts with full-width ASCII read as ASCII (ｈｔｔｐ：／／ is http://),
then compared as multisets: a token of the source the target lacks is missing, one the source
lacks is extra, and one of each is a change (with a fix back to the source's token). URLs
compare without scheme and final slash, with the host in lower case; e-mail addresses ignore
case; placeholders and tags ignore spaces inside. Inline codes of bilingual files are
`tag-mismatch`'s business and are not seen here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from mtreview.scoring.checks import SegmentContext, register
from mtreview.scoring.issues import Fix, Issue

URL_CHECK = "url-mismatch"
CODE_CHECK = "placeholder-mismatch"
# Full-width ASCII and the ideographic space as ASCII: one character for one, so spans hold.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_WIDE = re.compile("[\uff01-\uff5e\u3000]")
_NOT_URL = r"\s<>\"'“”‘’\u3000-\u9fff\uac00-\ud7af\ue000-\uf8ff\uff00-\uffef"
_EXT = (
    "jpe?g|png|gif|bmp|svg|tiff?|webp|pdf|docx?|xlsx?|pptx?|txt|csv|tsv|rtf|md|zip|rar|7z|gz"
    "|tar|exe|dll|msi|apk|dmg|iso|html?|xml|json|ya?ml|ini|cfg|conf|log|py|js|ts|java|c|h|cpp"
    "|cs|go|rs|rb|php|sh|bat|ps1|sql|mp[34]|wav|avi|mov|mkv|xliff?|tmx|tbx|po"
)
_PART = r"[^\\\s<>:\"|?*,;]+"  # a part of a Windows path (spaces only inside folder names)
_FILE = rf"[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(?:{_EXT})(?![A-Za-z0-9_])"
# (check, label, trigger, pattern): the pattern runs only where the (cheap) trigger is found;
# earlier patterns win where two overlap. A trigger starts with a literal or a class, so that
# the search skips to the characters that may start it.
PATTERNS: tuple[tuple[str, str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        URL_CHECK,
        "URL",
        re.compile("[/wW](?:(?<=/) ?/|(?<=[wW])[wW]{2})"),  # "/ ?/|www" ignoring case
        re.compile(rf"(?:(?:https?|ftp) ?: ?/ ?/ ?|(?<![A-Za-z0-9.-])www\.)[^{_NOT_URL}]+", re.I),
    ),
    (
        URL_CHECK,
        "e-mail address",
        re.compile("@"),
        re.compile(r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", re.A),
    ),
    (
        URL_CHECK,
        "file path",
        re.compile(r":\\"),
        re.compile(rf"(?<![A-Za-z0-9])[A-Za-z]:\\(?:{_PART}(?: {_PART})*\\)*(?:{_PART})?"),
    ),
    (
        URL_CHECK,
        "file path",
        re.compile("/"),
        re.compile(r"(?<![A-Za-z0-9_/.:~])(?:~|\.{1,2})?(?:/[A-Za-z0-9_.-]+){2,}/?"),
    ),
    (
        URL_CHECK,
        "file name",
        re.compile(rf"\.(?:{_EXT})(?![A-Za-z0-9_])"),
        re.compile(rf"(?<![A-Za-z0-9_./-])(?:[A-Za-z0-9_-]+/)*{_FILE}"),
    ),
    (
        CODE_CHECK,
        "placeholder",
        re.compile("{"),
        re.compile(
            r"\{\{\s*[\w.]+\s*\}\}|\$\{[^{}\s]+\}"
            r"|\{\d+(?:,[^{}]*)?(?::[^{}]*)?\}|\{[A-Za-z_]\w*\}"
        ),
    ),
    (
        CODE_CHECK,
        "placeholder",
        re.compile("%"),
        re.compile(
            r"%(?:\d+\$)?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|j|t|q)?"
            r"[diouxXeEfFgGaAcspn@](?![A-Za-z])"
            r"|%\([A-Za-z_]\w*\)[-+#0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
            r"|(?<![\w%])%\d{1,2}(?!\d)|%[A-Z_][A-Z0-9_]*%"
        ),
    ),
    (
        CODE_CHECK,
        "tag",
        re.compile("<"),
        re.compile(r"</?[a-z][a-z0-9]*(?::[a-z][\w-]*)?(?:\s[^<>]*)?/?>"),
    ),
)
# Whether any trigger above may find something, in one scan (a text without: most texts): a
# character that starts one of them, then what must follow or precede it ("/ ?/" is within "/").
_ANY_TRIGGER = re.compile(
    rf"[/wW@:.{{%<](?:(?<=[/@{{%<])|(?<=:)\\|(?<=[wW])[wW]{{2}}|(?<=\.)(?:{_EXT})(?![A-Za-z0-9_]))"
)
_TRAILING = ".,;:!?'\"*"
_URL_PARTS = re.compile(r"((?:[a-z]+ ?: ?/ ?/ ?)?[^/]*)(.*)", re.I | re.S)


@dataclass(frozen=True, slots=True)
class Token:
    """A URL, address, path or placeholder found in a text."""

    check: str
    label: str
    text: str
    span: tuple[int, int]

    @property
    def key(self) -> str:
        """What must agree between source and target."""
        if self.label == "URL":
            m = _URL_PARTS.match(self.text.rstrip("/"))
            assert m is not None  # the pattern matches any text
            return m[1].lower() + m[2]
        if self.label == "e-mail address":
            return self.text.casefold()
        return self.text if self.check == URL_CHECK else "".join(self.text.split())


def _trim(text: str, start: int, end: int) -> int:
    """The end of a URL without the sentence punctuation that follows it."""
    while end > start and (
        text[end - 1] in _TRAILING
        or (text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end))
    ):
        end -= 1
    return end


def tokens(text: str) -> list[Token]:
    """The tokens of ``text``, in order of position."""
    work = text
    for wide in () if text.isascii() else dict.fromkeys(_WIDE.findall(text)):
        work = work.replace(wide, chr(_FOLD[ord(wide)]))  # a few replaces beat a translate
    found: list[Token] = []
    if not _ANY_TRIGGER.search(work):
        return found  # no trigger below would find anything
    for check, label, trigger, pattern in PATTERNS:
        if not trigger.search(work):
            continue
        mine: list[Token] = []
        for m in pattern.finditer(work):
            start, end = m.span()
            if label == "URL":
                end = _trim(work, start, end)
            if end > start:
                mine.append(Token(check, label, work[start:end], (start, end)))
        if mine:  # blank them out: the next patterns skip them
            parts, at = [], 0
            for token in mine:
                parts += [work[at : token.span[0]], "\0" * len(token.text)]
                at = token.span[1]
            work = "".join([*parts, work[at:]])
            found += mine
    return sorted(found, key=lambda t: t.span)


def unmatched(tokens: list[Token], others: list[Token]) -> list[Token]:
    """The tokens with no counterpart (same key) among ``others``, one for one."""
    spare = Counter(t.key for t in others)
    out: list[Token] = []
    for token in tokens:
        if spare[token.key]:
            spare[token.key] -= 1
        else:
            out.append(token)
    return out


def _changed(lost: list[Token], added: list[Token]) -> list[tuple[Token, Token]]:
    """Pairs (source token, target token) read as changes: as many lost as added, by kind."""
    pairs: list[tuple[Token, Token]] = []
    for label in dict.fromkeys(t.label for t in lost):
        was = [t for t in lost if t.label == label]
        now = [t for t in added if t.label == label]
        if len(was) == len(now):
            pairs += zip(was, now, strict=True)
    return pairs


def _issues(segment: str, source: list[Token], target: list[Token]) -> list[Issue]:
    lost, added = unmatched(source, target), unmatched(target, source)
    changed = _changed(lost, added)
    paired = {id(t) for pair in changed for t in pair}
    issues = []
    for was, now in changed:
        issues.append(
            Issue(
                segment,
                was.check,
                "major",
                f"{was.label} {was.text!r} of the source is {now.text!r} in the target",
                source_span=was.span,
                target_span=now.span,
                found=now.text,
                expected=was.text,
                fix=Fix(now.span, was.text),
            )
        )
    for t in lost:
        if id(t) in paired:
            continue
        issues.append(
            Issue(
                segment,
                t.check,
                "major",
                f"{t.label} {t.text!r} of the source is missing from the target",
                source_span=t.span,
                expected=t.text,
            )
        )
    for t in added:
        if id(t) in paired:
            continue
        issues.append(
            Issue(
                segment,
                t.check,
                "major",
                f"{t.label} {t.text!r} in the target is not in the source",
                target_span=t.span,
                found=t.text,
            )
        )
    return issues


@register(
    "placeholders",
    {
        URL_CHECK: ("major", "a URL, e-mail address or file name of the source missing or changed"),
        CODE_CHECK: (
            "major",
            "a placeholder ({0}, %s, ${x}) or tag of the source missing or changed",
        ),
    },
)
def check_placeholders(ctx: SegmentContext) -> Iterable[Issue]:
    """Missing, extra and changed URLs, addresses, paths and placeholders."""
    seg = ctx.segment
    if not seg.target.strip() or not seg.source.strip():
        return []
    source, target = tokens(seg.source), tokens(seg.target)
    if not source and not target:
        return []
    issues: list[Issue] = []
    for check in (URL_CHECK, CODE_CHECK):
        mine = [t for t in source if t.check == check], [t for t in target if t.check == check]
        issues += _issues(seg.id, *mine)
    return issues
