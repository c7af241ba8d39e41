"""01_growth_rates: its stored findings say what the data give; rerun in a fresh kernel on the fictional report, it
runs through, with findings from the figures that report has and one line for each it lacks.

Expected sentences are computed here from the data and helpers, not pasted from the notebook.
"""

from __future__ import annotations

import ast
import json
import re

import nbformat

from helpers import (
    NOMINAL,
    REAL,
    compare,
    get_metric,
    load_external,
    load_report_info,
    own_sentence,
    shown_measure,
)
from helpers.analysis.claims import SAME_AS_ABOVE
from helpers.analysis.growth import pp_gap
from helpers.analysis.peers import benchmark_measure
from helpers.analysis.verdicts import headline_verdicts
from helpers.data.loading import linked_indicators, load_indicator_links, outside_row
from helpers.data.vocabulary import load_metric_vocabulary
from helpers.findings.common import MAX_WORDS, word_count
from helpers.paths import NOTEBOOKS_DIR

from .conftest import run_fresh, tagged_output

NOTEBOOK = NOTEBOOKS_DIR / "01_growth_rates.ipynb"


def test_the_stored_findings_cell_builds_its_sentences_from_values():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if "findings" in c["metadata"].get("tags", []))
    literals = [n.value for n in ast.walk(ast.parse("".join(cell["source"]))) if isinstance(n, ast.Constant)]
    assert not [v for v in literals if isinstance(v, str)], "the findings cell must not type a sentence"
    assert tagged_output(nbformat.reads(json.dumps(notebook), as_version=4), "findings").startswith("### Findings")


def findings_bullets() -> list[str]:
    """The stored findings' bullets."""
    markdown = tagged_output(nbformat.read(NOTEBOOK, as_version=4), "findings")
    return [line[2:] for line in markdown.splitlines() if line.startswith("- ")]


def test_stored_findings_are_at_most_five_short_bullets_the_answer_first_and_no_code_names():
    bullets = findings_bullets()
    assert 0 < len(bullets) <= 5
    assert all(word_count(bullet) <= MAX_WORDS for bullet in bullets), [word_count(b) for b in bullets]
    growth_value = get_metric("gdp_growth").value
    assert bullets[0].startswith(f"中原区's GDP grew {growth_value:.1f}% in 2024")
    city = float(outside_row("郑州市", "地区生产总值增速", 2024)["value"])
    assert f"{compare(growth_value, city)} 郑州市's {city:.1f}% ({pp_gap(growth_value, city):+.1f} pp)" in bullets[0]
    assert not re.search(r"\bA\d\b|[A-Z]{3,}_[A-Z]", " ".join(bullets))


def test_income_is_judged_once_and_fiscal_revenue_only_named_as_not_judged():
    text = " ".join(findings_bullets())
    assert text.count(get_metric("disposable_income_growth").name_zh) == 1
    fiscal = get_metric("fiscal_revenue_growth").name_zh
    assert text.count(fiscal) == 1 and f"{fiscal}'s basis is unstated" in text  # never set against a rate or target


def test_the_city_targets_bullet_counts_its_at_least_targets_from_the_data():
    external = load_external()
    goals = external[
        (external["entity"] == "郑州市") & (external["year"] == 2024) & external["indicator"].str.endswith("目标")
    ]
    met = judged = unstated = 0
    for row in goals.itertuples():
        indicator = row.indicator.removesuffix("目标")
        outturn = outside_row("郑州市", indicator, 2024)
        if "以上" in row.basis and outturn is not None:
            links = load_indicator_links()
            metric_id = links.loc[links["indicator"] == indicator, "metric_id"].iloc[0]
            if benchmark_measure(metric_id, indicator) not in (REAL, NOMINAL):
                unstated += 1  # its basis is not stated, so it is not set against its target
                continue
            judged += 1
            met += float(outturn["value"]) >= row.value
    bullet = next(b for b in findings_bullets() if "'at least' target" in b)
    kind = "comparable 'at least' target" if unstated else "'at least' target"
    assert f"郑州市 met {met} of {judged} {kind}{'' if judged == 1 else 's'}" in bullet
    assert ("basis is unstated" in bullet) == bool(unstated)
    assert "'较好完成'" in bullet and "cannot be checked" in bullet


