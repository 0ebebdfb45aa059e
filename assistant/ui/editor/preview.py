"""The live preview (预览): a phrase as a buyer would read it, placeholders filled from
the rep profile and remembered values; a name with no value shows as 【订单号】."""

from __future__ import annotations

import html
from collections.abc import Mapping

from assistant.core import lint, placeholders
from assistant.core.editing.checks import describe

_EMPTY = "#9e9e9e"
_ERROR = "#c62828"
_WARNING = "#b26a00"


def preview_text(body: str, values: Mapping[str, str]) -> str:
    """Plain text of the preview (what the HTML shows)."""
    return "".join(text for text, _ in _pieces(body, values))


def preview_html(body: str, values: Mapping[str, str]) -> str:
    """The preview as rich text: filled values plain, unfilled names greyed."""
    if not body.strip():
        return f'<span style="color:{_EMPTY}">（内容为空）</span>'
    try:
        pieces = _pieces(body, values)
    except placeholders.PlaceholderError as e:
        return f'<span style="color:{_ERROR}">无法预览：{html.escape(str(e))}</span>'
    out = []
    for text, filled in pieces:
        escaped = html.escape(text).replace("\n", "<br>")
        out.append(escaped if filled else f'<span style="color:{_EMPTY}">{escaped}</span>')
    return "".join(out)


def findings_html(findings: list[lint.Finding]) -> str:
    if not findings:
        return ""
    lines = []
    for f in findings:
        color = _ERROR if f.severity == lint.ERROR else _WARNING
        text = describe(f)
        lines.append(f'<span style="color:{color}">{html.escape(text)}</span>')
    return "<br>".join(lines)


def _pieces(body: str, values: Mapping[str, str]) -> list[tuple[str, bool]]:
    """(text, filled) pieces; raises PlaceholderError on a malformed placeholder."""
    out: list[tuple[str, bool]] = []
    for part in placeholders.parse(body).parts:
        if isinstance(part, str):
            out.append((part, True))
            continue
        value = values.get(part.name, "")
        if value.strip():
            out.append((value, True))
        elif part.default is not None:
            out.append((part.default, True))
        else:
            out.append((f"【{part.name}】", False))
    return out
