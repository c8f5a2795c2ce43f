"""Edge cases found by a hostile review of the stat rule, the lazy cache rows, the
history by month, the lazy CLI and the plugin switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from statuspress.buildcache import BuildCache
from statuspress.config import read_settings

from .test_store import NOTICE, assert_full_build, build, first_incident, sql
from .test_store import project as project  # the fixture the tests take

CONFIG = """site_name: X
site_url: https://x.example/
plugins:
  - search
  - statuspress:
      components:
        - id: api
          name: API
{extra}"""


def _settings(tmp_path: Path, extra: str) -> list[str]:
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.format(extra=extra))
    return [f"{p.line}: {p.message}" for p in read_settings(config)[1]]


@pytest.mark.parametrize("value", ["false", "off", "no", "False", "Off", "NO"])
def test_an_enabled_plugin_switched_off_in_any_spelling_is_refused(
    tmp_path: Path, value: str
) -> None:
    """MkDocs reads its settings as YAML 1.1, where ``off`` and ``no`` are false too."""
    shown = "false" if value.lower() == "false" else value
    assert _settings(tmp_path, f"      enabled: {value}\n") == [
        f"9: expected true (or no setting), found {shown!r}: the site would have no status pages"
    ]


@pytest.mark.parametrize("value", ["", "null", "~", "true"])
def test_an_enabled_plugin_given_as_null_or_true_is_not_refused(tmp_path: Path, value: str) -> None:
    """MkDocs takes ``enabled:`` with no value as its default, true: the site has its pages."""
    assert _settings(tmp_path, f"      enabled: {value}\n") == []


def test_an_enabled_switch_that_is_not_a_boolean_is_not_said_to_be_false(tmp_path: Path) -> None:
    """``enabled: yes`` (a string in YAML 1.2) is refused for its type, once: it is not
    said to be 'false'."""
    found = _settings(tmp_path, "      enabled: maybe\n")
    assert len(found) == 1, found
    assert "found 'false'" not in found[0], found


def test_a_plugin_named_without_options_is_found(tmp_path: Path) -> None:
    """``- statuspress`` names the plugin (without its components): the check says what
    it lacks, on its line, not that it is missing."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.split("  - statuspress:")[0] + "  - statuspress\n")
    found = [(p.line, p.field, p.message) for p in read_settings(config)[1]]
    assert found == [(5, "plugins[1].statuspress.components", "expected a list, found nothing")]


def test_rows_another_build_deleted_before_they_are_asked_for_are_only_missing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build reads the pages' rows when it asks for them: another build (a full one
    prunes what it no longer uses) may have deleted them since this one opened the
    file. They are made again: neither a notice that the cache is damaged nor a full
    build, and the next build trusts the cache."""
    incident = first_incident(project)
    incident.write_text(incident.read_text().replace("title: ", "title: Edited ", 1))
    close = BuildCache.close

    def deleted_meanwhile(self: BuildCache) -> None:
        close(self)
        assert sql(project, "DELETE FROM entry WHERE kind = 'pages'") > 0

    monkeypatch.setattr(BuildCache, "close", deleted_meanwhile)
    result = build(project)
    assert NOTICE not in result.output, result.output
    assert "rebuilt" in result.output, result.output
    assert_full_build(project)
    monkeypatch.setattr(BuildCache, "close", close)
    assert "notice" not in build(project).output
