"""The five 议价 tools: per unit, spread, the concession ladder, quantity tiers, spend thresholds."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assistant.core import pricing
from assistant.core.pricing import Field, Firmness, Haggle, Move, PricingError, Span
from assistant.ui.bargain.form import LabelledField, ToolPage, money_text
from assistant.ui.copier import Copier
from assistant.ui.plain import plain_label

# ---------------------------------------------------------------- the five tools


class PerUnitPage(ToolPage):
    """较小单位报价: "每包不到5元"."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        super().__init__(texts)
        self.price = self.add_line(Field.PRICE, "价格", "例如 59.9")
        self.qty = self.add_line(Field.QUANTITY, "数量（一份里有几个）", "例如 12")
        self.unit = QComboBox()
        self.unit.setEditable(True)
        # Count units take whole numbers; weight and volume units take fractions.
        self.unit.addItems(
            ["件", "包", "片", "袋", "瓶", "支", "次", "天", "克", "千克", "斤", "毫升", "升"]
        )
        self.add_field("unit", "单位", self.unit)

    def calculate(self) -> tuple[list[str], str] | None:
        price = self.read(Field.PRICE, lambda t: pricing.parse_money(t, "价格"))
        qty = self.read(Field.QUANTITY, lambda t: pricing.parse_quantity(t, "数量"))
        if price is None or qty is None or not self.complete():
            return None
        r = pricing.per_unit(price, qty, self.unit.currentText(), self.texts)
        if not r.figure[0].isdigit():  # under a 分: no "0.01 元（不到 1分）"
            return [f"每{r.unit} {r.figure}"], r.text
        return [f"每{r.unit} {r.figure}（不到 {pricing.spoken(r.under)}）"], r.text


class SpreadPage(ToolPage):
    """均摊: per year, month, week, day (or per use)."""

    SPANS = ((Span.YEARS, "年"), (Span.MONTHS, "个月"), (Span.DAYS, "天"), (Span.USES, "次"))

    def __init__(self, texts: Mapping[str, str]) -> None:
        super().__init__(texts)
        self.price = self.add_line(Field.PRICE, "价格", "例如 2000")
        self.amount = self.add_line(Field.AMOUNT, "能用多久", "例如 10")
        self.span = QComboBox()
        for span, word in self.SPANS:
            self.span.addItem(word, span)
        self.add_field("span", "按", self.span)

    def calculate(self) -> tuple[list[str], str] | None:
        span = Span(self.span.currentData())
        label = "使用次数" if span is Span.USES else "使用时长"
        price = self.read(Field.PRICE, lambda t: pricing.parse_money(t, "价格"))
        amount = self.read(
            Field.AMOUNT, lambda t: pricing.parse_quantity(t, label, whole=span is Span.USES)
        )
        if price is None or amount is None or not self.complete():
            return None
        r = pricing.spread(price, amount, span, self.texts)
        figures = (
            ("每年", r.per_year),
            ("每月", r.per_month),
            ("每周", r.per_week),
            ("每天", r.per_day),
            ("每次", r.per_use),
        )
        return [
            f"{word} {pricing.figure_str(v)} 元" for word, v in figures if v is not None
        ], r.text


