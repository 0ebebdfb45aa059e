from assistant.core.pinyin import pinyin_keys, syllables_main


def test_word_readings_beat_first_char_reading():
    keys = pinyin_keys("银行")
    assert keys[0] == "yh"
    assert "yinhang" in keys


def test_initials_and_full_pinyin():
    assert pinyin_keys("欢迎光临")[:2] == ["hygl", "huanyingguanglin"]


def test_polyphonic_character_yields_both_common_readings():
    keys = pinyin_keys("行")  # xíng and háng, when no word settles it
    assert {"x", "h", "xing", "hang"} <= set(keys)


def test_u_umlaut_typed_as_v():
    assert "lvse" in pinyin_keys("绿色")


def test_no_han_no_keys():
    assert pinyin_keys("hy1") == []


def test_one_syllable_per_character():
    text = "欢迎 A1光临"
    assert len(syllables_main(text)) == len(text)
