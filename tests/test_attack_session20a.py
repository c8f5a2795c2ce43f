"""Attack session 20a: the web editor (`statuspress editor`) against the settings files
and content folders real sites have.

Each test is one bug found in this session: it fails without its fix and asserts what
the promises say a user should see: the editor lands where the site serves it, at
/admin/; bad input gets one clear line and a non-zero exit, never a traceback; what the
editor writes is a configuration Decap CMS can commit with.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner, Result

from statuspress.cli import cli

from .conftest import INCIDENT, MakeSite


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def no_traceback(result: Result) -> None:
    """The command ended on its own terms: no Python exception escaped it."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )


def decap_package(folder: Path) -> Path:
    """The two files of a decap-cms package that ``statuspress editor`` reads."""
    (folder / "dist").mkdir(parents=True)
    (folder / "dist" / "decap-cms.js").write_text("/* decap */\n")
    (folder / "package.json").write_text('{"version": "3.16.3", "license": "MIT"}')
    return folder


def editor(project: Path, tmp_path: Path) -> Result:
    decap = decap_package(tmp_path / "decap")
    settings = str(project / "mkdocs.yml")
    return invoke("editor", "-f", settings, "--repo", "acme/status", "--decap-from", str(decap))


SETTINGS = """\
site_name: Example
site_url: https://status.example.com/
docs_dir: {docs_dir}
theme:
  name: material
  font: false
{extensions}plugins:
  - statuspress:
      time_zone: UTC
      content_dir: {content_dir}
      components:
        - id: api
          name: API
"""


EMOJI = """\
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""
"""What Material's documentation has a site write for emoji: tags of MkDocs' own."""


def settings(docs_dir: str = "pages", content_dir: str = "incidents", extensions: str = "") -> str:
    return SETTINGS.format(docs_dir=docs_dir, content_dir=content_dir, extensions=extensions)


# where the editor is written ---------------------------------------------------------


def test_the_editor_goes_into_docs_dir_when_the_settings_use_materials_emoji_tags(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """`mkdocs.yml` names `docs_dir: pages` and, as Material's documentation tells every
    site with emoji to, `!!python/name:material.extensions.emoji.twemoji`. The check and
    the build read it; `statuspress editor` says "wrote the editor to docs/admin" and
    makes a `docs/` folder the site never builds: /admin/ is a 404 after publishing,
    and the editor's uploads go to `docs/media`. It should write into `pages/admin`."""
    project = make_site(config=settings(extensions=EMOJI))
    result = editor(project, tmp_path)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert (project / "pages" / "admin" / "config.yml").is_file()
    assert not (project / "docs").exists()
    config = yaml.safe_load((project / "pages" / "admin" / "config.yml").read_text())
    assert config["media_folder"] == "pages/media"


