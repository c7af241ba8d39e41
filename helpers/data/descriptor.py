"""Read the data package descriptors and load a CSV resource with the field names and types they declare.

report_data/ is standard Frictionless data packages: datapackage.json at its top describes the shared
tables (units, outside figures, indicator links), and each report's folder reports/ID/ is a package of
its own (its datapackage.json describes report.txt, report.json and metrics.csv). Every report's metrics
schema is the one in metrics.schema.json at the top: a package cannot point outside its folder, so each
report's descriptor holds a copy, and a copy that differs is refused.

The descriptors are the single source of truth for columns, types and constraints; this module
enforces what they declare itself (so `python -m helpers check` needs no Frictionless) and turns each
violation into a DataError naming file, line and column. It refuses a property it does not implement.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import pandas as pd

from helpers.data.errors import DataError
from helpers.paths import DATAPACKAGE_NAME, report_dir

PANDAS_DTYPES = {"string": "object", "number": "float64", "integer": "Int64"}
# The schema every report's metrics.csv follows, at the top of the data folder.
METRICS_SCHEMA_NAME = "metrics.schema.json"
# The resources of each package, by name: the loader reads each of them, and no other.
SHARED_RESOURCES = ("units", "indicator_links", "external_figures", "metric_ids")
REPORT_RESOURCES = ("report_text", "report_metadata", "metrics")


@dataclass(frozen=True)
class Field:
    """One column of a resource, as declared in its descriptor."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None


@dataclass(frozen=True)
class ForeignKey:
    """Values of `fields` must be a row's `reference_fields` in the resource `reference` of the same package."""

    fields: tuple[str, ...]
    reference: Resource
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    """One file of a data package."""

    name: str
    path: Path
    fields: tuple[Field, ...] = ()
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def read_descriptor(data_dir: Path, report: str | None = None) -> Mapping[str, Resource]:
    """The resources of `data_dir/datapackage.json` (the shared tables) and, for a `report`, of its
    reports/ID/datapackage.json, by name; read and checked once per folder and report.
    """
    return _read_descriptor(Path(data_dir), report)


@lru_cache(maxsize=32)
def _read_descriptor(data_dir: Path, report: str | None) -> Mapping[str, Resource]:
    shared = data_dir / DATAPACKAGE_NAME
    resources = _read_package(
        shared, read_json(shared, "every data folder describes its shared tables in one"), SHARED_RESOURCES
    )
    if report is not None:
        folder = report_dir(report, data_dir)
        if not folder.is_dir():
            from helpers.data.reports import list_reports  # reports.py reads descriptors: imported when needed

            known = ", ".join(list_reports(data_dir)) or "none"
            raise DataError(folder, f"there is no report {report!r} in {data_dir} (reports there: {known}).")
        path = folder / DATAPACKAGE_NAME
        descriptor = read_json(
            path,
            "each report's folder describes its files in one (`python -m helpers new` writes it; or copy another "
            "report's and change its name and title)",
        )
        own = _read_package(path, descriptor, REPORT_RESOURCES)
        _check_metrics_schema(path, descriptor, data_dir / METRICS_SCHEMA_NAME)
        resources = {**resources, **own}
    return MappingProxyType(resources)


def read_json(path: Path, what: str) -> Any:
    """A JSON file of the data folder (`what` names it in the message if it is missing)."""
    if not path.is_file():
        raise DataError(path, f"the file is missing: {what}.")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(path, f"is not valid UTF-8 JSON ({exc}).") from None


# What this loader implements of Frictionless Data Package v1 and Table Schema; anything else in a
# descriptor is refused by name rather than silently ignored. Package and resource properties that only
# describe (title, description, sources, licenses) change nothing the loader does.
PACKAGE_PROPERTIES = {"name", "title", "description", "licenses", "sources", "resources"}
RESOURCE_PROPERTIES = {
    "name", "type", "path", "format", "mediatype", "encoding", "title", "description", "sources", "licenses", "schema",
}  # fmt: skip
SCHEMA_PROPERTIES = {"fields", "primaryKey", "foreignKeys"}
FIELD_PROPERTIES = {"name", "type", "description", "constraints"}
CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum"}


