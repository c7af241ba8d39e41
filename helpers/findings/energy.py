"""Findings of the energy, PV and air-quality analysis (notebook 03) and its assumptions-and-caveats table.

Plain functions of the numbers the notebook computed: the sentences change when the data do, and a missing
figure (NaN) is said to be missing, never compared.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from helpers.analysis.air_quality import days_in_year, good_day_share
from helpers.analysis.comparison import compare
from helpers.data.loading import (
    Metric,
    external_file,
    get_metric,
    load_external,
    load_metrics,
    outside_row,
    outside_value,
)
from helpers.data.report_text import WHOLE_TEXT, as_printed, section_sentences
from helpers.findings.common import NOT_VARIED, Caveat, caveat_table, states_no
from helpers.findings.parameters import check_parameters

if TYPE_CHECKING:
    from IPython.display import Markdown
    from matplotlib.figure import Figure

GRID_FACTOR = "电力平均二氧化碳排放因子"
BASES = {"扣除原料用能和非化石能源消费量": "on the basis that excludes feedstock and non-fossil energy"}


def fall_sentence(decline: Metric, report: str, data_dir: Path) -> str:
    """The report's sentence holding the energy-intensity fall (its quote alone if no sentence holds it)."""
    sentences = section_sentences(decline.section, report, data_dir, _sections(report, data_dir))
    return next((s for s in sentences if decline.quote in s), decline.quote)


def _sections(report: str, data_dir: Path) -> set[str]:
    """The report's headings that its metrics are filed under (they bound each other's sections)."""
    return set(load_metrics(report, data_dir)["section"])


def national_air(entity: str, indicator: str, year: int, data_dir: Path, gaps: list[str]) -> tuple[str, float]:
    """China's average share of good-air days for scale: its row's name (with its basis) and value, NaN if missing."""
    row = outside_row(entity, indicator, year, data_dir=data_dir, gaps=gaps)
    name = f"{entity} average" + ("" if row is None else f", {row['basis']}") + " (for scale)"
    return name, math.nan if row is None else float(row["value"])


def lacking_bullets(missing: Sequence[str], analysed: bool, report: str, data_dir: Path) -> list[str]:
    """The findings' one bullet on what the report does not state (none if it states everything looked for)."""
    consequence = "" if analysed else "nothing in this notebook can be worked out from it"
    line = states_no(missing, report, data_dir, consequence=consequence)
    return [line] if line else []


def grid_factors(
    entities: Sequence[str | None], years: Sequence[int], province: str, data_dir: Path, gaps: list[str]
) -> dict[str, float]:
    """Average grid CO2 factors (kgCO2/kWh) by 'entity year'. None stands for the report's province, whose missing
    factor is listed in `gaps`; a named entity or year the data lack stops (ParameterContradiction naming the parameter,
    the value and the file).
    """
    outside = load_external(data_dir)
    rows, file = outside[outside["indicator"] == GRID_FACTOR], external_file(data_dir)
    named = [e for e in entities if e is not None]
    check_parameters({"GRID_FACTOR_ENTITIES": named}, set(rows["entity"]), file, f"entity (for {GRID_FACTOR})")
    for entity in named:
        have = set(rows.loc[rows["entity"] == entity, "year"])
        check_parameters({"GRID_FACTOR_YEARS": years}, have, file, f"year (for {entity} {GRID_FACTOR})")
    factors: dict[str, float] = {}
    for entity in [province if e is None else e for e in entities]:
        for year in years:
            value = outside_value(entity, GRID_FACTOR, year, data_dir=data_dir, gaps=gaps)
            if not math.isnan(value):
                factors[f"{entity} {year}"] = value
    return factors


def factor_sources(factors: Mapping[str, float]) -> tuple[list[str], list[int]]:
    """The entities and years of the grid factors used (labels 'entity year' from `grid_factors`)."""
    pairs = [label.rsplit(" ", 1) for label in factors]
    return list(dict.fromkeys(e for e, _ in pairs)), sorted({int(y) for _, y in pairs})