class LadderPage(ToolPage):
    """分阶段让价 with the 下一轮 flow: copy this round's sentence, then advance."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        super().__init__(texts)
        self.haggle: Haggle | None = None
        self._plan_key: tuple[Any, ...] | None = None
        self.list_price = self.add_line(Field.LIST_PRICE, "标价", "例如 2000")
        self.floor = QLineEdit()
        self.floor.setEchoMode(QLineEdit.EchoMode.Password)
        self.floor.setPlaceholderText("只自己可见")
        self.floor.textChanged.connect(lambda _t: self.refresh())
        self.floor.returnPressed.connect(self.return_pressed)
        self.show_floor = QCheckBox("显示")
        self.show_floor.toggled.connect(self._toggle_floor)
        floor_row = QWidget()
        row = QHBoxLayout(floor_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.floor, 1)
        row.addWidget(self.show_floor)
        floor_row.setFocusProxy(self.floor)
        self.fields[Field.FLOOR] = LabelledField(
            "底价（保密：只用来计算，不会出现在话术里）", floor_row
        )
        self.fields[Field.FLOOR].label.setBuddy(self.floor)
        self.form.addWidget(self.fields[Field.FLOOR])
        self.rounds = QSpinBox()
        self.rounds.setRange(pricing.MIN_ROUNDS, pricing.MAX_ROUNDS)
        self.rounds.setValue(5)
        self.rounds.setSuffix(" 轮")
        self.add_field(Field.ROUNDS, "轮数", self.rounds)
        self.firmness = QComboBox()
        for firmness in Firmness:
            self.firmness.addItem(pricing.FIRMNESS_LABELS[firmness], firmness)
        self.firmness.setCurrentIndex(list(Firmness).index(Firmness.NORMAL))
        self.add_field("firmness", "让价力度", self.firmness)
        self.move_choice = QComboBox()
        for move in Move:
            self.move_choice.addItem(pricing.MOVE_LABELS[move], move)
        self.add_field(Field.MOVE, "这一轮给买家", self.move_choice)
        self.gift = self.add_line(Field.GIFT, "赠品（送赠品时写上送什么）", "例如 试用装")

    def copy_caption(self) -> str:
        return "复制并下一轮"

    def add_below(self, layout: QVBoxLayout) -> None:
        # The rounds sent grow by a line each round: below the buttons, so the copy
        # button stays where the rep's mouse is (it once moved down a line a round).
        self.history = plain_label()
        self.history.setObjectName("history")
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.history)

    def add_buttons(self, row: QHBoxLayout) -> None:
        self.restart_button = QPushButton("重来")
        self.restart_button.setToolTip("从第 1 轮重新开始")
        self.restart_button.clicked.connect(self.restart)
        row.addWidget(self.restart_button)

    def _toggle_floor(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.floor.setEchoMode(mode)

    def read_floor(self) -> Decimal | None:
        text = self.floor.text()
        if not text.strip() and not self._strict:
            self._incomplete = True
            return None
        try:
            return pricing.parse_money(text, "底价")
        except PricingError as e:
            self.fields[Field.FLOOR].show_error(str(e))
            self._failed = True
            return None

    def restart(self) -> None:
        self._plan_key = None
        self.move_choice.setCurrentIndex(list(Move).index(Move.MONEY))
        self.refresh()

    def calculate(self) -> tuple[list[str], str] | None:
        list_price = self.read(Field.LIST_PRICE, lambda t: pricing.parse_money(t, "标价"))
        floor = self.read_floor()
        move = Move(self.move_choice.currentData())
        self.gift.setEnabled(move is Move.GIFT)
        self.sentence.setPlaceholderText(self.PLACEHOLDER)
        if list_price is None or floor is None or not self.complete():
            self.haggle = None
            self.history.clear()
            return None
        key = (list_price, floor, self.rounds.value(), Firmness(self.firmness.currentData()))
        if key != self._plan_key or self.haggle is None:
            # New numbers mean a new plan: the haggle starts again from round 1.
            self.haggle = None
            self._plan_key = None
            self.haggle = Haggle(pricing.ladder(list_price, floor, key[2], key[3]), ask_first=True)
            self._plan_key = key
        haggle = self.haggle
        lines = [f"计划：{haggle.ladder.summary()}"]
        if haggle.ladder.note:
            lines.append(f"提示：{haggle.ladder.note}")
        history = ["✓ 已先回“稍等，我去问问”"] if haggle.asked else []
        history += [self._describe(r, sent=True) for r in haggle.rounds]
        self.history.setText("\n".join(history))
        try:
            upcoming = haggle.preview(self.texts, move, self.gift.text())
        except PricingError as e:
            # Keep the plan and the rounds sent in view; only the sentence is withheld.
            if haggle.spent and not isinstance(e, pricing.FloorLeakError):
                # Said where the sentence would be: nothing above the button moves.
                lines.append(f"▶ 报价已用完（最后 {money_text(haggle.price)}）")
                self.sentence.setPlaceholderText(str(e))
            else:
                # About the move itself, else about the gift (missing, or showing the floor).
                self.fields[Field.MOVE if e.field == Field.MOVE else Field.GIFT].show_error(str(e))
            self.partial_result = lines
            return None
        lines.append(self._describe(upcoming, sent=False))
        return lines, upcoming.text

    PLACEHOLDER = "填好上面的数字，这里出现可以直接发给买家的话术。"

    @staticmethod
    def _describe(r: pricing.Round, sent: bool) -> str:
        if r.hold:
            return "▶ 先回一句“稍等”，下次复制再报价"
        what = (
            f"报价 {money_text(r.price)}（让 {money_text(r.concession)}）"
            if r.move is Move.MONEY
            else f"{pricing.MOVE_LABELS[r.move]}，价格 {money_text(r.price)}"
        )
        return f"{'✓' if sent else '▶'} 第{r.number}轮：{what}"

    def copy(self, copier: Copier) -> bool:
        if not self.sentence.toPlainText() and not self.refresh(strict=True):
            return False
        assert self.haggle is not None
        move = Move(self.move_choice.currentData())
        # Rebuilt (and floor-checked) from the state, not read back from the widget.
        upcoming = self.haggle.preview(self.texts, move, self.gift.text())
        if not copier.copy(upcoming.text):
            return False
        self.haggle = self.haggle.advance(self.texts, move, self.gift.text())
        left = self.haggle.moves_left()
        if move not in left and left:
            self.move_choice.setCurrentIndex(list(Move).index(left[0]))
        self.refresh()
        return True


class TiersPage(ToolPage):
    """阶梯价: unit price per tier and the saving against buying one at a time."""

    #: The multi-piece tiers offered: with 单买一件 that is pricing.MAX_TIERS (a third
    #: row could only ever be refused).
    ROWS = (2, 3)

    def __init__(self, texts: Mapping[str, str]) -> None:
        super().__init__(texts)
        self.single = self.add_line(Field.SINGLE, "单买一件的价格", "例如 59.9")
        self.quantities: list[QSpinBox] = []
        self.totals: list[QLineEdit] = []
        for n, qty in enumerate(self.ROWS, 1):
            spin = QSpinBox()
            spin.setRange(2, 10000)
            spin.setValue(qty)
            spin.setSuffix(" 件")
            total = QLineEdit()
            total.setPlaceholderText("这几件一共多少钱（可不填）")
            total.setClearButtonEnabled(True)
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(spin)
            layout.addWidget(total, 1)
            row.setFocusProxy(spin)
            field = LabelledField(f"第{n}档", row)
            field.label.setBuddy(spin)
            self.fields[f"tier{n}"] = field
            self.form.addWidget(field)
            spin.valueChanged.connect(lambda _v: self.refresh())
            total.textChanged.connect(lambda _t: self.refresh())
            total.returnPressed.connect(self.return_pressed)
            self.quantities.append(spin)
            self.totals.append(total)

    def calculate(self) -> tuple[list[str], str] | None:
        single = self.read(Field.SINGLE, lambda t: pricing.parse_money(t, "单件价"))
        entries: list[tuple[int, Decimal]] = []
        for n, (spin, total) in enumerate(zip(self.quantities, self.totals, strict=True), 1):
            if not total.text().strip():
                continue
            try:
                entries.append((spin.value(), pricing.parse_money(total.text(), f"第{n}档")))
            except PricingError as e:
                self.fields[f"tier{n}"].show_error(str(e))
                self._failed = True
        if not entries and not self._strict:
            self._incomplete = True
        if single is None or not self.complete():
            return None
        table = pricing.tiers([(1, single), *entries], self.texts)
        lines = [
            f"{t.quantity} 件：每件 {money_text(t.unit_price)}，共省 {money_text(t.saving)}"
            for t in table.tiers[1:]
        ]
        return lines, table.text

    def field_for(self, error: PricingError) -> LabelledField | None:
        filled = [n for n, total in enumerate(self.totals, 1) if total.text().strip()]
        if error.field == Field.TIERS:
            # "at most 3 tiers": under the last one
            return self.fields[f"tier{filled[-1]}"] if filled else None
        if error.field == Field.TIER:
            for n, spin in enumerate(self.quantities, 1):
                if error.item == spin.value() and n in filled:
                    return self.fields[f"tier{n}"]
            return None
        return super().field_for(error)


class ThresholdPage(ToolPage):
    """满减门槛 from the average order value (客单价, or sales ÷ buyers)."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        super().__init__(texts)
        self.plan: pricing.ThresholdPlan | None = None
        self.aov = self.add_line(Field.AOV, "客单价（或者填下面的销售额和买家数）", "例如 88")
        self.sales = self.add_line(Field.SALES, "销售额", "例如 10000")
        self.buyers = self.add_line(Field.BUYERS, "买家数", "例如 113")
        self.offer = self.add_line(
            Field.OFFER,
            "赠品（满就送：每档送一样，用、隔开；不填则为满减）",
            "例如 试用装、小样",
        )
        self.choice = QComboBox()
        self.add_field("choice", "话术用哪个门槛", self.choice)
        # The threshold is a proposal; the sentence tells a buyer it is on. Said where
        # the rep copies it, so no buyer is promised a 满减 the shop has not set.
        self.copy_button.setToolTip(
            "先在店铺后台设置好这个满减活动，再把这句话发给买家（Ctrl+Enter）"
        )
        self.sentence.setPlaceholderText(
            "填好客单价，这里出现介绍满减活动的话术：店铺设置好这个活动后再发给买家。"
        )

    def copy_caption(self) -> str:
        return "活动已设置，复制"

    def _read_aov(self) -> Decimal | None:
        if self.aov.text().strip() or not (self.sales.text().strip() or self.buyers.text().strip()):
            return self.read(Field.AOV, lambda t: pricing.parse_money(t, "客单价"))
        sales = self.read(Field.SALES, lambda t: pricing.parse_money(t, "销售额"))
        buyers = self.read(Field.BUYERS, lambda t: pricing.parse_quantity(t, "买家数", whole=True))
        if sales is None or buyers is None:
            return None
        return pricing.average_order_value(sales, buyers)

    def calculate(self) -> tuple[list[str], str] | None:
        aov = self._read_aov()
        if aov is None or not self.complete():
            self._fill_choices(None)
            return None
        plan = pricing.thresholds(aov, pricing.parse_gifts(self.offer.text()), self.texts)
        self._fill_choices(plan)
        choices = [*plan.thresholds, plan.growth, plan.mature]
        chosen = choices[max(0, self.choice.currentIndex())]
        lines = [f"客单价 {money_text(aov)}"]
        lines += [f"{t.label}：{t.short}（门槛是客单价的 {t.percent}%）" for t in choices]
        return lines, chosen.text

    def _fill_choices(self, plan: pricing.ThresholdPlan | None) -> None:
        labels = (
            []
            if plan is None
            else [f"{t.label} {t.short}" for t in (*plan.thresholds, plan.growth, plan.mature)]
        )
        current = [self.choice.itemText(i) for i in range(self.choice.count())]
        if labels != current:
            index = self.choice.currentIndex()
            self.choice.blockSignals(True)
            self.choice.clear()
            self.choice.addItems(labels)
            self.choice.setCurrentIndex(min(max(index, 0), len(labels) - 1))
            self.choice.blockSignals(False)
