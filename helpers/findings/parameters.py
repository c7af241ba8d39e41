"""The one stop every notebook shares: a parameter naming something the data cannot have."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence


class ParameterContradiction(ValueError):
    """A parameter names a metric id, entity or year the data cannot have: the one stop of a notebook."""


def check_parameters(
    named: Mapping[str, Sequence[object]], known: Collection[object], file: str, what: str = "value"
) -> None:
    """Stop with one message if a parameter (name → the values it names) names a `what` that `file` does not have.

    The message names the parameter, the value and the file to add it to, or says to change the parameter.
    """
    for parameter, values in named.items():
        unknown = [value for value in values if value not in known]
        if unknown:
            shown = ", ".join(repr(value) for value in unknown)
            raise ParameterContradiction(
                f"parameter {parameter} names the {what} {shown}, which {file} does not have: add it to {file} "
                f"or change {parameter} in the notebook's parameters cell."
            )
