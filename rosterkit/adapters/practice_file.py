"""Read a practice from a YAML or JSON file with the files its ``sources:`` name; its JSON Schema.

A practice file may list import files under ``sources:`` (staff lists, availability tables and
grids, staff calendars; see docs/imports.md). They are named relative to the practice file and
merged into its ``staff``, ``availability`` and ``leave`` when it is loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
import yaml
from pydantic import BaseModel

from rosterkit.adapters.files import atomic_write_text
from rosterkit.adapters.imports import (
    Imported,
    ImportSummary,
    Source,
    apply_sources,
    parse_sources,
)
from rosterkit.errors import PracticeFileError
from rosterkit.rules import Practice

__all__ = [
    "LoadedPractice",
    "load_practice",
    "load_practice_with_imports",
    "practice_schema",
    "write_practice",
]


@dataclass(frozen=True)
class LoadedPractice:
    """A practice file's practice, with what its ``sources:`` imported.

    Attributes:
        practice: the practice, sources merged in.
        imported: the imported entries, where each came from, and the summary.
        document: the file's document as parsed, without ``sources``.
    """

    practice: Practice
    imported: Imported
    document: dict[str, Any]

    @property
    def imports(self) -> ImportSummary:
        """Per imported file, what it gave and what it left out (empty without sources)."""
        return self.imported.summary

    def merged_document(self) -> dict[str, Any]:
        """The document with the imported staff, availability and leave written out.

        It needs no ``sources`` any more; leave reasons from the imported files are kept (the
        practice file is as private as they are).
        """
        doc = dict(self.document)
        for section, entries in (
            ("staff", self.imported.staff),
            ("availability", self.imported.availability),
            ("leave", self.imported.leave),
        ):
            if entries:
                listed = doc.get(section)
                doc[section] = [*(listed if isinstance(listed, list) else []), *map(_dump, entries)]
        return doc


def _dump(entry: BaseModel) -> dict[str, Any]:
    data: dict[str, Any] = entry.model_dump(mode="json", exclude_defaults=True)
    kind = getattr(entry, "kind", None)
    return {"kind": kind, **data} if kind is not None else data


def write_practice(document: dict[str, Any], path: str | Path) -> Path:
    """Write a practice document as YAML, atomically.

    Raises:
        ExportError: the file cannot be written.
    """
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return atomic_write_text(path, text)


def load_practice(path: str | Path) -> Practice:
    """Load and validate a practice file (``.yaml``, ``.yml`` or ``.json``).

    Files listed under ``sources:`` are read and merged in (see
    :func:`load_practice_with_imports` for what they gave).

    Raises:
        PracticeFileError: the file cannot be read or parsed (the message gives the line).
        ValidationError: the document breaks the schema or a cross-reference (the message
            gives the path in the document and the value).
        InputError: an imported file cannot be read or is invalid (the message names the
            file, the row or line, the column or property, and the value).
    """
    return load_practice_with_imports(path).practice


def load_practice_with_imports(path: str | Path) -> LoadedPractice:
    """Load a practice file like :func:`load_practice`, and say what its sources gave.

    Raises:
        PracticeFileError: the file cannot be read or parsed.
        ValidationError: the document breaks the schema or a cross-reference.
        InputError: an imported file cannot be read or is invalid.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PracticeFileError(f"{file}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PracticeFileError(f"{file}: cannot read: {exc}") from exc
    data = _parse(file, text)
    if not isinstance(data, dict):
        raise PracticeFileError(
            f"{file}: expected a mapping at the top (name, time_zone, horizon, ...), "
            f"got {type(data).__name__}"
        )
    raw_sources = data.pop("sources", None)
    if raw_sources is None:
        return LoadedPractice(Practice.parse(data, source=str(file)), Imported(), data)
    sources = parse_sources(raw_sources, origin=str(file))
    practice, imported = apply_sources(data, sources, base=file.parent, origin=str(file))
    return LoadedPractice(practice, imported, data)


def _parse(file: Path, text: str) -> Any:
    if file.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise PracticeFileError(
                f"{file}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
            ) from exc
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else str(file)
        raise PracticeFileError(f"{where}: invalid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise PracticeFileError(f"{file}: invalid YAML: {exc}") from exc


def practice_schema() -> dict[str, Any]:
    """The JSON Schema of a practice file."""
    schema = Practice.model_json_schema()
    # `sources` is read by the file loader, not by Practice: add it to the file's schema.
    sources = pydantic.TypeAdapter(list[Source]).json_schema(ref_template="#/$defs/{model}")
    schema.setdefault("$defs", {}).update(sources.pop("$defs", {}))
    sources["description"] = "Files to import, relative to the practice file (docs/imports.md)."
    schema["properties"]["sources"] = sources
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "rosterkit practice"
    return schema
