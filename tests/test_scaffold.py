"""`python -m helpers new`: a fictional report (tests/fixtures/shiliqu_2024.txt) scaffolded into a copy of
report_data, then reviewed by a script as a person would; and every bad input refused in one paragraph."""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from helpers import cli
from helpers.data.report_text import WHOLE_TEXT
from helpers.data.textnorm import located_blocks, normalise_text, numbers_in, ordinals_in
from helpers.data.validation import GROUP_NOT_STATED
from helpers.data.vocabulary import load_metric_vocabulary
from helpers.extract.candidates import extract_candidates
from helpers.extract.decode import decode_report
from helpers.extract.scaffold import (
    METRIC_COLUMNS,
    METRIC_ID,
    NOT_KNOWN_YET,
    UNREVIEWED,
    ZHENGZHOU_URBAN_DISTRICTS,
    candidate_rows,
    proposed_out_of,
    report_title,
    run_new,
)
from helpers.paths import DATA_DIR, REPORTS_DIRNAME

from .conftest import replace_in
from .fixtures.review_shiliqu import KEY_FIGURES, REPORT_ID, REVIEW, TEXT, review

KINDS = {"level", "growth_pct", "decline_pct", "change", "share_pct", "rank"}
QUALIFIERS = {"", "余", "超", "多", "以上", "近", "约"}


def _new(source: Path, data_dir: Path, report_id: str = REPORT_ID, **options: object) -> int:
    arguments: dict[str, object] = {"district": "示例区", "year": 2024, "city": "示例市", "province": "示例省"}
    arguments = arguments | {"encoding": None} | options
    return run_new(
        source,
        report_id,
        str(arguments["district"]),
        arguments["year"],  # type: ignore[arg-type]
        data_dir,
        city=arguments["city"],  # type: ignore[arg-type]
        province=arguments["province"],  # type: ignore[arg-type]
        encoding=arguments["encoding"],  # type: ignore[arg-type]
    )


