"""The phrase linter: what a supervisor sees for words reps must not send and broken rows."""

import json
from pathlib import Path

import pytest

from assistant.core import lint
from assistant.core.lint import ERROR, WARNING, Entry
from assistant.core.phrases import Pack, Phrase
from assistant.errors import KnownError

ROOT = Path(__file__).resolve().parents[2]


def findings(body, title="", code="a1", rules=None, known=("客服名", "金额")):
    rules = lint.builtin_rules() if rules is None else rules
    return lint.lint_entries([Entry("第 2 行", code, title, body)], rules, known).findings


def rule_words(body, **kw):
    return {(f.rule, f.severity): f.words for f in findings(body, **kw)}


@pytest.mark.parametrize(
    ("body", "rule", "severity", "word"),
    [
        ("加我微信聊，优惠更多", "contact", ERROR, "微信"),
        ("有问题加ＶＸ：abc123", "contact", ERROR, "ＶＸ"),  # full-width, reported as written
        ("QQ123456 找我", "contact", ERROR, "QQ"),
        ("电话 138-1234-5678 随时打", "contact", ERROR, "138-1234-5678"),
        ("五星好评返现5元", "review-inducement", ERROR, "五星好评返现"),
        ("给个好评，下次送您小礼物", "review-inducement", ERROR, "好评，下次送"),
        ("本店全网最低价", "ad-absolute", ERROR, "全网最低"),
        ("国家级工艺，顶级面料", "ad-absolute", ERROR, "国家级"),
        ("这款是最优惠的", "ad-superlative", WARNING, "最优"),
        ("100%满意，放心拍", "ad-superlative", WARNING, "100%"),
        # traditional characters, as handbooks are often written, reported as written
        ("保證正品，放心購買", "absolute-promise", WARNING, "保證"),
        ("好評返現，聯繫客服領取", "review-inducement", ERROR, "好評返現"),
        # spaced out to slip past a word list
        ("好 评 返 现 哦", "review-inducement", ERROR, "好评返现"),
        ("微 信 号 abc123", "contact", ERROR, "微信"),
        ("有事 v x：abc123", "contact", ERROR, "vx"),
        ("没货了亲", "curt-reply", WARNING, "没货了亲"),
        ("隔壁店那个质量很差的，千万别买", "disparage", ERROR, "隔壁店那个质量很差"),
        ("补水效果最好，没有之一", "ad-absolute", ERROR, "没有之一"),
        ("我们保证明天发货", "absolute-promise", WARNING, "保证"),
        ("这个不归我管，您找售后", "negative-language", WARNING, "不归我管"),
        ("嗯。", "curt-reply", WARNING, "嗯。"),
    ],
)
def test_each_word_rule_names_its_words_and_severity(body, rule, severity, word):
    words = rule_words(body)
    assert word in words[(rule, severity)]


@pytest.mark.parametrize(
    "body",
    [
        "亲，最近在忙吗？最后一件给您留着",
        "您最好量一下尺寸再拍",
        "我们第一时间为您发货，这是您第一次来吧",
        "收到后一定要先检查包裹哦，有一定的弹性",
        "是自己用还是送人呢？送礼的话可以包装",
        "满意的话给个好评鼓励一下哦~，包裹送达请验货",
        "我们会尽最大的努力帮您争取",
        "欢迎加我们的店铺会员",
        "最快明天到，最晚后天",
        "qqq 是型号，vxzz 也是",
        "全店统一定价，价格都是一样的",
        "复制订单详情第一行的单号发给我就行，第一张图是正面",
        # words a rule lists, in their harmless sense
        "成分是100%纯棉，第一阶段先手洗",
        "付款支持支付宝和花呗，暂时还不支持微信支付",
        "这款万能胶粘木头也可以，最佳赏味期这里不适用",
        "不敢保证每一批颜色完全一样，为了保证您的权益请先看实拍",
        "送给家人们很合适",
        "今晚下单的话明天上午就能发出",
        "如果快递员没有办法上门取件，可以送到驿站",
        "我们店不做好评返现这类活动，在评价页面点左上角的返回键就行",
        "包裹明天就能送到，满意的话记得给个好评哦",
        "收到您的差评我们很难过，先给您补发一件新的吧",
    ],
)
def test_innocent_wording_passes(body):
    assert findings(body) == []


def test_the_shipped_packs_have_no_findings():
    """A supervisor's first `pack lint` of the shipped wording must come back clean."""
    for path in sorted((ROOT / "resources" / "packs").glob("*.json")):
        report = lint.lint_file(path)
        assert report.findings == [], (path.name, report.findings)


