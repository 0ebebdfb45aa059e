"""The 售后 panel's controller: the scenario picker, the form built from the chosen
template's fields (rows from :mod:`~assistant.ui.closing.fields`), the live checks and
preview, and the copy that a hole blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.core import closing
from assistant.core.closing import ClosingTemplate
from assistant.ui.closing.fields import ERROR_TEXT_STYLE, FieldRow
from assistant.ui.copier import Copier
from assistant.ui.plain import plain_label

_OK_TEXT_STYLE = "color: #2e7d32;"
_NOTE_TEXT_STYLE = ""  # news that is neither good nor bad, in the ordinary colour
NO_TEMPLATES = "没有可用的售后模板，请导入含 closing_templates 的话术包。"
PANEL_WIDTH = 380


class ClosingPanel(QWidget):
    """售后结束语: scenario picker, generated form, live preview, one copy button."""

    def __init__(
        self,
        copier: Copier,
        templates: Sequence[ClosingTemplate],
        profile: Mapping[str, str],
        settings_get: Callable[[str, Any], Any],
        settings_set: Callable[[str, Any], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._copier = copier
        self._templates = list(templates)
        self._profile = dict(profile)
        self._settings_get = settings_get
        self._settings_set = settings_set
        # What the rep typed, by field name, kept across scenarios: the order number
        # typed for 已付款 is still there when switching to 退换货.
        self._values: dict[str, str] = {}
        self._rows: dict[str, FieldRow] = {}
        self._touched: set[str] = set()  # fields whose shape problems are shown
        self._attempted = False  # a blocked copy: show every hole until it is filled
        self._copied = False  # a message was copied: leaving the window forgets the buyer
        self._build()
        self._select_initial_template()

    # ------------------------------------------------------------ public

    def sizeHint(self) -> QSize:
        return QSize(PANEL_WIDTH, super().sizeHint().height())

    def current_template(self) -> ClosingTemplate | None:
        index = self.scenario.currentIndex()
        return self._templates[index] if 0 <= index < len(self._templates) else None

    def select_template(self, template_id: str) -> bool:
        for index, template in enumerate(self._templates):
            if template.id == template_id:
                self.scenario.setCurrentIndex(index)
                return True
        return False

    def field_input(self, name: str) -> QLineEdit:
        """The line edit for a field of the current form (a combo's own edit)."""
        return self._rows[name].edit

    def field_row(self, name: str) -> FieldRow:
        return self._rows[name]

    def form_names(self) -> list[str]:
        return list(self._rows)

    def values(self) -> dict[str, str]:
        template = self.current_template()
        if template is None:
            return {}
        # Only what the form shows: a 客服名 typed while the profile lacked one gives way
        # once the profile has it (it is kept, should the profile lose it again).
        return {
            f.name: self._values[f.name]
            for f in template.form_fields(self._profile)
            if f.name in self._values
        }

    def next_buyer(self) -> None:
        """The rep moved on (买家 → 下一位买家): what was typed about this buyer and
        order goes, so the next buyer never gets their name, phone or address. The
        shop's own fields (the return address), the carrier and what stands in for the
        rep's profile stay."""
        self._forget_buyer()
        self._set_status("", None)
        self._refresh()

    def left(self) -> None:
        """The rep left the window. After a message was copied, that buyer's fields
        go: the next time the rep opens 售后 it is for another buyer, who must not get
        the last one's amount or address by one Ctrl+Enter."""
        if not self._copied:
            return
        self._forget_buyer()
        self._set_status("上一位买家的称呼、金额和地址已清空：给下一位买家重新填写。", None)
        self._refresh()

    def app_state(self, state: object) -> None:
        """The application's state changed: no longer active is leaving the window."""
        from PySide6.QtCore import Qt

        if state != Qt.ApplicationState.ApplicationActive:
            self.left()

    def _forget_buyer(self) -> None:
        keep = {
            f.name
            for t in self._templates
            for f in t.all_fields()
            if f.shop or f.carrier or f.from_profile
        }
        self._values = {name: value for name, value in self._values.items() if name in keep}
        self._touched.clear()
        self._attempted = False
        self._copied = False
        self._rebuild_form(self.current_template())

    def set_templates(self, templates: Sequence[ClosingTemplate]) -> None:
        """Take the packs' new templates (an import, a rollback, a subscription update)
        in place, keeping what the rep typed.

        Values stay by field name; the scenario being filled stays chosen while it
        exists, and its form is only made anew when its fields changed. If it is gone,
        the first scenario is chosen and the rep is told. The preview follows the new
        wording. The same templates as now change nothing at all.
        """
        new = list(templates)
        if new == self._templates:
            return
        old = self.current_template()
        focused = self._focused_field()
        self._templates = new
        ids = [t.id for t in new]
        if old is not None:
            index = ids.index(old.id) if old.id in ids else 0
        else:
            last = self._settings_get(closing.LAST_TEMPLATE_SETTING, "")
            index = ids.index(last) if isinstance(last, str) and last in ids else 0
        self.scenario.blockSignals(True)
        try:
            if [self.scenario.itemData(i) for i in range(self.scenario.count())] == ids:
                for i, t in enumerate(new):
                    self.scenario.setItemText(i, t.title)
            else:
                self.scenario.clear()
                for t in new:
                    self.scenario.addItem(t.title, t.id)
            self.scenario.setCurrentIndex(index if new else -1)
        finally:
            self.scenario.blockSignals(False)
        self.copy_button.setEnabled(bool(new))
        template = self.current_template()
        if old is not None and (template is None or template.id != old.id):
            # The scenario being filled left the packs: start the next one afresh, with
            # the values carried over by name as on any change of scenario.
            self._on_scenario_changed()
            news = f"正在填写的“{old.title}”已不在话术包中"
            if template is not None:
                news += f"，已换成“{template.title}”；填过的内容已按名称保留"
            self._set_status(news + "。", error=None)
            return
        if (
            old is None
            or template is None
            or (template.form_fields(self._profile) != old.form_fields(self._profile))
        ):
            self._rebuild_form(template, focused)
        self._show_scenario_note(template)
        self._refresh()

    def set_profile(self, profile: Mapping[str, str]) -> None:
        """The rep changed 客服资料: later messages are signed with the new name.

        A profile name the profile now fills leaves the form (what was typed there is
        kept for when it is empty again); one it no longer fills comes back.
        """
        new = dict(profile)
        if new == self._profile:
            return
        template = self.current_template()
        before = template.form_fields(self._profile) if template is not None else ()
        self._profile = new
        if template is not None and template.form_fields(new) != before:
            self._rebuild_form(template, self._focused_field())
        self._refresh()

    def copy(self) -> bool:
        """Copy the finished message, or block and say what is missing or wrong."""
        template = self.current_template()
        if template is None:
            return False
        report = closing.check_values(template, self.values(), self._profile)
        if not report.ok:
            self._attempted = True
            self._touched.update(self._rows)
            self._refresh()
            first = next(
                (
                    n
                    for n in self._rows
                    if n in report.invalid or any(f.name == n for f in report.missing)
                ),
                None,
            )
            if first is not None:
                self._rows[first].edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        broken = closing.forbidden_value(template, report.values)
        if broken:
            name, message = broken
            self._set_status(f"还不能复制。{self._rows[name].field.label}：{message}", error=True)
            self._rows[name].edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        text = closing.render(template, self.values(), self._profile, self.mask_check.isChecked())
        if not self._copier.copy(text):
            self._set_status("没能复制到剪贴板，请再按一次“复制”。", error=True)
            return False
        self._remember(template, report.values)
        self._attempted = False
        self._copied = True
        self._set_status("已复制，可以粘贴给买家了。", error=False)
        return True

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.setMinimumWidth(300)
        layout = QVBoxLayout(self)

        picker = QHBoxLayout()
        scenario_label = plain_label("场景(&S)")
        self.scenario = QComboBox()
        self.scenario.setObjectName("closing_scenario")
        for template in self._templates:
            self.scenario.addItem(template.title, template.id)
        scenario_label.setBuddy(self.scenario)
        picker.addWidget(scenario_label)
        picker.addWidget(self.scenario, 1)
        layout.addLayout(picker)

        self.scenario_note = plain_label()
        self.scenario_note.setWordWrap(True)
        self.scenario_note.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.scenario_note)

        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addWidget(self.form_host)

        self.mask_check = QCheckBox("隐藏手机号/地址(&H)")
        self.mask_check.setToolTip("手机号显示为 138****1234，地址只保留开头的省份或城市")
        layout.addWidget(self.mask_check)

        self.preview = QPlainTextEdit()
        self.preview.setObjectName("closing_preview")
        self.preview.setReadOnly(True)
        self.preview.setMinimumHeight(140)
        self.preview.setToolTip("预览：【】里是还没填写的内容")
        self.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # read only: not on Tab's way
        layout.addWidget(self.preview, 1)

        self.status = plain_label()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.copy_button = QPushButton("复制（Ctrl+Enter）")
        layout.addWidget(self.copy_button)

        self.scenario.currentIndexChanged.connect(self._on_scenario_changed)
        self.mask_check.toggled.connect(self._refresh)
        self.copy_button.clicked.connect(self.copy)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.copy)

        if not self._templates:
            self.copy_button.setEnabled(False)

    def _select_initial_template(self) -> None:
        last = self._settings_get(closing.LAST_TEMPLATE_SETTING, "")
        if not (isinstance(last, str) and self.select_template(last)) and self._templates:
            self.scenario.setCurrentIndex(0)
        self._on_scenario_changed()

    def _on_scenario_changed(self) -> None:
        template = self.current_template()
        self._attempted = False
        self._touched.clear()
        self._rebuild_form(template)
        self._show_scenario_note(template)
        self._set_status("", error=False)
        self._refresh()

    def _show_scenario_note(self, template: ClosingTemplate | None) -> None:
        self.scenario_note.setText(
            template.scenario if template else "" if self._templates else NO_TEMPLATES
        )

    def _focused_field(self) -> str | None:
        """The field the rep is in (or was in, when the window is not active)."""
        widget = self.focusWidget()
        if widget is None:
            return None
        return next(
            (name for name, row in self._rows.items() if widget in (row.edit, row.outlined)), None
        )

    def _rebuild_form(self, template: ClosingTemplate | None, focus: str | None = None) -> None:
        """The form for ``template`` from the values kept by name; ``focus`` names the
        field the rep was in, which gets the focus (and the cursor) back."""
        cursor = (
            self._rows[focus].edit.cursorPosition()
            if focus is not None and focus in self._rows
            else 0
        )
        while self.form.rowCount():
            self.form.removeRow(0)
        self._rows.clear()
        if template is None:
            return
        last_carrier = self._settings_get(closing.LAST_CARRIER_SETTING, "")
        for f in template.form_fields(self._profile):
            if f.carrier and not self._values.get(f.name) and isinstance(last_carrier, str):
                self._values[f.name] = last_carrier
            row = FieldRow(f, self._values.get(f.name, ""))
            if f.from_profile:
                row.edit.setPlaceholderText("客服资料里还没有填写，可在此临时填写")
            label = plain_label(f.label + (" *" if f.required else ""))
            label.setBuddy(row.edit)
            self.form.addRow(label, row)
            self._rows[f.name] = row
            row.edit.textChanged.connect(lambda text, name=f.name: self._on_edited(name, text))
            row.edit.editingFinished.connect(lambda name=f.name: self._on_left(name))
            # Enter moves on to the next blank; Ctrl+Enter copies.
            row.edit.returnPressed.connect(self.focusNextChild)
        # Tab: 场景, the fields top to bottom, then the switch and 复制 (the fields are
        # made after them, and Tab followed that order).
        last: QWidget = self.scenario
        for widget in [*(r.edit for r in self._rows.values()), self.mask_check, self.copy_button]:
            QWidget.setTabOrder(last, widget)
            last = widget
        if focus is not None and focus in self._rows:
            edit = self._rows[focus].edit
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            edit.setCursorPosition(cursor)

    # ------------------------------------------------------------ live checks

    def _on_edited(self, name: str, text: str) -> None:
        self._values[name] = text
        self._refresh()

    def _on_left(self, name: str) -> None:
        if self._values.get(name, "").strip():
            self._touched.add(name)
            self._refresh()

    def _refresh(self) -> None:
        template = self.current_template()
        if template is None:
            self.preview.setPlainText("")
            return
        values = self.values()
        report = closing.check_values(template, values, self._profile)
        missing = {f.name for f in report.missing}
        for name, row in self._rows.items():
            problem = ""
            if name in report.invalid and name in self._touched:
                problem = report.invalid[name]
            elif name in missing and self._attempted:
                problem = f"请填写{row.field.label}"
            row.show_problem(problem)
        self.preview.setPlainText(
            closing.preview(template, values, self._profile, self.mask_check.isChecked())
        )
        if self._attempted:
            self._show_blockers(template, report)

    def _show_blockers(self, template: ClosingTemplate, report: closing.FillReport) -> None:
        parts = []
        if report.missing:
            parts.append("请填写：" + "、".join(f.label for f in report.missing))
        bad = [template.field(n) for n in report.invalid]
        if bad:
            parts.append("请检查：" + "、".join(f.label for f in bad if f))
        if parts:
            self._set_status("还不能复制。" + "；".join(parts), error=True)
        else:
            self._set_status("都填好了，可以复制（Ctrl+Enter）。", error=False)

    def _set_status(self, text: str, error: bool | None) -> None:
        """``error`` True: red; False: green (done, ready); None: a neutral note."""
        self.status.setText(text)
        self.status.setStyleSheet(
            _NOTE_TEXT_STYLE if error is None else ERROR_TEXT_STYLE if error else _OK_TEXT_STYLE
        )

    def _remember(self, template: ClosingTemplate, clean: Mapping[str, str]) -> None:
        self._settings_set(closing.LAST_TEMPLATE_SETTING, template.id)
        for f in template.fields:
            if f.carrier and clean.get(f.name):
                self._settings_set(closing.LAST_CARRIER_SETTING, clean[f.name])
