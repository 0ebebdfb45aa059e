"""argparse's complaints in Chinese, by its message templates (``assistant.cli.zh``):
what a rep sees for each mistake, through the real ``assistant`` parser."""

from __future__ import annotations

import argparse

import pytest

from assistant import cli
from assistant.cli import zh

LADDER = ["calc", "ladder", "--list", "9", "--floor", "5"]


def complaint(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The error line argparse printed for ``argv`` (after the usage lines)."""
    with pytest.raises(SystemExit) as exited:
        cli.main(list(argv))
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：assistant") and "usage" not in err
    line = err.splitlines()[-1]
    assert line.startswith("错误：") and line.endswith("（用 -h 查看用法）")
    return line.removeprefix("错误：").removesuffix("（用 -h 查看用法）")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--bogus"], "无法识别的参数：--bogus"),
        (["render", "paid", "extra"], "无法识别的参数：extra"),
        (["search"], "缺少必填参数：query"),
        (["calc", "per-unit"], "缺少必填参数：--price、--qty"),
        (["calc"], "缺少必填参数：TOOL"),
        (["search", "x", "--limit", "0"], "参数 --limit：应当是正整数：0"),
        (["search", "x", "--limit", "abc"], "参数 --limit：应当是正整数：abc"),
        ([*LADDER, "--rounds", "x"], "参数 --rounds 应当是整数，而不是“x”"),
        (
            [*LADDER, "--rounds", "3", "--firmness", "hard"],
            "参数 --firmness 的值“hard”无效，可选：soft、normal、firm",
        ),
        (
            ["calc", "nope"],
            "参数 TOOL 的值“nope”无效，可选：per-unit、per-day、ladder、tiers、threshold",
        ),
        (["--data-dir"], "参数 --data-dir 后面要写一个值"),
        (["render", "paid", "--set"], "参数 --set 后面要写一个值"),
        (["render", "paid", "--mask=yes"], "参数 --mask 不需要值（多了“yes”）"),
        (["search", "x", "--j=yes"], "参数 --json 不需要值（多了“yes”）"),
        (["calc", "ladder", "--f", "3"], "参数 --f 不明确，可能是：--floor、--firmness"),
        (
            ["calc", "per-day", "--price", "30", "--years", "1", "--days", "3"],
            "参数 --days 和 --years 只能选一个",
        ),
        (
            ["calc", "per-day", "--price", "30"],
            "请在这几个参数中选一个：--years --months --days --uses",
        ),
    ],
)
def test_each_complaint_reads_in_chinese(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    assert complaint(capsys, *argv) == says


def test_a_typed_value_is_shown_as_typed(capsys: pytest.CaptureFixture[str]) -> None:
    # Once, English reread by pattern: an apostrophe left "invalid int value: "xy"".
    assert complaint(capsys, *LADDER, "--rounds", "x'y") == "参数 --rounds 应当是整数，而不是“x'y”"
    said = complaint(capsys, *LADDER, "--rounds", "3", "--firmness", "it's")
    assert said == "参数 --firmness 的值“it's”无效，可选：soft、normal、firm"


def test_help_is_chinese_throughout(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["calc", "ladder", "-h"])
    out = capsys.readouterr().out
    assert out.startswith("用法：assistant calc ladder") and "选项" in out
    assert "显示帮助并退出" in out and "usage" not in out and "options" not in out


# ---------------------------------------------------------------- the templates


def test_the_choices_read_alike_however_argparse_joins_them() -> None:
    # Python 3.11–3.13.0 join the choices' repr; later versions their str.
    template = zh._gettext("invalid choice: %(value)r (choose from %(choices)s)")
    for choices in ("'soft', 'normal', 'firm'", "soft, normal, firm"):
        said = template % {"value": "hard", "choices": choices}
        assert said == "的值“hard”无效，可选：soft、normal、firm"


def test_a_message_argparse_does_not_template_follows_the_name_after_a_colon() -> None:
    argument = zh._gettext("argument %(argument_name)s: %(message)s")
    assert (
        argument % {"argument_name": "--x", "message": "应当是正整数：0"}
        == "参数 --x：应当是正整数：0"
    )
    english = zh._gettext("invalid %(type)s value: %(value)r") % {"type": "Path", "value": "a"}
    assert english == "invalid Path value: 'a'"
    assert argument % {"argument_name": "--x", "message": english} == (
        "参数 --x：invalid Path value: 'a'"
    )


def test_unknown_texts_pass_through_and_counts_are_in_chinese() -> None:
    assert zh._gettext("%(prog)s: error: %(message)s\n") == "%(prog)s: error: %(message)s\n"
    assert zh._gettext(None) is None  # type: ignore[arg-type]  # argparse 3.11 asks for None
    plural = zh._ngettext("expected %s argument", "expected %s arguments", 2) % 2
    assert plural == "后面要写 2 个值"
    assert zh._ngettext("%s thing", "%s things", 2) == "%s things"


def test_a_parser_of_the_program_is_chinese_without_being_told(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(argparse, "_", lambda message: message)  # as if never installed
    parser = zh.ChineseParser(prog="p")
    parser.add_argument("--n", type=int, nargs=2)
    with pytest.raises(SystemExit):
        parser.parse_args(["--n", "1"])
    assert capsys.readouterr().err.endswith("错误：参数 --n 后面要写 2 个值（用 -h 查看用法）\n")