def _pct(value: float, signed: bool = False) -> str:
    """A percentage as text, one decimal ('12.6%'; '+7.9%' signed)."""
    return f"{value:+.1f}%" if signed else f"{value:.1f}%"


def claim_sentence(fall_pct: float, claim_made: bool, claim_words: str, plan_name: str, base_year: int) -> str:
    """The verdict on the intensity claim: cannot be checked; if cumulative, it implies a district target ≤ the fall."""
    if not claim_made:
        return (
            f"The report states a {fall_pct:g}% fall in energy intensity but no claim about its {plan_name} target; "
            "with its period not stated, the fall is set beside China's only."
        )
    return (
        f"The claim that intensity fell {fall_pct:g}%, meeting the {plan_name} target early ({claim_words}), "
        "cannot be checked here: neither the period nor the district's target is stated. "
        f"If cumulative since {base_year}, it implies a district target of at most {fall_pct:g}%; "
        "the district's plan would settle it."
    )


def national_sentence(
    fall_pct: float,
    period: str,
    national_fall_pct: float,
    basis: str,
    year: int,
    national_year_fall_pct: float,
) -> str:
    """The district's fall beside China's over the same years, naming China's basis, and, read as one year, beside
    China's that year.
    """
    if math.isnan(national_fall_pct):
        cumulative = f"Read as {period}, the {fall_pct:g}% fall has no national comparator: China's is missing"
    else:
        word = compare(fall_pct, national_fall_pct, "larger than", "smaller than", "the same as")
        cumulative = (
            f"Read as {period}, the {fall_pct:g}% fall is {word} China's {_pct(national_fall_pct)} "
            f"{basis_words(basis)}; the district's basis is not stated, so the two may not be measured alike"
        )
    if math.isnan(national_year_fall_pct):
        return cumulative + f". China's {year} fall is missing."
    ratio = fall_pct / national_year_fall_pct
    return f"{cumulative}. As {year} alone, it is {ratio:.1f} times China's {_pct(national_year_fall_pct)}."


def basis_words(basis: str) -> str:
    """China's basis in plain English where it is a known one ('on the basis that excludes ...'), else as stated."""
    return BASES.get(basis, f"on the basis {basis}" if basis else "on a basis not stated")


def energy_use_sentence(
    period: str,
    gdp_range: tuple[float, float],
    use_range: tuple[float, float],
    break_even_pct: float,
    central: tuple[str, float, float] | None,
) -> str:
    """What the fall implies for total energy use over `period` (its years): the central case (label, growth % a
    year, energy use %) where there is one, and the assumed range of real GDP growth.
    """
    low, high = sorted(use_range)
    span = f"{_pct(low, True)} to {_pct(high, True)}"
    flat = f"{break_even_pct:.2f}% a year would leave it flat."
    if central is None:
        return (
            f"Total energy use over {period} would have changed by {span} if real GDP grew an assumed "
            f"{gdp_range[0]:g}–{gdp_range[1]:g}% a year (the report gives no rate for the period); growth of {flat}"
        )
    label, growth, use = central
    moved = "stayed flat" if use == 0 else f"{'risen' if use > 0 else 'fallen'} {_pct(abs(use))}"
    return (
        f"Total energy use over {period} would have {moved} if real GDP grew {growth:g}% a year (central case: "
        f"{label}); {span} over an assumed range of {gdp_range[0]:g}–{gdp_range[1]:g}% a year; {flat}"
    )


def pv_sentence(
    capacity: str,
    year: int,
    co2_range: tuple[float, float],
    hours_range: tuple[float, float],
    factor_years: Sequence[int],
) -> str:
    """CO2 avoided by the new PV, with the assumptions it rests on."""
    return (
        f"The {capacity} of new PV (光伏) added in {year} would avoid about {co2_range[0]:,.0f}–{co2_range[1]:,.0f} t "
        f"of CO2 per full year of operation, assuming {hours_range[0]:,.0f}–{hours_range[1]:,.0f} full-load hours "
        f"a year and average grid factors of {min(factor_years)}–{max(factor_years)}."
    )


