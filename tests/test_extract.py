"""The candidate extractor: recall and precision on the project's own report, every input form, bad files,
what is and is not a candidate, and offsets and quotes that point into the normalised text."""

from __future__ import annotations

import codecs
import csv
import io
import random
import re
import subprocess
import sys
from dataclasses import astuple

import pytest

from helpers import DataError, cli, load_metrics
from helpers.data.report_text import WHOLE_TEXT, find_section_spans, section_spans
from helpers.data.textnorm import chinese_ordinal, normalise_text
from helpers.data.units import BASE_UNITS
from helpers.extract.candidates import (
    CHANGE_WORDS,
    CLAUSE_BREAKS,
    DATE_UNITS,
    DECLINE_WORDS,
    GROWTH_WORDS,
    PREFIX_QUALIFIERS,
    candidates_csv,
    extract_candidates,
)
from helpers.extract.decode import ExtractError, decode_report, read_report
from helpers.paths import DATA_DIR, PROJECT_ROOT, report_dir

from .conftest import EXTRACTOR_SCORES

REPORT = report_dir() / "report.txt"
SAMPLE = "全年新签约项目计划总投资479亿元，增长5.4%；惠及2.8万余人，超500万人次。"


def _pairs(text: str) -> list[tuple[str, str, str, str]]:
    return [(c.value, c.unit, c.qualifier, c.kind) for c in extract_candidates(text)]


def _match(metrics, candidates, text):
    """Pair each metric with an unused candidate of the same value and unit inside the metric's quote."""
    used: set[int] = set()
    pairs = []
    for row in metrics.itertuples():
        where = text.find(row.quote)
        for i, c in enumerate(candidates):
            if i in used or c.unit != row.unit or float(c.value) != row.value:
                continue
            if where <= c.start and c.end <= where + len(row.quote):
                used.add(i)
                pairs.append((row, c))
                break
        else:
            pairs.append((row, None))
    return pairs


@pytest.fixture(scope="module")
def scored():
    raw = REPORT.read_text(encoding="utf-8")
    candidates = list(extract_candidates(raw))
    metrics = load_metrics()
    return metrics, candidates, _match(metrics, candidates, normalise_text(raw))


def test_recall_on_the_projects_own_report_is_complete(scored):
    metrics, candidates, pairs = scored
    missed = [row.metric_id for row, c in pairs if c is None]
    found = len(pairs) - len(missed)
    EXTRACTOR_SCORES.update(recall=(found, len(metrics)), precision=(found, len(candidates)))
    assert missed == [], f"value+unit pairs of metrics.csv not recovered: {missed}"


def test_precision_on_the_projects_own_report(scored):
    _, candidates, pairs = scored
    matched = sum(1 for _, c in pairs if c is not None)
    precision = matched / len(candidates)
    extras = sorted({(c.value, c.unit) for c in candidates} - {(c.value, c.unit) for _, c in pairs if c})
    assert precision >= 0.95, f"precision {precision:.1%}; candidates that are not metrics: {extras}"


def test_bound_markers_and_sections_agree_with_the_reviewed_rows(scored):
    _, _, pairs = scored
    assert [(r.metric_id, c.qualifier) for r, c in pairs if c.qualifier != r.qualifier] == []
    assert [(r.metric_id, c.section) for r, c in pairs if c.section != r.section] == []
    kinds_right = sum(1 for r, c in pairs if c.kind == r.kind) / len(pairs)
    assert kinds_right >= 0.95


def test_offsets_point_into_the_normalised_text(scored):
    _, candidates, _ = scored
    text = normalise_text(REPORT.read_text(encoding="utf-8"))
    for c in candidates:
        span = text[c.start : c.end]
        assert span.startswith(c.value) or c.kind == "rank", (c, span)
        assert span in c.quote


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("gb18030"),
        SAMPLE.encode("utf-16"),
        SAMPLE.replace("，", "，\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16-bom", "crlf"],
)
def test_every_encoding_and_line_ending_gives_the_same_candidates(encoded):
    assert _pairs(decode_report(encoded)) == [
        ("479", "亿元", "", "level"),
        ("5.4", "%", "", "growth_pct"),
        ("2.8", "万人", "余", "level"),
        ("500", "万人次", "超", "level"),
    ]


