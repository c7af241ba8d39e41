"""Read datapackage.json and load a CSV resource with the field names and types it declares.

The descriptor is the single source of truth for columns, types and constraints; this module
turns each violation into a DataError naming file, line and column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from helpers.data.errors import DataError
from helpers.paths import DATAPACKAGE_NAME, DEFAULT_REPORT, report_dir

PANDAS_DTYPES = {"string": "object", "number": "float64", "integer": "Int64"}


@dataclass(frozen=True)
class Field:
    """One column of a resource, as declared in datapackage.json."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Resource:
    """One file of the data package."""

    name: str
    path: Path
    fields: tuple[Field, ...] = ()
    primary_key: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def read_descriptor(data_dir: Path, report: str = DEFAULT_REPORT) -> Mapping[str, Resource]:
    """The resources declared in `data_dir/datapackage.json`, by name (read and checked once per folder and report).

    A resource with "scope": "report" lives in each report's folder (reports/ID/); its path is
    resolved inside the folder of `report`. The others are shared by every report.
    """
    return _read_descriptor(Path(data_dir), report)


@lru_cache(maxsize=32)
def _read_descriptor(data_dir: Path, report: str) -> Mapping[str, Resource]:
    path = Path(data_dir) / DATAPACKAGE_NAME
    if not path.is_file():
        raise DataError(path, "the data package descriptor is missing; report_data needs one.")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(path, f"is not valid UTF-8 JSON ({exc}).") from None
    resources = {}
    for raw in descriptor.get("resources", []):
        schema = raw.get("schema", {})
        _refuse_unknown(path, f"resource {raw['name']!r}: schema property", schema, SCHEMA_PROPERTIES)
        fields = tuple(_field(path, raw["name"], f) for f in schema.get("fields", []))
        key = schema.get("primaryKey", ())
        primary_key = (key,) if isinstance(key, str) else tuple(key)
        for name in primary_key:
            if name not in {f.name for f in fields}:
                raise DataError(
                    path, f"resource {raw['name']!r}: primaryKey names {name!r}, which is not one of its fields."
                )
        base = report_dir(report, data_dir) if raw.get("scope") == "report" else Path(data_dir)
        resources[raw["name"]] = Resource(
            name=raw["name"],
            path=base / raw["path"],
            fields=fields,
            primary_key=primary_key,
            extra=raw,
        )
    return MappingProxyType(resources)


# What this loader implements of the Frictionless Table Schema; anything else in the descriptor is
# refused by name rather than silently ignored.
SCHEMA_PROPERTIES = {"fields", "primaryKey"}
FIELD_PROPERTIES = {"name", "type", "description", "constraints"}
CONSTRAINTS = {"required", "unique", "enum", "pattern"}


def _refuse_unknown(path: Path, where: str, declared: dict[str, Any], known: set[str]) -> None:
    for keyword in declared:
        if keyword not in known:
            raise DataError(
                path,
                f"{where} {keyword!r} is not implemented by helpers/data/descriptor.py (it implements "
                f"{', '.join(sorted(known))}); remove it, or implement it there with a test, so that it is enforced "
                "rather than ignored.",
            )


def _field(path: Path, resource: str, raw: dict[str, Any]) -> Field:
    """One field declaration, refusing a property, type or constraint this loader does not enforce."""
    where = f"resource {resource!r}, field {raw.get('name')!r}:"
    _refuse_unknown(path, f"{where} field property", raw, FIELD_PROPERTIES)
    constraints = raw.get("constraints", {})
    _refuse_unknown(path, f"{where} constraint", constraints, CONSTRAINTS)
    kind = raw.get("type", "string")
    if kind not in PANDAS_DTYPES:
        raise DataError(path, f"{where} type {kind!r} is not one of {', '.join(PANDAS_DTYPES)}.")
    return Field(
        name=raw["name"],
        type=kind,
        description=raw.get("description", ""),
        required=constraints.get("required", False),
        unique=constraints.get("unique", False),
        enum=tuple(constraints["enum"]) if "enum" in constraints else None,
        pattern=constraints.get("pattern"),
    )


def read_utf8(path: Path) -> str:
    """Read a data file as UTF-8 (a BOM is accepted); anything else is a DataError saying how to fix it."""
    if not path.is_file():
        raise DataError(path, "the file is missing.")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        prefix = data[line_start : exc.start].decode("utf-8", errors="replace")
        column_index = len(next(csv.reader([prefix]), [""])) - 1
        header = data.split(b"\n", 1)[0].decode("utf-8", errors="replace")
        names = next(csv.reader([header.lstrip("\ufeff")]), [])
        column = names[column_index] if 0 <= column_index < len(names) and line > 1 else None
        guess = ""
        try:
            data.decode("gb18030")
            guess = " It decodes as GBK/GB18030, so it was probably saved by a Chinese-locale editor."
        except UnicodeDecodeError:
            pass
        raise DataError(
            path,
            f"is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be decoded).{guess} Data files "
            "are UTF-8: re-encode it, e.g. `iconv -f GB18030 -t UTF-8 in.csv > out.csv`, or in "
            "Excel save as 'CSV UTF-8'.",
            line=line,
            column=column,
        ) from None


