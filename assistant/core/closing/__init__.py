"""Closing templates (售后结束语模板): the message sent after payment, shipping, a return
or a bad review, filled in from a form and checked so it never goes out with a hole.

Templates are pack data (a ``closing_templates`` section; carriers in ``carriers``).
The text uses the shared placeholder engine (:mod:`assistant.core.placeholders`), so a
value is inserted as plain text whatever it contains. 客服名 and 店铺名 come from the
rep profile (客服资料) and are never listed among a template's fields.
"""

from __future__ import annotations

from assistant.core.closing.model import (
    BUILTIN_IDS,
    CARRIER_CHOICES,
    CARRIER_SECTION,
    KINDS,
    LAST_CARRIER_SETTING,
    LAST_TEMPLATE_SETTING,
    MAX_BODY,
    MAX_VALUE,
    SECTION,
    Catalog,
    ClosingField,
    ClosingTemplate,
    ClosingTemplateError,
    FillError,
    ValueShapeError,
)
from assistant.core.closing.packs import (
    load_catalog,
    merge_carriers,
    merge_templates,
    parse_template,
    parse_templates,
)
from assistant.core.closing.values import (
    FillReport,
    check_values,
    clean_value,
    forbidden_value,
    preview,
    render,
)

__all__ = [
    "BUILTIN_IDS",
    "CARRIER_CHOICES",
    "CARRIER_SECTION",
    "Catalog",
    "ClosingField",
    "ClosingTemplate",
    "ClosingTemplateError",
    "FillError",
    "FillReport",
    "KINDS",
    "LAST_CARRIER_SETTING",
    "LAST_TEMPLATE_SETTING",
    "MAX_BODY",
    "MAX_VALUE",
    "SECTION",
    "ValueShapeError",
    "check_values",
    "clean_value",
    "forbidden_value",
    "load_catalog",
    "merge_carriers",
    "merge_templates",
    "parse_template",
    "parse_templates",
    "preview",
    "render",
]