def test_a_span_is_reported_once_by_the_most_severe_rule():
    words = rule_words("全网最低价")
    assert ("ad-absolute", ERROR) in words and ("ad-superlative", WARNING) not in words


def test_title_is_checked_too():
    (finding,) = findings("亲，请在旺旺留言", title="加微信")
    assert finding.rule == "contact" and finding.words == ("微信",)


@pytest.mark.parametrize(
    ("entries", "rule", "severity", "message"),
    [
        ([Entry("第 2 行", "ａ１", "", "你好")], "full-width-code", ERROR, "应为“a1”"),
        ([Entry("第 2 行", "问候1", "", "你好")], "invalid-code", ERROR, "问候1"),
        (
            [Entry("第 2 行", "a1", "", "你好"), Entry("第 3 行", "A1", "", "您好")],
            "duplicate-code",
            ERROR,
            "与第 2 行重复",
        ),
        ([Entry("第 2 行", "a1", "", "  ")], "empty-body", ERROR, "内容为空"),
        ([Entry("第 2 行", "a1", "", "好" * 301)], "long-body", WARNING, "301 字"),
        ([Entry("第 2 行", "a1", "", "好" * 5001)], "long-body", ERROR, "导入会被拒绝"),
        ([Entry("第 2 行", "a1", "", "您的{单号}")], "unknown-placeholder", ERROR, "{单号}"),
        ([Entry("第 2 行", "a1", "", "价格 {金额 元")], "unknown-placeholder", ERROR, "没有配对"),
        (
            [Entry("第 2 行", "a1", "", "亲，共｛金额｝元，请查收")],
            "full-width-placeholder",
            ERROR,
            "“｛金额｝”用了全角大括号，不会被填写，会原样发给买家；应为“{金额}”",
        ),
        (
            [Entry("第 2 行", "a1", "｛金额｜0｝元", "好的")],
            "full-width-placeholder",
            ERROR,
            "应为“{金额|0}”",
        ),
    ],
)
def test_structural_rules(entries, rule, severity, message):
    report = lint.lint_entries(entries, [], ("金额",))
    (finding,) = [f for f in report.findings if f.rule == rule]
    assert finding.severity == severity and message in finding.message
    assert finding.name == lint.STRUCTURAL[rule]


def test_full_width_braces_around_other_words_are_left_alone():
    """｛新品｝ as decoration is no placeholder a rep expects filled: no finding."""
    report = lint.lint_entries([Entry("第 2 行", "a1", "", "｛新品｝上架啦")], [], ("金额",))
    assert report.findings == []


def test_a_csv_sheet_reports_every_problem_at_once_by_row(tmp_path):
    sheet = tmp_path / "本店.csv"
    sheet.write_bytes(
        "分组,编码,标题,内容,标签\n"
        "问候,zz1,问候,亲，欢迎光临~,\n"
        "问候,zz2,,加我微信,\n"
        "售后,zz1,,好评返现,\n"
        "售后,ｚｚ４,,{订单} 已发货,\n".encode("gbk")
    )
    report = lint.lint_file(sheet)
    got = {(f.where, f.code, f.rule) for f in report.findings}
    assert {
        ("第 3 行", "zz2", "contact"),
        ("第 4 行", "zz1", "duplicate-code"),
        ("第 4 行", "zz1", "review-inducement"),
        ("第 5 行", "ｚｚ４", "full-width-code"),
        ("第 5 行", "ｚｚ４", "unknown-placeholder"),
    } <= got
    assert report.advice["contact"][0] == "站外联系或交易"


