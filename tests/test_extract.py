"""The candidate extractor: recall and precision on the project's own report, every input form, bad files."""

from __future__ import annotations

import codecs
import csv
import io
import subprocess
import sys

import pytest

from helpers import load_metrics
from helpers.extract import ExtractError, decode_report, extract_candidates, read_report
from helpers.paths import DATA_DIR
from helpers.textnorm import chinese_ordinal, normalise_text

from .conftest import EXTRACTOR_SCORES

REPORT = DATA_DIR / "zhongyuan_2024_work_report.txt"
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


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "helpers", "extract", *args], capture_output=True, text=True, check=False
    )


def test_cli_writes_csv_to_stdout_or_a_file(tmp_path):
    source = tmp_path / "report.txt"
    source.write_bytes(SAMPLE.encode("gbk"))
    result = _cli(str(source))
    assert result.returncode == 0 and result.stderr == ""
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["value"] for r in rows] == ["479", "5.4", "2.8", "500"]
    assert set(rows[0]) >= {"value", "unit", "qualifier", "kind", "quote", "start", "end", "section"}
    out = tmp_path / "candidates.csv"
    result = _cli(str(source), "-o", str(out), "--encoding", "gbk")
    assert result.returncode == 0 and "4 candidate rows written" in result.stdout
    assert out.read_text(encoding="utf-8") == _cli(str(source)).stdout


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
def test_bad_files_get_one_paragraph_and_status_1(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = _cli(str(path))
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ExtractError, match="cannot be read: No such file"):
        read_report(tmp_path / "nothing.txt")
