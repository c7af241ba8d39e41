"""00_data_tour reruns with changed parameters: its findings follow the numbers, or it stops with one clear error.

Expected values are computed here from the data and helpers, not pasted from the notebook.
"""

from __future__ import annotations

from pathlib import Path

from helpers import fmt, get_external, get_metric, load_external, load_metrics, load_report_info
from helpers.paths import NOTEBOOKS_DIR
from helpers.publish.notebook_run import stream_text, tagged_output
from helpers.publish.reused_kernel import ReusedKernel

from .conftest import clear_stop

NOTEBOOK = NOTEBOOKS_DIR / "00_data_tour.ipynb"
INDICATOR = "地区生产总值"  # the notebook's default OUTSIDE_INDICATOR


def _shown(notebook, source_start: str) -> str:
    """The plain-text output of the code cell whose source starts with `source_start`."""
    cell = next(c for c in notebook.cells if c.cell_type == "code" and c.source.startswith(source_start))
    return cell.outputs[0]["data"]["text/plain"]


def _lookup_sentence(entities: list[str], year: int, data_dir: Path | None = None) -> str:
    """The findings' outside-lookup sentence, computed from get_external."""
    kwargs = {} if data_dir is None else {"data_dir": data_dir}
    parts = []
    for entity in entities:
        row = get_external(entity, INDICATOR, year, "", **kwargs)
        parts.append(f"{entity} {fmt(None) if row is None else fmt(float(row['value']), 2) + ' ' + row['unit']}")
    return f"Outside lookup of {INDICATOR} ({year}): " + "; ".join(parts) + "."


def test_data_tour_follows_its_parameters(notebook_kernel: ReusedKernel):
    notebook = notebook_kernel.run(
        NOTEBOOK, {"METRIC_ID": "new_pv_capacity", "SECTION_OF_INTEREST": "生态环境不断改善"}
    )
    pv = get_metric("new_pv_capacity")
    lookup = _shown(notebook, "m = get_metric(METRIC_ID")
    assert pv.label() in lookup and pv.quote in lookup
    section = _shown(notebook, "section = metrics[")
    assert "good_air_days" in section and "gdp_growth" not in section
    findings = tagged_output(notebook, "findings")
    assert f"{load_report_info().label} records {len(load_metrics())} figures" in findings
    external = load_external()
    is_url = external["source_address"].str.startswith(("http://", "https://"))
    assert f"{len(external)} outside figures are available: {int(is_url.sum())} with an http(s) URL" in findings
    for row in external[~is_url].itertuples():  # each row without a URL is named, not only counted
        assert f"{row.entity} {row.indicator} {row.year}" in findings.split("Without a URL")[1]
    assert f"`{pv.metric_id}` is {pv.name_zh} ({pv.name_en}) {pv.label()}" in findings
    assert stream_text(notebook, "stderr") == ""


def test_a_year_with_no_outside_data_shows_missing(notebook_kernel: ReusedKernel):
    info = load_report_info()
    year = int(load_external()["year"].min()) - 1  # no outside figure is that old
    notebook = notebook_kernel.run(NOTEBOOK, {"OUTSIDE_YEAR": year})
    findings = tagged_output(notebook, "findings")
    assert _lookup_sentence([info.city, info.province], year) in findings
    assert f"{info.city} missing; {info.province} missing." in findings
    assert stream_text(notebook, "stderr") == ""


def test_an_entity_with_no_data_shows_missing_and_a_smaller_group_shows_only_its_members(notebook_kernel: ReusedKernel):
    info = load_report_info()
    absent = "无数据市"
    assert not (load_external()["entity"] == absent).any()
    notebook = notebook_kernel.run(NOTEBOOK, {"OUTSIDE_ENTITIES": [info.city, absent]})
    findings = tagged_output(notebook, "findings")
    sentence = _lookup_sentence([info.city, absent], info.year)
    assert sentence in findings and f"{absent} missing." in sentence and f"{info.city} missing" not in sentence
    smaller = tagged_output(notebook_kernel.run(NOTEBOOK, {"OUTSIDE_ENTITIES": [info.province]}), "findings")
    assert _lookup_sentence([info.province], info.year) in smaller and info.city not in smaller.split("Outside")[-1]


def test_a_metric_the_report_lacks_stops_with_the_clear_error(notebook_kernel: ReusedKernel):
    message = clear_stop(notebook_kernel, NOTEBOOK, {"METRIC_ID": "no_such_metric"})
    assert "'zhongyuan_2024' has no metric 'no_such_metric'" in message


def test_data_tour_runs_on_the_fictional_report(fictional_data: Path, notebook_kernel: ReusedKernel):
    info = load_report_info("shiliqu_2024", fictional_data)
    notebook = notebook_kernel.run(NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    findings = tagged_output(notebook, "findings")
    metrics = load_metrics(info.id, fictional_data)
    gdp = get_metric("gdp", info.id, fictional_data)
    assert info.district in findings and info.district != load_report_info().district
    assert f"{info.label} records {len(metrics)} figures across {metrics['section'].nunique()} sections" in findings
    assert f"{gdp.label()} ({gdp.year}), from the quote “{gdp.quote}”" in findings
    assert _lookup_sentence([info.city, info.province], info.year, fictional_data) in findings
    assert "SECTION_OF_INTEREST" not in stream_text(notebook) and info.label in stream_text(notebook)
    assert stream_text(notebook, "stderr") == ""