def test_the_neighbour_targets_are_labelled_as_its_own_and_the_district_has_none():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    html = "".join(
        output.get("data", {}).get("text/html", "") for cell in notebook.cells for output in cell.get("outputs", [])
    )
    assert "管城回族区 target 2024 (a neighbouring district's own, not 中原区's)" in html
    assert outside_row("中原区", "地区生产总值增速目标", 2024) is None  # so the district's own column shows missing


def test_the_verdict_table_links_to_headings_of_this_notebook():
    headings = [
        line.removeprefix("## ")
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]
    linked = [v.section for v in headline_verdicts() if v.notebook == NOTEBOOK.stem]
    assert linked and all(section in headings for section in linked)


def test_the_match_tolerance_defaults_to_the_verdict_table_value():
    cell = next(c for c in nbformat.read(NOTEBOOK, as_version=4).cells if "parameters" in c.metadata.get("tags", []))
    assert "MATCH_TOLERANCE = GDP_MATCH_TOLERANCE" in cell.source


def test_an_outside_measure_is_by_convention_unless_its_sentence_states_it():
    assert shown_measure(REAL, "扣除价格因素实际增长5.1%") == REAL
    assert shown_measure(NOMINAL, "比上年名义增长5.3%") == NOMINAL
    assert shown_measure(REAL, "规模以上工业增加值增长10.5%") == "real (by convention)"
    assert shown_measure("", "规模以上工业增加值增长10.5%") == ""
    external = load_external()
    pointer = external[external["quoted_sentence"] == SAME_AS_ABOVE].iloc[0]
    sentence = own_sentence(external, pointer["entity"], pointer["indicator"], int(pointer["year"]))
    earlier = external[(external["line"] < pointer["line"]) & (external["source_address"] == pointer["source_address"])]
    assert (
        sentence != SAME_AS_ABOVE
        and sentence == earlier[earlier["quoted_sentence"] != SAME_AS_ABOVE]["quoted_sentence"].iloc[-1]
    )
    assert own_sentence(external, "无数据市", pointer["indicator"], int(pointer["year"])) == ""


def test_no_cell_but_the_parameters_cell_names_a_standard_metric_id():
    standard = {m.metric_id for m in load_metric_vocabulary()}
    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        literals = {n.value for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Constant)}
        assert not literals & standard, (literals & standard, cell.source[:80])


def test_on_the_fictional_report_it_runs_through_with_findings_from_its_figures(fictional_data):
    info = load_report_info("shiliqu_2024", fictional_data)
    executed = run_fresh(NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    bullets = [line[2:] for line in tagged_output(executed, "findings").splitlines() if line.startswith("- ")]
    assert 0 < len(bullets) <= 5 and all(word_count(bullet) <= MAX_WORDS for bullet in bullets)
    gdp_growth = get_metric("gdp_growth", info.id, fictional_data).value
    assert bullets[0].startswith(f"{info.district}'s GDP grew {gdp_growth:.1f}% in {info.year}")
    # The city and province have no outside figures, so the rates measured alike are set against China's.
    for metric_id in ("retail_sales_growth", "fixed_asset_investment_growth"):
        own = get_metric(metric_id, info.id, fictional_data)
        indicators = linked_indicators(metric_id, fictional_data)
        national = float(outside_row("全国", indicators, info.year, data_dir=fictional_data)["value"])
        pair = f"{own.name_zh} {own.value:+.1f}% vs {national:+.1f}% ({pp_gap(own.value, national):+.1f} pp)"
        assert pair in next(b for b in bullets if b.startswith("Against 全国, rates measured alike"))
    markdown = "\n".join(
        str(output.get("data", {}).get("text/markdown", ""))
        for cell in executed.cells
        for output in cell.get("outputs", [])
    )
    assert f"external_figures.csv has no {info.year} growth target of {info.city}." in markdown
    assert (
        f"external_figures.csv has no {info.year + 1} 地区生产总值 on 民政口径 or 管理口径 of {info.district}."
        in markdown
    )
