"""Run inside a kernel that executes notebook after notebook: put it back to how a fresh one starts.

Imported modules stay loaded (that is the point: no second kernel start, no second import of pandas
and matplotlib); everything a notebook can leave behind is reset. Only for runs whose outputs are
read by tests: the build and nbval always use a fresh kernel.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from pathlib import Path
from typing import Any, cast

import matplotlib as mpl
import matplotlib.pyplot as plt
from IPython import get_ipython

from helpers.data.loading import forget_loaded_data

# What the kernel had before its first notebook: matplotlib's settings (inline backend loaded) and sys.path.
_SETTINGS_AT_START: dict[str, Any] = {}
_PATH_AT_START: list[str] = []
# Warning filters, and which warnings were shown, are restored when this context is left.
_warnings_of_last_run: list[warnings.catch_warnings] = []


def reset_between_runs(working_dir: str | Path) -> None:
    """Clear the user namespace, close figures, restore matplotlib settings, warning filters and sys.path,
    forget loaded data, cd back, and count cells from 1.
    """
    shell = get_ipython()
    if shell is None:
        raise RuntimeError("reset_between_runs resets an IPython kernel; it was called outside one")
    shell.run_line_magic("reset", "-f")
    plt.close("all")  # the inline backend closes a figure when its cell ends, but not one made with plt.ioff()
    if not _SETTINGS_AT_START:
        # The inline backend loads with the first figure and sets some settings (interactive mode, which
        # makes it close each figure when its cell ends): load it before saving them.
        plt.close(plt.figure())
        _SETTINGS_AT_START.update(cast(dict[str, Any], mpl.rcParams.copy()))
        _SETTINGS_AT_START.pop("backend", None)
        _PATH_AT_START[:] = sys.path
        # What is loaded now (IPython, pandas, matplotlib, helpers) stays loaded for every run: kept out of
        # the collector's sweeps, the full collection that `%reset` makes before each run takes a few
        # milliseconds instead of some fifty.
        gc.freeze()
    dict.update(cast(dict[str, Any], mpl.rcParams), _SETTINGS_AT_START)  # as matplotlib's rc_context restores them
    sys.path[:] = _PATH_AT_START
    if _warnings_of_last_run:
        _warnings_of_last_run.pop().__exit__(None, None, None)  # filters back, "already shown" records void
    _warnings_of_last_run.append(warnings.catch_warnings())
    _warnings_of_last_run[-1].__enter__()
    forget_loaded_data()
    os.chdir(working_dir)
    shell.execution_count = 1  # the next cell is number 1, as in a fresh kernel
