"""Benchmark (not a test): the build and the test suite against their floors, and the extractor's speed.

Each job's floor is the same job done on as many trivial notebooks (pandas and one chart each):
- build: `helpers.publish.build.build` on the project's notebooks against the same call on as many trivial
  notebooks, with the same number of jobs (both run in parallel);
- test suite: the README's test command against nbval on as many trivial notebooks, one after
  another in one process (`pytest --nbval`, no xdist).
The extractor is timed on corpora of 1–8 MB (the report repeated). Times are the best of --repeat runs,
each job taking turns with its floor. mypy is run once first, so the suite finds its cache warm.

Run: .venv/bin/python benchmarks/bench.py [--skip-tests] [--repeat N] [--jobs N]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat

from helpers.extract.candidates import candidates_csv, extract_candidates
from helpers.extract.decode import decode_report
from helpers.paths import PROJECT_ROOT, report_dir
from helpers.publish.build import build, default_jobs, select_notebooks

TRIVIAL_CELLS = [
    "import matplotlib.pyplot as plt\nimport pandas as pd",
    "frame = pd.DataFrame({'year': [2022, 2023, 2024], 'value': [1.0, 3.0, 2.0]})\nframe",
    "ax = frame.plot(x='year', y='value', title='a trivial chart')\nax.set_ylabel('value')\nplt.show()",
]
BUILD_TARGET, SUITE_TARGET = 1.5, 4.0  # the aims: at most these multiples of the floor


def write_trivial_notebooks(folder: Path, count: int) -> list[Path]:
    """`count` trivial notebooks in `folder`, executed and stored (so nbval has outputs to compare)."""
    paths = []
    for number in range(count):
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_markdown_cell(f"# Trivial notebook {number}")]
        notebook.cells += [nbformat.v4.new_code_cell(source) for source in TRIVIAL_CELLS]
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = folder / f"trivial_{number:02d}.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    results = build(paths, folder / "blessed", inplace=True, progress=lambda line: None)
    if not all(r.ok for r in results):
        raise SystemExit(f"a trivial notebook failed: {[r.error for r in results if not r.ok]}")
    return paths


def best_of(repeat: int, jobs: dict[str, Callable[[], None]]) -> dict[str, float]:
    """The shortest of `repeat` wall-clock timings of each job, in seconds.

    The jobs take turns (floor, job, floor, job …) so that load from elsewhere on the machine
    falls on both alike.
    """
    best = dict.fromkeys(jobs, float("inf"))
    for _ in range(repeat):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def build_job(notebooks: list[Path], jobs: int) -> Callable[[], None]:
    """A build of `notebooks` into a fresh temporary folder, failing loudly if a notebook fails."""

    def run() -> None:
        with tempfile.TemporaryDirectory() as output:
            results = build(notebooks, Path(output), progress=lambda line: None, jobs=jobs)
        if not all(r.ok for r in results):
            raise SystemExit(f"the build failed: {[f'{r.name}: {r.error}' for r in results if not r.ok]}")

    return run


def pytest_job(args: list[str], cwd: Path) -> Callable[[], None]:
    """`python -m pytest -q ARGS` in `cwd`, failing loudly if a test fails."""

    def run() -> None:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", *args], cwd=cwd, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise SystemExit(f"pytest {' '.join(args)} failed in {cwd}:\n{result.stdout[-3000:]}")

    return run


def nbval_floor_job(folder: Path) -> Callable[[], None]:
    """nbval on the trivial notebooks in `folder`, one after another, with its own empty configuration."""
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    args = ["-c", "pytest.ini", "-p", "no:xdist", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env"]
    return pytest_job([*args, *sorted(p.name for p in folder.glob("*.ipynb"))], folder)


def time_extract(megabytes: int) -> tuple[float, int, int]:
    """Seconds to decode and extract candidates from a corpus of about `megabytes` MB (the report repeated)."""
    report = (report_dir() / "report.txt").read_bytes()
    corpus = (report + b"\n\n") * max(1, megabytes * 1_000_000 // (len(report) + 2))
    start = time.perf_counter()
    candidates = list(extract_candidates(decode_report(corpus)))
    candidates_csv(candidates)
    return time.perf_counter() - start, len(corpus), len(candidates)


def machine() -> str:
    """A one-line description of this machine: CPU model, cores, OS, Python."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        model = names[0] if names else model
    return (
        f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def row(job: str, seconds: float, floor: float, target: float) -> str:
    """One line of the results table, with the verdict against the target."""
    ratio = seconds / floor
    verdict = "met" if ratio <= target else "NOT met"
    return f"{job:40s} {seconds:8.2f} {floor:10.2f} {ratio:8.2f}   ≤ {target:g}: {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each job; the best is kept (default 3)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="build jobs (default: the number of cores)")
    args = parser.parse_args()

    notebooks = select_notebooks()
    print(f"{datetime.date.today().isoformat()} on {machine()}")
    lines = []
    with tempfile.TemporaryDirectory(prefix="zy-bench-") as folder:
        trivial = write_trivial_notebooks(Path(folder), len(notebooks))  # also warms up the exporters
        builds = best_of(args.repeat, {"floor": build_job(trivial, args.jobs), "job": build_job(notebooks, args.jobs)})
        label = f"build, {len(notebooks)} notebooks, {args.jobs} jobs"
        lines.append(row(label, builds["job"], builds["floor"], BUILD_TARGET))
        if not args.skip_tests:
            subprocess.run([sys.executable, "-m", "mypy"], cwd=PROJECT_ROOT, capture_output=True, check=False)
            suites = best_of(args.repeat, {"floor": nbval_floor_job(Path(folder)), "job": pytest_job([], PROJECT_ROOT)})
            lines.append(row("test suite (README command)", suites["job"], suites["floor"], SUITE_TARGET))
    print(f"{'job':40s} {'seconds':>8s} {'floor (s)':>10s} {'× floor':>8s}   aim")
    print("\n".join(lines))
    print()
    print(f"{'extractor corpus':40s} {'seconds':>8s} {'MB/s':>10s} {'s per MB':>8s} {'candidates':>11s}")
    for megabytes in (1, 2, 4, 8):
        seconds, size, count = time_extract(megabytes)
        print(
            f"{size / 1e6:37.1f} MB {seconds:8.2f} {size / 1e6 / seconds:10.2f} {seconds / (size / 1e6):8.3f} {count:11,d}"
        )
    print()
    print(
        f"build floor: {len(notebooks)} trivial notebooks (pandas + one chart) built the same way, {args.jobs} jobs; "
        f"suite floor: nbval on {len(notebooks)} trivial notebooks, one after another; best of {args.repeat} runs each"
    )


if __name__ == "__main__":
    main()
