"""Another report, end to end: `new` → review → `check` on the fictional 示例区 report (each notebook runs on it in
its own parameter tests), and `new` → review → `check` → `build --report` on the fictional 样例区 summary, one
paragraph without headings (every notebook built on it: the missing-figure case).

The scripted reviews (tests/fixtures/review_shiliqu.py, review_yangliqu.py) stand in for the person who checks each
proposed row.
"""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import frictionless
import pytest

from helpers import cli, load_metrics, load_report_info
from helpers.data.report_text import WHOLE_TEXT
from helpers.data.vocabulary import load_metric_vocabulary
from helpers.extract.decode import decode_report
from helpers.publish.build import select_notebooks
from helpers.publish.site.annotate import Node, annotated_sections

from .fixtures import review_yangliqu as summary
from .fixtures.review_shiliqu import REPORT_ID, TEXT, review


def test_check_refuses_a_report_whose_rows_are_not_reviewed_yet(data_copy: Path, capsys: pytest.CaptureFixture[str]):
    args = ["new", str(TEXT), "--id", REPORT_ID, "--district", "示例区", "--year", "2024", "--city", "示例市"]
    args += ["--province", "示例省", "--data-dir", str(data_copy)]
    assert cli.main(args) == 0
    capsys.readouterr()
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    proposed = len((data_copy / "reports" / REPORT_ID / "metrics.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert f"reports/{REPORT_ID}/metrics.csv" in err and "line 2, column 'status'" in err
    assert f"{proposed} of {proposed} rows are still marked unreviewed" in err
    review(data_copy / "reports" / REPORT_ID)
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert f"{REPORT_ID}: {len(load_metrics(REPORT_ID, data_copy))} metrics" in out and "zhongyuan_2024:" in out


@pytest.mark.parametrize("notebook", select_notebooks(), ids=lambda path: path.stem)
def test_every_notebook_is_run_on_the_fictional_report_by_its_own_tests(notebook: Path):
    """Each notebook's parameter tests run it on the fictional 示例区 report; a new notebook must come with such a test."""
    tests = Path(__file__).with_name(f"test_notebook_{notebook.stem.split('_')[0]}_parameters.py")
    assert tests.is_file(), f"{notebook.name} has no parameter tests ({tests.name})"
    source = tests.read_text(encoding="utf-8")
    assert "fictional_data" in source and "run_fresh(" in source, f"{tests.name} never runs it on 示例区"


def test_the_summary_fixture_says_it_is_fictional_and_has_no_headings():
    text = decode_report(summary.TEXT.read_bytes())
    assert "本文为测试用虚构文本，所有数字均为编造" in text.splitlines()[1]
    assert "\n\n" not in text.strip()  # one block: a headline line, then the paragraph


def test_a_one_paragraph_summary_goes_through_new_review_and_check(summary_data, capsys):
    """Without editing its text: every row filed under the whole text, the headline as title, and check passes."""
    assert cli.main(["check", "--data-dir", str(summary_data)]) == 0
    out = capsys.readouterr().out
    metrics = load_metrics(summary.REPORT_ID, summary_data)
    assert 8 <= len(metrics) <= 12
    assert f"{summary.REPORT_ID}: {len(metrics)} metrics in 1 section (" in out
    assert set(metrics["section"]) == {WHOLE_TEXT}
    folder = summary_data / "reports" / summary.REPORT_ID
    assert (folder / "report.txt").read_bytes() == summary.TEXT.read_bytes()
    info = load_report_info(summary.REPORT_ID, summary_data)
    assert info.title == summary.TEXT.read_text(encoding="utf-8").splitlines()[0]
    assert (info.district, info.city, info.province, info.fictional) == (
        summary.DISTRICT,
        summary.CITY,
        summary.PROVINCE,
        True,
    )
    assert not any("季度" in quote for quote in metrics["quote"])  # 连续4个季度 is not a claim
    for descriptor in (summary_data / "datapackage.json", folder / "datapackage.json"):  # standard packages still
        validated = frictionless.validate(str(descriptor))
        assert validated.valid, validated.flatten(["rowNumber", "fieldName", "type"])


def test_new_proposed_every_standard_id_the_summary_review_keeps(data_copy, capsys):
    """The reviewer of the summary only confirms the standard ids: `new` proposed each of them for its row."""
    arguments = ["new", str(summary.TEXT), "--id", summary.REPORT_ID, "--district", summary.DISTRICT, "--year", "2024"]
    arguments += ["--city", summary.CITY, "--province", summary.PROVINCE, "--data-dir", str(data_copy)]
    assert cli.main(arguments) == 0
    with (data_copy / "reports" / summary.REPORT_ID / "metrics.csv").open(encoding="utf-8", newline="") as handle:
        proposed = [row["metric_id"] for row in csv.DictReader(handle)]
    standard = {metric.metric_id for metric in load_metric_vocabulary(data_copy)}
    final = [decision.metric_id for decision in summary.REVIEW]
    assert [p for p, f in zip(proposed, final, strict=True) if f in standard] == [f for f in final if f in standard]
    assert sum(f in standard for f in final) >= 8
    metadata = json.loads((data_copy / "reports" / summary.REPORT_ID / "report.json").read_text(encoding="utf-8"))
    assert metadata["title"] and metadata["title"] in capsys.readouterr().out


def _marks(nodes: list[Node]) -> list[str]:
    return [mark for node in nodes for mark in ([node.mark] if node.mark else []) + _marks(node.children)]


def test_the_summary_is_one_section_on_the_annotated_page(summary_data):
    """The whole text is its one section, not a heading 'printed after its paragraphs', and every claim is marked."""
    metrics = load_metrics(summary.REPORT_ID, summary_data)
    sections = annotated_sections(metrics, summary.REPORT_ID, summary_data)
    assert [(section.heading, section.printed_after) for section in sections] == [(WHOLE_TEXT, False)]
    marked = [mark for paragraph in sections[0].paragraphs for mark in _marks(paragraph.nodes)]
    assert sorted(marked) == sorted(metrics["metric_id"])


def _visible_text(path: Path) -> str:
    """The text a reader sees on a page: its markup, styles and scripts left out."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.hidden += tag in ("style", "script")

        def handle_endtag(self, tag: str) -> None:
            self.hidden -= tag in ("style", "script")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def _links(page: Path) -> set[str]:
    """The other pages `page` links to, relative to it (fragments dropped, links within the page left out)."""
    hrefs = re.findall(r"href=['\"]([^'\"]*)['\"]", page.read_text(encoding="utf-8"))
    return {href.split("#")[0] for href in hrefs} - {""}


def test_every_notebook_builds_on_the_one_paragraph_summary(summary_data, tmp_path, monkeypatch, capsys):
    """`build --report` on the 样例区 summary, the missing-figure case of every notebook: it states no investment,
    energy or air figure and its city is in no outside table. Each notebook reads this report (REPORT and DATA_DIR
    injected after its parameters cell) and still builds, with results where its figures exist and a line saying
    what it lacks; the index gives verdicts only on this report's claims; its pages go to a folder of their own
    and link only each other.
    """
    monkeypatch.setattr(cli, "BUILD_DIR", tmp_path / "build")  # where build/ is, without --output
    own = tmp_path / "build" / "index.html"  # the project's report's pages, from an earlier build
    own.parent.mkdir()
    own.write_text("the project's index", encoding="utf-8")
    status = cli.main(["build", "--report", summary.REPORT_ID, "--data-dir", str(summary_data)])
    out, err = capsys.readouterr()
    notebooks = select_notebooks()
    assert status == 0, err
    output = tmp_path / "build" / summary.REPORT_ID
    assert f"{len(notebooks)} of {len(notebooks)} notebooks built; open {output / 'index.html'}" in out
    assert own.read_text(encoding="utf-8") == "the project's index"  # never mixed with another report's
    metrics = load_metrics(summary.REPORT_ID, summary_data).set_index("metric_id")
    pages = {path.stem: _visible_text(output / f"{path.stem}.report.html") for path in notebooks}
    assert f"{metrics.loc['gdp_growth', 'value']:g}%" in pages["01_growth_rates"]  # its own growth is analysed
    info = load_report_info(summary.REPORT_ID, summary_data)
    lacks = {  # one line per thing it lacks: the report's figures, the outside figures of its city, a peer group
        "00_data_tour": f"no 地区生产总值 {info.year} for {info.city}",
        "01_growth_rates": "This report states no ",
        "02_investment_ranking": f"The data hold no peer group for {info.city}",
        "03_carbon_energy_targets": "This report states no ",
    }
    for stem, page in pages.items():
        assert "Traceback" not in page and "Error" not in page, stem
        assert lacks[stem] in page, stem
    index = (output / "index.html").read_text(encoding="utf-8")
    assert info.label in index and "fictional" in index
    assert f"{metrics.loc['gdp', 'value']:g} 亿元" in index  # a key figure of this report
    assert "市内六区第二" in index  # the rank claim gets its verdict row
    assert "931.8" not in index and "中原区" not in index.split("For analysts")[0]  # nothing of the project's report
    annotated = output / summary.REPORT_ID / "report.html"
    assert annotated.read_text(encoding="utf-8").count("<mark id=") == len(metrics)
    for page in (output / "index.html", annotated):
        for link in _links(page):  # every link stays inside this build's folder and finds its page
            target = (page.parent / link).resolve()
            assert target.is_file() and target.is_relative_to(output), (page.name, link)
