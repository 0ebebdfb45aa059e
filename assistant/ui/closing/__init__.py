"""The 售后 panel: pick a closing template, fill its form, watch the preview, copy.

A message never leaves with a hole: copying is blocked while a required field is empty
or a value has the wrong shape, and the field is marked where the rep is looking.

The panel (scenario, form, checks, preview, copy) is :mod:`.panel`; one row of the form,
an input with its message underneath, :mod:`.fields`. The templates, their checks and
the message itself are core/closing/.
"""

from __future__ import annotations

from assistant.ui.closing.fields import ERROR_COLOUR, FieldRow
from assistant.ui.closing.panel import NO_TEMPLATES, PANEL_WIDTH, ClosingPanel

__all__ = ["ERROR_COLOUR", "NO_TEMPLATES", "PANEL_WIDTH", "ClosingPanel", "FieldRow"]
