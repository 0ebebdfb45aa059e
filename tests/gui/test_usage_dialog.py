"""使用统计 in the window: which phrases are used, how often, which never; CSV for Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from PySide6.QtCore import Qt

from assistant.core.phrases import Pack, Phrase
from assistant.ui.usage_dialog import UsageDialog

WHEN = dt.datetime(2025, 5, 1, 10, 22).timestamp()


@pytest.fixture
def used(store):
    store.save_pack(
        Pack(
            "本店话术",
            [
                Phrase("zz1", "专属问候", "亲，欢迎光临本店~", group=("问候",)),
                Phrase("zz2", "旧问候", "在的亲", group=("问候",)),
                Phrase("zz3", "尺码推荐", "亲，告诉我身高体重", group=("说明",)),
            ],
        ),
        backup=False,
    )
    ids = dict(store.conn.execute("SELECT code, id FROM phrases WHERE code LIKE 'zz%'").fetchall())
    for _ in range(12):
        store.record_use(ids["zz1"], when=WHEN)
    store.record_use(ids["zz3"], when=WHEN - 86_400)
    return store


def open_dialog(qtbot, store, **kwargs):
    dialog = UsageDialog(store, today=lambda: dt.date(2025, 5, 2), **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def shown(dialog, column=None):
    model = dialog.table.model()
    cols = range(model.columnCount()) if column is None else [column]
    out = [[model.index(r, c).data() for c in cols] for r in range(model.rowCount())]
    return out if column is None else [row[0] for row in out]


def test_most_used_first_with_count_and_last_use(qtbot, used):
    dialog = open_dialog(qtbot, used)
    assert [dialog.table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "话术包",
        "编码",
        "标题",
        "使用次数",
        "最近使用",
    ]
    rows = shown(dialog)
    assert rows[0] == ["本店话术", "zz1", "专属问候", "12", "2025-05-01 10:22"]
    assert rows[1] == ["本店话术", "zz3", "尺码推荐", "1", "2025-04-30 10:22"]
    assert rows[2][3:] == ["0", "从未使用"]
    total = used.phrase_count()
    assert f"共 {total} 条短语：用过 2 条，从未使用 {total - 2} 条" in dialog.summary.text()


def test_sorting_by_a_column_header(qtbot, used):
    dialog = open_dialog(qtbot, used)
    dialog.pack.setCurrentText("本店话术")
    dialog.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert shown(dialog, 2) == sorted(["专属问候", "旧问候", "尺码推荐"])
    dialog.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert shown(dialog, 3) == ["0", "1", "12"]
    dialog.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert shown(dialog, 1) == ["zz1", "zz3", "zz2"]


def test_never_used_filter_and_pack_filter(qtbot, used):
    dialog = open_dialog(qtbot, used)
    dialog.never.setChecked(True)
    assert "zz1" not in shown(dialog, 1) and "zz3" not in shown(dialog, 1)
    assert set(shown(dialog, 4)) == {"从未使用"}
    dialog.pack.setCurrentText("本店话术")
    assert shown(dialog, 1) == ["zz2"]
    assert "共 3 条短语：用过 2 条，从未使用 1 条；列表中 1 条" in dialog.summary.text()


def test_export_csv_with_bom_and_the_rows_listed(qtbot, used, tmp_path):
    asked = []
    target = tmp_path / "导出" / "统计.csv"

    def ask_path(parent, suggested):
        asked.append(suggested)
        return str(target)

    dialog = open_dialog(qtbot, used, ask_path=ask_path)
    dialog.pack.setCurrentText("本店话术")
    dialog.export_button.click()

    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese as UTF-8
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines == [
        ["话术包", "分组", "编码", "标题", "使用次数", "最近使用"],
        ["本店话术", "问候", "zz1", "专属问候", "12", "2025-05-01 10:22"],
        ["本店话术", "说明", "zz3", "尺码推荐", "1", "2025-04-30 10:22"],
        ["本店话术", "问候", "zz2", "旧问候", "0", ""],
    ]
    assert asked == ["使用统计-20250502.csv"]
    assert "已导出 3 条" in dialog.summary.text()

    dialog.never.setChecked(True)
    dialog.export_button.click()
    lines = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert [line[2] for line in lines[1:]] == ["zz2"]
    assert asked[-1] == "使用统计-从未使用-20250502.csv"


def test_cancelling_the_file_dialog_writes_nothing(qtbot, used, tmp_path):
    dialog = open_dialog(qtbot, used, ask_path=lambda parent, suggested: None)
    dialog.export_button.click()
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]
