"""The 短语 panel's controller: the search box's text searched, the results shown, the
chosen phrase filled and copied. Its keys are :mod:`~assistant.ui.phrases.keys`, the
问法 answers to a buyer's message :mod:`~assistant.ui.phrases.answers`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from assistant.core import placeholders
from assistant.core.phrases import date_state, today_iso
from assistant.core.search import SearchIndex, clean_query
from assistant.errors import KnownError
from assistant.store.repository import Store, StoredPhrase
from assistant.ui.copier import Copier
from assistant.ui.models.results_model import ResultRow, ResultsModel
from assistant.ui.phrases.answers import MessageAnswers, settle
from assistant.ui.phrases.ime import ImeGuard
from assistant.ui.phrases.keys import SearchKeys
from assistant.ui.views.phrase_view import PhraseView

RESULT_LIMIT = 50

#: How much a buyer-trait tag weighs against the rep's own usage in the ranking.
TAG_BOOST = 0.75


class PhrasePanel(QWidget):
    """Controller of the phrase search; owns a :class:`PhraseView`.

    ``ask_values`` replaces the placeholder form (tests); ``clock`` is the monotonic
    clock the input method's commits are timed with (see :class:`ImeGuard`)."""

    #: The rep followed a buyer hint (Ctrl+J or a click): "bargain" or a trait id.
    hintRequested = Signal(str)

    #: Emitted after each search with the number of results (tests and benchmarks wait on it).
    resultsChanged = Signal(int)
    #: Emitted after a phrase was copied, with its title.
    phraseCopied = Signal(str)
    #: A message for the rep (errors the window shows in its status bar).
    message = Signal(str)
    #: Esc in an already empty search box (the hotkey's window then goes away).
    dismissed = Signal()

    def __init__(
        self,
        store: Store,
        index: SearchIndex,
        copier: Copier,
        ask_values: Callable[..., dict[str, str] | None] | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._index = index
        self._copier = copier
        self._ask_values = ask_values or _ask_in_dialog
        self._usage = store.usage_scores()
        # 客服资料 and the promotions' dates, read once per refresh, not per keystroke.
        self._profile: dict[str, str] | None = None
        self._dates: dict[int, tuple[str, str]] | None = None
        self._tag_boost: dict[int, float] = {}
        # Phrases shown lately, by id: successive keystrokes mostly show the same ones.
        self._shown: dict[int, StoredPhrase] = {}
        #: Whose keys are they, the rep's or the input method's (its pre-edit, commits).
        self.ime = ImeGuard(clock)
        # 问法 matching: the index is read at the first Chinese query, not at start.
        self._answers = MessageAnswers(store, self.message.emit, self)
        self.model = ResultsModel(self)
        self.view = PhraseView(self)
        self.view.results.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        # A buyer hint (议价, a trait in 买家): a suggestion the rep may follow, no more.
        from PySide6.QtWidgets import QPushButton

        self.hint_button = QPushButton()
        self.hint_button.setObjectName("buyerHint")
        self.hint_button.setStyleSheet("text-align:left;color:#e65100;padding:2px 6px")
        self.hint_button.setFlat(True)
        self.hint_button.setVisible(False)
        self.hint_button.clicked.connect(self.follow_hint)
        self._hint = ""
        layout.addWidget(self.hint_button)

        self._typed_since_left = False
        self.view.search.textChanged.connect(self._on_text_changed)
        self.view.results.doubleClicked.connect(lambda idx: self.copy_row(idx.row()))
        self.refresh()

    def finish(self) -> None:
        """Keys and shortcuts, wired right after the window is shown: they need Qt's
        enum namespaces, which cost ~30 ms to create and nothing on screen needs."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeySequence, QShortcut

        self.view.finish()
        self._keys = SearchKeys(self, self.ime)  # the search box's event filter
        for n in range(1, 10):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=n: self.copy_row(n - 1))
        hint = QShortcut(QKeySequence("Ctrl+J"), self)
        hint.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        hint.activated.connect(self.follow_hint)
        self._answers.read_ahead()

    # ------------------------------------------------------------ public

    @property
    def index(self) -> SearchIndex:
        return self._index

    @property
    def answers_ready(self) -> bool:
        """The question index is in memory: a buyer's message is answered at once."""
        return self._answers.ready

    @property
    def search_box(self) -> QWidget:
        return self.view.search

    def focus_search(self) -> None:
        self.view.search.setFocus()
        self.view.search.selectAll()

    def left(self) -> None:
        """The rep went to another window: the next return selects the old query."""
        self._typed_since_left = False

    def returned(self) -> None:
        """The rep came back (a click, Alt+Tab, the tray): the old query is selected so
        typing replaces it. Not when the rep has typed since leaving: the desktop can
        report the return after the first keys have arrived, and selecting then would
        throw away what was typed (``xh`` became ``h``)."""
        if not self._typed_since_left:
            self.focus_search()

    def set_index(self, index: SearchIndex, answers: Any = None) -> None:
        """Use a new index (after a pack import) and search again; ``answers``: the
        question index of the same packs, when already read."""
        self._index = index
        self._answers.replace(answers)  # None: the packs changed, read it anew
        self._usage = self._store.usage_scores()
        self._shown.clear()
        self.refresh()
        settle()

    def set_tag_weights(self, weights: Mapping[str, float]) -> None:
        """Re-rank toward phrases carrying these tags (from the buyer panel)."""
        self._tag_boost = {}
        if weights:
            wanted = {t: w for t, w in weights.items() if w > 0}
            for pid, tags in self._store.phrase_tags(wanted).items():
                self._tag_boost[pid] = TAG_BOOST * sum(wanted[t] for t in tags)
        self.refresh()

    def refresh(self) -> None:
        """Search again, reading 客服资料 and the promotions' dates anew."""
        self._profile = self._dates = None
        self._search(self.view.search.text())

    def selected_row(self) -> int:
        index = self.view.results.currentIndex()
        return index.row() if index.isValid() else 0

    # ------------------------------------------------------------ searching

    def _preferred(self) -> dict[int, float]:
        if not self._tag_boost:
            return self._usage
        merged = dict(self._usage)
        for pid, boost in self._tag_boost.items():
            merged[pid] = merged.get(pid, 0.0) + boost
        return merged

    def _profile_values(self) -> dict[str, str]:
        """客服资料 and 店铺信息 as the rows show them, which is how they are pasted
        (read again at :meth:`refresh` and after a form): a remembered 包邮规则 showed as
        【包邮规则】 and went into the chat unseen."""
        if self._profile is None:
            try:
                profile = {k: v for k, v in self._store.profile().items() if v.strip()}
                facts = self._shop_facts(self._store.remembered_values())
            except KnownError:
                return {}
            self._profile = {**facts, **profile}
        return self._profile

    def shown_text(self, body: str) -> str:
        """``body`` as it will be pasted: 客服资料 and defaults filled, the rest 【订单号】."""
        return placeholders.as_pasted(body, self._profile_values())[0]

    def _on_text_changed(self, text: str) -> None:
        self._typed_since_left = True
        self._search(text)

    def _search(self, text: str) -> None:
        hits = self._index.search(text, limit=RESULT_LIMIT, preferred=self._preferred())
        asked, hits = self._answers.rank_in(text, hits, RESULT_LIMIT)
        self._show_hint(text)
        missing = [h.id for h in hits if h.id not in self._shown]
        try:
            if missing:
                if len(self._shown) > 2000:
                    self._shown.clear()
                self._shown.update(self._store.phrases(missing))
        except KnownError as e:
            self.message.emit(str(e))
        phrases = self._shown
        hits = self._within_dates(hits)
        terms = clean_query(text)
        # An answer is shown with the 问法 it matched, not with the message's words lit up.
        values = self._profile_values()
        rows = [
            ResultRow(phrases[h.id], [] if h.id in asked else terms, values, asked.get(h.id))
            for h in hits
            if h.id in phrases
        ]
        self.model.set_rows(rows)
        if rows:
            self.view.results.setCurrentIndex(self.model.index(0, 0))
            self.view.results.scrollToTop()
        if not text.strip():
            self.view.count.setText(f"常用与全部短语 · 共 {len(self._index)} 条")
        elif rows:
            more = "+" if len(rows) >= RESULT_LIMIT else ""
            answered = f"（{len(asked)} 条按问法答复）" if asked else ""
            self.view.count.setText(
                f"找到 {len(rows)}{more} 条{answered} · 回车复制第一条，Ctrl+数字复制第 N 条"
            )
        else:
            self.view.count.setText(f"没有找到“{text.strip()}”，试试拼音首字母或其他关键词")
        self.resultsChanged.emit(len(rows))

    def _show_hint(self, text: str) -> None:
        hints = []
        if text.strip():  # not for the empty box at start-up: the matcher costs ~30 ms
            from assistant.core import answer

            hints = answer.buyer_hints(text) if answer.looks_like_message(text) else []
        self._hint = hints[0].target if hints else ""
        if hints:
            self.hint_button.setText(f"提示：{hints[0].label}（Ctrl+J）")
        self.hint_button.setVisible(bool(hints))

    def follow_hint(self) -> bool:
        """Go where the shown hint points (the window switches tabs); nothing ticked."""
        if not self._hint:
            return False
        self.hintRequested.emit(self._hint)
        return True

    # ------------------------------------------------------------ copying

    def copy_row(self, row: int) -> bool:
        result = self.model.row(row)
        if result is None:
            return False
        return self.copy_phrase(result.phrase)

    def fill_text(self, title: str, body: str, declared: tuple[str, ...] = ()) -> str | None:
        """``body`` with its placeholders filled (the policy: core/filling.py), asking
        in one small form for what the profile and shop facts leave open. None when the
        rep cancels or the text cannot be used; the reason goes out through :attr:`message`."""
        from assistant.core import filling

        remembered = self._store.remembered_values()
        filled = filling.fill(
            title,
            body,
            declared=declared,
            profile=self._store.profile(),
            remembered=remembered,
            shop_facts=self._shop_facts(remembered),
            ask=lambda title, names, defaults: self._ask_values(self, title, names, defaults),
        )
        if filled.remember is not None:
            self._store.remember_values(filled.remember)
            self._profile = None  # a 店铺信息 typed now shows in the rows from now on
        if filled.profile is not None:
            self._store.set_profile(filled.profile)
            self._profile = None
        if filled.problem:
            self.message.emit(filled.problem)
        return filled.text

    def _within_dates(self, hits: list[Any]) -> list[Any]:
        """``hits`` without the promotions outside their dates (活动话术)."""
        if not hits:
            return hits
        if self._dates is None:
            try:
                self._dates = self._store.phrase_dates()
            except KnownError as e:
                self.message.emit(str(e))
                return hits
        dates = self._dates
        if not dates:
            return hits
        today = today_iso()
        return [h for h in hits if h.id not in dates or not date_state(*dates[h.id], today)]

    def _shop_facts(self, remembered: dict[str, str]) -> dict[str, str]:
        """店铺信息 for the phrase: what the packs set, else what was typed on this PC
        the first time a phrase needed it (asked once, then used without asking)."""
        from assistant.core import shopfacts

        facts = {n: remembered[n] for n in shopfacts.NAMES if remembered.get(n, "").strip()}
        try:
            facts.update(shopfacts.merge(self._store.sections(shopfacts.SECTION)))
        except KnownError as e:
            self.message.emit(str(e))
        return facts

    def copy_phrase(self, phrase: StoredPhrase) -> bool:
        text = self.fill_text(phrase.title, phrase.body, phrase.placeholders)
        if text is None:
            return False
        if not self._copier.copy(text):
            return False
        self.count_use(phrase.id)
        self.phraseCopied.emit(phrase.title)
        return True

    def count_use(self, phrase_id: int) -> None:
        """A copy of this phrase (here or from the 买家 panel): counted for 使用统计
        and for ranking it higher."""
        try:
            self._store.record_use(phrase_id)
            count, last = self._store.usage_of(phrase_id)
        except KnownError as e:
            self.message.emit(str(e))
        else:
            from assistant.core.search import usage_score

            self._usage[phrase_id] = usage_score(count, last)


def _ask_in_dialog(*args: Any, **kwargs: Any) -> dict[str, str] | None:
    from assistant.ui.fill_dialog import FillDialog  # built on the first placeholder asked

    return FillDialog.ask(*args, **kwargs)
