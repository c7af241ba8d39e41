"""The site's own pages: the annotated report (one mark per claim), the index, usage found from code, escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import load_metrics
from helpers.analysis.claims import CHANGE_KINDS
from helpers.data.report_text import as_printed, section_spans
from helpers.data.reports import load_report_info, raw_report_text
from helpers.data.textnorm import normalise_text
from helpers.paths import DEFAULT_REPORT as REPORT_ID
from helpers.paths import NOTEBOOKS_DIR
from helpers.publish.build import NotebookResult
from helpers.publish.site import annotated_report_html, index_html, write_site
from helpers.publish.site.annotate import annotated_sections, claim_spans, nodes
from helpers.publish.site.notebooks import findings_text, first_chart, markdown_html
from helpers.publish.site.usage import metric_usage, notebook_uses
from tests.conftest import replace_in

SCRIPT = "<script>alert(1)</script>"


class _Page(HTMLParser):
    """The parts of a page the tests look at: marks (id, text), text nodes, tags seen, links."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[str] = []
        self.mark_text: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.text: list[str] = []
        self.tags: set[str] = set()
        self.hrefs: list[str] = []
        self._open: list[tuple[str, str]] = []  # (tag, mark id or "") of open marks and spans
        self._in_pop = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.add(tag)
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        if tag == "mark" and values.get("id"):
            mark_id = str(values["id"])
            self.marks.append(mark_id)
            self.mark_text[mark_id] = ""
            self.titles[mark_id] = str(values.get("title"))
        if tag in ("mark", "span"):
            is_pop = tag == "span" and values.get("class") == "pop"
            self._in_pop += is_pop
            self._open.append((tag, "pop" if is_pop else str(values.get("id") or "")))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("mark", "span") and self._open:
            _, kind = self._open.pop()
            self._in_pop -= kind == "pop"

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if not self._in_pop:
            for _, mark_id in self._open:
                if mark_id and mark_id != "pop":
                    self.mark_text[mark_id] += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _results(*names: str) -> list[NotebookResult]:
    return [NotebookResult(name, 0.0, True, f"title of {name}") for name in names]


def _all_results() -> list[NotebookResult]:
    return _results(*(p.name for p in sorted(NOTEBOOKS_DIR.glob("*.ipynb"))))


def _notebook(path: Path, cells: list[nbformat.NotebookNode]) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    nbformat.write(notebook, path)
    return path


def _code(
    source: str, tags: tuple[str, ...] = (), outputs: tuple[dict[str, object], ...] = ()
) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    return cell


def _markdown_output(text: str) -> dict[str, object]:
    return {"output_type": "display_data", "data": {"text/markdown": text, "text/plain": "<Markdown>"}, "metadata": {}}


# --- the annotated report ---------------------------------------------------------------------------


def test_every_claim_has_exactly_one_mark_holding_its_value_inside_its_quote():
    metrics = load_metrics()
    page = _parse(annotated_report_html(_all_results()))
    assert sorted(page.marks) == sorted(metrics["metric_id"])  # one mark per claim, none twice, no stray mark
    for row in metrics.itertuples():
        shown = page.mark_text[row.metric_id]
        printed = "第一" if row.kind == "rank" else f"{row.value:g}"
        assert printed in shown, f"{row.metric_id}: mark shows {shown!r}, not its value {printed}"
        assert shown in row.quote, f"{row.metric_id}: mark {shown!r} is not inside its quote {row.quote!r}"
        assert f"{row.value:g}" in page.titles[row.metric_id] or row.kind == "rank"


def test_marks_sit_in_the_quote_of_their_own_section_and_paragraphs_never_split_a_quote():
    metrics = load_metrics()
    raw = raw_report_text()
    text = normalise_text(raw)
    spans = section_spans(raw, set(metrics["section"]))
    marks = {m.metric_id: m for m in claim_spans(metrics, text, spans)}
    for row in metrics.itertuples():
        start, end = spans[row.section]
        quote_start = text.find(row.quote, start, end)
        assert quote_start <= marks[row.metric_id].start < marks[row.metric_id].end <= quote_start + len(row.quote)

    def plain(parts):
        return "".join(node.text or plain(node.children) for node in parts)

    paragraphs = [plain(p.nodes) for section in annotated_sections(metrics) for p in section.paragraphs]
    normalised = [normalise_text(paragraph) for paragraph in paragraphs]  # shown in the report's own punctuation
    assert any("，" in paragraph for paragraph in paragraphs) and not any("，" in p for p in normalised)
    for quote in metrics["quote"]:
        assert any(quote in paragraph for paragraph in normalised), f"a paragraph break splits {quote!r}"
    # the whole normalised text is shown, in the data's order (each heading before its paragraphs)
    headings = [section.heading for section in annotated_sections(metrics)]
    assert headings[: len(spans)] == sorted(spans, key=lambda h: spans[h])
    assert sum(map(len, paragraphs)) + sum(map(len, spans)) == len(text)


