"""The 买家 panel's returning buyers (回头客): a nickname recalls the ticks and the
note; the next buyer saves and clears; forgetting deletes the record."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from assistant.errors import KnownError
from assistant.store.buyers import BuyerRecord
from assistant.ui.buyers.common import PanelPart


class ReturningBuyersPart(PanelPart):
    """Part of :class:`~assistant.ui.buyers.BuyerPanel`: the buyer memory."""

    def next_buyer(self) -> None:
        """Keep what was seen of this buyer (if remembered) and start afresh."""
        self._save()
        self._buyer = ""
        self.nickname.clear()
        self.note.clear()
        self._say_returning("")
        self.forget_button.setEnabled(False)
        self._objection = None
        for button in self.objection_buttons.values():
            button.setChecked(False)
        self.set_ticked([])
        if self._memory is not None:
            self.nickname.setFocus(Qt.FocusReason.OtherFocusReason)
        self.nextBuyer.emit()

    def _on_nickname_edited(self, text: str) -> None:
        # Typing another name stops remembering under the previous one at once, so the
        # next tick is not stored for the wrong buyer.
        if text.strip() != self._buyer:
            self._buyer = ""
            self._say_returning("")
            self.forget_button.setEnabled(False)

    def _on_nickname_entered(self) -> None:
        name = self.nickname.text().strip()
        if self._memory is None or not name or name == self._buyer:
            return
        try:
            record = self._memory.recall(name)
        except KnownError as e:
            self.message.emit(str(e))
            return
        self._buyer = name
        if record is None:
            self._say_returning("新买家 · 勾选的特征和备注会记住，可随时忘记")
            self.forget_button.setEnabled(False)
            self._save()  # ticks made before the name was typed belong to this buyer
            return
        self._show_record(record)

    def _show_record(self, record: BuyerRecord) -> None:
        seen = dt.datetime.fromtimestamp(record.last_seen)
        days = (dt.date.today() - seen.date()).days
        ago = "今天" if days <= 0 else f"{days} 天前"
        self._say_returning(f"回头客 · 上次 {seen:%Y-%m-%d %H:%M}（{ago}）")
        self.forget_button.setEnabled(True)
        self.note.setText(record.note)
        self.set_ticked(list(record.traits))

    def _on_note_finished(self) -> None:
        if self._save():
            saved = self._memory.recall(self._buyer) if self._memory else None
            if saved is not None and saved.note != self.note.text():
                self.note.setText(saved.note)  # show the rep what is actually kept

    def _save(self) -> bool:
        """Remember the current buyer's ticks and note; nothing without a name, and no
        record for a name with nothing to remember."""
        if self._memory is None or not self._buyer:
            return False
        ids = self.ticked_ids()
        note = self.note.text()
        try:
            if not ids and not note.strip() and self._memory.recall(self._buyer) is None:
                return False
            self._memory.remember(self._buyer, ids, note)
        except KnownError as e:
            self.message.emit(str(e))
            return False
        self.forget_button.setEnabled(True)
        return True

    def forget_buyer(self) -> None:
        name = self._buyer or self.nickname.text().strip()
        if self._memory is None or not name:
            return
        try:
            self._memory.forget(name)
        except KnownError as e:
            self.message.emit(str(e))
            return
        self._buyer = ""
        self.nickname.clear()
        self.note.clear()
        self.forget_button.setEnabled(False)
        self._say_returning(f"已忘记“{name}”，不再保存这位买家的任何信息")

    def point_to(self, trait_id: str) -> bool:
        """Bring the box of ``trait_id`` into view with the focus on it, unticked:
        a hint from the 短语 box suggests the trait, the rep decides."""
        box = self.trait_boxes.get(trait_id)
        if box is None:
            return False
        self.traits_area.ensureWidgetVisible(box)
        box.setFocus()
        return True
