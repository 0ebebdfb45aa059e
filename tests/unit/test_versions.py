"""Pack versions: diff, upgrade with the previous kept, downgrade refused, rollback."""

import pytest

from assistant.core.phrases import Pack, Phrase
from assistant.errors import KnownError
from assistant.store import versions
from assistant.store.versions import Action


def pack(version, *phrases, name="本店话术", id="shop-main", **sections):
    return Pack(name=name, id=id, version=version, phrases=list(phrases), sections=sections)


HELLO = Phrase("zz1", "专属问候", "亲，欢迎光临本店~", ("问候",), ("迎",))
OLD = Phrase("zz2", "旧问候", "在的亲", (), ("迎",))
SIZE = Phrase("zz3", "尺码推荐", "亲，告诉我身高体重，帮您选尺码", (), ("说",))


def install(store, p, force=False):
    return versions.apply_import(store, versions.plan_import(store, p), force=force)


def phrase_id(store, code):
    return store.conn.execute("SELECT id FROM phrases WHERE code = ?", [code]).fetchone()[0]


def codes(store, name="本店话术"):
    return [p.code for p in store.load_pack(name).phrases]


@pytest.mark.parametrize(
    ("a", "b", "order"),
    [
        ("1.10.0", "1.9.2", 1),
        ("1.9.2", "1.10.0", -1),
        ("1.0", "1.0.0", 0),
        ("v2", "1.99", 1),
        ("2025.05.01", "2025.4.30", 1),
        ("", "0.0.1", -1),
    ],
)
def test_versions_compare_as_dotted_numbers(a, b, order):
    assert versions.compare_versions(a, b) == order


def test_diff_by_code_with_the_fields_that_changed():
    edited = Phrase("ZZ1", "专属问候", "亲，欢迎光临~", ("问候", "新"), ("迎",))
    diff = versions.diff_packs(pack("1", HELLO, OLD), pack("2", edited, SIZE, closing=[1]))
    assert diff.added == [SIZE] and diff.removed == [OLD]
    (change,) = diff.changed
    assert change.fields == ("编码", "内容", "标签") and change.old == HELLO
    assert diff.sections == ["closing"] and not diff.empty


def test_phrases_without_code_are_matched_by_title_and_body():
    plain = Phrase("", "t", "b")
    assert versions.diff_packs(pack("1", plain), pack("2", plain)).empty


def test_a_new_pack_is_just_installed(store):
    plan = versions.plan_import(store, pack("1.0.0", HELLO))
    assert plan.action is Action.NEW and plan.diff is None
    assert versions.apply_import(store, plan) == 1
    assert versions.saved_versions(store, "本店话术") == []


def test_a_newer_version_keeps_the_previous_and_the_reps_counts(store):
    install(store, pack("1.9.2", HELLO, OLD))
    store.record_use(phrase_id(store, "zz1"))
    store.record_use(phrase_id(store, "zz1"))

    plan = versions.plan_import(store, pack("1.10.0", HELLO, SIZE))
    assert plan.action is Action.UPGRADE
    assert [p.code for p in plan.diff.added] == ["zz3"] and [p.code for p in plan.diff.removed] == [
        "zz2"
    ]
    assert codes(store) == ["zz1", "zz2"]  # planning changes nothing
    assert versions.apply_import(store, plan) == 2

    assert codes(store) == ["zz3", "zz1"] or codes(store) == ["zz1", "zz3"]
    assert store.usage_of(phrase_id(store, "zz1"))[0] == 2
    (saved,) = versions.saved_versions(store, "本店话术")
    assert (saved.version, saved.phrases) == ("1.9.2", 2)
    assert list(store.conn.execute("SELECT 1 FROM pack_versions WHERE pack='本店话术'"))
    assert any(store.backups.glob("*-before-import.db"))