def test_claims_sharing_a_number_are_nested_and_crossing_extensions_fall_back_to_the_number():
    text = "全年建成超20个项目"
    frame = pd.DataFrame(
        [
            {
                "metric_id": "a",
                "section": "s",
                "quote": "建成超20",
                "value": 20.0,
                "unit": "个",
                "qualifier": "超",
                "kind": "level",
                "rank": None,
            },
            {
                "metric_id": "b",
                "section": "s",
                "quote": "20个项目",
                "value": 20.0,
                "unit": "个",
                "qualifier": "",
                "kind": "level",
                "rank": None,
            },
        ]
    )
    spans = claim_spans(frame, text, {"s": (0, len(text))})
    # grown, a would be 超20 and b 20个: they cross, so both keep the bare number and nest
    assert [(s.metric_id, text[s.start : s.end]) for s in spans] == [("a", "20"), ("b", "20")]
    tree = nodes(text, 0, len(text), spans)
    assert [n.text or n.mark for n in tree] == ["全年建成超", "a", "个项目"]
    assert tree[1].children[0].mark == "b" and tree[1].children[0].children[0].text == "20"


def test_the_page_counts_the_claims_the_notebooks_use_and_states_the_rule():
    metrics = load_metrics()
    from helpers.analysis.verdicts import headline_verdicts

    usage = metric_usage(sorted(NOTEBOOKS_DIR.glob("*.ipynb")), metrics)
    decided = {v.metric_id for v in headline_verdicts() if v.metric_id}  # the notebook deciding a verdict uses it
    used = len({m for m, u in usage.items() if u} | decided)
    html = annotated_report_html(_all_results())
    assert f"{used} of {len(metrics)} claims are used by the notebooks" in html
    assert f"{used} of {len(metrics)} claims are used by the notebooks" in index_html(_all_results())
    assert "calls change_claims(metrics)" in html and "string literal" in html
    assert 0 < used < len(metrics)  # the page shows what the analysis leaves alone, not a blanket "all"
    assert 'href="../03_carbon_energy_targets.report.html"' in html  # a use links to its notebook's page


# --- which notebook uses which claim ----------------------------------------------------------------


def test_usage_is_read_from_string_literals_and_the_change_claims_rule(tmp_path):
    metrics = load_metrics()
    path = _notebook(
        tmp_path / "nb.ipynb",
        [
            nbformat.v4.new_markdown_cell("Mentions new_pv_capacity in prose only."),
            _code('IDS = ["gdp"]  # and elevators_installed in a comment', tags=("parameters",)),
            _code("%matplotlib inline\nchanges = change_claims(metrics)\nx = f'{IDS}'"),
            _code('print("new_green_space".upper())'),
        ],
    )
    uses = notebook_uses(path, metrics)
    assert uses["gdp"] == "named in its parameters"
    assert uses["new_green_space"] == "named in its code"
    assert uses["gdp_growth"] == "through change_claims()"
    assert uses["retail_sales"] == "through change_claims()"  # the level retail_sales_growth belongs to
    assert "new_pv_capacity" not in uses and "elevators_installed" not in uses  # prose and comments do not count
    levels = metrics.loc[metrics["kind"].isin(CHANGE_KINDS), "base_metric_id"]
    reached = set(metrics.loc[metrics["kind"].isin(CHANGE_KINDS), "metric_id"]) | set(levels[levels != ""])
    assert set(uses) == reached | {"gdp", "new_green_space"}


def test_a_cell_that_is_not_python_is_named(tmp_path):
    path = _notebook(tmp_path / "broken.ipynb", [_code("x = 1"), _code("def (")])
    with pytest.raises(ValueError, match=r"broken.ipynb, cell 1: cannot read the cell as Python"):
        notebook_uses(path, load_metrics())


# --- the index ----------------------------------------------------------------------------------------


def test_findings_come_from_the_tagged_cell_then_the_last_markdown_output_then_nothing(tmp_path):
    tagged = _notebook(
        tmp_path / "a.ipynb",
        [
            _code("x", outputs=(_markdown_output("early"),)),
            _code("f", tags=("findings",), outputs=(_markdown_output("### Findings\n\n- tagged"),)),
            _code("y", outputs=(_markdown_output("later"),)),
        ],
    )
    fallback = _notebook(
        tmp_path / "b.ipynb",
        [_code("x", outputs=(_markdown_output("first"),)), _code("y", outputs=(_markdown_output("last"),))],
    )
    none = _notebook(tmp_path / "c.ipynb", [_code("print(1)")])
    assert [findings_text(nbformat.read(p, as_version=4)) for p in (tagged, fallback, none)] == [
        "### Findings\n\n- tagged",
        "last",
        "",
    ]


