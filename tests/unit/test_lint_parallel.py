"""``pack lint`` of a large file: the importer's read runs in a child process while the
file is linted, and the report is the one a single process writes, whatever happens to
the child."""

import pytest

from assistant.core import lint, offload
from assistant.core.lint import check


def sheet(path, rows):
    path.write_text("分组,编码,标题,内容,标签,问法\n" + "".join(rows), "utf-8")
    return path


def shared_question(tmp_path):
    """Two phrases sharing a 问法: only the importer's read finds it."""
    rows = [f"售后,k{i},标题{i},亲，第{i}条回复,,问题{i}\n" for i in range(200)]
    rows.append("售后,k200,运费,亲，满99包邮,,包邮吗\n")
    rows.append("售后,k201,邮费,亲，偏远地区不包邮,,包邮吗？\n")
    return sheet(tmp_path / "shared.csv", rows)


def refused(tmp_path):
    """A file the linter has nothing against but the importer refuses (30 tags)."""
    rows = [f"售后,k{i},标题{i},亲，第{i}条回复,,\n" for i in range(200)]
    rows.append("售后,k200,标签多,你好," + ";".join(f"t{i}" for i in range(30)) + ",\n")
    return sheet(tmp_path / "refused.csv", rows)


def with_errors(tmp_path):
    """A word error: the importer's read is not needed (nor waited for)."""
    rows = [f"售后,k{i},标题{i},亲，第{i}条回复,,\n" for i in range(200)]
    rows.append("售后,k200,联系,加我微信聊,,\n")
    return sheet(tmp_path / "errors.csv", rows)


def report_of(path):
    report = lint.lint_file(path)
    return [(f.where, f.code, f.rule, f.severity, f.words, f.message) for f in report.findings]


@pytest.mark.parametrize("make", [shared_question, refused, with_errors])
def test_a_large_files_report_is_the_one_process_report(tmp_path, monkeypatch, make):
    path = make(tmp_path)
    alone = report_of(path)  # PARALLEL_BYTES is far above this file: all here
    assert alone  # each file has something to find
    monkeypatch.setattr(check, "PARALLEL_BYTES", 1)
    started = []
    real = check.Offloaded.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        started.append(self.in_child)

    monkeypatch.setattr(check.Offloaded, "__init__", spy)
    assert report_of(path) == alone
    assert started == [offload.cores() >= 2]


def _die(out, function, args):
    import os

    os._exit(3)  # the process ends without an answer (killed, out of memory …)


def test_a_child_that_dies_costs_time_not_findings(tmp_path, monkeypatch, caplog):
    path = shared_question(tmp_path)
    alone = report_of(path)
    monkeypatch.setattr(check, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(offload, "_run", _die)
    assert report_of(path) == alone
    assert any(f[2] == "shared-question" for f in alone)
    if offload.cores() >= 2:
        assert "子进程“按导入读取”没有结果" in caplog.text