def air_sentence(
    district: str,
    year: int,
    days: float,
    previous_days: float,
    city: str,
    target: tuple[int, float],
    needed_days: float,
) -> str:
    """Good-air days: the share of the year, the change (where stated), and the days the city's target share would
    need.
    """
    share = good_day_share(days, year)
    before = "" if math.isnan(previous_days) else f"; {previous_days:g} in {year - 1}"
    start = f"{district} had {days:g} good-air days in {year} ({share:.1f}% of {days_in_year(year)} days{before})"
    target_year, target_share = target
    if math.isnan(target_share):
        return f"{start}; {city}'s {target_year} target share is missing."
    more = needed_days - days
    reach = (
        f"{more:g} more than in {year}"
        if more > 0
        else f"{'as many' if more == 0 else f'{-more:g} fewer'} than in {year}"
    )
    return (
        f"{start}. {city}'s target for the city is {target_share:g}% in {target_year}, which "
        f"{needed_days:g} of {days_in_year(target_year)} days would meet: {reach}."
    )


def period_caveat(periods: Sequence[str], year: int) -> Caveat:
    """The period of the fall is not stated: the reading used, the others tried."""
    return Caveat(
        "period of the fall (the report does not state it)",
        periods[0],
        "; ".join([*periods[1:], f"{year} alone"]),
        "the pace, the comparison with China and the energy-use range; not the verdict",
    )


def target_caveat(targets: Mapping[str, float], floors: Mapping[str, bool], plan: tuple[int, int]) -> Caveat:
    """The targets compared belong to larger areas, not to the district."""
    listed = ", ".join(
        f"{entity} {'missing' if math.isnan(t) else _pct(-t)}{' or more' if floors.get(entity) else ''}"
        for entity, t in targets.items()
    )
    return Caveat(
        "the targets shown are not the district's",
        f"{listed} by {plan[1]}, against {plan[0]}",
        NOT_VARIED,
        "nothing is judged against them: a city divides its target among its districts, not necessarily equally",
    )


def basis_caveat(basis: str, pv_energy: tuple[float, float] | None = None) -> Caveat:
    """The district's basis is not stated; under China's stated basis non-fossil power leaves the energy total.
    `pv_energy` (low, high, tce a year) sizes the new PV's output as energy, where the report states the PV.
    """
    size = (
        ""
        if pv_energy is None
        else f"; the new PV's assumed output is {pv_energy[0]:,.0f}–{pv_energy[1]:,.0f} t of standard coal "
        "equivalent a year (see the conversion row), but the district's total energy use is not in the data, so "
        "the share of the fall it could explain cannot be computed here"
    )
    return Caveat(
        "basis of the district's fall (not stated)",
        f"set beside China's, {basis_words(basis)}",
        NOT_VARIED,
        "a basis excluding non-fossil energy leaves PV out of energy use, so adding PV lowers measured intensity "
        "even where total energy use does not fall" + size,
    )


def national_caveat(total_pct: float, parts: Mapping[str, float]) -> Caveat:
    """China's fall over the district's period, compounded from the outturns of two releases."""
    listed = ", then ".join(f"{_pct(-v)} in {period}" for period, v in parts.items())
    return Caveat(
        "China's fall over the same years (compounded)",
        f"{_pct(-total_pct)}: {listed}" if not math.isnan(total_pct) else "missing",
        NOT_VARIED,
        "the comparator of the cumulative reading; revised outturns may differ",
    )


def constant_pace_caveat() -> Caveat:
    """Paces assume a constant rate between the base year and the end year, the only years that are data."""
    return Caveat(
        "constant yearly pace (assumption)",
        "one rate from the base year to each end year",
        NOT_VARIED,
        "the paces and the target paths in the chart; not the cumulative falls",
    )


