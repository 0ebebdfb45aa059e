"""argparse in Chinese: the usage line, the help headings and every complaint about a
mistyped command line a rep or supervisor sees.

argparse passes every text it prints through gettext (``_``, and ``ngettext`` for
"expected N arguments") before it fills in the values. :func:`install` puts
:data:`_TEMPLATES` there: for each English template, its Chinese one with the same
placeholders, so a complaint is written in Chinese from the start and no English is
ever read back. Texts not listed pass through unchanged.

Two things a plain string template cannot say are carried by :class:`_Template`:

- values in Chinese form: a list argparse joined with ``", "`` (required arguments,
  choices, ambiguous matches) is shown joined with 、 and without the quotes of the
  choices' ``repr`` (``可选：soft、normal、firm``); a value argparse quotes with
  ``%r`` is put in “” instead;
- where a message about one argument goes: argparse wraps it as
  ``argument %(argument_name)s: %(message)s``. Its own messages read in Chinese as
  what the argument lacks (``参数 --set 后面要写一个值``), so their templates are
  *attached* and follow the name after a space; any other message (our own types'
  Chinese :class:`argparse.ArgumentTypeError`, an English text no template covers)
  follows it after ``：`` (``参数 --limit：应当是正整数：0``).

:class:`ChineseParser` is the class of every parser of the program (subcommands
inherit it); it installs the templates before argparse looks up its headings.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import Any, NoReturn


def _listed(text: object) -> str:
    """A list argparse joined: ``--price, --qty`` → ``--price、--qty`` and
    ``'soft', 'normal'`` → ``soft、normal`` (the quotes of the choices' repr dropped)."""
    return str(text).replace("'", "").replace(", ", "、")


class _Attached(str):
    """A message about one argument that reads on from its name (``后面要写一个值``)."""

    attached = True


class _Template(str):
    """A Chinese template: ``%`` puts the values in Chinese form first (``forms``, by
    placeholder name, ``"%s"`` for a lone positional value). An ``attached`` template
    makes a message that follows the argument's name directly (so is one itself when
    argparse uses it as it is: ``expected one argument``)."""

    forms: Mapping[str, Callable[[object], str]]
    attached: bool

    def __new__(
        cls,
        text: str,
        *,
        attached: bool = False,
        forms: Mapping[str, Callable[[object], str]] | None = None,
    ) -> _Template:
        template = super().__new__(cls, text)
        template.attached = attached
        template.forms = forms or {}
        return template

    def __mod__(self, values: Any) -> str:
        if isinstance(values, Mapping):
            values = {k: self.forms[k](v) if k in self.forms else v for k, v in values.items()}
        elif "%s" in self.forms:
            values = self.forms["%s"](values)
        text = str.__mod__(self, values)
        return _Attached(text) if self.attached else text


class _ArgumentTemplate(_Template):
    """``argument %(argument_name)s: %(message)s``: ``参数 X 后面要写一个值`` for an
    attached message, ``参数 X：…`` for any other."""

    def __mod__(self, values: Any) -> str:
        if isinstance(values, Mapping) and getattr(values.get("message"), "attached", False):
            return str.__mod__("参数 %(argument_name)s %(message)s", values)
        return str.__mod__(self, values)


_INVALID_VALUE = "invalid %(type)s value: %(value)r"
_TYPE_NAMES = {"int": "整数", "float": "数字"}


class _InvalidValueTemplate(_Template):
    """``invalid %(type)s value: %(value)r``: in Chinese for the types
    :data:`_TYPE_NAMES` names, as argparse says it for any other."""

    def __mod__(self, values: Any) -> str:
        if isinstance(values, Mapping) and str(values.get("type")) in _TYPE_NAMES:
            return super().__mod__(values)
        return str.__mod__(_INVALID_VALUE, values)


_LISTED = {"%s": _listed}

#: argparse's texts (Python 3.11–3.13; the 3.14 choice suggestion too) in Chinese.
_TEMPLATES: dict[str, str] = {
    # headings
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    # about the command line as a whole
    "the following arguments are required: %s": _Template("缺少必填参数：%s", forms=_LISTED),
    "one of the arguments %s is required": _Template("请在这几个参数中选一个：%s", forms=_LISTED),
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "ambiguous option: %(option)s could match %(matches)s": _Template(
        "参数 %(option)s 不明确，可能是：%(matches)s", forms={"matches": _listed}
    ),
    # about one argument
    "argument %(argument_name)s: %(message)s": _ArgumentTemplate(
        "参数 %(argument_name)s：%(message)s"
    ),
    "invalid choice: %(value)r (choose from %(choices)s)": _Template(
        "的值“%(value)s”无效，可选：%(choices)s", attached=True, forms={"choices": _listed}
    ),
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": (
        _Template(
            "的值“%(value)s”无效，是不是想写“%(closest)s”？可选：%(choices)s",
            attached=True,
            forms={"choices": _listed},
        )
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": _Template(
        "的值“%(parser_name)s”无效，可选：%(choices)s", attached=True, forms={"choices": _listed}
    ),
    _INVALID_VALUE: _InvalidValueTemplate(
        "应当是%(type)s，而不是“%(value)s”",
        attached=True,
        forms={"type": lambda name: _TYPE_NAMES[str(name)]},
    ),
    "not allowed with argument %s": _Template("和 %s 只能选一个", attached=True),
    "expected one argument": _Template("后面要写一个值", attached=True),
    "expected at most one argument": _Template("后面最多写一个值", attached=True),
    "expected at least one argument": _Template("后面至少要写一个值", attached=True),
    "ignored explicit argument %r": _Template("不需要值（多了“%s”）", attached=True),
}

#: ngettext's texts, by the singular.
_PLURAL_TEMPLATES: dict[str, str] = {
    "expected %s argument": _Template("后面要写 %s 个值", attached=True),
}


def _gettext(message: str) -> str:
    return _TEMPLATES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _PLURAL_TEMPLATES.get(singular) or (singular if n == 1 else plural)


class ChineseParser(argparse.ArgumentParser):
    """Reports usage mistakes in Chinese; exit code 2 as argparse's own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        install()  # before argparse looks up its group headings
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.format_usage()}错误：{message}（用 -h 查看用法）\n")


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1, refused in Chinese."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应当是正整数：{text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应当是正整数：{text}")
    return value


def install() -> None:
    """argparse's texts in Chinese (idempotent): argparse looks each up as it uses it."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
