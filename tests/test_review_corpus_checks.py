"""The review runs exactly the checks `mtreview check` runs, kept current as segments change.

Corpus-level issues (inconsistent-target / inconsistent-source) follow every target change of
every segment of a group, in the database, in the same transaction; custom and disabled checks
come from the same mtreview.toml as `check`'s.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_helpers import stored_issues_of

from mtreview.cli import main
from mtreview.review import ReviewService, read_check_config
from mtreview.scoring.engine import Checker

SAME = "你好世界。"
ROWS = [
    ("s1", SAME, "Hello world."),
    ("s2", SAME, "Hello world."),
    ("s3", "天气很好。", "The weather is fine."),
    ("s4", "今天天气很好。", "The weather is fine today."),
]
CONFIG = r"""[checks]
disabled = ["inconsistent-source"]

[[checks.custom]]
name = "etc"
target = '\betc\b(?!\.)'
message = "write 'etc.' with a period"
fix = "etc."
"""


def write_corpus(folder: Path, rows: list[tuple[str, str, str]], config: str | None) -> Path:
    lines = ["id\tsource\ttarget", *("\t".join(r) for r in rows)]
    (folder / "a.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "g.yaml").write_text("terms: []\n", encoding="utf-8")
    if config is not None:
        (folder / "mtreview.toml").write_text(config, encoding="utf-8")
    return folder / "a.tsv"


def project(folder: Path, rows: list[tuple[str, str, str]], config: str | None = None) -> Path:
    corpus = write_corpus(folder, rows, config)
    path = folder / "a.tsv.mtreview"
    ReviewService.open_or_create(path, corpus, folder / "g.yaml", "tester").close()
    return path


def stored(path: Path) -> dict[str, list[dict[str, object]]]:
    """Every segment's stored issues, read with a connection of its own."""
    return {seg: [i.to_json() for i in issues] for seg, issues in stored_issues_of(path).items()}


def checks_of(path: Path) -> dict[str, list[str]]:
    return {seg: [i["check"] for i in issues] for seg, issues in stored(path).items()}


def stored_open(path: Path) -> tuple[int, int]:
    """(open issues, segments with open issues) as the database holds them."""
    db = sqlite3.connect(path)
    try:
        ignored = {r[0] for r in db.execute("SELECT fingerprint FROM ignored")}
    finally:
        db.close()
    keys = [[i.fingerprint for i in seg] for seg in stored_issues_of(path).values()]
    counts = [sum(1 for k in seg if k not in ignored) for seg in keys]
    return sum(counts), sum(1 for c in counts if c)


def assert_counts(svc: ReviewService) -> None:
    progress = svc.progress()
    assert (progress.open_issues, progress.with_issues) == stored_open(svc.path)


def fresh_check(svc: ReviewService) -> dict[str, list[dict[str, object]]]:
    """What `check` finds in the project's current text, with the project's config."""
    checker = Checker(svc.glossary, svc.check_config.config)
    result = checker.check_corpus(svc.store.corpus().segments, jobs=1)
    return {r.segment.id: [i.to_json() for i in r.issues] for r in result.results}


@pytest.fixture
def svc(tmp_path: Path):
    service = ReviewService.open(project(tmp_path, ROWS), "ana")
    yield service
    service.close()


def test_edit_makes_both_inconsistent_and_undo_clears_both(svc: ReviewService) -> None:
    assert checks_of(svc.path) == {"s1": [], "s2": [], "s3": [], "s4": []}
    assert_counts(svc)
    state = svc.edit(1, "Hi world.")
    assert [i.check for i in state.issues] == ["inconsistent-target"]
    assert state.issues[0].related == ("s1",)
    assert checks_of(svc.path)["s1"] == ["inconsistent-target"]
    assert checks_of(svc.path)["s2"] == ["inconsistent-target"]
    assert svc.open_issues(0) == 1 and svc.open_issues(1) == 1
    assert_counts(svc)
    assert 0 in svc.refresh().positions  # the list learns of the other segment's change
    svc.undo()
    assert checks_of(svc.path) == {"s1": [], "s2": [], "s3": [], "s4": []}
    assert svc.open_issues(0) == 0
    assert_counts(svc)
    svc.redo()
    assert checks_of(svc.path)["s1"] == ["inconsistent-target"]
    assert_counts(svc)


