"""Text normalisation: the rules on examples, and the fast implementation against the simple definition."""

import random
import re
import unicodedata

import pytest

from helpers.data import textnorm
from helpers.data.textnorm import (
    located_blocks,
    nfkc,
    normalise_blocks,
    normalise_text,
    normalised_and_blocks,
    numbers_in,
)
from helpers.paths import report_dir

# checks the fast normalisation against the simple one on random texts and scans every code point:
# conftest.py hands such files out before the quick ones
pytestmark = pytest.mark.slow


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


# The fast normalisation (helpers.data.textnorm) must give exactly what the simple definition gives, for
# every input: a reference copy of that definition, one regex callback per white-space run and
# unicodedata.normalize on the whole text, is compared with it on many varied texts.


def _reference_normalise_text(text: str) -> str:
    def join(match: re.Match[str]) -> str:
        before = match.string[match.start() - 1] if match.start() > 0 else ""
        after = match.string[match.end()] if match.end() < len(match.string) else ""
        word = re.compile(r"[A-Za-z0-9]")
        return " " if word.fullmatch(before or " ") and word.fullmatch(after or " ") else ""

    text = unicodedata.normalize("NFKC", text).replace("\ufeff", "")
    return re.sub(r"\s+", join, text).strip()


def _reference_normalise_blocks(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", unicodedata.normalize("NFKC", text).replace("\r\n", "\n"))
    return [b for b in (_reference_normalise_text(block) for block in blocks) if b]


def _reference_located_blocks(text: str) -> list[tuple[str, int, int]]:
    normalised, located, position = _reference_normalise_text(text), [], 0
    for block in _reference_normalise_blocks(text):
        found = normalised.find(block, position)
        located.append((block, found, found + len(block)))
        position = found + len(block)
    return located


# Characters that stress each rule: white space of every kind (and what NFKC turns into white
# space), the BOM, ASCII words, full-width forms, compatibility characters, combining marks and
# Hangul jamo (which NFKC composes with their neighbours), and the marker characters used inside.
TRICKY = list(
    "ab Z09 \n\n\r\t\x0b\x1c\x85\u2028\u3000\xa0\ufeff，。；：%％１２．郑州市增长亿元个"
    "\x00\x01\ue000\ue001\U000f0000\u0301\u0308e\u1100\u1161\u11a8가각ｶﾞ\u3099か㎡℃①Ⅱﬁ\u0b47\u0b3e"
)
REPORT_LINES = (report_dir() / "report.txt").read_text(encoding="utf-8").split("\n")


def _varied_texts(seed: int, count: int) -> list[str]:
    """Random texts: runs of tricky characters, and report lines joined by tricky characters."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        alphabet = rng.sample(TRICKY, rng.randint(1, len(TRICKY)))
        noise = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        lines = [rng.choice(REPORT_LINES) for _ in range(rng.randint(1, 6))]
        texts.append(noise if rng.random() < 0.6 else rng.choice(alphabet).join(lines) + noise)
    return texts


@pytest.mark.parametrize("group", [1, 3, textnorm.BLOCK_GROUP])
def test_fast_normalisation_equals_the_simple_definition(monkeypatch, group):
    monkeypatch.setattr(textnorm, "BLOCK_GROUP", group)  # blocks normalised together, few or many
    monkeypatch.setattr(textnorm, "SHORT_TEXT", 0)  # the fast NFKC path for short texts too
    texts = [*_varied_texts(seed=group, count=150), "\n".join(REPORT_LINES), "\x00\x01\ue000\ue001\U000f0000 a b"]
    for text in texts:
        expected = _reference_normalise_text(text)
        assert nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)
        assert normalise_text(text) == expected, repr(text)
        assert normalise_blocks(text) == _reference_normalise_blocks(text), repr(text)
        assert located_blocks(text, expected) == _reference_located_blocks(text), repr(text)
        assert normalised_and_blocks(text) == (expected, _reference_located_blocks(text)), repr(text)


def test_only_combining_marks_and_jamo_ever_compose_with_a_preceding_character():
    # nfkc() replaces character by character only if no character composes with the one before it;
    # it relies on every second half of a canonical composition being a mark or a conjoining jamo.
    seconds = set()
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    seconds |= {chr(c) for c in [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]}  # Hangul V and T jamo
    assert len(seconds) > 100
    assert [hex(ord(c)) for c in sorted(seconds) if textnorm._never_composes(c)] == []