def test_a_json_pack_names_the_group_and_uses_its_declared_placeholders(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {
                "name": "本店",
                "placeholders": ["尺码"],
                "groups": [
                    {
                        "name": "说·推荐",
                        "groups": [
                            {
                                "name": "尺码",
                                "phrases": [
                                    {"code": "cm1", "body": "推荐{尺码}码"},
                                    {"code": "cm2", "body": "我们绝对不会发错"},
                                ],
                            }
                        ],
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    (finding,) = lint.lint_file(path).findings
    assert finding.where == "说·推荐 › 尺码 第 2 条" and finding.code == "cm2"
    assert finding.rule == "absolute-promise"


def test_a_refusal_the_linter_does_not_know_is_still_an_error(tmp_path):
    sheet = tmp_path / "tags.csv"
    sheet.write_text("内容,标签\n你好," + ";".join(f"t{i}" for i in range(30)) + "\n", "utf-8")
    (finding,) = lint.lint_file(sheet).findings
    assert finding.rule == "format" and finding.severity == ERROR and "标签" in finding.message
    # Named once: the place is the file, the message starts at the row.
    assert finding.where == "tags.csv" and finding.message.startswith("第 2 行“标签”列：")


def test_a_file_that_is_not_a_pack_is_refused_with_the_importers_message(tmp_path):
    sheet = tmp_path / "x.csv"
    sheet.write_text("名字,电话\n张三,1\n", "utf-8")
    with pytest.raises(KnownError, match="缺少“内容”列"):
        lint.lint_file(sheet)


def workbook(path, rows, header_row=1, sheets=("话术",)):
    """A workbook whose phrase sheet is the last of ``sheets``, header at ``header_row``."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheets[0]
    for title in sheets[1:]:
        book.create_sheet(title)
    sheet = book[sheets[-1]]
    for number, row in enumerate(rows, header_row):
        for column, value in enumerate(row, 1):
            sheet.cell(row=number, column=column, value=value)
    book.save(path)
    return path


def test_an_xlsx_sheet_names_the_sheet_and_the_excel_row(tmp_path):
    path = workbook(
        tmp_path / "本店.xlsx",
        [
            ["分组", "编码", "标题", "内容"],
            ["问候", "zz1", "问候", "亲，欢迎光临~"],
            [None, None, None, None],  # an empty row keeps its number for the rows after it
            ["售后", "zz2", None, "加我微信，返现更快"],
            ["售后", 101, None, "{订单} 已发货"],  # a number in the code column is its text
            ["售后", "zz1", None, "好的亲"],
        ],
        header_row=2,
        sheets=("说明", "话术"),
    )
    report = lint.lint_file(path)
    got = {(f.where, f.code, f.rule): f.words for f in report.findings}
    assert got[("工作表“话术”第 5 行", "zz2", "contact")] == ("加我", "微信")
    assert ("工作表“话术”第 6 行", "101", "unknown-placeholder") in got
    assert ("工作表“话术”第 7 行", "zz1", "duplicate-code") in got
    dup = next(f for f in report.findings if f.rule == "duplicate-code")
    assert "工作表“话术”第 3 行" in dup.message


def test_an_xlsx_refusal_the_linter_does_not_know_is_still_an_error(tmp_path):
    path = workbook(
        tmp_path / "tags.xlsx", [["内容", "标签"], ["你好", ";".join(f"t{i}" for i in range(30))]]
    )
    (finding,) = lint.lint_file(path).findings
    assert finding.rule == "format" and "工作表“话术”第 2 行" in finding.message


def test_an_xlsx_without_a_body_column_is_refused_naming_the_sheet(tmp_path):
    path = workbook(tmp_path / "x.xlsx", [["名字", "电话"], ["张三", "1"]])
    with pytest.raises(KnownError, match="x.xlsx：工作表“话术”第 1 行（表头）缺少“内容”列"):
        lint.lint_file(path)


def test_a_qianniu_csv_lints_by_row_and_code(tmp_path):
    path = tmp_path / "千牛.csv"
    path.write_bytes(
        "快捷短语编码,快捷短语,快捷短语分组\nhy1,亲，在的~,问候\nwx,有事加我微信,售后\n".encode(
            "gbk"
        )
    )
    (finding,) = lint.lint_file(path).findings
    assert (finding.where, finding.code, finding.rule) == ("第 3 行", "wx", "contact")
    assert lint.lint_file(path, fmt="qianniu").findings == [finding]


def test_format_insists_like_the_importer(tmp_path):
    qianniu = tmp_path / "千牛.json"  # misnamed: recognised as JSON, read as Qianniu's CSV
    qianniu.write_bytes("快捷短语编码,快捷短语\nwx,加我微信\n".encode("gbk"))
    with pytest.raises(KnownError, match="千牛.json"):
        lint.lint_file(qianniu)
    assert [f.rule for f in lint.lint_file(qianniu, fmt="qianniu").findings] == ["contact"]
    sheet = tmp_path / "p.csv"
    sheet.write_text("编码,内容\nzz1,你好\n", encoding="utf-8")
    with pytest.raises(KnownError, match="p.csv：第 1 行不是千牛快捷短语的表头"):
        lint.lint_file(sheet, fmt="qianniu")
    with pytest.raises(KnownError, match="p.csv：不是 Excel 工作簿"):
        lint.lint_file(sheet, fmt="xlsx")
    book = workbook(tmp_path / "b.xlsx", [["内容"], ["你好"]])
    with pytest.raises(KnownError, match="b.xlsx：这是 Excel 工作簿"):
        lint.lint_file(book, fmt="csv")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    with pytest.raises(KnownError, match="旧版 Excel 工作簿"):
        lint.lint_file(old)


def test_pack_lint_of_a_workbook_exits_1_naming_code_and_row(data_dir, tmp_path, capsys):
    from assistant.cli import main

    path = workbook(
        tmp_path / "本店.xlsx",
        [["编码", "内容"], ["zz1", "亲，欢迎光临~"], ["zz2", "有事加我微信"]],
    )
    code = main(["pack", "lint", str(path)])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "本店.xlsx：1 个错误，0 个警告" in out
    assert "错误  工作表“话术”第 3 行 [zz2]  站外联系或交易：“加我”、“微信”" in out
    code = main(["pack", "lint", str(path), "--json"])
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1 and finding["where"] == "工作表“话术”第 3 行" and finding["code"] == "zz2"


def test_a_pack_lint_section_extends_rules_and_may_change_severity():
    pack = Pack(
        name="本店",
        phrases=[Phrase("a1", "t", "亲爱滴，我们一定发货")],
        sections={
            "lint": {
                "absolute-promise": {"severity": "error"},
                "shop-words": {"name": "本店禁用词", "words": ["亲爱滴"]},
            },
        },
    )
    report = lint.lint_pack(pack)
    by_rule = {f.rule: f for f in report.findings}
    assert by_rule["absolute-promise"].severity == ERROR
    assert by_rule["shop-words"].severity == WARNING and by_rule["shop-words"].name == "本店禁用词"


def test_installed_sections_and_word_files_extend_the_rules(tmp_path):
    words = tmp_path / "禁用词.txt"
    words.write_text("# 本店\n拍下改价\n", encoding="utf-8")
    json_words = tmp_path / "more.json"
    json_words.write_text('{"lint": {"contact": {"words": ["抖音号"]}}}', encoding="utf-8")
    pack = Pack(name="本店", phrases=[Phrase("a1", "t", "拍下改价，抖音号也行，最新款")])
    extra = [
        ({"ad-superlative": {"allow": ["最新款"]}}, "已安装"),
        (lint.read_word_file(words), words.name),
        (lint.read_word_file(json_words), "more.json"),
    ]
    got = {f.rule: f.words for f in lint.lint_pack(pack, extra=extra).findings}
    assert got == {"shop-words": ("拍下改价",), "contact": ("抖音号",)}


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (["微信"], "lint 部分应当是"),
        ({"contact": ["微信"]}, "lint.contact：应当是对象"),
        ({"contact": {"words": "微信"}}, "words 应当是非空文字的列表"),
        ({"new": {"severity": "fatal", "words": ["x"]}}, "severity 只能是"),
        ({"new": {"patterns": ["(unclosed"]}}, "正则"),
        ({"duplicate-code": {"words": ["x"]}}, "内置的结构检查"),
    ],
)
def test_a_bad_extension_names_its_source(section, message):
    with pytest.raises(KnownError, match=message) as e:
        lint.extend_rules(lint.builtin_rules(), section, "本店.json")
    assert "本店.json" in str(e.value)


def test_the_word_lists_are_data_with_unique_ids_and_chinese_names():
    files = sorted((ROOT / "resources" / "lint").glob("*.json"))
    rules = [lint.rule_from_data(json.loads(f.read_text("utf-8")), f.name) for f in files]
    assert len({r.id for r in rules}) == len(rules) >= 7
    assert all(r.id == f.stem for r, f in zip(rules, files, strict=True))
    assert all(any("\u4e00" <= c <= "\u9fff" for c in r.name) and r.advice for r in rules)
    assert [r.severity for r in lint.builtin_rules()] == sorted(
        (r.severity for r in rules), key=(ERROR, WARNING).index
    )


def test_word_file_problems_are_explained_in_chinese(tmp_path):
    with pytest.raises(KnownError) as e:
        lint.read_word_file(tmp_path / "missing.txt")
    assert "missing.txt" in str(e.value) and "找不到这个文件" in str(e.value)
    with pytest.raises(KnownError) as e:
        lint.read_word_file(tmp_path)
    assert "文件夹" in str(e.value) and "Is a directory" not in str(e.value)
    bad = tmp_path / "w.json"
    bad.write_text('{"words": ["a",]}', encoding="utf-8")
    with pytest.raises(KnownError) as e:
        lint.read_word_file(bad)
    assert "缺少值" in str(e.value) and "Expecting" not in str(e.value)
