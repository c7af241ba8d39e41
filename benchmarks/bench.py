"""Benchmark (not a test): three jobs against the plain way of doing the same, side by side in one run.

- build: `python -m helpers build` against `jupyter nbconvert --execute --to html` on the same notebooks,
  one process per core at a time (what a user would do without this package);
- tests: the README's test command against `pytest notebooks/` (nbval alone);
- import: `import helpers` against `import pandas, matplotlib.pyplot`.

Each time is the best of --repeat runs; a job and its comparison take turns, so both see the same machine.
Run: .venv/bin/python benchmarks/bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted(str(path) for path in (ROOT / "notebooks").glob("*.ipynb"))
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def seconds(command: list[str], shell: bool = False) -> float:
    """Wall-clock time of one run of `command` (which must succeed)."""
    start = time.perf_counter()
    subprocess.run(command if not shell else " ".join(command), cwd=ROOT, check=True, shell=shell, capture_output=True)
    return time.perf_counter() - start


def jobs(out: str) -> dict[str, tuple[list[str], list[str], bool]]:
    """Each job: its command, the plain way's command, and whether they need a shell."""
    plain_build = [
        "printf '%s\\n'",
        *NOTEBOOKS,
        f"| xargs -P {CORES} -n 1 {BIN / 'jupyter'} nbconvert --execute --to html --output-dir {out}/plain",
    ]
    return {
        "build": ([sys.executable, "-m", "helpers", "build", "--output", f"{out}/build"], plain_build, True),
        "tests": ([sys.executable, "-m", "pytest", "-q"], [sys.executable, "-m", "pytest", "-q", "notebooks/"], False),
        "import": (
            [sys.executable, "-c", "import helpers"],
            [sys.executable, "-c", "import pandas, matplotlib.pyplot"],
            False,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each job; the best is kept (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        print(f"{'job':8s} {'seconds':>8s} {'plain (s)':>10s} {'ratio':>6s}")
        for name, (command, plain, shell) in jobs(out).items():
            ours, theirs = [], []
            for _ in range(args.repeat):
                ours.append(seconds(command, shell=False))
                theirs.append(seconds(plain, shell=shell))
            print(f"{name:8s} {min(ours):8.2f} {min(theirs):10.2f} {min(ours) / min(theirs):6.2f}")


if __name__ == "__main__":
    main()