def check_hash(path: Path, data: bytes, expected: str, recorded_in: Path) -> None:
    """Raise if the SHA-256 of `data` (the file at `path`) differs from the one recorded in `recorded_in`."""
    found = hashlib.sha256(data).hexdigest()
    if found != expected:
        raise DataError(
            path,
            f"its SHA-256 is {found}, but {recorded_in.name} records {expected}. The raw source must stay "
            "byte-identical to what was received; restore it (for the project's report, from shared/source).",
        )


def _convert(value: str, fld: Field, path: Path, line: int) -> Any:
    if value == "":
        if fld.required:
            raise DataError(
                path, f"is empty, but {fld.name} is required ({fld.description}).", line=line, column=fld.name
            )
        return pd.NA if fld.type != "string" else ""
    if fld.type == "number":
        if not re.fullmatch(r"-?\d+(\.\d+)?", value):
            raise DataError(
                path,
                f"expected a number written with digits and an optional decimal point (e.g. 931.8), found {value!r}.",
                line=line,
                column=fld.name,
            )
        return float(value)
    if fld.type == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise DataError(path, f"expected a whole number (e.g. 2024), found {value!r}.", line=line, column=fld.name)
        return int(value)
    if fld.enum is not None and value not in fld.enum:
        raise DataError(path, f"expected one of {', '.join(fld.enum)}, found {value!r}.", line=line, column=fld.name)
    if fld.pattern and not re.fullmatch(fld.pattern, value):
        raise DataError(
            path,
            f"expected text matching {fld.pattern} ({fld.description}), found {value!r}.",
            line=line,
            column=fld.name,
        )
    return value


def load_csv_resource(resource: Resource) -> pd.DataFrame:
    """Load a CSV resource typed by its schema; column `line` holds each row's line number.

    Raises DataError for: a missing, empty or non-UTF-8 file; missing or unexpected columns;
    a row with the wrong number of cells; a value of the wrong type, outside its enum or
    pattern, or missing where required; a duplicate in a unique column.
    """
    path = resource.path
    text = read_utf8(path)
    if not text.strip():
        raise DataError(
            path,
            f"the file is empty; expected a header line with the columns {', '.join(resource.field_names)} and one row per record.",
            line=1,
            column=resource.field_names[0],
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    expected = resource.field_names
    missing = [c for c in expected if c not in header]
    unexpected = [c for c in header if c not in expected]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unexpected:
            parts.append(f"unexpected column(s) {', '.join(repr(c) for c in unexpected)}")
        raise DataError(
            path,
            f"{'; '.join(parts)}. Expected exactly these columns, as declared in datapackage.json: {', '.join(expected)}.",
            line=1,
            column=(missing or unexpected)[0],
        )
    records: list[dict[str, Any]] = []
    seen: dict[str, dict[str, int]] = {f.name: {} for f in resource.fields if f.unique}
    keys_seen: dict[tuple[str, ...], int] = {}
    by_name = {f.name: f for f in resource.fields}
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        if not any(c.strip() for c in cells):
            continue  # a blank line is not a record
        if len(cells) != len(header):
            column = header[len(cells)] if len(cells) < len(header) else header[-1]
            raise DataError(
                path,
                f"expected {len(header)} cells, found {len(cells)} (the first column without a cell, or the last before extra ones, is named); check for an unquoted comma or a missing cell.",
                line=line,
                column=column,
            )
        record: dict[str, Any] = {"line": line}
        for name, cell in zip(header, cells, strict=True):
            fld = by_name[name]
            record[name] = _convert(cell.strip(), fld, path, line)
            if name in seen:
                if cell in seen[name]:
                    raise DataError(
                        path,
                        f"duplicate {name} {cell!r}: it is already used on line {seen[name][cell]}; each {name} must be unique.",
                        line=line,
                        column=name,
                    )
                seen[name][cell] = line
        _check_primary_key(resource, record, keys_seen)
        records.append(record)
    if not records:
        raise DataError(
            path, "the file has a header but no rows; expected one row per record.", line=2, column=header[0]
        )
    frame = pd.DataFrame.from_records(records, columns=["line", *expected])
    return frame.astype({f.name: PANDAS_DTYPES[f.type] for f in resource.fields}).astype({"line": "int64"})


def _check_primary_key(resource: Resource, record: dict[str, Any], seen: dict[tuple[str, ...], int]) -> None:
    """Raise if another row already has this row's primaryKey values (file, both lines, the key's columns)."""
    if not resource.primary_key:
        return
    key = tuple(str(record[name]) for name in resource.primary_key)
    if key in seen:
        columns = ", ".join(resource.primary_key)
        values = ", ".join(repr(v) for v in key)
        raise DataError(
            resource.path,
            f"duplicate row: ({columns}) = ({values}) is already on line {seen[key]}; datapackage.json declares "
            f"({columns}) as this file's primaryKey, so each row must differ in at least one of them. Remove the "
            "duplicate, or tell the two apart (e.g. by basis).",
            line=record["line"],
            column=resource.primary_key[0],
        )
    seen[key] = record["line"]
