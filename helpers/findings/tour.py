"""The data tour (notebook 00): its tables, its plausibility check and its findings, built from the data.

What the report's claims are, how traceable they and the outside figures are, and how much of the outside data
rests on secondary copies. Plain functions of frames and numbers, so each sentence is tested on hand-made data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from helpers.analysis.verdicts import per_head_verdict, per_head_yuan
from helpers.charts.formatting import fmt
from helpers.charts.style import add_source_line
from helpers.data.loading import BOUNDS, Metric, external_file, find_metric, get_metric, has_metric, outside_row
from helpers.data.report_text import WHOLE_TEXT, as_printed
from helpers.data.reports import ReportInfo
from helpers.data.units import base_unit, unit_table
from helpers.findings.common import NOT_VARIED, Caveat, caveat_table
from helpers.findings.parameters import check_parameters

# The kinds of claim as a reader names them (metrics.csv's `kind` column holds the code).
KIND_NAMES = {
    "level": "level (an amount)",
    "growth_pct": "growth rate (%)",
    "decline_pct": "rate of decline (%)",
    "change": "change (an amount)",
    "share_pct": "share (%)",
    "rank": "rank",
}
# A claim's id, as the tables name it for a reader.
CLAIM_ID = "claim id"
# What a bound marker says about the true value.
BOUND_WORDS = {"exact": "exact", "lower": "at least", "upper": "at most", "approximate": "about"}
# What a figure with each kind of marker is, counted in the findings (one, many).
MARKER_KINDS = {
    "lower": ("lower bound", "lower bounds"),
    "upper": ("upper bound", "upper bounds"),
    "approximate": ("approximate", "approximate"),
}
UNCLASSIFIED = "unclassified"
PAGE_ADDRESS = "a page address (an http(s) URL with a path)"
BARE_DOMAIN = "a site's home address only (a bare domain)"
DESCRIPTION_ONLY = "a description only, no URL"
# The report's 低保 figures the plausibility check sets against each other: the total paid (万元) and people (万人).
ALLOWANCE_METRICS = ("minimum_living_allowance_paid", "minimum_living_allowance_beneficiaries")
ALLOWANCE_UNITS = ("万元", "万人")
MONTHS = 12
# How many example claims the units table shows by default (each in a different unit that converts).
UNIT_EXAMPLE_COUNT = 4


def field_table(fields: Mapping[str, str]) -> pd.DataFrame:
    """A two-column card (field → value), labelled by field."""
    return pd.DataFrame({"value": list(fields.values())}, index=pd.Index(list(fields), name="field"))


def report_card(info: ReportInfo) -> pd.DataFrame:
    """What the report is, from its report.json: the reader's first table."""
    return field_table(
        {
            "name": info.label,
            "name in English": info.label_en,
            "report id": info.id,
            "district": info.district,
            "city": info.city or "none",
            "province": info.province,
            "year reviewed": str(info.year),
            "title as printed": info.title,
            "delivered": info.delivered or "missing",
            "date basis": info.delivered_basis,
            "source": info.source,
        }
    )


def _in_base(metric: Metric) -> float:
    """The value in base units, without the float noise of the conversion (286.4 亿元 → 28,640,000,000, not …999.996)."""
    return round(metric.base_value, 2)


def metric_card(metric: Metric, report: str, data_dir: Path) -> pd.DataFrame:
    """One claim looked up by id: its names, value as printed, bound, base-unit value, year, section and quote.

    The quote is shown in the report's own punctuation.
    """
    return field_table(
        {
            CLAIM_ID: metric.metric_id,
            "name (English)": metric.name_en,
            "name (中文)": metric.name_zh,
            "value as printed": metric.label(),
            "bound": BOUND_WORDS[metric.bound],
            "in base units": f"{fmt(_in_base(metric), 2)} {base_unit(metric.unit)}",
            "year": str(metric.year),
            "section": metric.section,
            "quote": as_printed(metric.quote, report, data_dir),
        }
    )


