"""The action log's one rule: which actions are in force, and what a session may undo.

An ``undo`` or ``redo`` names (``ref``) the action it reverts or repeats, and the latest of
them decides whether that action is in force; glossary changes are never undone. A session
undoes only its own actions (and, when resuming, its reviewer's earlier ones), latest first,
and redoes what it undid until it acts again. Whether the text an undo would put back was
changed by someone else since is the store's check (:class:`~mtreview.review.store_records.
SegmentWrite`), so that undo never wipes another reviewer's later change.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from mtreview.review.store_records import Action

UNDO, REDO = "undo", "redo"


def undoable(action: Action) -> bool:
    """Whether an action can be undone (not an undo or redo itself, not a glossary change)."""
    return action.kind not in (UNDO, REDO) and not action.kind.startswith("glossary-")


def in_force(actions: Iterable[Action]) -> list[Action]:
    """The original actions not undone, in log order.

    The undo and redo logged before ``ref`` was written (none are) follow the undo stack:
    an undo reverts the latest undoable action in force, a redo the latest undone one, and a
    new action ends what can be redone.
    """
    originals: dict[int, Action] = {}
    undone: set[int] = set()
    redoable: list[int] = []
    for action in actions:
        if action.kind == UNDO:
            target = action.ref
            if target is None:
                live = (i for i in reversed(originals) if i not in undone)
                target = next((i for i in live if undoable(originals[i])), None)
            if target is not None and target not in undone:
                undone.add(target)
                redoable.append(target)
        elif action.kind == REDO:
            target = action.ref
            if target is None:
                target = redoable[-1] if redoable else None
            if target in undone:
                undone.discard(target)
            if target in redoable:
                redoable.remove(target)
        else:
            originals[action.id] = action
            if undoable(action):
                redoable.clear()
    return [a for i, a in originals.items() if i not in undone]


def bearing_on(
    kinds: Collection[str], log: Iterable[tuple[int, str, int | None]]
) -> list[int] | None:
    """The actions of one segment's log that decide which of its ``kinds`` are in force.

    ``log`` is the segment's (id, kind, ref) in log order; the answer, the ids of its actions
    of ``kinds`` and of the undo and redo naming one of them. :func:`in_force` over those
    alone says the same of the ``kinds`` as over the whole log, as long as every undo and redo
    names its action: one naming none (logs before ``ref``) follows the stack, which any
    action may move, and then the answer is None (the whole log counts).
    """
    of_kinds: set[int] = set()
    ids: list[int] = []
    for ident, kind, ref in log:
        if kind in (UNDO, REDO):
            if ref is None:
                return None
            if ref in of_kinds:
                ids.append(ident)
        elif kind in kinds:
            of_kinds.add(ident)
            ids.append(ident)
    return ids


class UndoStack:
    """One session's undo and redo stacks, kept in step with the log.

    Args:
        reviewer: The session's reviewer.
        session: The session's id (logged with each of its actions).
    """

    def __init__(self, reviewer: str, session: str) -> None:
        self.reviewer = reviewer
        self.session = session
        self.resumed = 0
        self._done: list[Action] = []
        self._undone: list[Action] = []

    def mine(self, action: Action) -> bool:
        """Whether the action is this session's (or its reviewer's before it started)."""
        if action.session == self.session:
            return True
        return action.reviewer == self.reviewer and action.id <= self.resumed

    def resume(self, actions: list[Action]) -> None:
        """Take the log as it is when the session starts."""
        self.resumed = actions[-1].id if actions else 0
        for action in actions:
            self.track(action)

    def track(self, action: Action) -> None:
        """Follow one action of the log (any session's), in log order."""
        if action.kind == UNDO:
            target = self._find(self._done, action)
            if target is not None:
                self._done.remove(target)
                if self.mine(action):
                    self._undone.append(target)
        elif action.kind == REDO:
            target = self._find(self._undone, action)
            if target is not None:
                self._undone.remove(target)
                self._done.append(target)
        elif undoable(action) and self.mine(action):
            self._done.append(action)
            self._undone.clear()

    def _find(self, stack: list[Action], action: Action) -> Action | None:
        if action.ref is None:
            return stack[-1] if stack and self.mine(action) else None
        return next((a for a in reversed(stack) if a.id == action.ref), None)

    def drop(self, action: Action) -> None:
        """Forget an action another session's change made impossible to undo or redo."""
        for stack in (self._done, self._undone):
            if action in stack:
                stack.remove(action)

    def to_undo(self) -> Action | None:
        """The action an undo would revert."""
        return self._done[-1] if self._done else None

    def to_redo(self) -> Action | None:
        """The action a redo would repeat."""
        return self._undone[-1] if self._undone else None