def test_an_older_version_is_refused_unless_forced(store):
    install(store, pack("1.10.0", HELLO, SIZE))
    with pytest.raises(KnownError) as e:
        install(store, pack("1.9.2", HELLO, OLD))
    assert "1.10.0" in e.value.message and "1.9.2" in e.value.message and "--force" in e.value.hint
    assert codes(store) == ["zz1", "zz3"]

    assert install(store, pack("1.9.2", HELLO, OLD), force=True) == 2
    assert codes(store) == ["zz1", "zz2"]
    assert store.load_pack("本店话术").version == "1.9.2"


def test_same_version_edited_is_applied_and_identical_is_a_no_op(store):
    install(store, pack("1.0.0", HELLO))
    same = versions.plan_import(store, pack("1.0.0", HELLO))
    assert same.action is Action.UNCHANGED and versions.apply_import(store, same) == 0
    assert versions.saved_versions(store, "本店话术") == []
    edit = versions.plan_import(store, pack("1.0.0", HELLO, SIZE))
    assert edit.action is Action.EDIT and versions.apply_import(store, edit) == 2
    assert len(versions.saved_versions(store, "本店话术")) == 1


def test_the_same_id_under_a_new_name_keeps_the_installed_name(store):
    install(store, pack("1.0.0", HELLO))
    store.record_use(phrase_id(store, "zz1"))
    plan = versions.plan_import(store, pack("1.1.0", HELLO, SIZE, name="新名字"))
    assert plan.pack.name == "本店话术" and "沿用“本店话术”" in plan.notes[0]
    versions.apply_import(store, plan)
    assert [p.name for p in store.packs()] == ["本店话术"]
    assert store.usage_of(phrase_id(store, "zz1"))[0] == 1


def test_the_same_name_with_another_id_is_a_replacement_without_version_guard(store):
    install(store, pack("9.0.0", HELLO))
    plan = versions.plan_import(store, pack("1.0.0", SIZE, id="other"))
    assert plan.action is Action.REPLACE and "另一个话术包" in plan.notes[0]
    versions.apply_import(store, plan)
    assert codes(store) == ["zz3"]


def test_rollback_restores_the_previous_version_step_by_step(store):
    install(store, pack("1.0.0", HELLO))
    install(store, pack("1.1.0", HELLO, OLD))
    install(store, pack("1.2.0", HELLO, SIZE))
    store.record_use(phrase_id(store, "zz1"))

    result = versions.rollback(store, "本店话术")
    assert (result.replaced_version, result.pack.version, result.remaining) == ("1.2.0", "1.1.0", 1)
    assert [p.code for p in result.diff.added] == ["zz2"]
    assert codes(store) == ["zz1", "zz2"] and store.load_pack("本店话术").version == "1.1.0"
    assert store.usage_of(phrase_id(store, "zz1"))[0] == 1
    assert any(store.backups.glob("*-before-rollback.db"))

    assert versions.rollback(store, "本店话术").pack.version == "1.0.0"
    with pytest.raises(KnownError, match="没有保存的旧版本"):
        versions.rollback(store, "本店话术")
    # The newer file imports again after a rollback.
    assert versions.plan_import(store, pack("1.2.0", HELLO, SIZE)).action is Action.UPGRADE


def test_rollback_of_an_unknown_pack_names_the_installed_ones(store):
    install(store, pack("1.0.0", HELLO))
    with pytest.raises(KnownError, match="已有：本店话术"):
        versions.rollback(store, "没有这个")


def test_only_the_last_versions_are_kept(store, monkeypatch):
    monkeypatch.setattr(versions, "KEEP_VERSIONS", 3)
    for minor in range(6):
        install(store, pack(f"1.{minor}.0", HELLO, Phrase(f"v{minor}", "t", f"版本 {minor}")))
    assert [v.version for v in versions.saved_versions(store, "本店话术")] == [
        "1.4.0",
        "1.3.0",
        "1.2.0",
    ]


