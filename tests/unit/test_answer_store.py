"""问法 in the store: saved with the phrases, the matcher's index cached at save time,
old databases migrated, 未答问题 masked and counted; and `assistant answer`."""

import csv
import json
import sqlite3

from assistant.cli import main
from assistant.core.phrases import Pack, Phrase
from assistant.store import unanswered
from assistant.store.repository import Store


def shop_pack(**sections):
    return Pack(
        name="本店",
        sections=sections,
        phrases=[
            Phrase(
                "by1",
                "包邮说明",
                "亲，本店默认包邮哦~",
                ("包邮",),
                ("议价",),
                ("包邮吗", "运费多少"),
            ),
            Phrase("fp1", "开发票", "亲，发票可以在订单里申请~", (), ("付款",), ("能开发票吗",)),
            Phrase("zp1", "赠品", "亲，赠品以页面为准~", (), ("付款",), ("有赠品吗",)),
        ],
    )


def codes(store, message):
    index = store.answer_index()
    found = index.answer(message)
    phrases = store.phrases(a.id for a in found)
    return [phrases[a.id].code for a in found]


def test_questions_are_saved_loaded_and_answered(data_dir):
    s = Store(data_dir)
    s.save_pack(shop_pack())
    assert s.load_pack("本店").phrases[0].questions == ("包邮吗", "运费多少")
    assert codes(s, "亲 邮费多少钱呀")[0] == "by1"
    assert codes(s, "今天天气真好") == []
    # The index is written when the pack is saved: reading it does not rebuild it.
    cached = s.conn.execute("SELECT data FROM answer_cache").fetchone()[0]
    s.answer_index()
    assert s.conn.execute("SELECT data FROM answer_cache").fetchone()[0] == cached
    s.close()


def test_a_pack_synonyms_section_is_used_and_dropped_with_it(data_dir):
    s = Store(data_dir)
    s.save_pack(shop_pack())
    assert "zp1" not in codes(s, "有没有试吃装")
    s.save_pack(shop_pack(synonyms={"concepts": {"赠品": ["试吃装"]}}))
    assert codes(s, "有没有试吃装")[0] == "zp1"
    s.save_pack(shop_pack())
    assert "zp1" not in codes(s, "有没有试吃装")
    s.close()


def test_an_old_database_migrates_and_answers_once_questions_arrive(data_dir):
    """A database from before m008 (no 问法 columns, no answer tables) opens, keeps its
    phrases, answers from titles, and answers from 问法 once a pack brings them."""
    s = Store(data_dir)
    s.save_pack(Pack(name="本店", phrases=[Phrase("yf1", "运费险说明", "亲，有运费险哦~")]))
    s.close()
    conn = sqlite3.connect(data_dir / "assistant.db")
    for table, column in (
        ("phrases", "questions"),
        ("phrases", "s_answer"),
        ("trash", "questions"),
    ):
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("DROP TABLE answer_cache")
    conn.execute("DROP TABLE unanswered")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_questions'")
    conn.commit()
    conn.close()
    s = Store(data_dir)
    try:
        assert s.load_pack("本店").phrases[0].body == "亲，有运费险哦~"
        assert codes(s, "有运费险吗") == ["yf1"]  # from the title
        s.save_pack(shop_pack())
        assert codes(s, "能开发票吗")[0] == "fp1"
    finally:
        s.close()
    backups = list((data_dir / "backups").glob("*before-migration*"))
    assert backups  # the old file was kept before migrating


def test_unanswered_are_masked_counted_and_most_frequent_first(data_dir):
    s = Store(data_dir)
    unanswered.record(s, "能寄到13812345678吗", when=1.0)
    unanswered.record(s, "有试吃装吗", when=2.0)
    unanswered.record(s, "有试吃装吗", when=3.0)
    rows = unanswered.report(s)
    assert [(r.text, r.count) for r in rows] == [("有试吃装吗", 2), ("能寄到138****5678吗", 1)]
    stored = s.conn.execute("SELECT group_concat(text) FROM unanswered").fetchone()[0]
    assert "13812345678" not in stored
    s.close()


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_answer_json_best_first_with_score_and_question(data_dir, capsys):
    code, out, _ = run(capsys, "answer", "亲，請問包郵嗎？", "--json", "--limit", "2")
    assert code == 0
    results = json.loads(out)
    assert 1 <= len(results) <= 2
    first = results[0]
    assert first["code"] == "by2" and first["matched"] == "包邮吗"
    assert 0 < first["score"] <= 1
    assert {"code", "title", "body", "group", "pack", "tags", "id"} <= set(first)


def test_cli_answer_nothing_fits_prints_empty_list_and_counts_it(data_dir, capsys, tmp_path):
    code, out, _ = run(capsys, "answer", "今天天气真好，我电话13812345678", "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(capsys, "usage", "--unanswered", "--json")
    rows = json.loads(out)
    assert rows[0]["text"] == "今天天气真好，我电话138****5678" and rows[0]["count"] == 1
    target = tmp_path / "未答.csv"
    code, out, _ = run(capsys, "usage", "--unanswered", "-o", str(target))
    assert code == 0
    table = list(csv.reader(target.read_text("utf-8-sig").splitlines()))
    assert table[0] == ["买家消息", "次数", "最近出现"] and table[1][1] == "1"


def test_cli_answer_reads_stdin_and_prints_the_question(data_dir, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("在吗\n什么时候发货啊\n"))
    code, out, _ = run(capsys, "answer", "-")
    assert code == 0
    assert out.startswith("1. [fhsj1] 发货时间") and "问：什么时候发货" in out


def test_cli_answer_refuses_an_empty_message(data_dir, capsys):
    code, _, err = run(capsys, "answer", "  ")
    assert code != 0 and "买家消息是空的" in err


def test_start_up_and_an_ascii_search_do_not_load_the_matcher(data_dir):
    import subprocess
    import sys

    from assistant import bootstrap

    bootstrap.open_store(data_dir).close()
    code = (
        "import sys\n"
        "from assistant import bootstrap\n"
        "from assistant.core.search import SearchIndex\n"
        f"s = bootstrap.open_store({str(data_dir)!r})\n"
        "SearchIndex(s.index_data()).search('hygl')\n"
        "print('assistant.core.answer' in sys.modules, 'opencc' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_a_phrase_in_the_trash_keeps_its_questions(data_dir):
    from assistant.store import trash

    s = Store(data_dir)
    phrase = shop_pack().phrases[0]
    trash.put(s, "本店", [phrase])
    (entry,) = trash.entries(s, "本店")
    assert entry.phrase.questions == ("包邮吗", "运费多少")
    s.close()


def test_a_bad_synonyms_section_refuses_the_save_and_changes_nothing(data_dir):
    import pytest

    from assistant.errors import KnownError

    s = Store(data_dir)
    s.save_pack(shop_pack())
    with pytest.raises(KnownError, match="synonyms"):
        s.save_pack(shop_pack(synonyms={"concepts": {"赠品": "试吃装"}}))
    assert codes(s, "包邮吗")[0] == "by1"
    assert s.load_pack("本店").sections == {}
    s.close()
