"""The 买家, 议价 and 售后 panels: made from the store once the window is on screen (their
tabs hold a place until then, :mod:`assistant.ui.slots`), and what each takes from the
packs anew after packs changed. Imported after the window shows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import cast

from assistant.core import closing, pricing
from assistant.store.buyers import BuyerMemory, load_catalogue, suggest_phrases
from assistant.store.repository import Store
from assistant.ui.bargain import BargainPanel
from assistant.ui.buyers import BuyerPanel
from assistant.ui.closing import ClosingPanel
from assistant.ui.copier import Copier
from assistant.ui.phrases import PhrasePanel

#: Tells the rep about a problem (the window's status bar).
ShowError = Callable[[str], None]


def bargain_texts(store: Store) -> Mapping[str, str]:
    """The 议价 sentences: the packs' over the program's own."""
    return pricing.merge_texts(store.sections("bargain_texts"))


def closing_templates(store: Store, show_error: ShowError) -> tuple[closing.ClosingTemplate, ...]:
    """The 售后 templates of all packs (a broken one is reported and left out)."""
    catalog = closing.load_catalog(
        store.sections(closing.SECTION),
        store.sections(closing.CARRIER_SECTION),
        on_error=lambda e: show_error(str(e)),
    )
    return catalog.templates


def make_buyers(
    store: Store, copier: Copier, phrases: PhrasePanel, show_error: ShowError
) -> BuyerPanel:
    """The 买家 panel: its replies come from the 短语 panel's index (the current one,
    after a reload too), filled and shown as the 短语 panel fills and shows them."""

    def lookup(weights: Mapping[str, float], limit: int) -> list[tuple[str, str, str]]:
        # With ids: (code, title, body, id); the panel counts a copy by the id.
        found = suggest_phrases(store, phrases.index, weights, limit, with_ids=True)
        return cast("list[tuple[str, str, str]]", found)

    return BuyerPanel(
        copier,
        load_catalogue(store, on_error=lambda e: show_error(str(e))),
        lookup,
        BuyerMemory(store),
        fill=phrases.fill_text,
        show=phrases.shown_text,
    )


def make_bargain(store: Store, copier: Copier) -> BargainPanel:
    return BargainPanel(copier, bargain_texts(store))


def make_closing(store: Store, copier: Copier, show_error: ShowError) -> ClosingPanel:
    return ClosingPanel(
        copier,
        closing_templates(store, show_error),
        store.profile(),
        store.setting,
        store.set_setting,
    )


def reload_panels(
    store: Store,
    buyers: BuyerPanel | None,
    bargain: BargainPanel | None,
    closing_panel: ClosingPanel | None,
    show_error: ShowError,
) -> None:
    """After packs changed: each built panel takes its part of the packs anew, in place
    (the 议价 and 售后 panels keep what the rep typed)."""
    if buyers is not None:
        buyers.set_catalogue(load_catalogue(store))
    if bargain is not None:
        bargain.set_texts(bargain_texts(store))
    if closing_panel is not None:
        closing_panel.set_templates(closing_templates(store, show_error))
        # A restore from backup brings its own 客服资料.
        closing_panel.set_profile(store.profile())
