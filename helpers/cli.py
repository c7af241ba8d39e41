"""Command line: `python -m helpers check | build | new | extract | nbcheck`; `python -m helpers --help` lists the options."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from helpers.data.errors import DataError
from helpers.paths import DATA_DIR, DEFAULT_REPORT, NOTEBOOKS_DIR, PROJECT_ROOT

# Subcommands import what they need when they run, so each starts only as slowly as it must.

BUILD_DIR = PROJECT_ROOT / "build"


def default_output(report: str) -> Path:
    """Where `build` writes without --output: build/ for the project's report, build/ID/ for another (never mixed)."""
    return BUILD_DIR if report == DEFAULT_REPORT else BUILD_DIR / report


def check(data_dir: Path) -> str:
    """Validate every data file in `data_dir`, every report in it included; a one-line summary (raises DataError)."""
    from helpers.data.loading import load_external, load_indicator_links, load_metrics
    from helpers.data.reports import list_reports
    from helpers.data.units import unit_table
    from helpers.data.vocabulary import load_metric_vocabulary

    reports = list_reports(data_dir)
    if not reports:
        raise DataError(
            Path(data_dir) / "reports", "holds no report; each report lives in reports/ID/ (see docs/adapting.md)."
        )
    described = []
    for report in reports:
        metrics = load_metrics(report, data_dir)
        kinds = ", ".join(f"{kind} {count}" for kind, count in metrics["kind"].value_counts().items())
        sections = metrics["section"].nunique()
        described.append(f"{report}: {len(metrics)} metrics in {sections} section{'s' * (sections != 1)} ({kinds})")
    external = load_external(data_dir)
    links = load_indicator_links(data_dir)
    units = unit_table(data_dir)
    vocabulary = load_metric_vocabulary(data_dir)
    return (
        f"OK {Path(data_dir).name}: {len(reports)} report(s), text SHA-256 verified — {'; '.join(described)}; "
        f"{len(external)} outside figures ({int(external['derived'].sum())} derived) from "
        f"{external['source_address'].nunique()} sources; {len(links)} indicator links; {len(vocabulary)} standard metric ids; {len(units)} units."
    )


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return number


def run_build(
    only: Sequence[str],
    output: Path | None,
    inplace: bool,
    jobs: int | None = None,
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
) -> int:
    """Validate the data, then build `report` (`jobs` notebooks at once); status 1 if the data or a notebook fails.

    Another report or data folder reaches the notebooks through their parameters cells (REPORT,
    DATA_DIR); --inplace is for the project's own report only, whose outputs the notebooks store.
    `output` None: default_output(report), a folder of the report's own.
    """
    from helpers.data.reports import load_report_info
    from helpers.publish.build import build, select_notebooks

    output = default_output(report) if output is None else output
    parameters: dict[str, object] = {}
    if report != DEFAULT_REPORT:
        parameters["REPORT"] = report
    if Path(data_dir).resolve() != DATA_DIR:
        parameters["DATA_DIR"] = str(Path(data_dir).resolve())
    try:
        if parameters and inplace:
            raise ValueError(
                "--inplace stores outputs for the project's own report only; build another report without it"
            )
        print(check(data_dir))
        load_report_info(report, data_dir)
        notebooks = select_notebooks(only)
    except (DataError, ValueError) as exc:
        print(f"Build stopped: {exc}", file=sys.stderr)
        return 1
    results = build(notebooks, output, inplace, jobs=jobs, parameters=parameters, report=report, data_dir=data_dir)
    failed = [r for r in results if not r.ok]
    for result in failed:
        print(f"Build failed: {result.name}, {result.error}", file=sys.stderr)
    ok = len(results) - len(failed)
    print(f"{ok} of {len(results)} notebooks built; open {output / 'index.html'}")
    return 1 if failed else 0


