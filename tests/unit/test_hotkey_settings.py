"""The hotkey as a rep or a supervisor writes it: in the settings file and on its own."""

import json

import pytest

from assistant.cli import main
from assistant.core import hotkey


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Ctrl+Alt+Space", "Ctrl+Alt+Space"),
        ("alt+ctrl+space", "Ctrl+Alt+Space"),
        ("Ctrl + Shift + k", "Ctrl+Shift+K"),
        ("Meta+1", "Win+1"),
        ("F9", "F9"),
    ],
)
def test_hotkeys_are_read_whatever_the_order_and_case(written, canonical):
    assert str(hotkey.parse(written)) == canonical


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("", "空的"),
        ("Shift+A", "会挡住平常打字"),
        ("K", "会挡住平常打字"),
        ("Ctrl+Alt", "缺少普通键"),
        ("Ctrl+Hyper+K", "“Hyper”不是修饰键"),
        ("Ctrl+Alt+回车", "“回车”不能用作快捷键"),
        ("Ctrl++K", "写法不对"),
    ],
)
def test_unusable_hotkeys_say_why_in_chinese(written, reason):
    with pytest.raises(hotkey.HotkeyError, match=reason):
        hotkey.parse(written)


def test_the_settings_file_carries_the_hotkey_and_the_switches(data_dir, tmp_path):
    src = tmp_path / "s.json"
    src.write_text(
        json.dumps(
            {"hotkey": "ctrl+alt+k", "paste_auto_send": True, "paste_restore_clipboard": False}
        ),
        encoding="utf-8",
    )
    assert main(["settings", "import", str(src)]) == 0
    out = tmp_path / "out.json"
    assert main(["settings", "export", "-o", str(out)]) == 0
    exported = json.loads(out.read_text("utf-8"))
    assert exported["hotkey"] == "Ctrl+Alt+K"
    assert exported["paste_auto_send"] is True
    assert exported["paste_restore_clipboard"] is False


def test_a_bad_hotkey_in_the_settings_file_changes_nothing(data_dir, tmp_path, capsys):
    src = tmp_path / "s.json"
    src.write_text(json.dumps({"hotkey": "Shift+Q", "paste_auto_send": True}), encoding="utf-8")
    assert main(["settings", "import", str(src)]) == 2
    err = capsys.readouterr().err
    assert "s.json" in err and "hotkey" in err and "Shift+Q" in err
    out = tmp_path / "out.json"
    main(["settings", "export", "-o", str(out)])
    exported = json.loads(out.read_text("utf-8"))
    # Still the defaults: nothing of the refused file was set.
    assert exported["hotkey"] == "Ctrl+Alt+Space" and exported["paste_auto_send"] is False