def test_a_failed_update_changes_nothing_and_keeps_no_version(store, monkeypatch):
    install(store, pack("1.0.0", HELLO))
    plan = versions.plan_import(store, pack("1.1.0", HELLO, SIZE))

    def disk_full(*args):
        raise OSError("disk full")

    monkeypatch.setattr(store, "_write_search_cache", disk_full)
    with pytest.raises(OSError):
        versions.apply_import(store, plan)
    assert codes(store) == ["zz1"] and store.load_pack("本店话术").version == "1.0.0"
    assert versions.saved_versions(store, "本店话术") == []


def test_an_explicit_name_wins_over_the_id(store):
    install(store, pack("1.0.0", HELLO))
    plan = versions.plan_import(store, pack("1.0.0", SIZE, name="分店话术"), by_name=True)
    assert plan.action is Action.NEW
    versions.apply_import(store, plan)
    assert sorted(p.name for p in store.packs()) == ["分店话术", "本店话术"]


def test_a_copy_of_a_shipped_pack_is_a_pack_of_its_own(store):
    store.save_pack(pack("1.0.0", HELLO, name="默认话术", id="builtin-x"), builtin=True)
    copy = versions.plan_import(store, pack("1.1.0", HELLO, SIZE, name="本店默认", id="builtin-x"))
    assert copy.action is Action.NEW and copy.pack.name == "本店默认"
    same = versions.plan_import(store, pack("1.1.0", HELLO, name="默认话术", id="builtin-x"))
    assert "程序自带" in same.notes[0]
    with pytest.raises(KnownError, match="程序自带"):
        versions.apply_import(store, same)
    assert versions.saved_versions(store, "默认话术") == []


def test_a_failure_keeping_the_previous_version_leaves_the_old_pack(store, monkeypatch):
    install(store, pack("1.0.0", HELLO))
    plan = versions.plan_import(store, pack("1.1.0", HELLO, SIZE))

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(versions, "keep_version", broken)
    with pytest.raises(OSError):
        versions.apply_import(store, plan)
    assert codes(store) == ["zz1"] and store.load_pack("本店话术").version == "1.0.0"


def test_the_reps_own_pack_is_not_replaced_by_someone_elses(store):
    mine = pack("1.0.0", HELLO, name="我的短语", id="personal-1")
    install(store, mine)
    team = pack("2.0.0", SIZE, name="我的短语", id="team-7")
    with pytest.raises(KnownError, match="客服自己的短语"):
        install(store, team)
    assert codes(store, "我的短语") == ["zz1"]
    # Their own export (same id) comes back as a newer version.
    install(store, pack("1.0.1", HELLO, OLD, name="我的短语", id="personal-1"))
    assert codes(store, "我的短语") == ["zz1", "zz2"]


def test_two_programs_installing_the_same_pack_at_once_never_lose_a_version(store, data_dir):
    from assistant.store.repository import Store

    install(store, pack("1.0.0", HELLO))
    newer = versions.plan_import(store, pack("3.0.0", HELLO, SIZE))  # read, not yet written
    other = Store(data_dir)  # meanwhile another program installs 2.0.0
    try:
        install(other, pack("2.0.0", HELLO, OLD))
    finally:
        other.close()

    with pytest.raises(KnownError, match="被另一个程序改过") as refused:
        versions.apply_import(store, newer)  # planned over 1.0.0, which is gone
    assert "再导入一次" in refused.value.hint
    assert [p.version for p in store.packs() if p.name == "本店话术"] == ["2.0.0"]
    assert codes(store) == ["zz1", "zz2"]  # 2.0.0 as the other program left it
    assert [v.version for v in versions.saved_versions(store, "本店话术")] == ["1.0.0"]

    install(store, pack("3.0.0", HELLO, SIZE))  # once again: planned over 2.0.0
    assert [v.version for v in versions.saved_versions(store, "本店话术")] == ["2.0.0", "1.0.0"]