def test_the_editor_goes_into_the_docs_dir_a_settings_file_inherits(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """`docs_dir: pages` is in a shared `base.yml` that `mkdocs.yml` inherits
    (`INHERIT: base.yml`), which the build honours. The editor is written into
    `docs/admin`, outside the site."""
    project = make_site(config="INHERIT: base.yml\n" + settings().replace("docs_dir: pages\n", ""))
    (project / "base.yml").write_text("docs_dir: pages\n")
    result = editor(project, tmp_path)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert (project / "pages" / "admin" / "config.yml").is_file()
    assert not (project / "docs").exists()


def test_a_docs_dir_outside_the_project_is_one_line_not_a_traceback(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """`docs_dir: ../shared-pages` (MkDocs builds it). `statuspress editor` ends in a
    traceback, `ValueError: '…/shared-pages' is not in the subpath of '…/project'`,
    after making the folder. The editor commits into the repository, so it cannot be
    written there: it should say so on one line, naming docs_dir, and write nothing."""
    project = make_site(config=settings(docs_dir="../shared-pages"))
    result = editor(project, tmp_path)
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "docs_dir" in result.stderr
    assert not (tmp_path / "shared-pages").exists()


def test_an_absolute_docs_dir_inside_the_project_is_written_with_relative_paths(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`docs_dir` written as an absolute path inside the project (a generated settings
    file), and `statuspress editor` run in the project as the documentation shows: it
    ends in the same `ValueError` traceback. Decap's `media_folder` is relative to the
    repository: `pages/media`."""
    project = tmp_path / "project"
    make_site(config=settings(docs_dir=str(project / "pages")))
    monkeypatch.chdir(project)
    decap = decap_package(tmp_path / "decap")
    result = invoke("editor", "--repo", "acme/status", "--decap-from", str(decap))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((project / "pages" / "admin" / "config.yml").read_text())
    assert config["media_folder"] == "pages/media"


# what the editor reads and writes ----------------------------------------------------


def test_an_incident_file_that_is_not_utf8_does_not_end_the_editor_in_a_traceback(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """An incident file saved as Latin-1 by a Windows editor (`Café`). `check` reports
    it on one line (`encoding: expected UTF-8 text, found byte 0xe9`); `statuspress
    editor` prints "wrote the editor" and then a `UnicodeDecodeError` traceback while it
    looks for incident files without a type line. The check reports that file; the
    editor should finish."""
    project = make_site({"2026-11-28-ok.md": INCIDENT.format(title="Fine")})
    broken = INCIDENT.format(title="Café down").encode("latin-1")
    (project / "incidents" / "2026-11-28-cafe.md").write_bytes(broken)
    result = editor(project, tmp_path)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "1 incident file(s) have no 'type: incident' line" in result.stderr


def test_an_admin_config_that_is_not_utf8_is_one_line_not_a_traceback(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """The site already has an `admin/config.yml` of its own, in Latin-1. `statuspress
    editor` ends in a `UnicodeDecodeError` traceback instead of the line it gives for any
    other folder it did not write ("move it, the editor is served at /admin/")."""
    project = make_site(config=settings())
    (project / "pages" / "admin").mkdir(parents=True)
    own = "# Réglages\n".encode("latin-1")
    (project / "pages" / "admin" / "config.yml").write_bytes(own)
    result = editor(project, tmp_path)
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert (project / "pages" / "admin" / "config.yml").read_bytes() == own


@pytest.mark.parametrize("content_dir", ["incidents/", "./incidents"])
def test_the_editors_folders_are_clean_paths_whatever_the_content_dir_spelling(
    make_site: MakeSite, tmp_path: Path, content_dir: str
) -> None:
    """`content_dir: incidents/` (or `./incidents`), which the check and build accept as
    `incidents`. The editor's postmortem collection gets `folder: incidents//postmortems`
    (`./incidents/postmortems`): a path with an empty (or `.`) part, which git hosts'
    APIs refuse as a tree path when Decap commits a new file. It should be
    `incidents/postmortems`."""
    project = make_site(config=settings(content_dir=content_dir))
    result = editor(project, tmp_path)
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((project / "pages" / "admin" / "config.yml").read_text())
    folders = [collection["folder"] for collection in config["collections"]]
    assert folders == ["incidents", "incidents", "incidents/postmortems"]


# what readers get: feeds under hostile content -----------------------------------------


@pytest.mark.parametrize("reference", ["&#1;", "&#x1B;", "&#xFFFF;", "&#x0C;"])
def test_a_character_reference_to_a_control_character_does_not_stop_the_build(
    make_site: MakeSite, tmp_path: Path, reference: str
) -> None:
    """An update's message holds `&#x1B;` (a terminal's colour code, pasted from a log as
    HTML shows it), or `&#1;` or `&#xFFFF;`. `check` passes it (0 errors), and then every
    `build` ends in a traceback from the feeds, `ValueError: All strings must be XML
    compatible`: the status page cannot be published during the incident. The
    sanitiser turns the reference into the character itself, one no output can carry;
    it should be shown as the replacement character, as `&#0;` is, and the feeds be
    XML."""
    message = f"Exports fail with {reference}[31mERROR{reference}[0m for some customers."
    incident = INCIDENT.format(title="Exports failing").replace(
        "Some requests fail; we are looking into it.", message
    )
    project = make_site({"2026-11-28-exports.md": incident})
    code_check = invoke("check", "-f", str(project / "mkdocs.yml"), "--now", "2026-11-28T12:00Z")
    assert code_check.exit_code == 0, code_check.output
    out = tmp_path / "site"
    result = invoke(
        "build", "-f", str(project / "mkdocs.yml"), "-d", str(out), "--now", "2026-11-28T12:00Z"
    )
    no_traceback(result)
    assert result.exit_code == 0, result.output
    for feed in ("history.atom", "history.rss", "components/api.atom"):
        text = ElementTree.fromstring((out / feed).read_bytes())
        assert "ERROR" in ElementTree.tostring(text, encoding="unicode")


# the postmortem archive ----------------------------------------------------------------

INDEX_POSTMORTEM = """\
---
type: postmortem
title: A missing database index slowed every search
incidents: [2026-11-28-slow]
status: published
published: 2026-12-01
tags: [database, Index]
---
The story.
"""


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("postmortems/missing-index.md", "postmortems/tag/index/index.html"),
        ("index.md", "incidents/index/index.html"),
    ],
)
def test_a_page_whose_address_ends_in_index_is_built(
    make_site: MakeSite, tmp_path: Path, name: str, page: str
) -> None:
    """A postmortem about a missing database index is tagged `[database, Index]`: `check`
    passes, and every `build` fails with "mkdocs wrote no page for
    'postmortems/tag/index/' (its status pages are missing: is the 'statuspress' plugin
    enabled in plugins?)", which sends the team looking at the wrong thing while the
    page cannot be published. The engine reads a page written as `…/index.md` as its
    folder's index. The same for an incident file named `index.md`. The page should be
    built at its address."""
    incident = INCIDENT.format(title="Slow search").replace(
        "    status: investigating\n", "    status: resolved\n"
    )
    files = {"2026-11-28-slow.md": incident}
    files[name] = INDEX_POSTMORTEM if name.startswith("postmortems/") else incident
    project = make_site(files)
    out = tmp_path / "site"
    result = invoke(
        "build", "-f", str(project / "mkdocs.yml"), "-d", str(out), "--now", "2026-12-02T12:00Z"
    )
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert (out / page).is_file()
