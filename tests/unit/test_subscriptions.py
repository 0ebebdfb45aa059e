"""Pack subscriptions: a pack published in a shared folder or at a web address reaches a
PC when it is newer, and a missing or broken source leaves the installed version alone."""

from __future__ import annotations

import http.server
import json
import os
import threading

import pytest

from assistant.cli import main
from assistant.core import packfile
from assistant.errors import KnownError
from assistant.store import backups, fetch, subscriptions, versions
from assistant.store.subscriptions import Outcome

pytestmark = pytest.mark.store(shipped=True)


@pytest.fixture
def share(tmp_path):
    folder = tmp_path / "前台电脑" / "话术"
    folder.mkdir(parents=True)
    return folder


def pack_json(version, phrases, name="店铺话术", id="shop-main"):
    groups = [
        {
            "name": "问候",
            "phrases": [
                {"code": code, "title": title, "body": body} for code, title, body in phrases
            ],
        }
    ]
    return json.dumps(
        {"format": "kefu-pack", "id": id, "name": name, "version": version, "groups": groups},
        ensure_ascii=False,
    ).encode("utf-8")


def publish(path, data):
    """As a supervisor's export does: written beside, then renamed into place."""
    packfile.atomic_write(path, data)
    return str(path)


V1 = [
    ("zz1", "专属问候", "亲，欢迎光临本店~"),
    ("zz2", "旧问候", "在的亲"),
    ("zz3", "尺码", "亲，告诉我身高体重"),
]
V2 = [
    ("zz1", "专属问候", "亲，欢迎光临本店，有什么可以帮您~"),
    ("zz3", "尺码", "亲，告诉我身高体重"),
    ("zz4", "发货", "今天下单明天发"),
    ("zz5", "包邮", "全场包邮哦"),
]


def installed(store, name="店铺话术"):
    return {p.name: p.version for p in store.packs()}.get(name)


def backup_count(store):
    return len(backups.list_backups(store.folder))


def test_subscribing_installs_the_pack_and_a_newer_version_replaces_it(store, share):
    source = publish(share / "店铺话术.json", pack_json("1.0.0", V1))
    subscriptions.subscribe(store, source)

    first = subscriptions.check(store, source)
    assert first.applied and installed(store) == "1.0.0"
    assert first.message == "已安装订阅的话术包“店铺话术”（版本 1.0.0，3 条）。"

    hello = store.conn.execute("SELECT id FROM phrases WHERE code = 'zz1'").fetchone()[0]
    store.record_use(hello)
    store.record_use(hello)
    before = backup_count(store)

    publish(share / "店铺话术.json", pack_json("1.1.0", V2))
    result = subscriptions.check(store, source)

    assert result.applied and installed(store) == "1.1.0"
    assert result.message == "话术包“店铺话术”已更新到 1.1.0：新增 2 条，修改 1 条，删除 1 条。"
    assert (result.added, result.changed, result.removed) == (2, 1, 1)
    assert backup_count(store) == before + 1  # the database was backed up first
    assert [v.version for v in versions.saved_versions(store, "店铺话术")] == ["1.0.0"]
    hello = store.conn.execute("SELECT id FROM phrases WHERE code = 'zz1'").fetchone()[0]
    assert store.usage_of(hello)[0] == 2  # the rep's use counts survive the update
    (sub,) = subscriptions.subscriptions(store)
    assert (sub.pack, sub.version, sub.error) == ("店铺话术", "1.1.0", "")
    assert sub.last_change == result.message and sub.last_success == sub.last_check


def test_an_older_version_in_the_source_is_not_applied(store, share):
    source = publish(share / "店铺话术.json", pack_json("1.2.0", V2))
    subscriptions.subscribe(store, source)
    subscriptions.check(store, source)

    publish(share / "店铺话术.json", pack_json("1.1.0", V1))
    result = subscriptions.check(store, source)

    assert result.outcome is Outcome.KEPT and not result.failed
    assert "比已安装的 1.2.0 旧，保留已安装的版本" in result.message
    assert installed(store) == "1.2.0"
    assert [p.code for p in store.load_pack("店铺话术").phrases] == ["zz1", "zz3", "zz4", "zz5"]


