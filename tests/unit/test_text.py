"""Folding text as the linter and the question matcher read it: every full-width ASCII
character and the ideographic space become their ASCII selves, one character for one
(match positions point into the original), upper and lower case alike."""

from hypothesis import given
from hypothesis import strategies as st

from assistant.core.text import fold

# Full-width forms, the marks Chinese text is full of among them, Chinese, ASCII.
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFF60),
    st.sampled_from("，（）？：；！。、“”\u3000 "),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
)


def _by_definition(text: str) -> str:
    out = []
    for ch in text:
        if 0xFF01 <= ord(ch) <= 0xFF5E:
            ch = chr(ord(ch) - 0xFEE0)
        elif ch == "\u3000":
            ch = " "
        out.append(ch)
    return "".join(out).lower()


@given(st.text(_ALPHABET, max_size=60))
def test_fold_maps_every_full_width_character_and_keeps_the_length(text):
    folded = fold(text)
    assert folded == _by_definition(text)
    assert len(folded) == len(text)


def test_fold_of_a_typical_reply():
    assert fold("亲，ＶＸ号：ａｂｃ１２３（请加）！") == "亲,vx号:abc123(请加)!"
    assert fold("包邮吗？　ＯＫ") == "包邮吗? ok"
    assert fold("ABC 你好") == "abc 你好"