def test_group_member_is_updated_without_a_new_version(svc: ReviewService) -> None:
    svc.state(0)  # shown: an action on it must still go through afterwards
    svc.edit(1, "Hi world.")
    db = sqlite3.connect(svc.path)
    versions = dict(db.execute("SELECT id, version FROM segments").fetchall())
    db.close()
    assert versions["s1"] == 0 and versions["s2"] > 0
    assert svc.confirm(0).status == "confirmed"


def test_ignored_inconsistency_stays_ignored_when_the_group_changes(svc: ReviewService) -> None:
    svc.edit(1, "Hi world.")
    fingerprint = svc.state(0).issues[0].fingerprint
    svc.ignore(0, fingerprint)
    assert_counts(svc)
    svc.edit(1, "Hey world.")  # s1 keeps its text: its issue keeps its fingerprint
    assert [i["fingerprint"] for i in stored(svc.path)["s1"]] == [fingerprint]
    assert "Hey world." in str(stored(svc.path)["s1"][0]["message"])
    assert svc.state(0).issues == ()
    assert_counts(svc)


def test_fix_all_and_undo_keep_groups_current(tmp_path: Path) -> None:
    rows = [*ROWS, ("s5", SAME, "Hello world.")]
    service = ReviewService.open(project(tmp_path, rows), "ana")
    try:
        from mtreview.review.store_records import Entry

        entry = Entry("ana", service.session, "fix-all", None, "t", "{}", "{}")
        service.write_targets(
            {0: "Hi world.", 1: "Hi world."}, {0: "Hello world.", 1: "Hello world."}, entry
        )
        assert checks_of(service.path)["s5"] == ["inconsistent-target"]
        assert stored(service.path) == fresh_check(service)
        assert_counts(service)
    finally:
        service.close()


def test_other_session_sees_group_changes(tmp_path: Path) -> None:
    path = project(tmp_path, ROWS)
    a, b = ReviewService.open(path, "ana"), ReviewService.open(path, "bo")
    try:
        a.edit(1, "Hi world.")
        changes = b.refresh()
        assert set(changes.positions) == {0, 1}
        assert b.open_issues(0) == 1 and b.open_issues(1) == 1
        assert_counts(b)
        b.edit(0, "Hi world.")  # b's groups took a's edit: now consistent again
        assert checks_of(path) == {"s1": [], "s2": [], "s3": [], "s4": []}
        assert set(a.refresh().positions) >= {0, 1}
        assert a.open_issues(1) == 0
        assert_counts(a)
        assert_counts(b)
    finally:
        a.close()
        b.close()


TEXTS = ["Hello world.", "Hi world.", "The weather is fine.", "hello, WORLD", ""]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.integers(0, 3), st.sampled_from(TEXTS)),
            st.just(("undo", "")),
        ),
        max_size=6,
    )
)
def test_stored_issues_always_equal_a_fresh_check(tmp_path_factory, steps) -> None:
    folder = tmp_path_factory.mktemp("p")
    service = ReviewService.open(project(folder, ROWS, "[checks]\n"), "ana")
    try:
        for pos, text in steps:
            if pos == "undo":
                service.undo()
            else:
                service.edit(pos, text)
            assert stored(service.path) == fresh_check(service)
            assert_counts(service)
    finally:
        service.close()


# -- the check configuration: the same mtreview.toml as `check` ----------------------------


def check_json(corpus: Path, *extra: str) -> dict[str, list[dict[str, object]]]:
    args = ["check", str(corpus), "-g", str(corpus.with_name("g.yaml")), "--format", "json"]
    result = CliRunner().invoke(main, [*args, *extra])
    assert result.exit_code in (0, 1), result.output
    found: dict[str, list[dict[str, object]]] = {}
    for issue in json.loads(result.output)["issues"]:
        found.setdefault(str(issue["segment"]), []).append(issue)
    return found


CONFIG_ROWS = [
    ("p1", "苹果、梨等", "apples, pears etc"),
    ("p2", "苹果、梨等水果", "apples, pears etc"),  # same target, other source: disabled check
    ("p3", SAME, "Hello world."),
    ("p4", SAME, "Hi world."),
]