def test_a_broken_source_keeps_the_last_good_version_and_records_why(store, share):
    path = share / "店铺话术.json"
    source = publish(path, pack_json("1.0.0", V1))
    subscriptions.subscribe(store, source)
    subscriptions.check(store, source)
    good = subscriptions.find(store, source).last_success

    publish(path, b'{"format": "kefu-pack", "name": "\xe5\xba\x97", "groups": [')
    result = subscriptions.check(store, source)

    assert result.failed and installed(store) == "1.0.0"
    assert result.message.startswith("同步“店铺话术.json”失败：店铺话术.json：第 1 行")
    assert result.message.endswith("继续使用已安装的版本 1.0.0。")
    sub = subscriptions.find(store, source)
    assert sub.error.startswith("店铺话术.json：第 1 行") and sub.last_success == good

    publish(path, pack_json("1.1.0", V2))  # fixed: the next check applies it
    assert subscriptions.check(store, source).applied and installed(store) == "1.1.0"
    assert subscriptions.find(store, source).error == ""


def test_a_missing_share_keeps_the_last_good_version(store, share):
    path = share / "店铺话术.json"
    source = publish(path, pack_json("1.0.0", V1))
    subscriptions.subscribe(store, source)
    subscriptions.check(store, source)
    path.unlink()  # the front desk PC is switched off

    result = subscriptions.check(store, source)

    assert result.failed and installed(store) == "1.0.0"
    assert "找不到文件" in result.message and "共享文件夹没有连接" in result.message
    assert subscriptions.find(store, source).error


def test_an_unchanged_source_changes_nothing(store, share):
    path = share / "店铺话术.json"
    source = publish(path, pack_json("1.0.0", V1))
    subscriptions.subscribe(store, source)
    subscriptions.check(store, source)
    before = (backup_count(store), store.conn.execute("SELECT imported_at FROM packs").fetchall())

    again = subscriptions.check(store, source)
    publish(path, pack_json("1.0.0", V1))  # saved again: new time, same content
    resaved = subscriptions.check(store, source)

    assert again.outcome is Outcome.UNCHANGED and again.message == "“店铺话术.json”没有变化。"
    assert resaved.outcome is Outcome.UNCHANGED and "与已安装的相同" in resaved.message
    assert (
        backup_count(store),
        store.conn.execute("SELECT imported_at FROM packs").fetchall(),
    ) == before


def test_a_csv_sheet_without_versions_is_applied_when_it_changes(store, share):
    path = share / "店铺话术.csv"
    source = publish(path, "分组,编码,标题,内容\n问候,zz1,问候,亲在的\n".encode("gbk"))
    subscriptions.subscribe(store, source)
    assert subscriptions.check(store, source).applied

    publish(
        path, "分组,编码,标题,内容\n问候,zz1,问候,亲在的~\n问候,zz2,再见,亲慢走\n".encode("gbk")
    )
    result = subscriptions.check(store, source)

    assert result.applied
    assert result.message == "话术包“店铺话术”（版本 1.0.0）内容已更新：新增 1 条，修改 1 条。"
    assert len(store.load_pack("店铺话术").phrases) == 2


def test_a_source_that_would_replace_another_pack_is_refused(store, share):
    publish(share / "a.json", pack_json("1.0.0", V1))
    subscriptions.subscribe(store, str(share / "a.json"))
    subscriptions.check_all(store)
    other = publish(share / "b.json", pack_json("2.0.0", V2, id="someone-else"))
    subscriptions.subscribe(store, other)

    result = subscriptions.check(store, other)

    assert result.failed and "编号不同" in result.message and installed(store) == "1.0.0"
    assert "管理 → 导入话术包…" in result.message


def test_a_source_named_like_a_shipped_pack_is_refused(store, share):
    source = publish(share / "x.json", pack_json("9.0.0", V1, name="默认话术", id=""))
    subscriptions.subscribe(store, source)

    result = subscriptions.check(store, source)

    assert result.failed and "与程序自带的话术包同名" in result.message
    assert len(store.load_pack("默认话术").phrases) > 3


