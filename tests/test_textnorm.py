"""Text normalisation: the rules on examples, and what holds for any text (blocks found at their offsets)."""

import random
import re
import unicodedata
from itertools import pairwise

import pytest

from helpers.data.textnorm import located_blocks, normalise_blocks, normalise_text, normalised_and_blocks, numbers_in
from helpers.paths import report_dir


def test_spaces_inside_chinese_are_removed():
    assert normalise_text("郑 州 市 金 水 河 分 洪 工 程") == "郑州市金水河分洪工程"


def test_lines_broken_mid_phrase_are_joined():
    assert normalise_text("营收达 1.5\n亿元") == "营收达1.5亿元"


def test_space_between_ascii_words_is_kept_once():
    assert normalise_text("GDP   2024\nQ4") == "GDP 2024 Q4"


def test_full_width_digits_signs_and_punctuation_become_ascii():
    assert normalise_text("增长５．４％，完成９３１．８亿元") == "增长5.4%,完成931.8亿元"


def test_bom_and_crlf_disappear():
    assert normalise_text("\ufeff全年优良天数 237天，\r\n同比增加 20 天。") == "全年优良天数237天,同比增加20天。"


def test_blocks_split_on_blank_lines():
    assert normalise_blocks("第一段\n续行\n\n生态环境不断改善\r\n\r\n下一段") == [
        "第一段续行",
        "生态环境不断改善",
        "下一段",
    ]


def test_numbers_in_keeps_numbers_as_printed():
    assert numbers_in("新建1个2.2万平方米的综合性公园,1个5000平方米的游园") == ["1", "2.2", "1", "5000"]


def test_section_sentences_come_from_the_right_section():
    from helpers import DataError
    from helpers.data.report_text import section_sentences

    sentences = section_sentences("生态环境不断改善")
    assert sentences[0] == "污染防治成效明显。"
    assert "常庄水库扩容加固提升工程、郑州市金水河分洪工程建成投用。" in sentences
    assert not any("招商" in s for s in sentences)
    with pytest.raises(DataError, match="not a heading"):
        section_sentences("不存在的部分")


# Characters that stress the rules: white space of every kind (and what NFKC turns into white space),
# the BOM, ASCII words, full-width forms, compatibility characters and combining marks.
TRICKY = list("ab Z09 \n\n\r\t\x0b\x1c\x85\u2028\u3000\xa0\ufeff，。；：%％１２．郑州市增长亿元个\u0301e가ｶﾞ㎡①ﬁ")
REPORT_LINES = (report_dir() / "report.txt").read_text(encoding="utf-8").split("\n")


def _varied_texts(seed: int, count: int) -> list[str]:
    """Random texts: runs of tricky characters, and report lines joined by tricky characters."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        noise = "".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 40)))
        lines = [rng.choice(REPORT_LINES) for _ in range(rng.randint(1, 6))]
        texts.append(noise if rng.random() < 0.5 else rng.choice(TRICKY).join(lines) + noise)
    return texts


def test_only_spaces_between_ascii_words_are_left_and_blocks_are_found_in_order():
    for text in [*_varied_texts(seed=20, count=200), "\n".join(REPORT_LINES)]:
        normalised = normalise_text(text)
        for space in re.finditer(r"\s", normalised):  # one " " between two ASCII letters/digits, nothing else
            around = normalised[max(space.start() - 1, 0) : space.end() + 1]
            assert re.fullmatch(r"[A-Za-z0-9] [A-Za-z0-9]", around), repr(text)
        located = located_blocks(text, normalised)
        assert [block for block, _, _ in located] == normalise_blocks(text), repr(text)
        assert all(normalised[start:end] == block for block, start, end in located), repr(text)
        assert all(end <= start for (_, _, end), (_, start, _) in pairwise(located))
        assert normalised_and_blocks(text) == (normalised, located), repr(text)


def test_display_text_keeps_the_reports_punctuation_and_lines_up_with_the_normalised_text():
    from helpers.data.textnorm import display_text

    raw = "生产总值完成９３１．８亿元，增长 5.4%；\r\n郑 州 市（中原区）：好！"
    shown, normalised = display_text(raw), normalise_text(raw)
    assert shown == "生产总值完成931.8亿元，增长5.4%；郑州市（中原区）：好！"
    assert len(shown) == len(normalised)
    assert all(a == b or unicodedata.normalize("NFKC", b) == a for a, b in zip(normalised, shown, strict=True))


def test_as_printed_gives_a_quote_in_the_reports_own_punctuation():
    from helpers.data.report_text import as_printed

    assert as_printed("认购875套,市内六区排名第一") == "认购875套，市内六区排名第一"
    assert as_printed("not in the text, at all") == "not in the text, at all"
