"""Bulk work pauses the cycle collector and always switches it back on: a window that
imported a pack, or failed to, must not go on without it for the rest of the day."""

import gc

import pytest

from assistant.core import packfile
from assistant.core.bulk import paused_collector
from assistant.errors import PackFormatError


def test_reading_a_pack_pauses_the_collector_and_switches_it_back_on(tmp_path, monkeypatch):
    seen = []
    real = packfile.table.parse_table

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(packfile.table, "parse_table", spy)
    good = tmp_path / "good.csv"
    good.write_text("分组,编码,标题,内容\n售前,hy,欢迎,亲，在的\n", encoding="utf-8")
    assert [p.code for p in packfile.read_pack(good).phrases] == ["hy"]
    assert seen == [False]
    assert gc.isenabled()

    bad = tmp_path / "bad.csv"
    bad.write_text("分组,编码,标题\n售前,hy,欢迎\n", encoding="utf-8")
    with pytest.raises(PackFormatError):
        packfile.read_pack(bad)
    assert gc.isenabled()


def test_a_paused_collector_stays_off_when_it_was_off():
    gc.disable()
    try:
        with paused_collector():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with paused_collector(), paused_collector():
        pass
    assert gc.isenabled()
