from helpers.textnorm import normalise_blocks, normalise_text, numbers_in


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
    import pytest

    from helpers import DataError
    from helpers.report_text import section_sentences

    sentences = section_sentences("生态环境不断改善")
    assert sentences[0] == "污染防治成效明显。"
    assert "常庄水库扩容加固提升工程、郑州市金水河分洪工程建成投用。" in sentences
    assert not any("招商" in s for s in sentences)
    with pytest.raises(DataError, match="not a heading"):
        section_sentences("不存在的部分")
