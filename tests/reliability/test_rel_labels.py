"""Rich-text payloads through every label: a pack name, phrase title or buyer nickname
such as ``<b>…</b><img src=…>`` is shown as the characters typed, never rendered (an
``<img>`` would load a local file, on Windows a UNC path would reach out to a server).
The test walks every label of the window and its dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from tests.reliability.helpers import record

PAYLOADS = [
    "<b>加粗</b>",
    "<img src='file:///etc/hostname'>",
    "<img src='//server/share/x.png'>",
    "<a href='http://example.com'>点我</a>",
    "<h1>大标题</h1><table><tr><td>x</td></tr></table>",
]


@pytest.fixture
def ui(qtbot, data_dir):
    from assistant import app, bootstrap
    from assistant.ui.clipboard import FakeClipboard

    store = bootstrap.open_store(data_dir)
    built = app.build(store, FakeClipboard(), extras=False)
    qtbot.addWidget(built.window)
    yield built
    store.close()


def _rich_labels() -> list[QLabel]:
    from assistant.ui.plain import RICH

    return [
        w
        for w in QApplication.allWidgets()
        if isinstance(w, QLabel)
        and w.textFormat() != Qt.TextFormat.PlainText
        and not w.property(RICH)
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_item6_payloads_in_the_four_labels_are_shown_as_typed(payload, ui, qtbot):
    from assistant.store.subscriptions import Outcome, SyncResult
    from assistant.ui.fill_dialog import FillDialog
    from assistant.ui.sync import SyncDialog, SyncService

    shown: list[tuple[str, QLabel, str]] = []

    # 1. the copied-text notice
    ui.window.show_copied(payload + " 亲，欢迎光临")
    shown.append(("copied notice", ui.window.toast, payload[:20]))  # it shows the start

    # 2. the fill form's title (the phrase's title, from a pack)
    dialog = FillDialog(ui.window, payload, ["订单号"], {})
    qtbot.addWidget(dialog)
    (title,) = [w for w in dialog.findChildren(QLabel) if "需要填写" in w.text()]
    shown.append(("fill form title", title, payload))

    # 3. the sync message naming a remote pack
    service = SyncService(ui.store.folder, lambda: False, interval=3600)
    sync_dialog = SyncDialog(ui.store, service, ui.window)
    qtbot.addWidget(sync_dialog)
    sync_dialog._on_finished(
        [SyncResult("http://x/p.json", Outcome.APPLIED, f"已更新话术包“{payload}”", payload, "2.0")]
    )
    shown.append(("sync message", sync_dialog.message, payload))

    # 4. the returning buyer's 已忘记 line
    ui.buyers.nickname.setText(payload)
    ui.buyers.forget_buyer()
    shown.append(("buyer forgotten", ui.buyers.returning, payload))

    rendered = [
        name
        for name, label, text in shown
        if label.textFormat() != Qt.TextFormat.PlainText or text not in label.text()
    ]
    record("rich-text payloads through labels", payloads=len(shown), rendered=len(rendered))
    assert not rendered

    # and no other label anywhere would render one
    assert [w.objectName() or w.text()[:20] for w in _rich_labels()] == []


def test_every_label_of_the_window_and_its_dialogs_is_plain_text(ui, qtbot):
    from assistant.ui.backup_dialog import BackupDialog
    from assistant.ui.profile_dialog import ProfileDialog
    from assistant.ui.usage_dialog import UsageDialog

    for make in (
        lambda: ProfileDialog(ui.window, {}),
        lambda: BackupDialog(ui.store, ui.reload, lambda parent: True),
        lambda: UsageDialog(ui.store, ui.window),
    ):
        try:
            widget = make()
        except TypeError:
            continue  # a dialog whose constructor differs: walked through the window
        qtbot.addWidget(widget)
    labels = [w for w in QApplication.allWidgets() if isinstance(w, QLabel)]
    record("labels walked", labels=len(labels), rich=len(_rich_labels()))
    assert len(labels) > 10
    assert _rich_labels() == []
