"""Comments, ignore reasons, un-ignore: logged, undoable, in the report and in XLIFF notes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from review_helpers import GLOSSARY, query_in_new_process, small_project

from mtreview.review import MtreviewError, ReviewService
from mtreview.review.notes import NOTE_KINDS, review_notes
from mtreview.review.scores import score_project
from mtreview.review.store import Store
from mtreview.review.store_records import Entry
from mtreview.scoring.reports import render

SEGMENTS = [
    ("s1", "推进碳票试点", "Promote the carbon stamp pilot."),
    ("s2", "三区四带", "The three zones and four zones."),
    ("s3", "没有", "Nothing here."),
]
XLF = "{urn:oasis:names:tc:xliff:document:1.2}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path / "n.mtreview", SEGMENTS, GLOSSARY)


def rows(path: Path, sql: str) -> list[list[object]]:
    return query_in_new_process(path, sql)


def test_comments_are_logged_shown_and_undone(project: Path) -> None:
    service = ReviewService.open(project, "ana")
    issue = service.state(0).issues[0]
    service.comment(0, "  ask the client  ")
    state = service.comment(0, "a stamp is not a ticket", issue.fingerprint)
    assert [(n.kind, n.text, n.check) for n in state.notes] == [
        ("comment", "ask the client", ""),
        ("comment", "a stamp is not a ticket", issue.check),
    ]
    assert rows(project, "SELECT segment, kind, fingerprint, after FROM actions") == [
        ["s1", "comment", None, "ask the client"],
        ["s1", "comment", issue.fingerprint, "a stamp is not a ticket"],
    ]
    state = service.undo()
    assert [n.text for n in state.notes] == ["ask the client"]
    assert service.store.review_records()["s1"].comments == ("ask the client",)
    state = service.redo()
    assert len(state.notes) == 2
    assert service.store.review_records()["s1"].comments == (
        "ask the client",
        f"[{issue.check}] a stamp is not a ticket",
    )
    service.close()


@pytest.mark.parametrize(
    ("text", "fingerprint", "message"),
    [("   ", None, "comment is empty"), ("x", "no-such-issue", "no such issue")],
)
def test_refused_comments_write_nothing(
    project: Path, text: str, fingerprint: str | None, message: str
) -> None:
    service = ReviewService.open(project, "ana")
    with pytest.raises(MtreviewError, match=message):
        service.comment(0, text, fingerprint)
    service.close()
    assert rows(project, "SELECT COUNT(*) FROM actions") == [[0]]


@pytest.mark.parametrize(("reason", "stored"), [("  a proper name  ", "a proper name"), ("", None)])
def test_ignore_keeps_its_reason(project: Path, reason: str, stored: str | None) -> None:
    service = ReviewService.open(project, "ana")
    issue = service.state(0).issues[0]
    state = service.ignore(0, issue.fingerprint, reason)
    assert state.ignored == (issue,) and issue not in state.issues
    note = state.reason(issue)
    assert note is not None and note.text == (stored or "")
    service.close()
    info = json.loads(rows(project, "SELECT info FROM actions")[0][0])
    assert info.get("reason") == stored and info["check"] == issue.check


def test_unignore_opens_the_issue_and_is_undoable(project: Path) -> None:
    service = ReviewService.open(project, "ana")
    issue = service.state(0).issues[0]
    service.ignore(0, issue.fingerprint, "fine")
    state = service.unignore(0, issue.fingerprint)
    assert issue in state.issues and state.ignored == ()
    assert service.open_issues(0) == len(state.issues)
    assert rows(project, "SELECT COUNT(*) FROM ignored") == [[0]]
    state = service.undo()  # ignored again
    assert state.ignored == (issue,)
    assert rows(project, "SELECT fingerprint FROM ignored") == [[issue.fingerprint]]
    with pytest.raises(MtreviewError, match="not ignored"):
        service.unignore(1, service.state(1).issues[0].fingerprint)
    service.close()
    kinds = rows(project, "SELECT kind FROM actions ORDER BY id")
    assert kinds == [["ignore"], ["unignore"], ["undo"]]


def test_the_report_accounts_for_the_review(project: Path) -> None:
    service = ReviewService.open(project, "ana")
    first, second = service.state(0).issues[0], service.state(1).issues[0]
    service.comment(0, "check with the client")
    service.ignore(0, first.fingerprint, "a proper name")
    service.ignore(1, second.fingerprint)
    service.confirm(2)
    service.comment(2, "undone later")
    service.undo()
    service.close()
    report = score_project(project).report
    notes = json.loads(render(report, "json"))["notes"]
    assert [(n["kind"], n["segment"], n["text"], n["reviewer"]) for n in notes] == [
        ("comment", "s1", "check with the client", "ana"),
        ("ignore", "s1", "a proper name", "ana"),
        ("ignore", "s2", "", "ana"),
        ("confirm", "s3", "confirmed", "ana"),
    ]
    text = render(report, "text")
    assert "1 comment, 2 ignored issues (1 with a reason), 1 confirmation" in text
    assert f"s1  ignored issue [{first.check}]: a proper name  (ana)" in text
    assert f"s2  ignored issue [{second.check}]: (no reason given)" in text
    assert "undone later" not in text
    html = render(report, "html")
    assert "check with the client" in html and "a proper name" in html


def test_glossary_changes_are_in_the_report(project: Path) -> None:
    from mtreview.review import GlossaryService

    service = ReviewService.open(project, "ana")
    glossary = GlossaryService(service)
    glossary.add({"source": "试点", "target": "pilot"})
    service.close()
    notes = json.loads(render(score_project(project).report, "json"))["notes"]
    assert [(n["kind"], n["text"]) for n in notes] == [("glossary", "added 试点 → pilot")]


def test_comments_are_xliff_notes_on_export(project: Path, tmp_path: Path) -> None:
    service = ReviewService.open(project, "ana")
    issue = service.state(1).issues[0]
    service.comment(0, "segment note")
    service.comment(1, "issue note", issue.fingerprint)
    service.comment(2, "withdrawn")
    service.undo()
    service.export(tmp_path / "out.xlf")
    service.close()
    root = etree.parse(str(tmp_path / "out.xlf")).getroot()
    notes = {
        unit.get("id"): [n.text for n in unit.iter(f"{XLF}note")]
        for unit in root.iter(f"{XLF}trans-unit")
    }
    assert notes == {"s1": ["segment note"], "s2": [f"[{issue.check}] issue note"], "s3": []}


NOTE_LOG = st.lists(
    st.tuples(
        st.sampled_from(
            ["fix", "edit", "comment", "confirm", "ignore", "unignore", "undo", "redo"]
        ),
        st.sampled_from(["s1", "s2"]),
        st.integers(0, 30),  # which earlier action an undo or redo names
        st.booleans(),  # an undo or redo naming none (logs before refs), rarely
    ),
    max_size=30,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(NOTE_LOG)
def test_a_segments_notes_read_only_their_actions(project: Path, log: list) -> None:
    """The notes shown of a segment, from the note kinds' actions alone, are those of its log.

    Whatever the log (fixes undone and redone, comments, undo naming no action), reading only
    the note kinds and the undo and redo naming them gives the same notes as reading it all,
    and leaves fixes and edits (and their undo) unread.
    """
    store = Store.open(project)
    try:
        example = len(store.actions())  # each example logs on segments of its own
        logged: list[Entry] = []
        ids: list[int] = []
        for kind, segment, pick, bare in log:
            ref, on = None, f"{segment}-{example}"
            if kind in ("undo", "redo"):
                if not ids:
                    continue
                if not (bare and pick % 7 == 0):  # else one naming none, on ``segment``
                    ref, on = ids[pick % len(ids)], logged[pick % len(ids)].segment
            entry = Entry("ana", "a", kind, on, f"fp{pick % 3}", "x", "y", ref)
            logged.append(entry)
            ids.append(store.log(entry).id)
        for segment in (f"s1-{example}", f"s2-{example}"):
            every = store.segment_actions(segment)
            some = store.segment_actions(segment, NOTE_KINDS)
            assert review_notes(some) == review_notes(every)
            if any(a.kind in ("undo", "redo") and a.ref is None for a in every):
                assert some == every
            else:  # only the notes' actions and the undo and redo naming them
                kept = {a.id for a in every if a.kind in NOTE_KINDS}
                kept |= {a.id for a in every if a.kind in ("undo", "redo") and a.ref in kept}
                assert [a.id for a in some] == sorted(kept)
    finally:
        store.close()


def test_a_shown_segment_reads_its_notes_not_its_fixes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review shows a segment's notes from the note kinds' actions: a fix applied and
    undone again and again is not read back each time the segment is shown."""
    service = ReviewService.open(project, "ana")
    try:
        service.comment(0, "ask the client")
        for _ in range(5):
            issue = next(i for i in service.state(0).issues if i.fix is not None)
            service.apply_fix(0, issue.fingerprint)
            service.undo()
        read: list[list[str]] = []
        every = Store.segment_actions

        def spy(store: Store, segment: str, kinds: object = None) -> list:
            found = every(store, segment, kinds)  # type: ignore[arg-type]
            read.append([a.kind for a in found])
            return found

        monkeypatch.setattr(Store, "segment_actions", spy)
        state = service.state(0)
        assert [n.text for n in state.notes] == ["ask the client"]
        assert read == [["comment"]]
    finally:
        service.close()