def chosen_metric(
    metric_id: str | None, metrics: pd.DataFrame, label: str, report: str, data_dir: Path
) -> tuple[Metric | None, str]:
    """The claim to look up (None: the report's first) and '' — or None and one line if the report lacks `metric_id`."""
    if metric_id is None:
        metric_id = str(metrics["metric_id"].iloc[0])
    metric = find_metric(metric_id, report, data_dir)
    if metric is not None:
        return metric, ""
    return None, f"{label} states no figure {metric_id!r}; its first claims are " + ", ".join(
        metrics["metric_id"].head(5)
    )


def claims_by_kind(metrics: pd.DataFrame) -> pd.DataFrame:
    """How many claims of each kind, most first, the kind named for a reader."""
    counts = metrics["kind"].map(lambda kind: KIND_NAMES.get(kind, kind)).value_counts()
    return counts.rename("claims (个)").rename_axis("kind of claim").to_frame()


def bounded_claims(metrics: pd.DataFrame, report: str, data_dir: Path) -> pd.DataFrame:
    """The claims printed with a marker (余, 超, 近, 约 …), what it says about the true value, and the quote as printed."""
    bounded = metrics[metrics["qualifier"] != ""]
    return pd.DataFrame(
        {
            "marker": bounded["qualifier"].to_numpy(),
            "the true value is": bounded["qualifier"].map(lambda q: BOUND_WORDS[BOUNDS[q]]).to_numpy(),
            "quote": [as_printed(str(quote), report, data_dir) for quote in bounded["quote"]],
        },
        index=pd.Index(bounded["metric_id"], name=CLAIM_ID),
    )


def no_bounds_line(label: str, metrics: pd.DataFrame) -> str:
    """One line when the report prints no bound marker ('' when it prints one)."""
    if (metrics["qualifier"] != "").any():
        return ""
    return (
        f"{label} prints no marker of a bound or an approximation (余, 超, 近, 约 …): each figure is taken as printed."
    )


def one_section_line(label: str, metrics: pd.DataFrame) -> str:
    """One line when every claim is filed under one section, so a chart by section says nothing ('' otherwise)."""
    sections = list(dict.fromkeys(metrics["section"]))
    if len(sections) > 1:
        return ""
    why = " (the whole text: it prints no headings)" if sections == [WHOLE_TEXT] else ""
    return f"{label} files all {len(metrics)} claims under one section, {sections[0]}{why}."


def claims_by_section(metrics: pd.DataFrame) -> pd.DataFrame:
    """Claims counted by section (as printed) and kind, with a total; most claims first."""
    kinds = metrics.assign(kind=metrics["kind"].map(lambda kind: KIND_NAMES.get(kind, kind)))
    table = kinds.pivot_table(index="section", columns="kind", values="metric_id", aggfunc="count", fill_value=0)
    table = table[[name for name in KIND_NAMES.values() if name in table.columns]]
    table["total"] = table.sum(axis=1)
    table = table.reset_index().sort_values(["total", "section"], ascending=[False, True]).set_index("section")
    table.columns.name = "claims (个) by kind"
    return table


def claims_by_section_chart(by_section: pd.DataFrame, title: str, source: str) -> Figure:
    """A stacked bar per section: its claims by kind (the table of `claims_by_section`)."""
    fig, ax = plt.subplots(figsize=(9, 5))
    order = by_section.sort_values("total")
    left = pd.Series(0, index=order.index)
    for kind in [column for column in order.columns if column != "total"]:
        ax.barh(order.index, order[kind], left=left, label=kind)
        left = left + order[kind]
    ax.set_title(title)
    ax.set_xlabel("number of claims (个)")
    ax.set_ylabel("section of the report (as printed)")
    ax.legend(title="kind of claim", loc="lower right")
    add_source_line(fig, source)
    return fig


def chosen_section(section: str | None, metrics: pd.DataFrame) -> str:
    """The section to show in full: `section`, or the report's first (as printed) when None."""
    return str(metrics["section"].iloc[0]) if section is None else section


def absent_section_line(label: str, section: str, metrics: pd.DataFrame) -> str:
    """One line for a section heading the report does not use, naming those it does ('' if it uses it)."""
    sections = list(dict.fromkeys(metrics["section"]))
    if section in sections:
        return ""
    return f"{label} files no claim under {section!r}; its sections: " + ", ".join(sections)


