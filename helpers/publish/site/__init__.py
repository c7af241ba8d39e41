"""The published site's own pages: the index that leads with findings, and the annotated report.

`write_site(results, output, report)` writes `index.html` and `<report>/report.html` (the report's text
with every claim marked, and a table of the claims with the notebooks that use each). Pages are
rendered by Jinja2 with autoescaping on, so every string from the data is escaped; they load no
script and no outside file, and open from file://.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import jinja2
import pandas as pd

from helpers.analysis.verdicts import VERDICTS, Verdict, headline_verdicts
from helpers.data.loading import BOUNDS, get_metric, load_metrics
from helpers.data.report_text import as_printed
from helpers.data.reports import ReportInfo, load_report_info
from helpers.paths import DATA_DIR, DEFAULT_REPORT, NOTEBOOKS_DIR
from helpers.publish.site.annotate import Node, Section, annotated_sections
from helpers.publish.site.notebooks import NotebookSummary, summarise
from helpers.publish.site.usage import USAGE_RULES, Use, metric_usage

if TYPE_CHECKING:
    from helpers.publish.build import NotebookResult

ANNOTATED_PAGE = "report.html"
# Notebooks named 00_… are for analysts (how to load and look up the data): linked from the index, not headlined.
ANALYSTS_PREFIX = "00_"
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

# What a bound marker says about the true value (BOUNDS gives the bound for each marker).
BOUND_WORDS = {
    "exact": "exact",
    "lower": "at least: a lower bound",
    "upper": "nearly: an upper bound",
    "approximate": "about: approximate",
}
# What each kind of claim is (the descriptor's definitions, shortened).
KIND_WORDS = {
    "level": "an amount, count or area for the period",
    "growth_pct": "growth on the previous year, in %",
    "decline_pct": "a fall on the previous year, in % (a positive number means a fall)",
    "change": "a change on the previous year, in the unit of its level",
    "share_pct": "a share or rate, in % (not a change)",
    "rank": "a rank among peers",
}


@dataclass(frozen=True)
class NotebookLink:
    """One notebook that uses a claim: its name, how the use was found, and its page if built."""

    notebook: str
    how: str
    href: str


@dataclass(frozen=True)
class Claim:
    """One row of the claims table and the text of its mark's popup."""

    metric_id: str
    name_zh: str
    name_en: str
    label: str
    qualifier: str
    bound: str
    kind: str
    kind_words: str
    year: int
    section: str
    quote: str
    note: str
    level_id: str
    level_text: str
    uses: tuple[NotebookLink, ...]
    verdict: str = ""  # the verdict on this claim, if it is a headline claim

    @property
    def css(self) -> str:
        """The mark's classes: used or not, and its verdict's colour if it has one."""
        used = "used" if self.uses else "unused"
        return f"claim {used} {verdict_class(self.verdict)}" if self.verdict else f"claim {used}"

    @property
    def hover(self) -> str:
        """The mark's title text: value, names, bound, kind, year, level and the notebooks using it."""
        used = ", ".join(u.notebook for u in self.uses) or "no notebook"
        level = f"; belongs to {self.level_text}" if self.level_id else ""
        qualifier = f"{self.qualifier} = " if self.qualifier else ""
        return (
            f"{self.label} — {self.name_zh} ({self.name_en}); {qualifier}{self.bound}; {self.kind_words}; "
            f"year {self.year}{level}; used by: {used}"
        )


def verdict_class(verdict: str) -> str:
    """The CSS class of a verdict: 'v-cannot-be-checked-here'."""
    return "v-" + verdict.replace(" ", "-")


def heading_anchor(heading: str) -> str:
    """The id nbconvert gives a Markdown heading: its text, spaces as hyphens, URL-quoted as nbconvert does."""
    return quote(heading.replace(" ", "-"), safe="?/:@!$&'()*+,;=")


@dataclass(frozen=True)
class VerdictRow:
    """One row of the index's verdict table, with links to the claim's mark and to the deciding section."""

    verdict: Verdict
    claim_href: str
    section_href: str

    @property
    def css(self) -> str:
        return verdict_class(self.verdict.verdict)

    @property
    def where(self) -> str:
        """The deciding section as readers name it: 'notebook 01 · 3 · Which GDP is this?'."""
        return f"notebook {self.verdict.notebook.split('_')[0]} · {self.verdict.section}"