def test_the_list_rejects_duplicates_folders_and_other_schemes(store, share, monkeypatch):
    source = publish(share / "店铺话术.json", pack_json("1.0.0", V1))
    monkeypatch.chdir(share)
    assert subscriptions.subscribe(store, ' "店铺话术.json" ').source == source  # made absolute
    with pytest.raises(KnownError, match="已经订阅过") as again:
        subscriptions.subscribe(store, source)
    assert "立即同步" in str(again.value)  # the window's button, not only the command
    with pytest.raises(KnownError, match="是一个文件夹") as e:
        subscriptions.subscribe(store, str(share))
    assert f"请订阅其中的话术包文件：{source}。" in str(e.value)  # the file that is there
    empty = share / "空文件夹"
    empty.mkdir()
    with pytest.raises(KnownError, match="还没有话术包文件"):
        subscriptions.subscribe(store, str(empty))
    with pytest.raises(KnownError, match="不支持“ftp”地址"):
        subscriptions.subscribe(store, "ftp://server/话术.json")
    with pytest.raises(KnownError, match="没有订阅"):
        subscriptions.unsubscribe(store, str(share / "别的.json"))
    assert [s.source for s in subscriptions.subscriptions(store)] == [source]


def test_a_check_racing_an_unsubscribe_does_not_bring_it_back(store, share):
    source = publish(share / "店铺话术.json", pack_json("1.0.0", V1))
    subscriptions.subscribe(store, source)
    (sub,) = subscriptions.subscriptions(store)
    subscriptions.unsubscribe(store, source)

    subscriptions._check(store, sub, None)  # a worker that had listed it before

    assert subscriptions.subscriptions(store) == []


class Killed(BaseException):
    """The program stopping dead (power cut, task manager) at that point."""


def test_an_update_and_its_record_are_stored_together(store, share, monkeypatch):
    source = publish(share / "店铺话术.json", pack_json("1.0.0", V1))
    subscriptions.subscribe(store, source)
    subscriptions.check(store, source)
    publish(share / "店铺话术.json", pack_json("1.1.0", V2))

    def stopped(now):
        raise Killed

    # Stopped while the update's record is written: the update is not half there (the
    # new pack with the old record, whose change would then be lost for good).
    monkeypatch.setattr(subscriptions, "_stamp", stopped)
    with pytest.raises(Killed):
        subscriptions.check(store, source)
    assert installed(store) == "1.0.0"
    (sub,) = subscriptions.subscriptions(store)
    assert (sub.version, sub.last_change) == (
        "1.0.0",
        "已安装订阅的话术包“店铺话术”（版本 1.0.0，3 条）。",
    )

    monkeypatch.undo()
    result = subscriptions.check(store, source)  # the next check after a restart
    assert result.applied and installed(store) == "1.1.0"
    (sub,) = subscriptions.subscriptions(store)
    assert sub.version == "1.1.0"
    assert sub.last_change == "话术包“店铺话术”已更新到 1.1.0：新增 2 条，修改 1 条，删除 1 条。"


# ---------------------------------------------------------------- http(s)