def _read_package(path: Path, descriptor: Any, names: tuple[str, ...]) -> dict[str, Resource]:
    """The resources of one package descriptor, each of `names` exactly once, paths resolved beside it."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DataError(path, "expected a JSON object with a list of resources (a Frictionless data package).")
    _refuse_unknown(path, "package property", descriptor, PACKAGE_PROPERTIES)
    declared = [raw.get("name") for raw in descriptor["resources"]]
    if sorted(declared, key=str) != sorted(names):
        raise DataError(
            path,
            f"declares the resources {', '.join(map(repr, declared)) or 'none'}; expected each of {', '.join(names)} "
            "exactly once (the loader reads each of them, and no other).",
        )
    raws = {raw["name"]: raw for raw in descriptor["resources"]}
    resources = {name: _resource(path, raw) for name, raw in raws.items()}
    for name, raw in raws.items():  # foreign keys name resources of the same package: resolved once all are read
        keys = tuple(
            _foreign_key(path, resources[name], resources, key) for key in raw.get("schema", {}).get("foreignKeys", [])
        )
        resources[name] = replace(resources[name], foreign_keys=keys)
    return resources


def _resource(path: Path, raw: dict[str, Any]) -> Resource:
    where = f"resource {raw['name']!r}:"
    _refuse_unknown(path, f"{where} property", raw, RESOURCE_PROPERTIES)
    if raw.get("encoding", "utf-8").lower() != "utf-8":
        raise DataError(path, f"{where} encoding {raw['encoding']!r}: data files are UTF-8, and read only as UTF-8.")
    relative = PurePosixPath(str(raw.get("path", "")))
    if not relative.parts or relative.is_absolute() or ".." in relative.parts:
        raise DataError(
            path,
            f"{where} path {raw.get('path')!r} must name a file inside the descriptor's folder (e.g. metrics.csv).",
        )
    schema = raw.get("schema", {})
    if schema and raw.get("format", "csv") != "csv":
        raise DataError(path, f"{where} format {raw['format']!r}: a table is read as CSV only.")
    _refuse_unknown(path, f"{where} schema property", schema, SCHEMA_PROPERTIES)
    fields = tuple(_field(path, raw["name"], f) for f in schema.get("fields", []))
    primary_key = _names(schema.get("primaryKey", ()))
    _check_declared(path, f"{where} primaryKey", primary_key, fields)
    return Resource(name=raw["name"], path=path.parent / relative, fields=fields, primary_key=primary_key)


def _names(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """A field name or a list of them (Table Schema allows both), as a tuple."""
    return (value,) if isinstance(value, str) else tuple(value)


def _check_declared(path: Path, where: str, names: tuple[str, ...], fields: tuple[Field, ...]) -> None:
    for name in names:
        if name not in {f.name for f in fields}:
            raise DataError(path, f"{where} names {name!r}, which is not one of its fields.")


def _foreign_key(path: Path, resource: Resource, resources: dict[str, Resource], raw: dict[str, Any]) -> ForeignKey:
    """One foreignKeys entry: its fields, and the resource of the same package and the fields it points to."""
    where = f"resource {resource.name!r}: foreignKeys"
    _refuse_unknown(path, f"{where} property", raw, {"fields", "reference"})
    reference = raw.get("reference", {})
    _refuse_unknown(path, f"{where} reference property", reference, {"resource", "fields"})
    target = resources.get(reference.get("resource", ""))
    if target is None:  # "" would be the resource itself, which no descriptor here needs
        raise DataError(
            path,
            f"{where} reference names {reference.get('resource')!r}, which is not another resource of this package.",
        )
    fields, reference_fields = _names(raw.get("fields", ())), _names(reference.get("fields", ()))
    _check_declared(path, where, fields, resource.fields)
    _check_declared(path, f"{where} reference", reference_fields, target.fields)
    if len(fields) != len(reference_fields) or not fields:
        raise DataError(path, f"{where}: fields and reference fields must name as many columns, at least one.")
    return ForeignKey(fields=fields, reference=target, reference_fields=reference_fields)


def _check_metrics_schema(path: Path, descriptor: dict[str, Any], shared: Path) -> None:
    """Refuse a report descriptor whose metrics schema is not the shared one (every report's has the same columns)."""
    expected = read_json(shared, "it holds the schema every report's metrics.csv follows")
    found = next(raw for raw in descriptor["resources"] if raw["name"] == "metrics").get("schema")
    if found != expected:
        fields = (found or {}).get("fields", [])
        differs = next(
            (f"field {e.get('name')!r} differs" for e, f in zip(expected["fields"], fields, strict=False) if e != f),
            f"{len(fields)} fields, not {len(expected['fields'])}"
            if len(fields) != len(expected["fields"])
            else "its fields are the same, its keys are not",
        )
        raise DataError(
            path,
            f"resource 'metrics': its schema is not the one in {shared} ({differs}). Every report's metrics.csv has "
            f"the same columns: copy the schema from {shared.name} (a package cannot point outside its folder, so "
            "each report's descriptor holds a copy), or change it there and in every report's descriptor.",
        )


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
    if "minimum" in constraints and kind == "string":
        raise DataError(path, f"{where} constraint 'minimum' is implemented for numbers only, not for {kind}.")
    return Field(
        name=raw["name"],
        type=kind,
        description=raw.get("description", ""),
        required=constraints.get("required", False),
        unique=constraints.get("unique", False),
        enum=tuple(constraints["enum"]) if "enum" in constraints else None,
        pattern=constraints.get("pattern"),
        minimum=constraints.get("minimum"),
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
        return _at_least(float(value), fld, path, line)
    if fld.type == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise DataError(path, f"expected a whole number (e.g. 2024), found {value!r}.", line=line, column=fld.name)
        return _at_least(int(value), fld, path, line)
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


def _at_least(number: float, fld: Field, path: Path, line: int) -> Any:
    if fld.minimum is not None and number < fld.minimum:
        raise DataError(
            path,
            f"expected at least {fld.minimum:g} ({fld.description}), found {number:g}.",
            line=line,
            column=fld.name,
        )
    return number


def load_csv_resource(resource: Resource) -> pd.DataFrame:
    """Load a CSV resource typed by its schema; column `line` holds each row's line number.

    Raises DataError for: a missing, empty or non-UTF-8 file; missing or unexpected columns;
    a row with the wrong number of cells; a value of the wrong type, outside its enum, pattern or
    minimum, or missing where required; a duplicate in a unique column or primary key; a value
    its foreign key does not find in the resource it points to.
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
    for key in resource.foreign_keys:
        _check_foreign_key(resource, key, records)
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


def _check_foreign_key(resource: Resource, key: ForeignKey, records: list[dict[str, Any]]) -> None:
    """Raise at the first row whose values of `key.fields` are not a row of the resource it points to."""
    target = load_csv_resource(key.reference)
    known = set(zip(*(target[name].astype(str) for name in key.reference_fields), strict=True))
    for record in records:
        if any(pd.isna(record[name]) or record[name] == "" for name in key.fields):
            continue  # an empty cell points nowhere (a required column refuses it first)
        values = tuple(str(record[name]) for name in key.fields)
        if values not in known:
            listed = ", ".join(" ".join(row) for row in sorted(known))
            found = ", ".join(repr(v) for v in values)
            raise DataError(
                resource.path,
                f"unknown {', '.join(key.fields)} {found}; expected one listed in {key.reference.path.name} ({listed}), "
                f"which datapackage.json makes this column's foreign key. Add it there if it is real.",
                line=record["line"],
                column=key.fields[0],
            )
