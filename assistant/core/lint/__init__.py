"""The phrase linter (话术检查): words a rep must not send, and mistakes that break a pack.

Word rules are data (``resources/lint/*.json``, one rule per file) that a shop extends
with the ``lint`` section of a pack or a ``--words`` file; the structural rules
(placeholders, codes, empty or over-long bodies) are code. Severity: an *error* is what
the platform punishes or what breaks the pack (off-platform contact, review inducement,
unambiguous advertising-law claims, unknown placeholders, duplicate or invalid codes,
empty bodies); a *warning* is wording a supervisor should look at but that has innocent
uses (最, 一定, negative service language, long bodies).

One module per concern; everything other modules use is importable from here:

- :mod:`.check`: the ways in, :func:`lint_entries`, :func:`lint_pack` and
  :func:`lint_file`, and the 问法 two phrases share;
- :mod:`.report`: what goes in and comes out: :class:`Entry`, :class:`Finding`,
  :class:`Report`, the severities;
- :mod:`.rules`: word rules as data, the shipped ones and a shop's additions;
- :mod:`.matching`: finding a rule's words in a text (the quick first pass is
  :mod:`assistant.core.prefilter`);
- :mod:`.structural`: the structural rules (placeholders, codes, bodies);
- :mod:`.reading`: a pack file's phrases read leniently, and a pack's sections.
"""

from __future__ import annotations

from assistant.core.lint.check import (
    SHARED_QUESTION_ADVICE,
    lint_entries,
    lint_file,
    lint_pack,
    shared_questions,
)
from assistant.core.lint.matching import _Matcher, _prefilter
from assistant.core.lint.reading import BARGAIN_SECTION, CLOSING_SECTION, section_entries
from assistant.core.lint.report import (
    DATED_OK,
    ERROR,
    SEVERITY_LABEL,
    WARNING,
    Entry,
    Finding,
    Report,
)
from assistant.core.lint.rules import (
    Rule,
    builtin_rules,
    extend_rules,
    read_word_file,
    rule_from_data,
)
from assistant.core.lint.structural import LONG_BODY, STRUCTURAL

__all__ = [
    "BARGAIN_SECTION",
    "CLOSING_SECTION",
    "DATED_OK",
    "ERROR",
    "LONG_BODY",
    "SEVERITY_LABEL",
    "SHARED_QUESTION_ADVICE",
    "STRUCTURAL",
    "WARNING",
    # private, used by tests/unit/test_prefilter.py and kept where they were
    "_Matcher",
    "_prefilter",
    "Entry",
    "Finding",
    "Report",
    "Rule",
    "builtin_rules",
    "extend_rules",
    "lint_entries",
    "lint_file",
    "lint_pack",
    "read_word_file",
    "rule_from_data",
    "section_entries",
    "shared_questions",
]