def run_extract(path: Path, output: Path | None, encoding: str | None) -> int:
    """Write candidate rows for the report at `path`; a bad input is one paragraph on stderr and status 1."""
    from helpers.extract.candidates import candidates_csv, extract_candidates
    from helpers.extract.decode import ExtractError, read_report

    try:
        candidates = list(extract_candidates(read_report(path, encoding)))
        csv_text = candidates_csv(candidates)
        if output is None:
            sys.stdout.write(csv_text)
        else:
            output.write_text(csv_text, encoding="utf-8")
            print(f"{len(candidates)} candidate rows written to {output}")
    except (ExtractError, OSError) as exc:
        print(f"Extract failed: {exc}", file=sys.stderr)
        return 1
    return 0


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    """The --data-dir option every command that reads or writes report_data takes."""
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DATA_DIR,
        help="folder holding datapackage.json and reports/ (default: the project's report_data)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate every data file and print a summary")
    _add_data_dir(check_parser)
    build_parser = commands.add_parser(
        "build", help="check the data, rerun every notebook in a fresh kernel, write HTML pages and an index"
    )
    build_parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="build this notebook only (repeatable)"
    )
    build_parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"output folder (default: build/ for {DEFAULT_REPORT}, build/ID/ for another report)",
    )
    build_parser.add_argument(
        "--inplace",
        action="store_true",
        help="also write the executed notebooks back to notebooks/ (re-bless stored outputs)",
    )
    build_parser.add_argument(
        "--jobs",
        "-j",
        type=positive_int,
        default=None,
        metavar="N",
        help="run N notebooks at once, each in its own kernel (default: the number of cores)",
    )
    build_parser.add_argument(
        "--report", default=DEFAULT_REPORT, metavar="ID", help=f"the report to build (default: {DEFAULT_REPORT})"
    )
    _add_data_dir(build_parser)
    new_parser = commands.add_parser(
        "new", help="start a new report: copy its text into reports/ID/ and propose metric rows for review"
    )
    new_parser.add_argument("path", type=Path, help="the report text (UTF-8)")
    new_parser.add_argument("--id", required=True, dest="report_id", help="the report's id, e.g. jinshui_2024")
    new_parser.add_argument("--district", required=True, help="the district, as named in the outside data")
    new_parser.add_argument("--year", required=True, type=int, help="the year the report reviews")
    known = "required unless --district is one of 郑州市's 市内六区"
    new_parser.add_argument("--city", default="", help=f"the city it belongs to, as the outside data name it ({known})")
    new_parser.add_argument("--province", default="", help=f"the province, as the outside data name it ({known})")
    new_parser.add_argument("--encoding", help="the file's encoding, if not UTF-8")
    _add_data_dir(new_parser)
    extract_parser = commands.add_parser(
        "extract", help="propose candidate metric rows (CSV) from a report's text, for review"
    )
    extract_parser.add_argument("path", type=Path, help="the report text (UTF-8, UTF-8 with BOM, GBK/GB18030 …)")
    extract_parser.add_argument("-o", "--output", type=Path, help="write the CSV here (default: standard output)")
    extract_parser.add_argument("--encoding", help="the file's encoding, if detection gets it wrong (e.g. gbk)")
    nbcheck_parser = commands.add_parser(
        "nbcheck", help="check notebooks are stored executed in order, with no errors, stderr or machine paths"
    )
    nbcheck_parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/")
    args = parser.parse_args(argv)
    if args.command == "build":
        return run_build(args.only, args.output, args.inplace, args.jobs, args.report, args.data_dir)
    if args.command == "new":
        from helpers.extract.scaffold import run_new

        return run_new(
            args.path, args.report_id, args.district, args.year, args.data_dir, args.city, args.province, args.encoding
        )
    if args.command == "extract":
        return run_extract(args.path, args.output, args.encoding)
    if args.command == "nbcheck":
        from helpers.publish.notebook_check import notebook_problems

        paths = args.notebooks or sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
        problems = [problem for path in paths for problem in notebook_problems(path)]
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    if args.command == "check":
        try:
            print(check(args.data_dir))
        except DataError as exc:
            print(f"Data check failed: {exc}", file=sys.stderr)
            return 1
    return 0
