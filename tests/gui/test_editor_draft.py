"""The editor's model of a pack being edited: edits as before/after changes that undo
exactly, group trees kept in order, and the helpers a save uses. Plus Qt's own checks
of the two item models."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core.editing.draft import Draft, tree_order
from assistant.core.editing.fields import EditError, bump_version, split_tags, tidy
from assistant.core.phrases import Pack, Phrase
from assistant.ui.editor.models import GroupTreeModel, PhraseListModel


def pack(*rows: tuple[str, tuple[str, ...]]) -> Pack:
    return Pack("本店", [Phrase(code, code, f"内容{code}", (), group) for code, group in rows])


def codes(draft: Draft, group: tuple[str, ...]) -> list[str]:
    return [draft.phrases[u].code for u in draft.in_group(group)]


def state(draft: Draft):
    return dict(draft.phrases), list(draft.order), list(draft.groups), draft.restored


def test_groups_are_kept_as_a_tree_in_first_seen_order():
    assert tree_order([("A",), ("B",), ("A", "x"), ("C", "y")]) == [
        ("A",),
        ("A", "x"),
        ("B",),
        ("C",),
        ("C", "y"),
    ]


def test_reorder_counts_the_row_as_the_list_showed_it():
    draft = Draft(pack(("a", ("G",)), ("b", ("G",)), ("c", ("G",)), ("z", ("H",))))
    ids = {draft.phrases[u].code: u for u in draft.order}
    draft.apply(draft.reorder([ids["a"]], ("G",), 2)[1])  # dropped between b and c
    assert codes(draft, ("G",)) == ["b", "a", "c"]
    draft.apply(draft.reorder([ids["c"], ids["b"]], ("G",), 0)[1])
    assert codes(draft, ("G",)) == ["b", "c", "a"]
    assert draft.reorder([ids["b"]], ("G",), 0) is None  # already there


def test_moving_a_group_down_among_its_siblings_and_into_another():
    draft = Draft(pack(("a", ("A",)), ("x", ("A", "x")), ("b", ("B",)), ("c", ("C",))))
    draft.apply(draft.move_group(("A",), (), 2)[1])  # dropped between B and C
    assert draft.groups == [("B",), ("A",), ("A", "x"), ("C",)]
    draft.apply(draft.move_group(("A",), ("C",), 0)[1])
    assert draft.groups == [("B",), ("C",), ("C", "A"), ("C", "A", "x")]
    assert {draft.phrases[u].code: draft.phrases[u].group for u in draft.order}["x"] == (
        "C",
        "A",
        "x",
    )
    with pytest.raises(EditError, match="子分组"):
        draft.move_group(("C",), ("C", "A"), 0)
    assert [p.code for p in draft.to_pack().phrases] == ["b", "c", "a", "x"]


def test_renaming_onto_an_existing_group_is_refused():
    draft = Draft(pack(("a", ("A",)), ("b", ("B",))))
    with pytest.raises(EditError, match="已经有分组"):
        draft.rename_group(("A",), "B")
    with pytest.raises(EditError, match="/"):
        draft.add_group((), "售后/退换")


def test_deleted_lists_the_stored_version_of_what_is_gone():
    draft = Draft(pack(("a", ("A",)), ("b", ("A",))))
    uid = draft.order[0]
    draft.apply(draft.set_phrase(uid, Phrase("a", "改了", "改了", (), ("A",)))[1])
    draft.apply(draft.delete([uid])[1])
    assert [p.title for p in draft.deleted()] == ["a"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("1.2.3", "1.2.4"),
        ("1.0", "1.0.1"),
        ("2", "2.0.1"),
        ("2024.05.01", "2024.05.02"),
        ("v1.9.9", "v1.9.10"),
        ("", "1.0.1"),
    ],
)
def test_bump_version(before, after):
    assert bump_version(before) == after


def test_tidy_and_tags():
    assert tidy(Phrase(" a1 ", "  问  候 ", "\r\n亲，在的\r\n", ("迎", " 迎 ", ""), ())) == Phrase(
        "a1", "问 候", "亲，在的", ("迎",), ("未分组",)
    )
    assert split_tags("老客；加急, 老客，,") == ("老客", "加急")


# Random edits, then undoing them all, give back the draft exactly.
_edit = st.tuples(
    st.sampled_from(["delete", "move", "reorder", "tag", "group", "dup", "rename"]),
    st.integers(0, 20),
    st.integers(0, 5),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_edit, max_size=12))
def test_every_edit_undoes_exactly(edits):
    draft = Draft(pack(*[(f"p{i}", (("A",), ("B",), ("A", "x"))[i % 3]) for i in range(9)]))
    original = state(draft)
    done = []
    for kind, n, k in edits:
        uids = draft.order[n % len(draft.order) :][:2] if draft.order else []
        group = draft.groups[k % len(draft.groups)] if draft.groups else ("A",)
        try:
            if kind == "delete":
                edit = draft.delete(uids)
            elif kind == "move":
                edit = draft.move_to_group(uids, group)
            elif kind == "reorder":
                edit = draft.reorder([u for u in uids if draft.phrases[u].group == group], group, k)
            elif kind == "tag":
                edit = draft.set_tags(uids, add=["新"])
            elif kind == "group":
                edit = draft.move_group(group, (), k)
            elif kind == "dup":
                edit = draft.duplicate(uids)[0] if uids else None
            else:
                edit = draft.rename_group(group, f"组{n}")
        except EditError:
            continue
        if edit is not None:
            draft.apply(edit[1])
            done.append(edit)
        assert len(set(draft.order)) == len(draft.order) == len(draft.phrases)
        assert all(draft.phrases[u].group in draft.groups for u in draft.order)
    for before, _after in reversed(done):
        draft.apply(before)
    assert state(draft) == original


def test_models_pass_qts_checks(qtmodeltester):
    draft = Draft(pack(("a", ("A",)), ("x", ("A", "x")), ("b", ("B",))))
    groups = GroupTreeModel(lambda *a: None, lambda *a: None)
    groups.rebuild(draft)
    qtmodeltester.check(groups)
    phrases = PhraseListModel(draft, lambda *a: None)
    phrases.set_rows(list(draft.order), show_group=True)
    qtmodeltester.check(phrases)