def verdict_rows(verdicts: Sequence[Verdict], pages: dict[str, str], report: str) -> list[VerdictRow]:
    """The verdicts with their links: the claim's mark on the annotated page, the section on its notebook's page."""
    rows = []
    for verdict in verdicts:
        claim = f"{report}/{ANNOTATED_PAGE}#{verdict.metric_id}" if verdict.metric_id else ""
        page = pages.get(verdict.notebook, "")
        rows.append(VerdictRow(verdict, claim, f"{page}#{heading_anchor(verdict.section)}" if page else ""))
    return rows


@dataclass(frozen=True)
class IndexEntry:
    """One notebook on the index: its build result and what it found."""

    result: NotebookResult
    summary: NotebookSummary | None


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The template environment: autoescape on for every template, unknown names are errors."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **context: object) -> str:
    """Render one template of helpers/templates with `context` (every value escaped unless Markup)."""
    return _environment().get_template(template).render(**context)


def _text(value: object) -> str:
    """A data cell as text; a missing cell is ''."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def site_title(info: ReportInfo) -> str:
    """The site's title, from the report's metadata: '中原区2025年政府工作报告 — a checked analysis'."""
    return f"{info.label} — a checked analysis"


def claims_table(
    metrics: pd.DataFrame,
    usage: dict[str, list[Use]],
    pages: dict[str, str],
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
) -> list[Claim]:
    """Every claim with its label, bound, kind, level and the notebooks that use it (linked where built)."""
    verdicts = {v.metric_id: v for v in headline_verdicts(report, data_dir) if v.metric_id}
    claims = []
    for _, row in metrics.iterrows():
        metric = get_metric(row["metric_id"], report, data_dir)
        level_id = _text(row["base_metric_id"])
        level = get_metric(level_id, report, data_dir) if level_id else None
        claims.append(
            Claim(
                metric_id=metric.metric_id,
                name_zh=metric.name_zh,
                name_en=metric.name_en,
                label=metric.label(),
                qualifier=metric.qualifier,
                bound=BOUND_WORDS[BOUNDS[metric.qualifier]],
                kind=metric.kind,
                kind_words=KIND_WORDS.get(metric.kind, metric.kind),
                year=metric.year,
                section=metric.section,
                quote=as_printed(metric.quote, report, data_dir),
                note=_text(row["note"]),
                level_id=level_id,
                level_text=f"{level.name_zh} {level.label()}" if level else "",
                uses=_uses(usage[metric.metric_id], verdicts.get(metric.metric_id), pages),
                verdict=verdicts[metric.metric_id].verdict if metric.metric_id in verdicts else "",
            )
        )
    return claims


def _uses(found: list[Use], verdict: Verdict | None, pages: dict[str, str]) -> tuple[NotebookLink, ...]:
    """The notebooks that use a claim: found in their code, and the one whose section decides its verdict."""
    links = [NotebookLink(u.notebook, u.how, pages.get(u.notebook, "")) for u in found]
    if verdict and verdict.notebook not in {link.notebook for link in links}:
        links.append(NotebookLink(verdict.notebook, "decides its verdict", pages.get(verdict.notebook, "")))
    return tuple(links)


def annotated_report_html(
    results: Sequence[NotebookResult],
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    usage: dict[str, list[Use]] | None = None,
) -> str:
    """The annotated report page, for a page at <output>/<report>/report.html (`usage`: metric_usage, if known)."""
    metrics = load_metrics(report, data_dir)
    notebooks = sorted(Path(notebooks_dir).glob("*.ipynb"))
    usage = _usage(report, data_dir, notebooks_dir) if usage is None else usage
    pages = {Path(r.name).stem: f"../{r.report_page}" for r in results if r.ok}
    sections: list[Section] = annotated_sections(metrics, report, data_dir)
    claims = claims_table(metrics, usage, pages, report, data_dir)
    by_id = {claim.metric_id: claim for claim in claims}
    marks = [(section, _mark_order(section)) for section in sections]
    order = [node_id for _, ids in marks for node_id in ids]
    per_notebook = {p.stem: sum(any(u.notebook == p.stem for u in uses) for uses in usage.values()) for p in notebooks}
    per_section = [(section, sum(bool(by_id[m].uses) for m in ids), len(ids)) for section, ids in marks if ids]
    return render(
        "report.html",
        title=site_title(load_report_info(report, data_dir)),
        report_id=report,
        sections=sections,
        headings_after=any(section.printed_after for section in sections),
        claims=by_id,
        ordered=[by_id[metric_id] for metric_id in order],
        used=sum(bool(c.uses) for c in claims),
        total=len(claims),
        per_notebook=per_notebook,
        per_section=per_section,
        pages=pages,
        rules=USAGE_RULES,
        bound_words=BOUND_WORDS,
        verdicts=[(verdict, verdict_class(verdict)) for verdict in VERDICTS],
    )


def _mark_order(section: Section) -> list[str]:
    """The metric ids of a section's marks in reading order (outer before inner)."""
    found: list[str] = []

    def walk(nodes: list[Node]) -> None:
        for node in nodes:
            if node.mark:
                found.append(node.mark)
            walk(node.children)

    for paragraph in section.paragraphs:
        walk(paragraph.nodes)
    return found


