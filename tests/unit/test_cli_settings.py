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
    assert json.loads(out.read_text("utf-8"))["profile"] == {}


def test_export_into_a_missing_folder_is_refused(data_dir, tmp_path, capsys):
    target = tmp_path / "typo" / "s.json"
    assert main(["settings", "export", "-o", str(target)]) == 2
    assert f"文件夹 {target.parent} 不存在" in capsys.readouterr().err
    assert not target.parent.exists()