def test_encoding_named_on_the_command_line():
    assert decode_report(SAMPLE.encode("gbk"), "gbk").startswith("全年新签约")
    with pytest.raises(ExtractError, match="cannot be read as utf-8"):
        decode_report(SAMPLE.encode("gbk"), "utf-8")
    with pytest.raises(ExtractError, match="not an encoding Python knows"):
        decode_report(b"abc", "klingon")


def test_full_width_digits_and_signs():
    assert _pairs("固定资产投资增长６．７％，引进资金１１２亿元") == [
        ("6.7", "%", "", "growth_pct"),
        ("112", "亿元", "", "level"),
    ]


def test_spaces_inside_words_and_lines_broken_mid_phrase():
    text = "全年营收达 1.5\n亿元。新 增 绿 地 25 万平方\n米，优良天数 237天，\n同比增加 20 天。"
    assert _pairs(text) == [
        ("1.5", "亿元", "", "level"),
        ("25", "万平方米", "", "level"),
        ("237", "天", "", "level"),
        ("20", "天", "", "change"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2月14日上午，2024年，第十七届人民代表大会第五次会议", []),  # dates and ordinals of names
        ("提前完成“十四五”目标任务，共发放两批消费券", []),  # Chinese numerals
        ("芝麻街1958双创园，5G基站", []),  # names containing digits
        ("连续4个季度保持增长，5个季度，连续3个月排名靠前", []),  # spans of time, not counts
        ("3个年度，去化周期降至13.6个月", [("13.6", "个月", "", "level")]),
        ("招商引资工作市内六区排名第一", [("1", "第", "", "rank")]),
        ("去化周期降至13.6个月，下降12.6%", [("13.6", "个月", "", "level"), ("12.6", "%", "", "decline_pct")]),
        ("办结率99.4%，保持在90%以上，近50万平方米，约470万平方米", [
            ("99.4", "%", "", "share_pct"), ("90", "%", "以上", "share_pct"),
            ("50", "万平方米", "近", "level"), ("470", "万平方米", "约", "level"),
        ]),
    ],
)  # fmt: skip
def test_what_is_and_is_not_a_candidate(text, expected):
    assert _pairs(text) == expected


def test_chinese_ordinals():
    assert [chinese_ordinal(t) for t in ["一", "六", "十", "十七", "二十三", "12"]] == [1, 6, 10, 17, 23, 12]


def test_sections_follow_headings_that_precede_their_paragraphs():
    text = "经济发展\n\n生产总值完成100亿元。\n\n民生保障\n\n新增就业2万人。"
    assert [c.section for c in extract_candidates(text)] == ["经济发展", "民生保障"]


@pytest.mark.parametrize(
    "text",
    [
        "经济发展\n\n生产总值完成100亿元，同比增长5%\n\n民生保障\n\n新增就业2万人，失业率3%",
        "生产总值完成100亿元，同比增长5%\n\n经济发展\n\n新增就业2万人，失业率3%\n\n民生保障",
    ],
    ids=["headings-before", "headings-after"],
)
def test_a_quote_never_runs_into_a_heading(text):
    """Normalising joins a heading to the paragraph beside it; a quote still stops at the heading's edge."""
    found = [(c.quote, c.section) for c in extract_candidates(text)]
    assert found == [
        ("生产总值完成100亿元", "经济发展"),
        ("同比增长5%", "经济发展"),
        ("新增就业2万人", "民生保障"),
        ("失业率3%", "民生保障"),
    ]


def test_a_text_without_headings_is_one_section_the_whole_text():
    text = "样例区生产总值完成100亿元，同比增长5%，\n新增就业2万人。\n\n城镇登记失业率3%，处于合理区间。"
    assert [c.section for c in extract_candidates(text)] == [WHOLE_TEXT] * 4
    assert section_spans(text, {WHOLE_TEXT}) == {WHOLE_TEXT: (0, len(normalise_text(text)))}