class _Site:
    """A tiny web server in a thread: one file, an ETag, and the requests it saw."""

    def __init__(self) -> None:
        self.body = b""
        self.etag = ""
        self.status = 200
        self.requests: list[dict[str, str]] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(dict(self.headers))
                if site.status != 200:
                    self.send_error(site.status)
                    return
                if site.etag and self.headers.get("If-None-Match") == site.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(site.body)))
                if site.etag:
                    self.send_header("ETag", site.etag)
                self.end_headers()
                self.wfile.write(site.body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/%E8%AF%9D%E6%9C%AF/店铺话术.json"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        if not self.thread.is_alive():
            return
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def site():
    s = _Site()
    yield s
    s.close()


def test_a_pack_at_a_web_address_is_downloaded_only_when_it_changed(store, site):
    site.body, site.etag = pack_json("1.0.0", V1), '"v1"'
    subscriptions.subscribe(store, site.url)

    assert subscriptions.check(store, site.url).applied and installed(store) == "1.0.0"
    unchanged = subscriptions.check(store, site.url)
    assert unchanged.outcome is Outcome.UNCHANGED
    assert site.requests[-1]["If-None-Match"] == '"v1"'  # asked, and the server said 304

    site.body, site.etag = pack_json("1.1.0", V2), '"v2"'
    result = subscriptions.check(store, site.url)
    assert result.message == "话术包“店铺话术”已更新到 1.1.0：新增 2 条，修改 1 条，删除 1 条。"
    assert installed(store) == "1.1.0"


def test_a_web_address_that_fails_keeps_the_last_good_version(store, site, monkeypatch):
    site.body = pack_json("1.0.0", V1)
    subscriptions.subscribe(store, site.url)
    subscriptions.check(store, site.url)

    site.status = 404
    missing = subscriptions.check(store, site.url)
    site.status, site.body = 200, pack_json("2.0.0", V2)
    monkeypatch.setattr(fetch, "MAX_DOWNLOAD", 100)
    too_big = subscriptions.check(store, site.url)

    assert missing.failed and "服务器返回 404" in missing.message
    assert too_big.failed and "超过" in too_big.message
    assert installed(store) == "1.0.0"


def test_an_unreachable_web_address_is_reported(store, site):
    url = site.url
    site.close()
    subscriptions.subscribe(store, url)
    result = subscriptions.check(store, url)
    assert result.failed and result.message.startswith("同步“http://127.0.0.1:")
    assert "无法连接" in result.message and "尚未安装该来源的话术包" in result.message


# ---------------------------------------------------------------- command line


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_commands_as_a_supervisor_types_them(data_dir, share, capsys):
    path = share / "店铺话术.json"
    source = publish(path, pack_json("1.0.0", V1))

    code, out, _ = run(capsys, "pack", "subscribe", source)
    assert code == 0 and f"已订阅：{source}" in out and "已安装订阅的话术包“店铺话术”" in out

    publish(path, pack_json("1.1.0", V2))
    code, out, _ = run(capsys, "pack", "sync")
    assert code == 0 and "已更新到 1.1.0：新增 2 条，修改 1 条，删除 1 条" in out

    code, out, _ = run(capsys, "pack", "subscriptions")
    assert code == 0 and source in out and "版本 1.1.0" in out and "正常" in out

    os.unlink(path)
    code, out, _ = run(capsys, "pack", "sync")
    assert code == 1 and "找不到文件" in out and "继续使用已安装的版本 1.1.0" in out

    code, out, _ = run(capsys, "pack", "subscriptions", "--json")
    (listed,) = json.loads(out)
    assert listed["status"] == "failed" and listed["version"] == "1.1.0"
    assert listed["last_success"] and "找不到文件" in listed["error"]

    code, out, _ = run(capsys, "pack", "unsubscribe", source)
    assert code == 0 and "已安装的话术包“店铺话术”（版本 1.1.0）保留" in out
    code, out, _ = run(capsys, "pack", "sync")
    assert code == 0 and "还没有订阅任何话术包" in out

    code, _, err = run(capsys, "pack", "unsubscribe", source)
    assert code == 2 and "错误：没有订阅" in err


def test_unsubscribe_names_the_version_installed_now(data_dir, share, tmp_path, capsys):
    source = publish(share / "店铺话术.json", pack_json("1.2.0", V1))
    assert run(capsys, "pack", "subscribe", source)[0] == 0
    # Replaced since by hand: the subscription still remembers 1.2.0.
    manual = tmp_path / "手动.json"
    manual.write_bytes(pack_json("9.0.0", V2))
    assert run(capsys, "pack", "import", str(manual))[0] == 0
    code, out, _ = run(capsys, "pack", "unsubscribe", source)
    assert code == 0 and "已安装的话术包“店铺话术”（版本 9.0.0）保留" in out


def test_subscribing_while_the_share_is_offline_keeps_the_subscription(data_dir, share, capsys):
    source = str(share / "还没放上去.json")
    code, out, _ = run(capsys, "pack", "subscribe", source)
    assert code == 1 and "找不到文件" in out and "订阅已保存" in out
    code, out, _ = run(capsys, "pack", "subscriptions", "--json")
    assert [s["source"] for s in json.loads(out)] == [source]


def test_pack_help_lists_the_subscription_actions(capsys):
    with pytest.raises(SystemExit):
        main(["pack", "--help"])
    out = capsys.readouterr().out
    assert all(word in out for word in ("subscribe", "unsubscribe", "subscriptions", "sync"))


def test_the_supervisors_guide_explains_subscribing():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "主管指南.md").read_text("utf-8")
    section = guide[guide.index("## 三、") : guide.index("## 四、")]
    for text in (
        "pack subscribe",
        "pack unsubscribe",
        "pack subscriptions",
        "pack sync",
        r"\\前台电脑\话术\店铺话术.json",
        "订阅与同步…",
        "同步失败",
        "继续使用已安装的版本",
    ):
        assert text in section, text


