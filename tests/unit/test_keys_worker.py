"""A large pack's keys computed by two processes: the same keys as one process makes,
whatever happens to the child."""

import dataclasses
import os
from types import SimpleNamespace

import pytest

from assistant.__main__ import main
from assistant.core import offload
from assistant.core.phrases import Pack, Phrase
from assistant.core.search import SearchIndex
from assistant.store import keys_worker
from assistant.store.repository import Store

#: Titles with polyphones (行, 长, 还) and words the matcher reads as concepts (包邮).
TITLES = ["银行卡还款", "长款说明", "包邮规则", "发货时间", "退换货流程", "尺码推荐"]


def big_pack(n: int = 240) -> Pack:
    return Pack(
        "大包",
        [
            Phrase(
                f"k{i}",
                f"{TITLES[i % len(TITLES)]}{i}",
                f"亲，第{i}条回复：{TITLES[i % len(TITLES)]}请看详情",
                tags=("售后",) if i % 2 else (),
                questions=(f"{TITLES[i % len(TITLES)]}吗",) if i % 3 == 0 else (),
            )
            for i in range(n)
        ],
    )


def one_process(store, pack):
    prepared = store.prepare_pack(pack)  # PARALLEL_MIN is far above 240: all here
    return prepared.rows, prepared.documents


def test_a_large_packs_keys_from_two_processes_are_those_of_one(store, monkeypatch):
    pack = big_pack()
    alone = one_process(store, pack)
    monkeypatch.setattr(keys_worker, "PARALLEL_MIN", 100)
    pending = store.begin_prepare(pack)
    child = pending._keys._child._process
    if offload.cores() < 2:
        pytest.skip("one core: everything is computed in one process")
    assert child is not None and child.pid != os.getpid()
    prepared = pending.result()
    assert (prepared.rows, prepared.documents) == alone
    assert not child.is_alive()
    store.save_pack(pack, backup=False, prepared=prepared)
    # The last phrase's keys came from the child: its pinyin initials find it.
    index = SearchIndex(store.index_data())
    (hit, *_) = index.search("cmtj239")
    assert store.phrases([hit.id])[hit.id].code == "k239"


def _die(out, function, args):
    os._exit(3)  # the process ends without an answer (killed, out of memory …)


def _fail(out, function, args):
    out.send(("failed", "Traceback: a bug in the child"))
    out.close()


@pytest.mark.parametrize("child", [_die, _fail])
def test_a_child_that_dies_or_fails_costs_time_not_keys(store, monkeypatch, child, caplog):
    pack = big_pack()
    alone = one_process(store, pack)
    monkeypatch.setattr(keys_worker, "PARALLEL_MIN", 100)
    monkeypatch.setattr(offload, "_run", child)
    prepared = store.begin_prepare(pack).result()
    assert (prepared.rows, prepared.documents) == alone
    if offload.cores() >= 2:
        assert "子进程“计算索引”没有结果" in caplog.text


def test_a_daemonic_process_computes_everything_itself(store, monkeypatch):
    """The subscription check runs in a daemonic child, which may not start children."""
    pack = big_pack()
    alone = one_process(store, pack)
    monkeypatch.setattr(keys_worker, "PARALLEL_MIN", 100)
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "current_process", lambda: SimpleNamespace(daemon=True))
    pending = store.begin_prepare(pack)
    assert not pending._keys.parallel
    prepared = pending.result()
    assert (prepared.rows, prepared.documents) == alone


def test_pack_import_of_a_large_csv_finds_its_last_phrases(tmp_path, monkeypatch, capsys):
    """The command line lints while the child computes; the imported pack is whole."""
    monkeypatch.setattr(keys_worker, "PARALLEL_MIN", 100)
    rows = ["分组,编码,标题,内容"] + [
        f"售后,k{i},{TITLES[i % len(TITLES)]}{i},亲，第{i}条回复" for i in range(240)
    ]
    csv_file = tmp_path / "大包.csv"
    csv_file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = str(tmp_path / "data")
    assert main(["pack", "import", str(csv_file), "--data-dir", data]) == 0
    assert "240 条短语" in capsys.readouterr().out
    assert main(["search", "cmtj239", "--data-dir", data]) == 0
    assert "[k239] 尺码推荐239" in capsys.readouterr().out.splitlines()[0]