def intensity_caveats(
    periods: Sequence[str],
    year: int,
    targets: tuple[Mapping[str, float], Mapping[str, bool]],
    plan: tuple[int, int],
    basis: str,
    national: tuple[float, Mapping[str, float]],
    pv_energy: tuple[float, float] | None = None,
) -> list[Caveat]:
    """The caveats of the intensity section: period, whose targets, basis, China's compounded fall, constant pace."""
    return [
        period_caveat(periods, year),
        target_caveat(*targets, plan),
        basis_caveat(basis, pv_energy),
        national_caveat(*national),
        constant_pace_caveat(),
    ]


def gdp_caveat(
    gdp_range: tuple[float, float],
    central: tuple[str, float, float] | None,
    context: Mapping[str, float],
    use: tuple[str, float, float],
) -> Caveat:
    """The district's real GDP growth: the central case (label, % a year, energy use %) and an assumed range, with
    the data's rates beside it and the years they lack; `use` is (period, low, high) total energy use.
    """
    known = "; ".join(f"{name}: {v:g}%" for name, v in context.items() if not math.isnan(v))
    lacking = ", ".join(name for name, v in context.items() if math.isnan(v))
    period, low, high = use[0], *sorted(use[1:])
    bounds = f"{gdp_range[0]:g}–{gdp_range[1]:g}% a year"
    in_data = f"in the data: {known or 'no rate'}" + (f"; none for {lacking}" if lacking else "")
    at_centre = "" if central is None else f"{_pct(central[2], True)} at the central case, "
    return Caveat(
        "real GDP growth of the district over the period (assumption)",
        f"{bounds}, constant" if central is None else f"{central[1]:g}% a year (central case: {central[0]})",
        f"{bounds}, bounds assumed, not estimated ({in_data})",
        f"total energy use over {period}: {at_centre}{_pct(low, True)} to {_pct(high, True)} over the range; "
        "not narrowed, as the data hold no rate for some years of the period",
    )


def growth_context(entity: str, years: Sequence[int], data_dir: Path) -> dict[str, float]:
    """`entity`'s real GDP growth rates (%) in `years` from the outside data, NaN where missing: context for the range."""
    return {f"{entity} {y}": outside_value(entity, "地区生产总值增速", y, data_dir=data_dir) for y in years}


def pv_energy_caveat(factors: Mapping[str, float], energy: tuple[float, float]) -> Caveat:
    """Converting PV power to energy (standard coal equivalent): an assumption between the named factors."""
    listed = " to ".join(f"{v:g} kgce/kWh ({name})" for name, v in factors.items())
    return Caveat(
        "converting the new PV's power to energy (assumption)",
        "both ends of the range",
        listed,
        f"the new PV's output as energy: {energy[0]:,.0f}–{energy[1]:,.0f} t of standard coal equivalent a year",
    )


def pv_caveats(
    hours: tuple[float, float, float],
    co2_range: tuple[float, float],
    factors: Mapping[str, float],
    sources: tuple[Sequence[str], Sequence[int]],
) -> list[Caveat]:
    """The PV assumptions: full-load hours, average (not marginal) grid factors of `sources` (entities, years), a full
    year of operation.
    """
    low, central, high = hours
    return [
        Caveat(
            "full-load hours of the new PV (assumption; no official figure in the data)",
            f"{central:,.0f} h a year",
            f"{low:,.0f}–{high:,.0f} h a year",
            f"CO2 avoided: {co2_range[0]:,.0f}–{co2_range[1]:,.0f} t a year over hours and grid factors",
        ),
        Caveat(
            "average grid CO2 factor for the power PV displaces (assumption)",
            f"{' and '.join(sources[0])}, {min(sources[1])}–{max(sources[1])}",
            f"{min(factors.values()):.4f}–{max(factors.values()):.4f} kgCO2/kWh",
            "CO2 avoided; the plant PV actually displaces may emit more or less than the average",
        ),
        Caveat(
            "a full year of operation",
            "output per full year",
            NOT_VARIED,
            "capacity added during the year ran only part of it: that year's output was smaller",
        ),
    ]