def test_the_whole_text_is_a_section_only_of_a_text_without_headings(tmp_path):
    with_headings = "经济发展\n\n生产总值完成100亿元。"
    assert section_spans(with_headings, {WHOLE_TEXT}) == {}
    with pytest.raises(DataError, match="the text prints headings, so file the row under the one it stands in"):
        find_section_spans(tmp_path / "metrics.csv", with_headings, {WHOLE_TEXT})
    with pytest.raises(DataError, match=f"the text prints no headings, so every row is filed under '{WHOLE_TEXT}'"):
        find_section_spans(tmp_path / "metrics.csv", "生产总值完成100亿元，增长5%。", {"经济发展"})


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`python -m helpers extract ARGS` run in this process (as __main__ runs it): status, stdout, stderr.

    An exception escaping the command would fail the test, as a traceback would fail the user.
    """
    status = cli.main(["extract", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_command_writes_csv_to_stdout_as_a_real_process(tmp_path):
    source = tmp_path / "report.txt"
    source.write_bytes(SAMPLE.encode("gbk"))
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "extract", str(source)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stderr == ""
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["value"] for r in rows] == ["479", "5.4", "2.8", "500"]
    assert set(rows[0]) >= {"value", "unit", "qualifier", "kind", "quote", "start", "end", "section"}


def test_the_command_writes_the_same_csv_to_a_file(tmp_path, capsys):
    source = tmp_path / "report.txt"
    source.write_bytes(SAMPLE.encode("gbk"))
    status, to_stdout, err = _cli(capsys, str(source))
    assert status == 0 and err == "" and to_stdout.startswith("value,")
    out = tmp_path / "candidates.csv"
    status, printed, err = _cli(capsys, str(source), "-o", str(out), "--encoding", "gbk")
    assert status == 0 and "4 candidate rows written" in printed and err == ""
    assert out.read_text(encoding="utf-8") == to_stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n\r\n ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a text file"),
        (bytes(range(1, 32)) * 20, "does not look like text"),
        (b"\x80\x81 abc", "neither UTF-8 nor GBK"),
        (b"\xff\xfe\x41\x00\x42", "not valid UTF-16"),
    ],
    ids=["empty", "blank", "png", "control-bytes", "undecodable", "broken-utf-16"],
)
def test_bad_files_get_one_paragraph_and_status_1(tmp_path, capsys, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    status, out, err = _cli(capsys, str(path))
    assert status == 1
    assert message in err and "Traceback" not in err
    assert err.count("\n") == 1 and out == ""


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ExtractError, match="cannot be read: No such file"):
        read_report(tmp_path / "nothing.txt")


# What holds for any text: random texts made of the words the rules look at, and of report lines.

WORDS = [
    *GROWTH_WORDS, *DECLINE_WORDS, *CHANGE_WORDS, *PREFIX_QUALIFIERS, "余", "多", "以上", "万", "亿", "千万", "个月",
    "个", "平方米", "千瓦时", "万千瓦时", "元", "人次", "人", "%", "％", *DATE_UNITS, "第", "排名", "区", "市", "第一",
    "第十七", "届", "批", "a", "GDP", "5G", ".", "1", "12", "3.5", "2024", "１２", "．", " ", "\n", "\n\n", "\r\n",
    ",", "，", "。", ";", ":", "!", "?", "全年", "经济发展", "\u3000", "\ufeff", '"',
]  # fmt: skip


def _varied_reports(seed: int, count: int) -> list[str]:
    """Random texts: runs of the words the rules look at, and report lines with such words added."""
    rng = random.Random(seed)
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    texts = []
    for _ in range(count):
        if rng.random() < 0.5:
            texts.append("".join(rng.choice(WORDS) for _ in range(rng.randint(0, 60))))
        else:
            picked = [rng.choice(lines) + (rng.choice(WORDS) if rng.random() < 0.3 else "") for _ in range(30)]
            texts.append("\n".join(picked[: rng.randint(1, 30)]))
    return texts


def _report_variants() -> dict[str, str]:
    """The report as received and re-encoded, with CRLF, full-width digits, headings first, repeated."""
    raw = REPORT.read_text(encoding="utf-8")
    blocks = raw.split("\n\n")
    full_width = raw.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789.%"})
    return {
        "report": raw,
        "gbk": decode_report(raw.encode("gb18030")),
        "crlf": decode_report(raw.replace("\n", "\r\n").encode("utf-8")),
        "full-width": full_width,
        "headings-first": "\n\n".join(blocks[::-1]),
        "repeated": (raw + "\n\n") * 30,
    }


def test_candidates_point_into_the_normalised_text_in_order_with_their_clause():
    variants = _report_variants()
    for text in [*variants.values(), *_varied_reports(seed=20, count=200)]:
        normalised, candidates = normalise_text(text), list(extract_candidates(text))
        assert [c.start for c in candidates] == sorted(c.start for c in candidates), repr(text[:200])
        for c in candidates:
            span = normalised[c.start : c.end]
            assert span.startswith(c.value if c.kind != "rank" else "第") and span in c.quote, (c, repr(text[:200]))
            assert not any(mark in c.quote for mark in CLAUSE_BREAKS), c
            assert re.fullmatch(r"\d+(\.\d+)?", c.value) and c.unit, c


def test_report_variants_give_the_reports_candidates_at_their_own_offsets():
    variants = _report_variants()
    report = [astuple(c)[:5] for c in extract_candidates(variants["report"])]
    for name in ("gbk", "crlf", "full-width"):
        assert [astuple(c)[:5] for c in extract_candidates(variants[name])] == report, name
    assert len(list(extract_candidates(variants["repeated"]))) == 30 * len(report)


# Units such reports print beyond this one (issue 12, point 8): the extractor reads the longest unit that
# matches, so a compound unit is never cut into a shorter one and a word after it.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("出口额1.2亿美元", [("1.2", "亿美元", "", "level")]),
        ("提高0.5个百分点", [("0.5", "个百分点", "", "change")]),  # percentage points, not 个
        ("回落2百分点", [("2", "百分点", "", "level")]),
        ("举办活动30场次", [("30", "场次", "", "level")]),  # not 场 + 次
        ("装机容量12万千瓦", [("12", "万千瓦", "", "level")]),
        ("发电量3.5亿千瓦时", [("3.5", "亿千瓦时", "", "level")]),  # not 千瓦 + 时
        ("全年1.2万亿元", [("1.2", "万亿元", "", "level")]),  # 万亿 is one magnitude
        ("服务观众超200万人次，累计接待12万人", [("200", "万人次", "超", "level"), ("12", "万人", "", "level")]),
        ("新增耕地3万亩，治理面积5.6平方公里", [("3", "万亩", "", "level"), ("5.6", "平方公里", "", "level")]),
        ("购置公交车120辆、设备30台、减排2.5万吨", [
            ("120", "辆", "", "level"), ("30", "台", "", "level"), ("2.5", "万吨", "", "level"),
        ]),
    ],
)  # fmt: skip
def test_compound_units_are_read_whole(text, expected):
    assert _pairs(text) == expected


def _units_csv() -> list[str]:
    """The units column of report_data/units.csv."""
    with (DATA_DIR / "units.csv").open(encoding="utf-8", newline="") as handle:
        return [row["unit"] for row in csv.DictReader(handle)]


def test_every_unit_the_extractor_reads_is_in_units_csv():
    assert sorted(set(BASE_UNITS) - set(_units_csv())) == []


@pytest.mark.parametrize("unit", [u for u in _units_csv() if re.fullmatch(r"[\u4e00-\u9fff]+", u) and u != "第"])
def test_every_printed_unit_of_units_csv_is_read_whole(unit):
    # 第 (rank) and the units of outside figures (%, kgCO2/kWh …) are not read after a number.
    assert _pairs(f"共3{unit}") == [("3", unit, "", "level")]


def test_the_worked_example_in_the_docs_is_what_the_extractor_prints():
    """docs/adapting.md shows a text and the CSV `extract` prints for it: the two must agree."""
    docs = (PROJECT_ROOT / "docs" / "adapting.md").read_text(encoding="utf-8")
    worked = docs[docs.index("## Worked example") :]
    text, printed = re.findall(r"```text\n(.*?)```", worked, flags=re.DOTALL)[:2]
    assert candidates_csv(extract_candidates(text)) == printed