def test_review_issues_equal_check_json_with_the_config(tmp_path: Path) -> None:
    path = project(tmp_path, CONFIG_ROWS, CONFIG)
    review = {seg: issues for seg, issues in stored(path).items() if issues}
    assert review == check_json(tmp_path / "a.tsv")
    checks = {i["check"] for issues in review.values() for i in issues}
    assert checks == {"custom:etc", "inconsistent-target"}  # inconsistent-source disabled


def test_custom_check_follows_edits_and_config_changes(tmp_path: Path) -> None:
    path = project(tmp_path, CONFIG_ROWS, CONFIG)
    svc = ReviewService.open(path, "ana")
    try:
        svc.edit(2, "Hello world etc")
        assert checks_of(path)["p3"] == ["custom:etc", "inconsistent-target"]
        assert_counts(svc)
    finally:
        svc.close()
    # The config changes: the project is checked again when opened.
    (tmp_path / "mtreview.toml").write_text(
        '[checks]\ndisabled = ["custom:etc", "inconsistent-target"]\n'
        "[[checks.custom]]\nname = 'etc'\ntarget = 'etc'\nmessage = 'm'\n",
        encoding="utf-8",
    )
    svc = ReviewService.open(path, "ana")
    try:
        assert checks_of(path) == {
            "p1": ["inconsistent-source"],
            "p2": ["inconsistent-source"],
            "p3": [],
            "p4": [],
        }
        assert_counts(svc)
    finally:
        svc.close()


def test_config_given_once_is_remembered(tmp_path: Path) -> None:
    path = project(tmp_path, CONFIG_ROWS)
    assert "custom:etc" not in str(checks_of(path))
    qa = tmp_path / "qa.toml"
    qa.write_text(CONFIG, encoding="utf-8")
    ReviewService.open(path, "ana", config=qa).close()
    assert checks_of(path)["p1"] == ["custom:etc"]
    svc = ReviewService.open(path, "ana")  # no --config: the remembered one
    try:
        assert svc.check_config.path == qa
        assert checks_of(path)["p1"] == ["custom:etc"]
    finally:
        svc.close()


def test_open_refuses_a_bad_config_in_one_line(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, CONFIG_ROWS, None)
    bad = tmp_path / "bad.toml"
    bad.write_text('[checks]\ndisabled = ["no-such-check"]\n', encoding="utf-8")
    args = ["open", str(corpus), "-g", str(tmp_path / "g.yaml"), "--config", str(bad)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert f"{bad}:2: unknown check 'no-such-check'" in result.output
    assert not (tmp_path / "a.tsv.mtreview").exists()
    assert read_check_config(None).hash == ""


def test_two_processes_editing_one_group_at_once_leave_it_as_check_finds(tmp_path: Path) -> None:
    from test_review_sessions import finished, other

    rows = [*ROWS, ("s5", SAME, "Hello world.")]
    path = project(tmp_path, rows)
    go = tmp_path / "go"
    procs = [
        other(path, who, ["mark", str(tmp_path / who)], ["go", str(go)], ["edit", pos, text])
        for who, pos, text in (("ana", 0, "Hi world."), ("bo", 1, "Hey world."))
    ]
    while not all((tmp_path / who).exists() for who in ("ana", "bo")):
        time.sleep(0.01)
    go.touch()
    assert [finished(p)[-1][0] for p in procs] == ["ok", "ok"]
    svc = ReviewService.open(path, "cy")
    try:
        assert checks_of(path)["s5"] == ["inconsistent-target"]
        assert stored(path) == fresh_check(svc)
        assert_counts(svc)
    finally:
        svc.close()


def test_scores_check_with_the_review_s_config(tmp_path: Path) -> None:
    # MQM and term figures count what the review shows: its custom and disabled checks
    from mtreview.review.scores import score_project

    path = project(tmp_path, CONFIG_ROWS, CONFIG)
    report = score_project(path).report
    shown = {i["check"] for issues in stored(path).values() for i in issues}
    assert {i.check for i in report.checks["mt"].issues} == shown
    assert shown == {"custom:etc", "inconsistent-target"}