def test_index_leads_with_question_findings_and_chart_then_key_figures_and_the_annotated_report():
    results = [
        *_all_results(),
        NotebookResult("99_broken.ipynb", 0.0, False, "Broken", "cell 3 (execution count 2): KeyError: 'x'"),
    ]
    html = index_html(results)
    page = _parse(html)
    analyses = [p for p in sorted(NOTEBOOKS_DIR.glob("*.ipynb")) if not p.name.startswith("00_")]
    notebook = nbformat.read(analyses[0], as_version=4)
    assert str(markdown_html(findings_text(notebook))) in html  # its findings (or fallback), rendered
    with_charts = [p for p in analyses if first_chart(nbformat.read(p, as_version=4))]
    assert html.count('src="data:image/png;base64,') == len(with_charts)  # each analysis's first chart, once
    tour = nbformat.read(NOTEBOOKS_DIR / "00_data_tour.ipynb", as_version=4)
    assert str(markdown_html(findings_text(tour))) not in html  # the data tour is linked for analysts, not headlined
    assert html.index("For analysts") < html.index("Key figures") and "href='00_data_tour.report.html'" in html
    assert "build failed: cell 3 (execution count 2): KeyError: &#39;x&#39;" in html
    assert f"href='{REPORT_ID}/report.html'" in html
    for metric_id in load_report_info().key_figures:
        assert as_printed(load_metrics().set_index("metric_id").loc[metric_id, "quote"]) in html
    assert html.index("What the analyses found") < html.index("Key figures") < html.index("The report itself")
    assert not {"script", "link", "iframe"} & page.tags
    assert all(not h.startswith(("http:", "https:", "//")) for h in page.hrefs)  # no outside requests


def test_write_site_writes_both_pages_and_the_same_bytes_twice(tmp_path):
    first = write_site(_all_results(), tmp_path / "one")
    second = write_site(_all_results(), tmp_path / "two")
    assert [p.relative_to(tmp_path / "one") for p in first] == [Path("index.html"), Path(REPORT_ID, "report.html")]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


# --- safe by construction -------------------------------------------------------------------------------


def test_data_strings_are_shown_as_text_on_every_page(tmp_path, data_copy):
    metrics = data_copy / "reports" / REPORT_ID / "metrics.csv"
    replace_in(metrics, "gross domestic product (GDP)", SCRIPT)  # gdp's name: on the index and the report
    replace_in(metrics, "real growth at constant prices", f"{SCRIPT} note")  # gdp_growth's note: the report
    written = write_site(_all_results(), tmp_path / "site", data_dir=data_copy)
    for path in written:
        html = path.read_text(encoding="utf-8")
        page = _parse(html)
        assert "script" not in page.tags, f"{path.name} runs a script from the data"
        assert SCRIPT in "".join(page.text), f"{path.name} does not show the name as text"
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    report = written[1].read_text(encoding="utf-8")
    assert f"{SCRIPT} note" in "".join(_parse(report).text)


def test_markdown_findings_are_rendered_with_raw_html_escaped(tmp_path):
    text = f"### Findings\n\n- **{SCRIPT}** <img src=x onerror=alert(2)> [link](javascript:alert(3))"
    _notebook(tmp_path / "x.ipynb", [_code("f", tags=("findings",), outputs=(_markdown_output(text),))])
    html = index_html(_results("x.ipynb"), notebooks_dir=tmp_path)
    page = _parse(html)
    assert "<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>" in html
    assert not {"script", "img"} & page.tags
    assert "javascript:" not in html
    assert str(markdown_html("a < b & c")) == "<p>a &lt; b &amp; c</p>\n"


def test_a_claim_whose_quote_does_not_print_its_value_is_named_with_its_line():
    row = {"metric_id": "a", "line": 7, "section": "s", "quote": "建成20个", "value": 30.0, "unit": "个"}
    frame = pd.DataFrame([{**row, "qualifier": "", "kind": "level", "rank": None}])
    with pytest.raises(ValueError, match=r"metrics.csv, line 7, metric a: column quote does not print its value"):
        claim_spans(frame, "全年建成20个项目", {"s": (0, 8)})


def test_index_opens_with_the_verdict_table_linked_to_marks_and_sections_and_marks_take_their_verdicts_colour():
    from helpers.analysis.verdicts import headline_verdicts
    from helpers.publish.site import heading_anchor, verdict_class

    verdicts = headline_verdicts()
    html = index_html(_all_results())
    assert html.index("headline claims, checked") < html.index("What the analyses found")
    for verdict in verdicts:
        assert verdict.reason.replace("'", "&#39;") in html
        if verdict.metric_id:
            assert f'href="{REPORT_ID}/report.html#{verdict.metric_id}"' in html
        assert f"{verdict.notebook}.report.html#{heading_anchor(verdict.section)}".replace("'", "&#39;") in html
    annotated = annotated_report_html(_all_results())
    for verdict in verdicts:
        if verdict.metric_id:
            mark = f'<mark id="{verdict.metric_id}" class="claim (un)?used {verdict_class(verdict.verdict)}"'
            assert re.search(mark, annotated), mark


def test_the_site_names_the_report_by_the_year_it_was_delivered():
    info = load_report_info()
    html = index_html(_all_results())
    assert f"{info.district}{info.delivered[:4]}年政府工作报告" in html
    assert f"government work report (on {info.year})" in html
