"""Read a practice from a YAML or JSON file; the JSON Schema of that file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from rosterkit.errors import PracticeFileError
from rosterkit.rules import Practice

__all__ = ["load_practice", "practice_schema"]


def load_practice(path: str | Path) -> Practice:
    """Load and validate a practice file (``.yaml``, ``.yml`` or ``.json``).

    Raises:
        PracticeFileError: the file cannot be read or parsed (the message gives the line).
        ValidationError: the document breaks the schema or a cross-reference (the message
            gives the path in the document and the value).
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
    return Practice.parse(data, source=str(file))


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
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "rosterkit practice"
    return schema