def section_claims(metrics: pd.DataFrame, section: str, report: str, data_dir: Path) -> pd.DataFrame:
    """Every claim filed under `section`: the figure as printed and its quote as printed (no rows if none)."""
    ids = metrics.loc[metrics["section"] == section, "metric_id"]
    return pd.DataFrame(
        {
            "figure as printed": [get_metric(i, report, data_dir).label() for i in ids],
            "quote": [as_printed(get_metric(i, report, data_dir).quote, report, data_dir) for i in ids],
        },
        index=pd.Index(ids, name=CLAIM_ID),
    )


def unit_example_ids(metrics: pd.DataFrame, data_dir: Path, count: int = UNIT_EXAMPLE_COUNT) -> list[str]:
    """The first claim in each unit that converts (a factor other than 1: 亿元, 万人 …), up to `count`, in report order."""
    factors = unit_table(data_dir)["factor"].astype(float)
    converting = metrics[metrics["unit"].map(lambda unit: factors.get(unit, 1.0) != 1.0)]
    return [str(metric_id) for metric_id in converting.drop_duplicates("unit")["metric_id"].head(count)]


def no_unit_examples_line(label: str, ids: Sequence[str]) -> str:
    """One line when there is no example to convert ('' when there is)."""
    return "" if ids else f"{label} prints no figure in a unit that converts (亿元, 万人 …): each is in its base unit."


def unit_examples(ids: Sequence[str], report: str, data_dir: Path) -> pd.DataFrame:
    """Example claims in their printed and base units; an id the report does not state shows as missing."""
    found = [find_metric(i, report, data_dir) for i in ids]
    return pd.DataFrame(
        {
            "figure as printed": [fmt(None) if m is None else m.label() for m in found],
            "in base units": [fmt(None if m is None else _in_base(m), 2) for m in found],
            "base unit": [fmt(None) if m is None else base_unit(m.unit) for m in found],
        },
        index=pd.Index(list(ids), name=CLAIM_ID),
    )


def outside_by_entity(external: pd.DataFrame) -> pd.DataFrame:
    """Outside figures per entity, and how many of them are arithmetic on a stated figure; most first."""
    table = external.groupby("entity").agg(
        **{"figures (个)": ("value", "size"), "derived by arithmetic (个)": ("derived", "sum")}
    )
    return table.reset_index().sort_values(["figures (个)", "entity"], ascending=[False, True]).set_index("entity")


def source_class(kind: str, classes: Mapping[str, Sequence[str]]) -> str:
    """The class of a free-text source description: the first class with one of its words in it, else unclassified."""
    text = kind.lower()
    return next((name for name, words in classes.items() if any(word in text for word in words)), UNCLASSIFIED)


