"""Run inside a kernel that executes notebook after notebook: put it back to how a fresh one starts.

Imported modules stay loaded (that is the point: no second kernel start, no second import of pandas
and matplotlib); everything a notebook can leave behind is reset. Only for runs whose outputs are
read by tests: the build and nbval always use a fresh kernel.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, cast

import matplotlib as mpl
import matplotlib.pyplot as plt
from IPython import get_ipython

from helpers.data.loading import forget_loaded_data

# matplotlib's settings as the kernel had them before its first notebook (inline backend included).
_SETTINGS_AT_START: dict[str, Any] = {}


def reset_between_runs(working_dir: Path) -> None:
    """Clear the user namespace, restore matplotlib settings, forget loaded data, cd back, count cells from 1.

    Figures need no closing: the inline backend closes each one when its cell ends, failed or not.
    """
    shell = get_ipython()
    if shell is None:
        raise RuntimeError("reset_between_runs resets an IPython kernel; it was called outside one")
    shell.run_line_magic("reset", "-f")
    if not _SETTINGS_AT_START:
        # The inline backend loads with the first figure and sets some settings (interactive mode, which
        # makes it close each figure when its cell ends): load it before saving them.
        plt.close(plt.figure())
        _SETTINGS_AT_START.update(cast(dict[str, Any], mpl.rcParams.copy()))
        _SETTINGS_AT_START.pop("backend", None)
    dict.update(cast(dict[str, Any], mpl.rcParams), _SETTINGS_AT_START)  # as matplotlib's rc_context restores them
    forget_loaded_data()
    os.chdir(working_dir)
    shell.execution_count = 1  # the next cell is number 1, as in a fresh kernel
