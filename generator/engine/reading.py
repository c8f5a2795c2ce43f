"""How the engine reads a site's settings file and dates a build: shared by the runner
and the plugin."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def inherited(config_file: Path) -> dict[str, Any] | None:
    """``mkdocs.yml`` merged with the files it inherits from, as MkDocs reads it; None
    when MkDocs cannot read it (it then reports that itself)."""
    from ._mkdocs import ConfigurationError, yaml_load  # the engine only when a build needs it

    try:
        with config_file.open("rb") as stream:
            return yaml_load(stream)
    except (OSError, ConfigurationError):
        return None


def with_inherited(config_file: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """``data``, ``mkdocs.yml`` as written, merged with the file it inherits from (its
    ``INHERIT``) as the engine reads it; None when the engine cannot read it (it then
    says why itself)."""
    if "INHERIT" not in data:
        return data
    return inherited(config_file)


def build_datetime(now: datetime) -> datetime:
    """The build's time as the engine takes it (from ``SOURCE_DATE_EPOCH``: whole
    seconds, UTC), for ``now``."""
    return datetime.fromtimestamp(int(now.timestamp()), UTC)


def build_day(now: datetime) -> str:
    """The date the engine gives the build (and writes into the sitemap) for ``now``."""
    return build_datetime(now).strftime("%Y-%m-%d")