def sources_by_class(external: pd.DataFrame, classes: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Outside figures and distinct links per source class, with each class's share of the figures; most first."""
    classed = external.assign(
        source_class=external["source_kind"].map(lambda kind: source_class(kind, classes)),
        link=external["source_address"].map(_link),
    )
    table = classed.groupby("source_class").agg(
        **{"figures (个)": ("value", "size"), "distinct links (个)": ("link", "nunique")}
    )
    table["share of figures (%)"] = table["figures (个)"] / len(external) * 100
    table = table.reset_index().sort_values(["figures (个)", "source_class"], ascending=[False, True])
    return table.set_index("source_class").rename_axis("source class")


def source_descriptions(external: pd.DataFrame, classes: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Each free-text source description as recorded, the class the rule gives it, and its figures."""
    classed = external.assign(**{"source class": external["source_kind"].map(lambda kind: source_class(kind, classes))})
    table = classed.groupby(["source class", "source_kind"]).agg(**{"figures (个)": ("value", "size")})
    return table.rename_axis(["source class", "source description (as recorded)"])


def address_kind(address: str) -> str:
    """What a source address is: a page address, a bare domain (a site's home, not a page), or no URL at all."""
    link = urlsplit(address.split()[0] if address.strip() else "")
    if link.scheme not in ("http", "https") or not link.netloc:
        return DESCRIPTION_ONLY
    return PAGE_ADDRESS if link.path.strip("/") or link.query else BARE_DOMAIN


def _link(address: str) -> str:
    """The address's URL (its first word) if it has one; else the whole description."""
    return address.split()[0] if address_kind(address) != DESCRIPTION_ONLY else address


def addresses_by_kind(external: pd.DataFrame) -> pd.DataFrame:
    """Outside figures and distinct links by what their address is: page, bare domain, description only."""
    kinds = external.assign(
        kind=external["source_address"].map(address_kind), link=external["source_address"].map(_link)
    )
    table = kinds.groupby("kind").agg(**{"figures (个)": ("value", "size"), "distinct links (个)": ("link", "nunique")})
    order = [k for k in (PAGE_ADDRESS, BARE_DOMAIN, DESCRIPTION_ONLY) if k in table.index]
    return table.loc[order].rename_axis("the address is")


def non_page_addresses(external: pd.DataFrame) -> pd.DataFrame:
    """The outside figures whose address is not a page a reader can open, with what it is and says."""
    rows = external[external["source_address"].map(address_kind) != PAGE_ADDRESS]
    return pd.DataFrame(
        {
            "the address is": rows["source_address"].map(address_kind).to_numpy(),
            "source address": rows["source_address"].to_numpy(),
        },
        index=pd.MultiIndex.from_frame(rows[["entity", "indicator", "year"]]),
    )


def shared_sentences(external: pd.DataFrame, same_as_above: str) -> pd.DataFrame:
    """Rows quoting only `same_as_above` (同上), each with the sentence of the nearest earlier row from its address."""

    def pointed_to(row: pd.Series) -> str:
        earlier = external[
            (external["line"] < row["line"])
            & (external["source_address"] == row["source_address"])
            & (external["quoted_sentence"] != same_as_above)
        ]
        return str(earlier["quoted_sentence"].iloc[-1]) if len(earlier) else "missing: no earlier row from this address"

    rows = external[external["quoted_sentence"] == same_as_above]
    return pd.DataFrame(
        {"sentence it points to": [pointed_to(row) for _, row in rows.iterrows()]},
        index=pd.MultiIndex.from_frame(rows[["entity", "indicator", "year"]]),
    )


def derived_figures(external: pd.DataFrame) -> pd.DataFrame:
    """The outside figures that are arithmetic on a stated figure, with the arithmetic."""
    rows = external[external["derived"]]
    return pd.DataFrame(
        {
            "value": rows["value"].to_numpy(),
            "unit": rows["unit"].to_numpy(),
            "derived from": rows["derived_from"].to_numpy(),
        },
        index=pd.MultiIndex.from_frame(rows[["entity", "indicator", "year"]]),
    )


def outside_query(
    info: ReportInfo,
    external: pd.DataFrame,
    entities: Sequence[str] | None,
    indicator: str,
    year: int | None,
    basis: str,
    data_dir: Path,
) -> tuple[list[str], int]:
    """The lookup's entities and year: the report's city and province in its year where the parameters are None.

    A parameter naming an entity (other than the report's own places), indicator, year or basis that
    external_figures.csv has in no row stops here.
    """
    file = external_file(data_dir)
    places = set(external["entity"]) | {info.district, info.city, info.province}
    check_parameters({"OUTSIDE_ENTITIES": list(entities or [])}, places, file, "entity")
    check_parameters({"OUTSIDE_INDICATOR": [indicator]}, set(external["indicator"]), file, "indicator")
    check_parameters({"OUTSIDE_YEAR": [] if year is None else [year]}, set(external["year"]), file, "year")
    check_parameters({"OUTSIDE_BASIS": [basis]}, set(external["basis"]), file, "basis")
    named = [e for e in (info.city, info.province) if e] if entities is None else list(entities)
    return named, info.year if year is None else year


def no_outside_line(lookup: pd.DataFrame) -> str:
    """One line naming the entities the lookup found no figure for ('' if it found one for each)."""
    column = lookup.columns[0]
    absent = [str(entity) for entity, unit in lookup["unit"].items() if unit == ""]
    if not absent:
        return ""
    return f"Missing: external_figures.csv has no {column.rsplit(' (', 1)[0]} for {' or '.join(absent)}."


def outside_lookup(entities: Sequence[str], indicator: str, year: int, basis: str, data_dir: Path) -> pd.DataFrame:
    """One outside figure per entity (missing where the data have none), with its unit, source kind and address."""
    rows = [outside_row(entity, indicator, year, basis, data_dir) for entity in entities]
    units = sorted({str(row["unit"]) for row in rows if row is not None})
    column = f"{indicator} {year} ({' / '.join(units) or 'unit: no figure found'})"
    return pd.DataFrame(
        {
            column: [math.nan if row is None else float(row["value"]) for row in rows],
            "unit": ["" if row is None else str(row["unit"]) for row in rows],
            "source description": ["" if row is None else str(row["source_kind"]) for row in rows],
            "source address": ["" if row is None else str(row["source_address"]) for row in rows],
        },
        index=pd.Index(list(entities), name="entity"),
    )


@dataclass(frozen=True)
class PerHead:
    """The report's payment total over its head count: yuan a head, what bound that is, and the index's verdict."""

    paid: Metric
    people: Metric
    a_year: float  # yuan a head a year
    bound: str  # what the per-head amount is: 'exact', 'lower', 'upper', 'approximate' or 'not bounded'
    floor: float  # ASSUMPTION: the least paid a head a month (yuan)
    floor_range: tuple[float, float]
    verdict: str
    reason: str
    verdicts_in_range: tuple[str, str]  # the verdict at each end of the floor's range

    @property
    def a_month(self) -> float:
        """Yuan a head a month, if the count is of people."""
        return self.a_year / MONTHS

    @property
    def a_person_month(self) -> float:
        """Yuan a person-month, if the count is of person-months (the report does not say what it counts)."""
        return per_head_yuan(self.paid.value, self.people.value)


def ratio_bound(numerator: str, denominator: str) -> str:
    """What a ratio of two bounded figures is: at least ('lower'), at most ('upper'), 'exact', or neither.

    A total that is at least its value over a count that is exact gives at least; over a count that is at
    least its value (余), at most. 'approximate' in, 'approximate' out; two bounds pulling apart give 'not bounded'.
    """
    sign = {"exact": 0, "lower": 1, "upper": -1}
    if numerator not in sign or denominator not in sign:
        return "approximate"
    top, bottom = sign[numerator], -sign[denominator]
    if top * bottom < 0:
        return "not bounded"
    return {1: "lower", -1: "upper", 0: "exact"}[top or bottom]


def allowance_figures(report: str, data_dir: Path) -> tuple[Metric, Metric] | None:
    """The report's 低保 total paid (万元) and people helped (万人), or None if it lacks either (or prints other units)."""
    if not all(has_metric(metric_id, report, data_dir) for metric_id in ALLOWANCE_METRICS):
        return None
    paid, people = (get_metric(metric_id, report, data_dir) for metric_id in ALLOWANCE_METRICS)
    return (paid, people) if (paid.unit, people.unit) == ALLOWANCE_UNITS else None


def per_head_check(paid: Metric, people: Metric, floor: float, floor_range: tuple[float, float]) -> PerHead:
    """The payment per head a year and month, its bound, and the verdict at the assumed floor and its range's ends."""
    lower = people.bound == "lower"
    verdict, reason = per_head_verdict(paid.value, people.value, floor, count_is_lower_bound=lower)
    at_ends = tuple(per_head_verdict(paid.value, people.value, end, lower)[0] for end in floor_range)
    return PerHead(
        paid,
        people,
        per_head_yuan(paid.value, people.value),
        ratio_bound(paid.bound, people.bound),
        floor,
        floor_range,
        verdict,
        reason,
        (at_ends[0], at_ends[1]),
    )


def _bound_note(metric: Metric) -> str:
    return BOUND_WORDS[metric.bound] + (f" ({metric.qualifier})" if metric.qualifier else "")


PEOPLE_YEAR = "as people: paid a head a year"
PEOPLE_MONTH = "as people: paid a head a month"
PERSON_MONTH = "as person-months: paid a person-month"
FLOOR_ROW = "least paid a recipient a month (an assumption)"


def per_head_table(check: PerHead, report: str, data_dir: Path) -> pd.DataFrame:
    """The plausibility check as a table: the two printed figures (quotes as printed), the amount under each reading
    of the count (people or person-months), the assumed floor and the index page's verdict."""
    ratio = BOUND_WORDS.get(check.bound, check.bound)
    low, high = check.floor_range
    paid, people = check.paid, check.people
    rows = [
        (f"{paid.name_en}, {paid.name_zh}", fmt(paid.value), paid.unit, _bound_note(paid), as_printed(paid.quote, report, data_dir)),
        (f"{people.name_en}, {people.name_zh}", fmt(people.value), people.unit, _bound_note(people), as_printed(people.quote, report, data_dir)),
        (PEOPLE_YEAR, fmt(check.a_year, 0), "yuan", ratio, "the total paid over the count"),
        (PEOPLE_MONTH, fmt(check.a_month, 0), "yuan", ratio, "the year's amount over 12 months"),
        (PERSON_MONTH, fmt(check.a_person_month, 0), "yuan", ratio, "the total paid over the count"),
        (FLOOR_ROW, fmt(check.floor, 0), "yuan", f"range tried {fmt(low, 0)}–{fmt(high, 0)}", "assumed"),
        ("the index page's verdict", check.verdict, "", "", check.reason),
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=["figure", "value", "unit", "bound", "from"]).set_index("figure")
    table.insert(0, "year", [str(paid.year), str(people.year), *[str(paid.year)] * 3, "", ""])
    return table


def missing_allowance_line(label: str) -> str:
    """The plausibility check's one line when the report lacks the 低保 total or head count."""
    return (
        f"{label} does not state both a 低保 total paid (万元) and the count it helped (万人): nothing to check here."
    )


def claims_sentence(label: str, metrics: pd.DataFrame) -> str:
    """How many claims, in how many sections, how traceable, and how many are lower or upper bounds or approximate."""
    quoted = int((metrics["quote"].str.len() > 0).sum())
    bounded = metrics.loc[metrics["qualifier"] != "", "qualifier"]
    stored = "each is" if quoted == len(metrics) else f"{quoted} of them are"
    sections = metrics["section"].nunique()
    where = f"in {sections} sections" if sections > 1 else f"under one section, {metrics['section'].iloc[0]}"
    bounds = (
        f"{len(bounded)} {'carries a marker' if len(bounded) == 1 else 'carry a marker'}: {marker_counts(bounded)}."
        if len(bounded)
        else "None carries a marker of a bound or an approximation: each is taken as printed."
    )
    return (
        f"{label} makes {len(metrics)} numeric claims {where}; {stored} stored with the sentence that states it, "
        f"found in the report text on every load. {bounds}"
    )


def marker_counts(qualifiers: pd.Series) -> str:
    """The marked figures counted by what their marker makes them: '12 lower bounds (余, 超), 1 approximate (约)'."""
    parts = []
    for kind, (one, many) in MARKER_KINDS.items():
        markers = [marker for marker in BOUNDS if BOUNDS[marker] == kind and marker in set(qualifiers)]
        count = int(qualifiers.isin(markers).sum())
        if count:
            parts.append(f"{count} {one if count == 1 else many} ({', '.join(markers)})")
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def copies_sentence(by_class: pd.DataFrame, copy_class: str, own_class: str) -> str:
    """How much of the outside data rests on secondary copies, and how little on the publisher's own pages."""
    counts = by_class["figures (个)"]
    total = int(counts.sum())
    copies, own = int(counts.get(copy_class, 0)), int(counts.get(own_class, 0))
    lead = "Most outside figures rest" if copies > total / 2 else "Fewer than half the outside figures rest"
    others = [f"{int(n)} from a {name}" for name, n in counts.items() if name not in (copy_class, own_class)]
    return (
        f"{lead} on secondary copies: {copies} of {total} ({copies / total:.0%}) come from a {copy_class}, "
        + "".join(f"{other}, " for other in others)
        + f"and {own} from the {own_class}, as classed by words in each row's free-text source description."
    )


def addresses_sentence(addresses: pd.DataFrame) -> str:
    """How many outside figures a reader can open at a page address, and how many only name a site or a document."""
    counts = addresses["figures (个)"]
    pages, total = int(counts.get(PAGE_ADDRESS, 0)), int(counts.sum())
    bare, described = int(counts.get(BARE_DOMAIN, 0)), int(counts.get(DESCRIPTION_ONLY, 0))
    if pages == total:
        return f"All {total} outside figures give a page address (not opened here)."
    return (
        f"{pages} of {total} outside figures give a page address (not opened here); {bare} give only "
        f"a site's home address and {described} only a document's name, so no link leads to their sentence."
    )


def per_head_sentence(check: PerHead | None, label: str) -> str:
    """The plausibility check in one sentence: the amount a head a month if the count is of people, a person-month if
    it is of person-months (the report does not say which), each against the assumed floor."""
    if check is None:
        return missing_allowance_line(label)
    bound = {"exact": "", "lower": "at least ", "upper": "at most "}.get(check.bound, "about ")
    floor = f"an assumed floor of ¥{fmt(check.floor, 0)}"
    paid = f"{check.paid.label()} paid over {check.people.label()} in {check.paid.year}"
    people = f"{bound}¥{fmt(check.a_month, 0)} a head a month"
    if check.a_month >= check.floor:
        return f"The report's 低保 figures fit a count of people: {paid} is {people}, above {floor}."
    months = f"{bound}¥{fmt(check.a_person_month, 0)} a person-month"
    fits = "which fits that reading" if check.a_person_month >= check.floor else "also below it"
    return (
        f"The 低保 count's unit (people, person-times, person-months) is not stated: {paid} is {people} "
        f"as people, below {floor}, but {months}, {fits}."
    )


def person_month_fit(check: PerHead) -> str:
    """Where the amount a person-month lies against the floor's range of values."""
    low, high = check.floor_range
    amount = check.a_person_month
    where = (
        "above the whole range" if amount >= high else "below the whole range" if amount < low else "within the range"
    )
    return f"the amount a person-month, ¥{fmt(amount, 0)}, is {where}"


def tour_caveats(
    check: PerHead | None, unclassified: int, same_as_above: int, derived: int, markers: Sequence[str]
) -> pd.DataFrame:
    """The assumptions and caveats table under the findings: each said once, with its value, range and effect."""
    meanings = "; ".join(
        f"{', '.join(m for m in BOUNDS if m in markers and BOUNDS[m] == bound)}: {BOUND_WORDS[bound]}"
        for bound in ("lower", "upper", "approximate")
        if any(BOUNDS[m] == bound for m in markers)
    )
    rows: list[Caveat] = []
    if check is not None:
        low, high = check.floor_range
        same = check.verdicts_in_range[0] == check.verdicts_in_range[1]
        verdict = (
            f"the index page's verdict is '{check.verdicts_in_range[0]}' across the range"
            if same
            else f"the index page's verdict is '{check.verdicts_in_range[0]}' at ¥{fmt(low, 0)} and '{check.verdicts_in_range[1]}' at ¥{fmt(high, 0)}"
        )
        effect = f"{verdict}; {person_month_fit(check)}"
        rows.append(
            Caveat(
                "an assumption: the least a 低保 recipient is paid a month",
                f"¥{fmt(check.floor, 0)}",
                f"¥{fmt(low, 0)}–{fmt(high, 0)}",
                effect,
            )
        )
    rows += [
        Caveat("markers of bounds and approximations", meanings or "none in this report", NOT_VARIED, "a marked figure is compared as a bound (or as approximate); a ratio over a lower-bound count is an upper bound"),
        Caveat("source class of an outside figure", "the first class whose words appear in the row's free-text source description", NOT_VARIED,
         f"a description saying 'quoted' counts as a copy, whatever it quotes; not checked page by page; {unclassified} unclassified"),
        Caveat("page address", "an http(s) URL with a path", NOT_VARIED, "a bare domain or a document's name is not counted as a page"),
        Caveat("rows quoting only 同上 (same as above)", f"{same_as_above} rows", NOT_VARIED, "their sentence is the nearest earlier row's from the same address"),
        Caveat("outside figures derived by arithmetic", f"{derived} rows", NOT_VARIED, "not printed in their source: the arithmetic on a stated figure is in the row"),
    ]  # fmt: skip
    return caveat_table(rows)
