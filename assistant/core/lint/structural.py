"""The structural rules (code, not data): placeholders, codes, empty or over-long
bodies, and a file the importer refuses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.core import packfile, placeholders
from assistant.core.lint.report import ERROR, WARNING, Entry, Finding
from assistant.core.text import fold

#: A reply longer than this is hard to read on a phone; the pack format's hard limit
#: (packfile.MAX_BODY) is an error because an import refuses it.
LONG_BODY = 300

#: Structural rules: id → Chinese name.
STRUCTURAL: dict[str, str] = {
    "unknown-placeholder": "占位符无效或未知",
    "full-width-placeholder": "占位符用了全角括号",
    "duplicate-code": "编码重复",
    "empty-body": "内容为空",
    "long-body": "内容过长",
    "full-width-code": "编码含全角字符",
    "invalid-code": "编码含无效字符",
    "format": "文件格式",
}
_STRUCTURAL_ADVICE: dict[str, str] = {
    "unknown-placeholder": "占位符只能用内置名称（{客服名}、{店铺名}、{订单号}…）或话术包 placeholders 中声明的名称；大括号本身写成 {{ }}。",
    "full-width-placeholder": "中文输入法打出的 ｛｝ 是全角括号，程序不会把它当作占位符、发送前也不会填，买家会看到“｛运单号｝”原样；请切到英文输入再打 { }。",
    "duplicate-code": "同一个编码只能对应一条短语，否则客服输入编码时拿到的不一定是想要的那条。",
    "empty-body": "没有内容的短语无法发送，请补上内容或删除该行。",
    "long-body": f"超过 {LONG_BODY} 字的回复买家在手机上很难读完，建议拆成几条。",
    "full-width-code": "编码要用半角英文字母和数字（输入法切到英文再输入）。",
    "invalid-code": f"编码只能用英文字母、数字和 _ . -，最多 {packfile.MAX_CODE} 个。",
    "format": "导入会拒绝这个文件，请按提示修改。",
}

# The same rule packfile enforces when importing.
_CODE_OK = re.compile(r"^[0-9A-Za-z_.\-]*$")
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
#: ｛运单号｝ as a Chinese input method types it (a default after ｜ or |).
_FULL_WIDTH_PLACEHOLDER = re.compile("\uff5b([^\uff5b\uff5d{}]{1,40})\uff5d")


def _structural(entry: Entry, known: tuple[str, ...], seen: dict[str, str]) -> Iterator[Finding]:
    def finding(rule: str, words: tuple[str, ...], message: str, severity: str = ERROR) -> Finding:
        return Finding(entry.where, entry.code, rule, STRUCTURAL[rule], severity, words, message)

    code = entry.code.strip()
    if code:
        if _FULL_WIDTH.search(code):
            yield finding(
                "full-width-code",
                (code,),
                f"编码“{code}”含全角字符，应为“{fold(code).replace(' ', '')}”",
            )
        elif not _CODE_OK.match(code) or len(code) > packfile.MAX_CODE:
            yield finding("invalid-code", (code,), f"编码“{code}”无效")
        key = fold(code)
        if key in seen:
            yield finding("duplicate-code", (code,), f"编码“{code}”与{seen[key]}重复")
        else:
            seen[key] = entry.where
    body = entry.body.strip()
    if not body:
        yield finding("empty-body", (), "内容为空")
    elif len(body) > packfile.MAX_BODY:
        yield finding(
            "long-body", (), f"内容有 {len(body)} 字，超过上限 {packfile.MAX_BODY} 字，导入会被拒绝"
        )
    elif len(body) > LONG_BODY:
        yield finding("long-body", (), f"内容有 {len(body)} 字，建议不超过 {LONG_BODY} 字", WARNING)
    for text in (entry.title, entry.body):
        if placeholders.only_known(text, known):
            continue
        try:
            unknown = placeholders.unknown_names(placeholders.parse(text), known)
        except placeholders.PlaceholderError as e:
            yield finding("unknown-placeholder", (), str(e))
            continue
        if unknown:
            names = tuple("{" + n + "}" for n in unknown)
            yield finding("unknown-placeholder", names, "未知的占位符：" + "、".join(names))
    for text in (entry.title, entry.body):
        for m in _FULL_WIDTH_PLACEHOLDER.finditer(text):
            inner = m.group(1).replace("\uff5c", "|")
            if inner.partition("|")[0].strip() in known:
                yield finding(
                    "full-width-placeholder",
                    (m.group(0),),
                    f"“{m.group(0)}”用了全角大括号，不会被填写，会原样发给买家；应为“{{{inner}}}”",
                )