def air_caveat(city: str, target: tuple[int, float], needed_days: float, year: int) -> Caveat:
    """The good-air target is the city's; shares use each year's own length."""
    target_year, share = target
    return Caveat(
        "the good-air target is the city's",
        f"{city} {'missing' if math.isnan(share) else f'{share:g}%'} in {target_year}"
        + ("" if math.isnan(needed_days) else f" ({needed_days:g} days)"),
        NOT_VARIED,
        f"set beside the district's share, not judged by it; shares use each year's length "
        f"({year}: {days_in_year(year)} days)",
    )


def leftovers_line(section: str) -> str | None:
    """Why a section's other claims are not listed (a text without headings: its environment claims cannot be told
    from the rest), or None where they are.
    """
    if section != WHOLE_TEXT:
        return None
    return "This report has no headings, so its other environment claims cannot be told apart from the rest of it."


def no_assumptions() -> str:
    """The line shown instead of the table when the report gave nothing to analyse, so no assumption was used."""
    return "No assumption was used: this report states none of the figures analysed here."


def assumptions_table(caveats: Sequence[Caveat], gaps: Sequence[str] = ()) -> pd.DataFrame:
    """The assumptions-and-caveats table under the findings, with one row per outside figure found missing."""
    missing = [Caveat("missing outside figure", gap, NOT_VARIED, "the comparison it feeds is not made") for gap in gaps]
    return caveat_table([*caveats, *missing])


def section_leftovers(
    section: str, analysed: Sequence[str], report: str, data_dir: Path
) -> tuple[pd.DataFrame, list[str]]:
    """A report section's claims not analysed elsewhere, and its sentences that carry no figure."""
    metrics = load_metrics(report, data_dir)
    in_section = metrics[metrics["section"] == section]
    others = in_section[~in_section["metric_id"].isin(list(analysed))]
    claims = pd.DataFrame(
        {
            "claim (中文)": others["name_zh"].tolist(),
            "claim": others["name_en"].tolist(),
            "value": [get_metric(m, report, data_dir).label() for m in others["metric_id"]],
            "quote": [as_printed(q, report, data_dir) for q in others["quote"]],
        }
    )
    quotes = in_section["quote"].tolist()
    in_text = section_sentences(section, report, data_dir, _sections(report, data_dir))
    sentences = [as_printed(s, report, data_dir) for s in in_text if not any(q in s for q in quotes)]
    return claims, sentences


# What each table or chart shows: printed with it, so a section without its figure shows its one line alone.
NOTES = {
    "fall": "The report's sentence with the energy-intensity fall: whether it makes the claim decides what is tested.",
    "targets": (
        "The report does not say which years its fall covers. The table reads it as cumulative since the plan's base "
        "year (to the report's year, or to the year before for an outturn reported late) and sets each reading beside "
        "the five-year targets: the district's pace at a constant rate, the pace each target needs, and the pace "
        "still needed by the plan's end year."
    ),
    "national": (
        "China's outturns over the same years, on the basis their sources state, the cumulative figure compounded "
        "from two releases. A claim of meeting a five-year target early is about the cumulative fall, but a "
        "district's intensity can move much more in one year than the country's, so China's figures for the "
        "report's year are here too."
    ),
    "path": (
        "For the district only the base year and each reading's end year are data (the markers); China's points are "
        "its outturns; target paths are drawn at a constant pace, which the targets do not require year by year. The "
        "vertical axis does not start at zero."
    ),
    "use": (
        "Energy use = energy intensity × real GDP. Over each period the district's real GDP growth is a constant "
        "rate: a central case and an assumed range; the break-even rate, at which energy use is unchanged, is "
        "computed. Look at the spread between the low and high ends."
    ),
    "pv": (
        "Generation = capacity × full-load hours, per full year of operation, under each assumed number of hours, "
        "and that generation as energy under each assumed conversion factor (kgce: kilograms of standard coal "
        "equivalent)."
    ),
    "co2": "CO2 avoided = generation × grid emission factor (the official average factors of the Ministry of "
    "Ecology and Environment), for each assumed number of hours; the chart below shows the same range.",
    "others": "Every quantitative claim of the section not analysed above.",
    "air": (
        "Good-air days as shares of each year's own length, beside the city's level in the plan's base year, the "
        "city's target share and China's average for scale (left out of the chart, where the target is a line)."
    ),
}