def test_an_address_nobody_answers_is_explained_in_chinese(store):
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    source = f"http://127.0.0.1:{port}/店铺话术.json"
    subscriptions.subscribe(store, source)
    result = subscriptions.check(store, source)
    assert result.failed
    assert "服务器拒绝连接" in result.message and "Errno" not in result.message


def test_subscriptions_list_the_version_installed_now(data_dir, share, tmp_path, capsys):
    source = publish(share / "店铺话术.json", pack_json("1.2.0", V1))
    assert run(capsys, "pack", "subscribe", source)[0] == 0
    code, out, _ = run(capsys, "pack", "subscriptions")
    assert "话术包：店铺话术  版本 1.2.0\n" in out
    manual = tmp_path / "手动.json"
    manual.write_bytes(pack_json("9.0.0", V2))
    assert run(capsys, "pack", "import", str(manual))[0] == 0

    code, out, _ = run(capsys, "pack", "subscriptions")
    assert code == 0 and "版本 9.0.0（订阅装的是 1.2.0" in out
    code, out, _ = run(capsys, "pack", "subscriptions", "--json")
    (listed,) = json.loads(out)
    assert listed["version"] == "1.2.0" and listed["installed_version"] == "9.0.0"


def test_the_list_says_the_source_is_older_until_it_is_not(data_dir, share, capsys):
    source = publish(share / "店铺话术.json", pack_json("1.2.0", V2))
    assert run(capsys, "pack", "subscribe", source)[0] == 0
    publish(share / "店铺话术.json", pack_json("1.1.0", V1))
    for _ in range(2):  # checked twice: the second finds the file unchanged
        assert run(capsys, "pack", "sync")[0] == 0
        code, out, _ = run(capsys, "pack", "subscriptions")
        assert "比已安装的 1.2.0 旧，保留已安装的版本" in out and "，正常" not in out
    publish(share / "店铺话术.json", pack_json("1.3.0", V1))
    assert run(capsys, "pack", "sync")[0] == 0
    code, out, _ = run(capsys, "pack", "subscriptions")
    assert "，正常" in out and "旧" not in out


def test_a_sheet_still_being_written_is_not_installed_half(store, share, monkeypatch):
    from assistant.core import packfile

    sheet = share / "店铺话术.csv"
    sheet.write_text("分组,编码,标题,内容\n问候,zz1,问候,亲，在的\n问候,zz2,稍等,亲稍等\n", "utf-8")
    subscriptions.subscribe(store, str(sheet))
    assert subscriptions.check(store, str(sheet)).applied
    # The supervisor saves a new sheet over it; the check reads it while it is written:
    # what it reads is the first row only, and the writer goes on.
    sheet.write_text("分组,编码,标题,内容\n问候,zz1,问候,亲，在的\n", "utf-8")
    real = packfile.read_pack

    def read_while_written(path, *a, **k):
        pack = real(path, *a, **k)
        with open(sheet, "a", encoding="utf-8") as f:
            f.write("问候,zz2,稍等,亲稍等\n问候,zz3,新的,亲，新品到了\n")
        return pack

    monkeypatch.setattr(packfile, "read_pack", read_while_written)
    result = subscriptions.check(store, str(sheet))
    assert result.failed and "还在被写入" in result.message
    assert [p.code for p in store.load_pack("店铺话术").phrases] == ["zz1", "zz2"]  # kept whole

    monkeypatch.setattr(packfile, "read_pack", real)
    result = subscriptions.check(store, str(sheet))  # written out now
    assert result.applied
    assert [p.code for p in store.load_pack("店铺话术").phrases] == ["zz1", "zz2", "zz3"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_as_the_source_is_called_what_it_is(store, share):
    pipe = share / "店铺话术.json"
    os.mkfifo(pipe)
    subscriptions.subscribe(store, str(pipe))
    result = subscriptions.check(store, str(pipe))
    assert result.failed and "不是普通的文件" in result.message
    assert "是一个文件夹" not in result.message
