"""The phrase editor's logic (编辑话术), without Qt: the window in
:mod:`assistant.ui.editor` shows and drives it.

- :mod:`.draft`: the pack being edited (:class:`~.draft.Draft`), every edit a pair of
  :class:`~.draft.Change` (before, after) that undo applies and reverts;
- :mod:`.fields`: what typed fields become (tags, 问法, group names, tidied phrases, the
  next version) and :class:`~.fields.EditError`;
- :mod:`.checks`: lint over the draft and one phrase as typed, plus the limits an import
  enforces (:class:`~.checks.Checker`).

Import the modules themselves: this package imports none of them, so using one loads
only what that one needs.
"""