def note(key: str) -> Markdown:
    """The short text saying what the table or chart after it shows, shown only where that output is."""
    from IPython.display import Markdown

    return Markdown(NOTES[key])


def intensity_chart(
    lines: Mapping[str, tuple[list[int], list[float], str]], plan: tuple[int, int], national: str
) -> Figure:
    """The index paths of `energy.intensity_lines`: targets dotted (assumed constant pace), district dashed with markers."""
    import matplotlib.pyplot as plt

    style = {"target": {"linestyle": ":"}, "district": {"linestyle": "--", "marker": "o"}, "national": {"marker": "s"}}
    fig, ax = plt.subplots(figsize=(9, 5.4))
    for label, (years, values, kind) in lines.items():
        name = {"target": f"{label}, constant pace (assumed)", "national": national}.get(kind, label)
        ax.plot(years, values, label=name, **style[kind])  # type: ignore[arg-type]
        ax.annotate(
            f"{values[-1]:.1f}", (years[-1], values[-1]), textcoords="offset points", xytext=(6, -3), fontsize=8
        )
    ax.set_xticks(range(plan[0], plan[1] + 1))
    ax.set_title(f"万元GDP能耗强度 (energy intensity, {plan[0]} = 100): the district's fall read as cumulative")
    ax.set_xlabel("year")
    ax.set_ylabel(f"energy per unit of GDP (index, {plan[0]} = 100; axis not from 0)")
    ax.legend(fontsize=8, loc="lower left")
    return fig


def air_chart(air: pd.DataFrame, target: tuple[str, float], colours: Sequence[str]) -> Figure:
    """The district's two years and the city's base year as bars in year order, values inside the bars so that the
    city's target line (label, share %) crosses none.
    """
    import matplotlib.pyplot as plt

    from helpers.analysis.air_quality import SHARE_COLUMN
    from helpers.charts.plotting import MISSING_TEXT, labelled_bars

    bars = air.iloc[: len(colours)].assign(colour=list(colours)).sort_values("year", kind="stable")
    fig, ax = plt.subplots(figsize=(8, 4.8))
    labels = [f"{m}\n{y}" for m, y in zip(bars["measure"], bars["year"], strict=True)]
    labelled_bars(ax, labels, bars[SHARE_COLUMN].tolist(), colours=bars["colour"].tolist())
    for text in ax.texts:
        if text.get_text() != MISSING_TEXT:
            x, y = text.get_position()
            text.set_position((x, y / 2))
            text.set_verticalalignment("center")
    if not math.isnan(target[1]):
        ax.axhline(target[1], color="#c0504d", linestyle="--", linewidth=1.2)
        ax.annotate(target[0], (len(bars) - 0.6, target[1] + 1.5), color="#c0504d", ha="right")
    ax.set_ylim(0, 100)
    ax.set_title("空气质量优良天数比例 (share of good-air days; the target line is the city's)")
    ax.set_ylabel(SHARE_COLUMN)
    return fig


def value_range(table: pd.DataFrame, first_column: int) -> tuple[float, float]:
    """The smallest and largest value in `table`'s columns from `first_column` on (a range over cases and factors)."""
    values = table.iloc[:, first_column:]
    return float(values.min().min()), float(values.max().max())


def city_air(city: str, years: tuple[int, int], data_dir: Path, gaps: list[str]) -> tuple[float, float]:
    """`city`'s good-air target share for years[0] and its share in years[1] (the plan's base year), NaN if missing."""
    target = outside_value(city, "空气质量优良天数比例目标", years[0], data_dir=data_dir, gaps=gaps)
    return target, outside_value(city, "空气质量优良天数比例", years[1], data_dir=data_dir, gaps=gaps)
