import json

from assistant.cli import main


def test_settings_round_trip_sets_the_profile_for_phrases(data_dir, tmp_path, capsys):
    src = tmp_path / "shop-settings.json"
    src.write_text(
        json.dumps(
            {"profile": {"客服名": "小美", "店铺名": "暖暖家居"}, "window_pinned": True},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert main(["settings", "import", str(src)]) == 0
    out = tmp_path / "out.json"
    assert main(["settings", "export", "-o", str(out)]) == 0
    exported = json.loads(out.read_text("utf-8"))
    assert exported["profile"] == {"客服名": "小美", "店铺名": "暖暖家居"}
    assert exported["window_pinned"] is True


def test_bad_settings_change_nothing_and_say_what(data_dir, tmp_path, capsys):
    src = tmp_path / "s.json"
    src.write_text(json.dumps({"profile": {"客服名": "甲"}, "theme": "dark"}), encoding="utf-8")
    assert main(["settings", "import", str(src)]) == 2
    err = capsys.readouterr().err
    assert "theme" in err and "profile" in err
    out = tmp_path / "out.json"
    main(["settings", "export", "-o", str(out)])
    assert json.loads(out.read_text("utf-8"))["profile"] == {"客服名": "", "店铺名": ""}


def test_export_into_a_missing_folder_is_refused(data_dir, tmp_path, capsys):
    target = tmp_path / "typo" / "s.json"
    assert main(["settings", "export", "-o", str(target)]) == 2
    assert f"文件夹 {target.parent} 不存在" in capsys.readouterr().err
    assert not target.parent.exists()


def test_export_of_a_fresh_profile_writes_every_setting_to_edit(data_dir, tmp_path, capsys):
    # docs/客服指南.md: export, edit "hotkey", "paste_back"… and import the file.
    from assistant.store.buyers import DEFAULT_RETENTION_DAYS
    from assistant.ui import pasteback

    out = tmp_path / "s.json"
    assert main(["settings", "export", "-o", str(out)]) == 0
    exported = json.loads(out.read_text("utf-8"))
    assert exported == {
        "profile": {"客服名": "", "店铺名": ""},
        "buyer_retention_days": DEFAULT_RETENTION_DAYS,
        "window_pinned": False,
        **pasteback.DEFAULTS,
    }
    # Imported unchanged, it is accepted and exports the same file again.
    assert main(["settings", "import", str(out)]) == 0
    again = tmp_path / "again.json"
    assert main(["settings", "export", "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()
    # Edited as the guide says, it takes.
    exported["hotkey"] = "Ctrl+Alt+K"
    exported["paste_auto_send"] = True
    out.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    assert main(["settings", "import", str(out)]) == 0
    main(["settings", "export", "-o", str(again)])
    edited = json.loads(again.read_text("utf-8"))
    assert edited["hotkey"] == "Ctrl+Alt+K" and edited["paste_auto_send"] is True


def test_empty_names_in_an_imported_file_keep_the_pcs_own(data_dir, tmp_path, capsys):
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"profile": {"客服名": "小美"}}, ensure_ascii=False), "utf-8")
    assert main(["settings", "import", str(mine)]) == 0
    shared = tmp_path / "shared.json"
    shared.write_text(
        json.dumps({"profile": {"客服名": "", "店铺名": "暖暖家居"}}, ensure_ascii=False), "utf-8"
    )
    assert main(["settings", "import", str(shared)]) == 0
    out = tmp_path / "out.json"
    main(["settings", "export", "-o", str(out)])
    assert json.loads(out.read_text("utf-8"))["profile"] == {"客服名": "小美", "店铺名": "暖暖家居"}


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_settings_file_nested_too_deep_or_with_a_huge_name_is_refused(data_dir, tmp_path, capsys):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    code, out, err = run(capsys, "settings", "import", str(deep))
    assert code == 2 and "嵌套层数太多" in err and "Traceback" not in err
    code, out, err = run(capsys, "pack", "lint", str(deep))
    assert code == 2 and "嵌套层数太多" in err and "Traceback" not in err
    huge = tmp_path / "huge.json"
    huge.write_text(json.dumps({"profile": {"客服名": "小" * 1000}}), encoding="utf-8")
    code, out, err = run(capsys, "settings", "import", str(huge))
    assert code == 2 and "“客服名”有 1000 个字，最多 40 个" in err
