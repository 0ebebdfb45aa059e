"""A haggle under way (下一轮): the rounds sent, the next one, and what is left to give
(money off, a gift, free shipping)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from assistant.core.money import yuan
from assistant.core.pricing.base import PricingError
from assistant.core.pricing.concessions import Ladder
from assistant.core.pricing.fields import Field
from assistant.core.pricing.texts import DEFAULT_TEXTS, fill, guard_floor, variants


class Move(StrEnum):
    """What a round gives: money off, a gift, or free shipping."""

    MONEY = "money"
    GIFT = "gift"
    SHIPPING = "shipping"


MOVE_LABELS: dict[Move, str] = {Move.MONEY: "让价", Move.GIFT: "送赠品", Move.SHIPPING: "包邮"}


@dataclass(frozen=True, slots=True)
class Round:
    number: int  # 1-based
    move: Move
    price: Decimal  # the price offered in this round
    concession: Decimal  # money given up this round (0 for a gift or free shipping)
    text: str
    template: str = ""  # the key of the wording used (``ladder_next_2`` …)
    #: The holding line before the first price ("稍等，我去问问"): no offer in it.
    hold: bool = False


@dataclass(frozen=True, slots=True)
class Haggle:
    """Where a haggle stands (下一轮): which planned offers are spent, what was sent.

    Immutable: :meth:`advance` returns the next state, so "undo" is keeping the old one.
    A gift or free-shipping round keeps the price and saves the next money offer.
    """

    ladder: Ladder
    used: int = 0
    rounds: tuple[Round, ...] = ()
    #: Answer the first plea with a holding line ("稍等，我去问问") and the first price
    #: only on the next copy, minutes later, as the trade teaches; a price that comes in
    #: the same breath as "let me ask" convinces nobody.
    ask_first: bool = False
    asked: bool = False

    @property
    def asking(self) -> bool:
        """The next copy is the holding line, not a price."""
        return self.ask_first and not self.asked and self.used == 0 and not self.rounds

    @property
    def price(self) -> Decimal:
        return self.ladder.offers[self.used - 1] if self.used else self.ladder.list_price

    @property
    def money_left(self) -> int:
        return len(self.ladder.offers) - self.used

    @property
    def number(self) -> int:
        """The number of the round about to be sent."""
        return len(self.rounds) + 1

    def preview(
        self, texts: Mapping[str, str] = DEFAULT_TEXTS, move: Move = Move.MONEY, gift: str = ""
    ) -> Round:
        values = {"原价": yuan(self.ladder.list_price), "赠品": gift.strip()}
        if self.asking and move is Move.MONEY:
            key = self._wording(texts, "ladder_ask")
            text = fill(texts, key, values)
            return Round(
                self.number,
                move,
                self.ladder.list_price,
                Decimal("0.00"),
                guard_floor(text, self.ladder.floor),
                key,
                hold=True,
            )
        if not self.money_left:
            self._check_spent(move, gift)
        if move is Move.MONEY:
            price = self.ladder.offers[self.used]
            if self.used == 0:
                kind = "ladder_first"
            elif self.money_left == 1:
                kind = "ladder_last"
            else:
                kind = "ladder_next"
            concession = self.price - price
        else:
            price, concession = self.price, Decimal("0.00")
            kind = "ladder_gift" if move is Move.GIFT else "ladder_shipping"
        key = self._wording(texts, kind)
        text = fill(texts, key, {**values, "报价": yuan(price)})
        return Round(
            self.number, move, price, concession, guard_floor(text, self.ladder.floor), key
        )

    @property
    def spent(self) -> bool:
        """Every planned money offer has been sent."""
        return not self.money_left

    def moves_left(self) -> tuple[Move, ...]:
        """What may still be offered: once the money offers are spent, a gift and free
        shipping once each (a gift only with the gift named), then nothing."""
        if self.money_left:
            return tuple(Move)
        given = {r.move for r in self.rounds[self._last_money_round() :]}
        return tuple(m for m in (Move.GIFT, Move.SHIPPING) if m not in given)

    def _last_money_round(self) -> int:
        for i in range(len(self.rounds) - 1, -1, -1):
            if self.rounds[i].move is Move.MONEY:
                return i + 1
        return 0

    def spent_message(self) -> str:
        """What the rep is told once the price offers are spent."""
        last = f"报价已经用完：最后报价 {yuan(self.price)} 元已经发出，价格不能再让了。"
        left = self.moves_left()
        if not left:
            return last + "赠品和包邮也都给过了，再让就没有分寸了；请礼貌地请买家考虑，或点“重来”。"
        names = "或".join(MOVE_LABELS[m] for m in left)
        return last + f"还可以{names}各一次（送赠品要在“赠品”里写上送什么），或者就此打住。"

    def _check_spent(self, move: Move, gift: str) -> None:
        if move not in self.moves_left():
            raise PricingError(self.spent_message(), Field.MOVE)
        if move is Move.GIFT and not gift.strip():
            raise PricingError(
                "报价已经用完，送赠品要说清送什么：请在“赠品”里写上（例如 试用装），"
                "否则就不要再让了。",
                Field.GIFT,
            )

    def _wording(self, texts: Mapping[str, str], kind: str) -> str:
        """The next wording of ``kind`` in rotation, never the one the last round used."""
        keys = variants(texts, kind)
        used = sum(1 for r in self.rounds if r.template in keys)
        last = self.rounds[-1].template if self.rounds else ""
        last_text = texts.get(last) or DEFAULT_TEXTS.get(last, "")
        for i in range(len(keys)):
            key = keys[(used + i) % len(keys)]
            if (texts.get(key) or DEFAULT_TEXTS[key]) != last_text:
                return key
        return keys[used % len(keys)]

    def advance(
        self, texts: Mapping[str, str] = DEFAULT_TEXTS, move: Move = Move.MONEY, gift: str = ""
    ) -> Haggle:
        sent = self.preview(texts, move, gift)
        if sent.hold:
            return replace(self, asked=True)
        used = self.used + (1 if move is Move.MONEY else 0)
        return replace(self, used=used, rounds=(*self.rounds, sent))