def index_html(
    results: Sequence[NotebookResult],
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    usage: dict[str, list[Use]] | None = None,
) -> str:
    """The index: the verdicts, each analysis's question, findings and first chart; the key figures; the annotated report.

    Notebooks named 00_… (the data tour) are linked for analysts, not headlined.

    `usage` is metric_usage of the notebooks, if the caller has it already.
    """
    entries, tours = [], []
    for result in results:
        if result.name.startswith(ANALYSTS_PREFIX):
            tours.append(result)
            continue
        path = Path(notebooks_dir) / result.name
        shown = result.ok and (result.notebook is not None or path.is_file())
        entries.append(IndexEntry(result, summarise(path, result.notebook) if shown else None))
    metrics = load_metrics(report, data_dir)
    info = load_report_info(report, data_dir)
    usage = _usage(report, data_dir, notebooks_dir) if usage is None else usage
    pages = {Path(r.name).stem: r.report_page for r in results if r.ok}
    verdicts = headline_verdicts(report, data_dir)
    return render(
        "index.html",
        title=site_title(info),
        report=info,
        verdicts=verdict_rows(verdicts, pages, report),
        entries=entries,
        tours=tours,
        figures=[get_metric(metric_id, report, data_dir) for metric_id in info.key_figures],
        printed=lambda quote: as_printed(quote, report, data_dir),
        annotated=f"{report}/{ANNOTATED_PAGE}",
        used=len({m for m, uses in usage.items() if uses} | {v.metric_id for v in verdicts if v.metric_id}),
        total=len(metrics),
    )


def _usage(report: str, data_dir: Path, notebooks_dir: Path) -> dict[str, list[Use]]:
    """Which notebooks of `notebooks_dir` use each claim of `report` (metric_usage, read from their code)."""
    return metric_usage(sorted(Path(notebooks_dir).glob("*.ipynb")), load_metrics(report, data_dir))


def write_site(
    results: Sequence[NotebookResult],
    output: Path,
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> list[Path]:
    """Write index.html and <report>/report.html into `output`; return the paths written.

    Findings and charts come from this build's run of each notebook (or, where a result carries
    none, from the stored notebook in `notebooks_dir`, which the tests keep equal to a fresh run);
    which notebook uses which claim comes from their code.
    """
    folder = Path(output) / report
    folder.mkdir(parents=True, exist_ok=True)
    written = [Path(output) / "index.html", folder / ANNOTATED_PAGE]
    usage = _usage(report, data_dir, notebooks_dir)  # read once, for both pages
    written[0].write_text(index_html(results, report, data_dir, notebooks_dir, usage), encoding="utf-8")
    written[1].write_text(annotated_report_html(results, report, data_dir, notebooks_dir, usage), encoding="utf-8")
    return written