def _hang(out, function, args):
    import time

    time.sleep(60)  # neither answers nor ends (stuck on a lock, a dialog …)


def test_a_child_that_never_answers_is_stopped_and_its_share_computed_here(store, monkeypatch):
    pack = big_pack()
    alone = one_process(store, pack)
    monkeypatch.setattr(keys_worker, "PARALLEL_MIN", 100)
    monkeypatch.setattr(keys_worker, "WAIT_SECONDS", 0.5)
    monkeypatch.setattr(offload, "_run", _hang)
    pending = store.begin_prepare(pack)
    child = pending._keys._child._process
    prepared = pending.result()
    assert (prepared.rows, prepared.documents) == alone
    assert child is None or not child.is_alive()


def test_the_windows_start_up_does_not_load_multiprocessing(data_dir):
    """It costs the start about 20 ms; only saving a large pack needs it."""
    import subprocess
    import sys

    from assistant import bootstrap

    bootstrap.open_store(data_dir).close()
    code = (
        "import sys\n"
        "import assistant.app\n"
        "from assistant import bootstrap\n"
        f"bootstrap.open_store({str(data_dir)!r})\n"
        "print('multiprocessing' in sys.modules)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "False"


def large_csv(tmp_path, n=240):
    rows = ["分组,编码,标题,内容"] + [
        f"售后,k{i},{TITLES[i % len(TITLES)]}{i},亲，第{i}条回复" for i in range(n)
    ]
    path = tmp_path / "大包.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_windows_import_computes_keys_while_the_supervisor_reads(store, tmp_path, monkeypatch):
    """The child starts when the file is read; 确定 then only writes what it computed."""
    from assistant.store.pack_import import plan_pack_import

    monkeypatch.setattr(keys_worker, "PARALLEL_MIN", 100)
    summary, planned = plan_pack_import(store, str(large_csv(tmp_path)))
    assert "240 条短语" in summary
    assert planned._pending._keys.parallel == (offload.cores() >= 2)
    assert "240 条短语" in planned()
    (hit, *_) = SearchIndex(store.index_data()).search("cmtj239")
    assert store.phrases([hit.id])[hit.id].code == "k239"


def test_a_cancelled_window_import_stops_its_child_and_changes_nothing(
    store, tmp_path, monkeypatch
):
    from assistant.store.pack_import import plan_pack_import

    monkeypatch.setattr(keys_worker, "PARALLEL_MIN", 100)
    monkeypatch.setattr(offload, "_run", _hang)
    _, planned = plan_pack_import(store, str(large_csv(tmp_path)))
    child = planned._pending._keys._child._process
    planned.cancel()
    assert child is None or not child.is_alive()
    assert store.phrase_count() == 0


def test_a_failed_childs_share_is_made_here_with_its_progress_shown(store, monkeypatch):
    """The window's dialog keeps counting (and painting) while this process makes it."""
    from assistant.core import progress

    monkeypatch.setattr(keys_worker, "PARALLEL_MIN", 100)
    monkeypatch.setattr(offload, "_run", _die)
    pack = big_pack()
    reports = []
    with progress.reporting(lambda phase, done, total: reports.append((phase, done, total))):
        store.prepare_pack(pack)
    # (a busy bar, total 0, while the child is waited for)
    totals = {total for phase, done, total in reports if phase == "建立索引" and total}
    if offload.cores() >= 2:
        # this process's share, then the child's share made here: both counted
        assert totals == {
            240 - int(240 * keys_worker.CHILD_SHARE),
            int(240 * keys_worker.CHILD_SHARE),
        }
    else:
        assert totals == {240}


def test_a_window_import_of_a_renamed_pack_keys_it_with_the_right_word_lists(
    store, tmp_path, monkeypatch
):
    """The plan may give the pack its installed name: the matcher's word lists the keys are
    made with must leave that installed pack's old synonyms out, as the command line does."""
    from assistant.core.packfile.jsonpack import pack_to_json
    from assistant.store.answer_cache import stored_vocabulary
    from assistant.store.pack_import import plan_pack_import

    def shop(name, version, synonyms):
        return Pack(
            name=name,
            id="shop-1",
            version=version,
            sections={"synonyms": synonyms} if synonyms else {},
            phrases=[Phrase("zp1", "赠品", "亲，赠品以页面为准~", questions=("有赠品吗",))],
        )

    store.save_pack(shop("本店", "1", {"concepts": {"赠品": ["试吃装"]}}), backup=False)
    new = tmp_path / "new.json"
    new.write_text(pack_to_json(shop("本店新名", "2", None)), encoding="utf-8")
    _, planned = plan_pack_import(store, str(new))
    planned()
    cached = store.conn.execute("SELECT vocabulary FROM answer_cache").fetchone()[0]
    assert cached == stored_vocabulary(store).fingerprint()


KEY_COLUMNS = """SELECT code, title, body, tags, questions, s_code, s_short, s_han, s_body,
                        s_body_ascii, s_syllables, facet_names, s_answer
                 FROM phrases WHERE pack_id = (SELECT id FROM packs WHERE name = ?)
                 ORDER BY position"""


def next_version(pack: Pack, synonyms=None) -> Pack:
    """One phrase reworded, one 问法 added, one removed, one new."""
    phrases = list(pack.phrases)
    phrases[5] = dataclasses.replace(phrases[5], body="亲，这条改过了：行李箱还在长沙仓")
    phrases[7] = dataclasses.replace(phrases[7], questions=("能包邮吗",))
    del phrases[9]
    phrases.append(Phrase("new1", "新品预售说明", "亲，预售款付款后15天内发货"))
    sections = {"synonyms": synonyms} if synonyms else {}
    return dataclasses.replace(pack, phrases=phrases, version="2", sections=sections)


def counting_compute(monkeypatch) -> list[int]:
    computed: list[int] = []
    real = keys_worker.phrase_keys.compute

    def compute(sources, vocabulary):
        sources = list(sources)
        computed.append(len(sources))
        return real(sources, vocabulary)

    monkeypatch.setattr(keys_worker.phrase_keys, "compute", compute)
    return computed


def test_a_new_version_keeps_the_stored_keys_of_its_unchanged_phrases(tmp_path, monkeypatch):
    """A 100,000-phrase update computes only what changed; what it stores is what a
    library that never had the old version stores."""
    old = big_pack()
    new = next_version(old)
    updated = Store(tmp_path / "updated")
    updated.save_pack(old, backup=False)
    computed = counting_compute(monkeypatch)
    pending = updated.begin_prepare(new)
    assert pending.reused == len(new.phrases) - 3
    updated.save_pack(new, backup=False, prepared=pending.result())
    assert sum(computed) == 3  # the reworded, the re-asked and the new phrase
    fresh = Store(tmp_path / "fresh")
    fresh.save_pack(new, backup=False)
    rows = updated.conn.execute(KEY_COLUMNS, ["大包"]).fetchall()
    assert rows == fresh.conn.execute(KEY_COLUMNS, ["大包"]).fetchall()
    assert len(rows) == len(new.phrases)
    # The reworded phrase is found by its new words, the new one by its initials.
    index = SearchIndex(updated.index_data())
    for query, code in [("长沙仓", "k5"), ("xpyssm", "new1")]:
        (hit, *_) = index.search(query)
        assert updated.phrases([hit.id])[hit.id].code == code
    answered = updated.answer_index().answer("能包邮吗")
    assert "k7" in [p.code for p in updated.phrases(a.id for a in answered).values()]


def test_new_word_lists_make_every_phrase_documented_anew(tmp_path, monkeypatch):
    """A pack whose synonyms change: the stored 问法 documents were made with the old
    word lists, so none is kept."""
    old = big_pack()
    new = next_version(old, synonyms={"concepts": {"包邮": ["邮费店家出"]}})
    updated = Store(tmp_path / "updated")
    updated.save_pack(old, backup=False)
    computed = counting_compute(monkeypatch)
    updated.save_pack(new, backup=False)
    assert sum(computed) == len(new.phrases)
    fresh = Store(tmp_path / "fresh")
    fresh.save_pack(new, backup=False)
    rows = updated.conn.execute(KEY_COLUMNS, ["大包"]).fetchall()
    assert rows == fresh.conn.execute(KEY_COLUMNS, ["大包"]).fetchall()
    answered = updated.answer_index().answer("邮费店家出吗")
    assert answered, "the new synonym answers"
