import json

import pytest

from assistant.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_best_first(data_dir, capsys):
    code, out, _ = run(capsys, "search", "hygl", "--json", "--limit", "3")
    assert code == 0
    results = json.loads(out)
    assert 1 <= len(results) <= 3
    assert results[0]["title"] == "欢迎光临"
    assert {"code", "title", "body", "group", "pack"} <= set(results[0])


def test_search_plain_text(data_dir, capsys):
    code, out, _ = run(capsys, "search", "tg1")
    assert code == 0 and out.startswith("1. [tg1]")


def test_pack_import_list_export(data_dir, tmp_path, capsys):
    src = tmp_path / "shop.csv"
    src.write_bytes(
        "分组,编码,标题,内容,标签\n问候,zz1,专属问候,亲，这是本店专属问候,新手买家\n".encode("gbk")
    )
    code, out, _ = run(capsys, "pack", "import", str(src), "--pack", "本店")
    assert code == 0 and "1 条" in out
    code, out, _ = run(capsys, "pack", "list", "--json")
    packs = {p["name"]: p for p in json.loads(out)}
    assert packs["本店"]["phrases"] == 1 and "version" in packs["本店"]
    code, out, _ = run(capsys, "search", "zsw", "--json")
    assert json.loads(out)[0]["pack"] == "本店"
    target = tmp_path / "out.json"
    code, _, _ = run(capsys, "pack", "export", "本店", "-o", str(target))
    assert code == 0 and json.loads(target.read_text("utf-8"))["name"] == "本店"


def test_bad_import_changes_nothing_and_names_the_place(data_dir, tmp_path, capsys):
    run(capsys, "pack", "list")
    before = run(capsys, "pack", "list", "--json")[1]
    src = tmp_path / "bad.csv"
    src.write_text("编码,内容\na1,好的\na2,{不存在}\n", encoding="utf-8")
    code, out, err = run(capsys, "pack", "import", str(src))
    assert code == 2
    assert "bad.csv" in err and "第 3 行" in err and "Traceback" not in err
    assert run(capsys, "pack", "list", "--json")[1] == before


def test_export_unknown_pack(data_dir, capsys):
    code, _, err = run(capsys, "pack", "export", "没有这个", "-o", "x.json")
    assert code == 2 and "没有名为“没有这个”的话术包" in err


def test_bad_limit_is_a_usage_error(data_dir, capsys):
    with pytest.raises(SystemExit) as e:
        main(["search", "x", "--limit", "0"])
    assert e.value.code == 2


def test_a_mistyped_command_line_is_explained_in_chinese(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--bogus"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "用法：assistant" in err and "无法识别的参数：--bogus" in err
    assert "usage" not in err and "error" not in err


def test_help_headings_are_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["pack", "-h"])
    out = capsys.readouterr().out
    assert out.startswith("用法：assistant pack")
    assert "选项" in out and "显示帮助并退出" in out
    assert "options" not in out and "show this help" not in out


def test_export_into_a_missing_folder_is_refused(data_dir, tmp_path, capsys):
    target = tmp_path / "没有这个文件夹" / "x.xlsx"
    code, out, err = run(capsys, "pack", "export", "默认话术", "-o", str(target))
    assert code == 2 and out == ""
    assert f"文件夹 {target.parent} 不存在" in err
    assert not target.parent.exists()


def test_a_bad_number_is_refused_in_chinese(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["search", "x", "--limit", "0"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "参数 --limit：应当是正整数：0" in err and "argument" not in err


def test_readme_says_what_an_error_looks_like(data_dir, capsys):
    # The README's promise about errors holds for one with advice after it.
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    assert "Errors are one line" not in readme
    assert "first\nline starts with `错误：`" in readme and "exit code is 2" in readme
    assert main(["pack", "rollback", "默认话术"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("错误：话术包“默认话术”没有保存的旧版本") and len(lines) > 1
    assert "Traceback" not in "\n".join(lines)