def _rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "metrics.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _header(folder: Path) -> list[str]:
    with (folder / "metrics.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


@pytest.fixture
def scaffolded(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    """The fictional report scaffolded into a copy of report_data: its folder and what `new` printed."""
    assert _new(TEXT, data_copy) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return data_copy / REPORTS_DIRNAME / REPORT_ID, out


def test_new_keeps_the_text_byte_exact_and_records_its_hash(scaffolded):
    folder, _ = scaffolded
    data = TEXT.read_bytes()
    assert (folder / "report.txt").read_bytes() == data
    metadata = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert metadata["text_sha256"] == hashlib.sha256(data).hexdigest()
    first_line = next(line for line in data.decode("utf-8").splitlines() if line.strip())
    assert metadata["title"] == normalise_text(first_line)
    assert (metadata["id"], metadata["district"], metadata["city"], metadata["province"]) == (
        REPORT_ID,
        "示例区",
        "示例市",
        "示例省",
    )
    assert (metadata["year"], metadata["delivered"], metadata["delivered_basis"]) == (2024, "", NOT_KNOWN_YET)
    assert (metadata["source"], metadata["fictional"], metadata["key_figures"]) == ("", False, [])
    # datapackage.json describes the other three (tests/test_datapackage.py validates it)
    files = ["datapackage.json", "metrics.csv", "report.json", "report.txt"]
    assert sorted(path.name for path in folder.iterdir()) == files


def test_new_proposes_one_unreviewed_row_per_candidate(scaffolded):
    folder, _ = scaffolded
    raw = TEXT.read_text(encoding="utf-8")
    candidates = list(extract_candidates(raw))
    rows = _rows(folder)
    assert _header(folder) == METRIC_COLUMNS
    assert len(rows) == len(candidates) > 0
    ids = [row["metric_id"] for row in rows]
    assert all(METRIC_ID.match(i) for i in ids) and len(set(ids)) == len(ids)
    assert {row["status"] for row in rows} == {UNREVIEWED}
    assert {row["year"] for row in rows} == {"2024"}
    assert {row["kind"] for row in rows} <= KINDS and {row["qualifier"] for row in rows} <= QUALIFIERS
    assert [(r["value"], r["unit"], r["quote"]) for r in rows] == [(c.value, c.unit, c.quote) for c in candidates]
    assert all(row["name_zh"] for row in rows)
    # name_en is left to the reviewer, except for a standard id, whose English name the vocabulary gives
    standard = {metric.metric_id: metric.name_en for metric in load_metric_vocabulary()}
    assert [row["name_en"] for row in rows] == [standard.get(row["metric_id"], "") for row in rows]


def test_proposed_quotes_and_sections_are_where_check_looks_for_them(scaffolded):
    folder, _ = scaffolded
    raw = TEXT.read_text(encoding="utf-8")
    normalised = normalise_text(raw)
    blocks = {block for block, _, _ in located_blocks(raw, normalised)}
    for row in _rows(folder):
        assert row["quote"] in normalised, row
        assert row["section"] in blocks, row  # a heading that is a block of its own
        if row["kind"] == "rank":
            assert int(row["rank"]) in ordinals_in(row["quote"]) and row["value"] == row["rank"], row
        else:
            assert row["value"] in numbers_in(row["quote"]), row


def test_new_prints_the_next_steps(scaffolded):
    folder, out = scaffolded
    rows = _rows(folder)
    assert f"{len(rows)} candidate rows" in out
    assert "set status to reviewed" in out and "python -m helpers check" in out
    assert f"python -m helpers build --report {REPORT_ID}" in out
    assert "district 示例区, city 示例市, province 示例省 (as given)" in out
    metadata = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert f"title {metadata['title']!r} (the text's first line): check it is the headline" in out
    standard = [row["metric_id"] for row in rows if not row["metric_id"].startswith("claim_")]
    assert f"{len(standard)} rows are given a standard id of metric_ids.csv ({', '.join(standard)})" in out


def test_the_scripted_review_gives_the_ids_the_notebooks_use(scaffolded):
    folder, _ = scaffolded
    proposed = _rows(folder)
    review(folder)
    rows = _rows(folder)
    assert _header(folder) == METRIC_COLUMNS
    assert {row["status"] for row in rows} == {"reviewed"}
    ids = [row["metric_id"] for row in rows]
    assert ids == [decision.metric_id for decision in REVIEW]
    assert all(METRIC_ID.match(i) for i in ids) and len(set(ids)) == len(ids)
    assert {row["base_metric_id"] for row in rows} - {""} <= set(ids)
    # The review names and links rows; the figures, quotes and sections stay as proposed.
    kept = ("value", "unit", "qualifier", "quote", "section", "year", "rank", "out_of")
    assert [[r[c] for c in kept] for r in rows] == [[r[c] for c in kept] for r in proposed]
    # The extractor guessed every kind the reviewer settled on.
    assert [r["kind"] for r in proposed] == [r["kind"] for r in rows]
    metadata = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert metadata["fictional"] is True and metadata["key_figures"] == KEY_FIGURES
    assert set(KEY_FIGURES) <= set(ids)


def test_shared_ids_mean_what_they_mean_in_the_projects_report(scaffolded):
    folder, _ = scaffolded
    review(folder)
    with (DATA_DIR / REPORTS_DIRNAME / "zhongyuan_2024" / "metrics.csv").open(encoding="utf-8", newline="") as handle:
        project = {row["metric_id"]: row for row in csv.DictReader(handle)}
    shared = [row for row in _rows(folder) if row["metric_id"] in project]
    assert len(shared) >= 16
    for row in shared:
        theirs = project[row["metric_id"]]
        assert (row["kind"], row["unit"], row["base_metric_id"]) == (
            theirs["kind"],
            theirs["unit"],
            theirs["base_metric_id"],
        ), row["metric_id"]


def test_every_unit_of_the_reviewed_report_is_in_units_csv(scaffolded):
    folder, _ = scaffolded
    review(folder)
    with (DATA_DIR / "units.csv").open(encoding="utf-8", newline="") as handle:
        units = {row["unit"] for row in csv.DictReader(handle)}
    assert {row["unit"] for row in _rows(folder)} - units == set()


def test_the_real_data_folder_is_not_touched(scaffolded):
    assert not (DATA_DIR / REPORTS_DIRNAME / REPORT_ID).exists()


def test_a_rank_row_gets_the_size_of_its_peer_group():
    assert [proposed_out_of(q, 2) for q in ("市内六区排名第二", "全省18个县第2", "全区排名第二", "两区第二")] == [
        "6",
        "18",
        "",
        "",
    ]


def test_a_bom_is_kept_and_counted_in_the_hash(data_copy, capsys):
    source = data_copy.parent / "bom.txt"
    source.write_bytes(codecs.BOM_UTF8 + TEXT.read_bytes())
    assert _new(source, data_copy, "bom_report") == 0
    folder = data_copy / REPORTS_DIRNAME / "bom_report"
    assert (folder / "report.txt").read_bytes() == source.read_bytes()
    metadata = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert metadata["text_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert not metadata["title"].startswith("\ufeff")


def test_a_bound_marker_spelt_differently_is_filed_with_a_note(data_copy, capsys):
    source = data_copy.parent / "yu.txt"
    source.write_text("全年完成投资逾50亿元。\n", encoding="utf-8")
    assert _new(source, data_copy, "yu_report") == 0
    [row] = _rows(data_copy / REPORTS_DIRNAME / "yu_report")
    assert (row["qualifier"], row["note"]) == ("超", "printed 逾, filed as 超")


def _refused(
    data_copy: Path, capsys: pytest.CaptureFixture[str], source: Path, report_id: str, **options: object
) -> str:
    before = sorted((data_copy / REPORTS_DIRNAME).iterdir()) if (data_copy / REPORTS_DIRNAME).is_dir() else []
    assert _new(source, data_copy, report_id, **options) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("New report not created: ") and err.count("\n") == 1
    assert "Traceback" not in err
    after = sorted((data_copy / REPORTS_DIRNAME).iterdir()) if (data_copy / REPORTS_DIRNAME).is_dir() else []
    assert after == before  # nothing made, no half-written folder left behind
    return err


GBK = "生产总值完成412.5亿元，同比增长4.8%。\n"


@pytest.mark.parametrize(
    ("content", "options", "message"),
    [
        (GBK.encode("gbk"), {}, "is GB18030, not UTF-8"),
        (GBK.encode("gbk"), {"encoding": "gbk"}, "iconv -f GBK -t UTF-8"),
        (GBK.encode("utf-16"), {}, "iconv -f UTF-16 -t UTF-8"),
        (GBK.encode("utf-8"), {"encoding": "klingon"}, "not an encoding Python knows"),
        (b"", {}, "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", {}, "not a text file"),
        (GBK.encode("utf-8"), {"year": "24"}, "not a four-digit year"),
        (GBK.encode("utf-8"), {"district": " "}, "district name is empty"),
        (GBK.encode("utf-8"), {"city": "", "province": ""}, "--city and --province not given"),
        (GBK.encode("utf-8"), {"province": " "}, "--province not given: name the city and province 示例区"),
    ],
    ids=[
        "gbk",
        "gbk-named",
        "utf-16",
        "unknown-encoding",
        "empty",
        "png",
        "year",
        "district",
        "no-place",
        "no-province",
    ],
)
def test_bad_input_is_refused_in_one_paragraph(data_copy, capsys, content, options, message):
    source = data_copy.parent / "input.txt"
    source.write_bytes(content)
    err = _refused(data_copy, capsys, source, "new_report", **options)
    assert message in err


@pytest.mark.parametrize("report_id", ["Shiliqu_2024", "2024_shiliqu", "shiliqu-2024", ""])
def test_an_invalid_id_is_refused(data_copy, capsys, report_id):
    assert "is not valid" in _refused(data_copy, capsys, TEXT, report_id)


def test_an_existing_report_is_never_overwritten(data_copy, capsys):
    assert "zhongyuan_2024 already exists" in _refused(data_copy, capsys, TEXT, "zhongyuan_2024")
    assert (data_copy / REPORTS_DIRNAME / "zhongyuan_2024" / "report.txt").read_bytes() == (
        DATA_DIR / REPORTS_DIRNAME / "zhongyuan_2024" / "report.txt"
    ).read_bytes()


def test_a_missing_file_or_data_folder_is_refused(data_copy, capsys, tmp_path):
    assert "cannot be read: No such file" in _refused(data_copy, capsys, tmp_path / "nothing.txt", "new_report")
    empty = tmp_path / "empty_data"
    empty.mkdir()
    assert _new(TEXT, empty) == 1
    assert "is not a data folder" in capsys.readouterr().err


def test_the_fixture_says_it_is_fictional():
    opening = decode_report(TEXT.read_bytes()).splitlines()[:3]
    assert any("本文为测试用虚构文本，所有数字均为编造" in line for line in opening)


def test_the_command_line(data_copy, capsys):
    arguments = ["new", str(TEXT), "--id", REPORT_ID, "--district", "示例区", "--year", "2024"]
    arguments += ["--city", "示例市", "--province", "示例省", "--data-dir", str(data_copy)]
    first = subprocess.run([sys.executable, "-m", "helpers", *arguments], capture_output=True, text=True, check=False)
    assert (first.returncode, first.stderr) == (0, "") and "Next steps:" in first.stdout
    assert cli.main(arguments) == 1  # again, in this process: the refusal
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "already exists" in err


# What `new` proposes for a text as a journalist receives it (issue 22, item 4).


def _proposed(text: str, places: tuple[str, ...] = ("样例区", "样例市", "样例省")) -> list[tuple[str, str, str]]:
    """(metric_id, name_zh, kind) of each row `new` would propose for `text`."""
    rows = candidate_rows(text, 2024, load_metric_vocabulary(), places)
    return [(row["metric_id"], row["name_zh"], row["kind"]) for row in rows]


def _links(text: str) -> list[str]:
    """base_metric_id of each row `new` would propose for `text`."""
    return [row["base_metric_id"] for row in candidate_rows(text, 2024, load_metric_vocabulary())]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("示例区2024年经济社会发展成绩单\n（记者 测试）生产总值完成1亿元。", "示例区2024年经济社会发展成绩单"),
        ("  样 例 区 经 济 运 行 稳 中 向 好  \n\n生产总值完成1亿元。", "样例区经济运行稳中向好"),
        ("污染防治成效明显。加大环\n境整治力度，全年优良天数 237天，", ""),  # a column of OCR, not a headline
        ("（记者 测试）样例区经济运行\n生产总值完成1亿元。", ""),  # a bracketed byline
        ("记者 测试\n生产总值完成1亿元。", ""),
        ("样例区召开第五届人民代表大会第三次会议听取并审议政府工作报告全文\n生产总值完成1亿元。", ""),  # too long
        ("样例区经济运行稳中向好", ""),  # the whole text, not a line of its own
    ],
    ids=["headline", "spaced", "ocr-column", "bracketed", "byline", "long", "single-line"],
)
def test_the_title_is_the_headline_or_left_blank(text, title):
    assert report_title(text) == title


def test_the_projects_report_gets_no_title_and_a_prompt(data_copy, capsys):
    source = DATA_DIR / REPORTS_DIRNAME / "zhongyuan_2024" / "report.txt"
    assert run_new(source, "zhongyuan_again", "中原区", 2024, data_copy) == 0
    out = capsys.readouterr().out
    metadata = json.loads((data_copy / REPORTS_DIRNAME / "zhongyuan_again" / "report.json").read_text(encoding="utf-8"))
    assert metadata["title"] == ""
    assert "title is empty (the first line does not read as a headline): write the report's title as printed" in out


def test_a_name_is_the_clause_head_whole_without_place_or_year():
    text = (
        "样例区2024年地区生产总值完成286.4亿元；推动郑州外国语中学西流湖校区等20所中小学建设；全年实现营收8亿元；"
        "全区完成率95%；2024年完成2亿元。"
    )
    names = ["地区生产总值", "推动郑州外国语中学西流湖校区等", "营收", "完成率", "2024年完成2亿元"]  # the last: no name
    assert [name for _, name, _ in _proposed(text)] == names


def test_a_growth_rate_is_named_after_the_level_before_it_in_its_sentence():
    text = "生产总值完成100亿元，同比（下同）增长5%；社会消费品零售总额完成50亿元。增长3%，下降2%。"
    assert _proposed(text) == [
        ("gdp", "生产总值", "level"),
        ("gdp_growth", "生产总值同比增长", "growth_pct"),
        ("retail_sales", "社会消费品零售总额", "level"),
        ("claim_004", "增长", "growth_pct"),  # another sentence: its level is not known
        ("claim_005", "下降", "decline_pct"),  # after a rate, not a level
    ]
    assert _links(text) == ["", "gdp", "", "", ""]
    assert _links("新增市场主体3.2万家，增长18%。") == ["", "claim_001"]


def test_a_standard_id_needs_its_name_and_kind_and_is_given_once():
    text = "地区生产总值达到100亿元，人均生产总值8万元，地区生产总值增长5%，地区生产总值120亿元。"
    assert [metric_id for metric_id, _, _ in _proposed(text)] == ["gdp", "claim_002", "gdp_growth", "claim_004"]


def test_new_proposes_the_ids_of_the_projects_reviewed_rows():
    """On the project's own text every standard id the project uses is proposed, for the row the reviewer gave it."""
    source = DATA_DIR / REPORTS_DIRNAME / "zhongyuan_2024"
    rows = candidate_rows((source / "report.txt").read_text(encoding="utf-8"), 2024, load_metric_vocabulary())
    with (source / "metrics.csv").open(encoding="utf-8", newline="") as handle:
        reviewed = {row["metric_id"]: row for row in csv.DictReader(handle)}
    standard = {metric.metric_id for metric in load_metric_vocabulary()}
    proposed = {row["metric_id"]: row for row in rows if row["metric_id"] in standard}
    assert sorted(proposed) == sorted(standard & set(reviewed))
    for metric_id, row in proposed.items():
        assert (row["value"], row["unit"]) == (reviewed[metric_id]["value"], reviewed[metric_id]["unit"]), metric_id
        assert row["base_metric_id"] in ("", reviewed[metric_id]["base_metric_id"]), metric_id
        assert reviewed[metric_id]["quote"] in row["quote"] or row["quote"] in reviewed[metric_id]["quote"], metric_id
    # every link proposed is the reviewer's, once each row's id is the reviewer's (found by value, unit and quote)
    final = {row["metric_id"]: _reviewed_id(row, reviewed.values()) for row in rows}
    links = [(final[row["metric_id"]], final[row["base_metric_id"]]) for row in rows if row["base_metric_id"]]
    assert len(links) >= 8
    assert links == [(child, reviewed[child]["base_metric_id"]) for child, _ in links]


def _reviewed_id(row: dict[str, str], reviewed: Iterable[dict[str, str]]) -> str:
    """The id the reviewer gave a proposed row: the reviewed row with its value and unit whose quote overlaps it
    ("" for a row that is not a claim)."""
    return next(
        (
            r["metric_id"]
            for r in reviewed
            if (r["value"], r["unit"]) == (row["value"], row["unit"])
            and (r["quote"] in row["quote"] or row["quote"] in r["quote"])
        ),
        "",
    )


def test_a_count_of_quarters_is_not_proposed():
    text = "生产总值增速连续4个季度保持全市前列，新增城镇就业1.1万人。"
    assert _proposed(text) == [("new_urban_jobs", "新增城镇就业", "level")]


def test_a_text_without_headings_is_filed_under_the_whole_text(data_copy, capsys):
    source = data_copy.parent / "summary.txt"
    source.write_text("样例区经济运行稳中向好\n样例区生产总值完成100亿元，增长5%。", encoding="utf-8")
    assert _new(source, data_copy, "summary_report") == 0
    assert {row["section"] for row in _rows(data_copy / REPORTS_DIRNAME / "summary_report")} == {WHOLE_TEXT}
    assert f"every row is filed under {WHOLE_TEXT} (the whole text); keep it" in capsys.readouterr().out


def test_a_rank_without_its_group_leaves_out_of_empty_with_a_note(data_copy, capsys):
    source = data_copy.parent / "rank.txt"
    source.write_text("生产总值增速位居全市第一，招商引资工作市内六区排名第二。\n", encoding="utf-8")
    assert _new(source, data_copy, "rank_report") == 0
    rows = _rows(data_copy / REPORTS_DIRNAME / "rank_report")
    assert [(row["rank"], row["out_of"], row["note"]) for row in rows] == [("1", "", GROUP_NOT_STATED), ("2", "6", "")]
    assert (
        f"1 rank row is without a group: out_of is empty and the note says {GROUP_NOT_STATED!r}"
        in capsys.readouterr().out
    )


@pytest.mark.parametrize("district", ZHENGZHOU_URBAN_DISTRICTS)
def test_the_city_and_province_of_zhengzhous_urban_districts_are_known(data_copy, capsys, district):
    assert _new(TEXT, data_copy, "urban_district", district=district, city="", province="") == 0
    metadata = json.loads((data_copy / REPORTS_DIRNAME / "urban_district" / "report.json").read_text(encoding="utf-8"))
    assert (metadata["district"], metadata["city"], metadata["province"]) == (district, "郑州市", "河南省")
    assert f"district {district}, city 郑州市, province 河南省 (known for 郑州市's 市内六区)" in capsys.readouterr().out


def test_a_city_given_for_a_known_district_is_kept(data_copy, capsys):
    assert _new(TEXT, data_copy, "given_city", district="金水区", city="郑州", province="河南") == 0
    metadata = json.loads((data_copy / REPORTS_DIRNAME / "given_city" / "report.json").read_text(encoding="utf-8"))
    assert (metadata["city"], metadata["province"]) == ("郑州", "河南")
    assert "(as given)" in capsys.readouterr().out


def test_a_bad_vocabulary_stops_new_in_one_paragraph(data_copy, capsys):
    replace_in(data_copy / "metric_ids.csv", "retail_sales,社会消费品零售总额|", "retail_sales,生产总值|")
    err = _refused(data_copy, capsys, TEXT, "new_report")
    assert "metric_ids.csv" in err and "column 'name_zh'" in err and "already a name of 'gdp'" in err


def test_new_writes_a_rates_conventional_measure_into_its_draft_note(data_copy):
    """GDP growth is real by statistical convention (metric_ids.csv's measure): the draft note says so, and the
    analyses read that note as 'real, by convention' unless the reviewer changes it."""
    from helpers.analysis.claims import REAL, rate_measure
    from helpers.data.vocabulary import load_metric_vocabulary
    from helpers.extract.scaffold import candidate_rows

    vocabulary = load_metric_vocabulary(data_copy)
    conventional = {metric.metric_id: metric.measure for metric in vocabulary if metric.measure}
    assert conventional.get("gdp_growth") == REAL
    rows = {row["metric_id"]: row for row in candidate_rows(TEXT.read_text(encoding="utf-8"), 2024, vocabulary)}
    assert (
        rate_measure(rows["gdp_growth"]["note"]) == REAL and "by statistical convention" in rows["gdp_growth"]["note"]
    )
    assert all(rate_measure(row["note"]) == "" for row_id, row in rows.items() if row_id not in conventional)


def test_the_hints_count_rows_in_the_singular_and_plural():
    from helpers.extract.scaffold import _rows

    assert _rows(1, "rank row") == "1 rank row is"
    assert _rows(3) == "3 rows are"
