"""Benchmark (not a test): build and test-suite time against the floor of starting kernels.

The floor is what no notebook build can beat: starting a fresh kernel (the same way the build
does) and importing pandas and matplotlib in it, once per notebook. The script prints the build
time per notebook, the whole build, and the test suite, each as a ratio to that floor.

Run: .venv/bin/python benchmarks/bench.py [--skip-tests]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from helpers.build import build_notebook, select_notebooks
from helpers.extract import candidates_csv, decode_report, extract_candidates
from helpers.notebook_run import run_in_fresh_kernel
from helpers.paths import DATA_DIR, PROJECT_ROOT

FLOOR_CODE = "import pandas\nimport matplotlib\nimport matplotlib.pyplot"


def kernel_floor() -> float:
    """Seconds to start one fresh kernel and import pandas and matplotlib in it."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(FLOOR_CODE)]
    start = time.perf_counter()
    run_in_fresh_kernel(notebook)
    return time.perf_counter() - start


def time_build(output: Path) -> list[tuple[str, float]]:
    """(notebook, seconds) for a build of every notebook into `output`."""
    timings = []
    for path in select_notebooks():
        result = build_notebook(path, output)
        if not result.ok:
            raise SystemExit(f"{path.name} failed to build: {result.error}")
        timings.append((path.name, result.seconds))
    return timings


def time_tests() -> tuple[float, int]:
    """Seconds for the README's test command, and how many kernels it started."""
    with tempfile.TemporaryDirectory() as folder:
        count_file = Path(folder) / "kernels"
        env = {**os.environ, "ZY_COUNT_KERNELS": str(count_file)}
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"the test suite failed:\n{result.stdout[-2000:]}")
        return seconds, int(count_file.read_text())


def time_extract(megabytes: int) -> tuple[float, int, int]:
    """Seconds to decode and extract candidates from a corpus of about `megabytes` MB (the report repeated)."""
    report = (DATA_DIR / "zhongyuan_2024_work_report.txt").read_bytes()
    corpus = (report + b"\n\n") * max(1, megabytes * 1_000_000 // (len(report) + 2))
    start = time.perf_counter()
    candidates = list(extract_candidates(decode_report(corpus)))
    candidates_csv(candidates)
    return time.perf_counter() - start, len(corpus), len(candidates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    args = parser.parse_args()

    floor = min(kernel_floor() for _ in range(3))
    print(f"floor: one fresh kernel + import pandas, matplotlib = {floor:.2f} s (best of 3)")
    with tempfile.TemporaryDirectory() as output:
        timings = time_build(Path(output))
    print(f"{'notebook':34s} {'seconds':>8s} {'× floor':>8s}")
    for name, seconds in timings:
        print(f"{name:34s} {seconds:8.2f} {seconds / floor:8.2f}")
    total = sum(s for _, s in timings)
    build_floor = floor * len(timings)
    print(
        f"{'build, all notebooks':34s} {total:8.2f} {total / build_floor:8.2f}  (floor {build_floor:.2f} s for {len(timings)} kernels)"
    )
    print()
    print(f"{'extractor corpus':34s} {'seconds':>8s} {'MB/s':>8s} {'s per MB':>9s} {'candidates':>11s}")
    for megabytes in (1, 2, 4, 8):
        seconds, size, count = time_extract(megabytes)
        print(
            f"{size / 1e6:31.1f} MB {seconds:8.2f} {size / 1e6 / seconds:8.2f} {seconds / (size / 1e6):9.3f} {count:11,d}"
        )
    if not args.skip_tests:
        seconds, kernels = time_tests()
        suite_floor = floor * kernels
        print(
            f"{'test suite (README command)':34s} {seconds:8.2f} {seconds / suite_floor:8.2f}  (floor {suite_floor:.2f} s for {kernels} kernels)"
        )


if __name__ == "__main__":
    main()
