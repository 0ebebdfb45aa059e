"""The 短语 panel: type a few letters, Enter, and the best reply is on the clipboard.

Keys: Enter copies the selected result (the top one unless the rep moved), Up/Down
move, Ctrl+1…9 copy the n-th, double-click copies, Esc clears the search. Text that an
input method is still composing (pre-edit) is ignored, and the Enter that commits a
composition does not copy.

The panel (searching, showing, filling and copying) is :mod:`.panel`; the search box's
keys :mod:`.keys`, which asks :mod:`.ime` whose an Enter is, the rep's or the input
method's; the 问法 answers to a buyer's pasted message (the question index read ahead,
unanswered ones counted) :mod:`.answers`. The result rows are ui/models/results_model.py,
drawn by ui/views/.
"""

from __future__ import annotations

from assistant.ui.phrases.answers import PASTED, MessageAnswers, answer_limit
from assistant.ui.phrases.ime import COMMIT_WINDOW, ImeGuard
from assistant.ui.phrases.keys import SearchKeys
from assistant.ui.phrases.panel import RESULT_LIMIT, TAG_BOOST, PhrasePanel

__all__ = [
    "COMMIT_WINDOW",
    "PASTED",
    "RESULT_LIMIT",
    "TAG_BOOST",
    "ImeGuard",
    "MessageAnswers",
    "PhrasePanel",
    "SearchKeys",
    "answer_limit",
]
