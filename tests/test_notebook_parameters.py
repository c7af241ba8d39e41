"""The parameters cell mechanism: injection refuses unknown names; assignments are read from the cell."""

from __future__ import annotations

import nbformat
import pytest

from helpers.paths import NOTEBOOKS_DIR
from helpers.publish.notebook_run import inject_parameters


def test_an_unknown_parameter_is_refused():
    notebook = nbformat.read(NOTEBOOKS_DIR / "01_growth_rates.ipynb", as_version=4)
    with pytest.raises(ValueError, match="'BENCHMARK' is not set in the parameters cell"):
        inject_parameters(notebook, {"BENCHMARK": ["全国"]})


def test_assigned_names_sees_tuple_and_annotated_assignments():
    from helpers.publish.notebook_run import assigned_names

    assert assigned_names("A = 1\nB, C = 2, 3\nD: int = 4\nprint(A)\n") == {"A", "B", "C", "D"}
