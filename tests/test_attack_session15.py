"""Attacks on the rebuild of session 15: a new build day dates the sitemap anew instead
of building everything, uptime worked out once per component, the later history pages
of a component, calendars keyed on how far each maintenance had gone, and MkDocs not
imported by a rebuild whose pages all have frames.

Each test builds with the cache at moving reference times, as CI or a comms lead does,
and compares the site with a full build (``--no-cache``) at the same time."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from importlib.util import find_spec
from pathlib import Path

from .conftest import INCIDENT, REPO, MakeSite
from .test_incremental import assert_same_as_full_build, build

DAY_ONE = "2026-11-28T12:00:00Z"
DAY_TWO = "2026-11-29T12:00:00Z"
LATER_ON_DAY_ONE = "2026-11-28T17:00:00Z"

RESOLVED = """\
---
title: API errors
severity: SEV-3
components: {api: partial_outage}
started: 2026-11-20T10:00:00Z
updates:
  - at: 2026-11-20T10:05:00Z
    status: investigating
    message: Some requests fail.
  - at: 2026-11-20T11:00:00Z
    status: resolved
    message: Fixed.
---
"""
"""An incident long over: its page does not change from one day to the next."""


# A new build day ------------------------------------------------------------------


THEME_OVERRIDE = """\
site_name: Example
site_url: https://status.example.com/
docs_dir: pages
theme:
  name: material
  font: false
  custom_dir: overrides
plugins:
  - statuspress:
      components:
        - id: api
          name: API
"""


def test_a_theme_override_that_shows_the_build_day_is_dated_anew_on_every_page(
    make_site: MakeSite,
) -> None:
    """MkDocs gives every page the build day (``page.update_date``, ``build_date_utc``),
    and a theme override may show it ("Built on 2026-11-28" in the footer, a common
    Material customisation). A new build day used to build everything; now it dates the
    sitemap anew and keeps every page that did not change, with the old day in it,
    where a full build writes the new one (on the incident's page, the postmortems'
    pages, the site's own pages and 404.html). The frames were made on the old day and
    hold it as fixed text."""
    project = make_site({"a.md": RESOLVED}, config=THEME_OVERRIDE)
    (project / "pages" / "about.md").write_text("# About\n\nWho runs this.\n")
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n'
        "{% block footer %}<p>Built on {{ page.update_date }}</p>{{ super() }}{% endblock %}\n"
    )
    build(project, now=DAY_ONE)
    build(project, now=DAY_ONE)  # frames kept: the next build is incremental
    build(project, now=DAY_TWO)
    page = (project / "site" / "incidents" / "a" / "index.html").read_text()
    assert "Built on 2026-11-29" in page
    assert_same_as_full_build(project, now=DAY_TWO)


MKDOCS_THEME = """\
site_name: Example
site_url: https://status.example.com/
docs_dir: pages
theme:
  name: mkdocs
  highlightjs: false
plugins:
  - search
  - statuspress:
      components:
        - id: api
          name: API
"""


def test_the_search_index_of_mkdocs_own_theme_follows_the_status_pages(
    make_site: MakeSite,
) -> None:
    """With MkDocs' own theme (``theme: mkdocs``, which the settings check accepts) the
    search plugin is MkDocs', which does not read Material's ``search: exclude``: the
    status page, the history and the component and incident pages are all in its index.
    The rebuild takes them for pages outside the index and never indexes them again: the
    index keeps the first build's "Last updated", uptime and durations. It used to last
    until the day ended (a new day built everything); now it lasts for good."""
    project = make_site({"a.md": INCIDENT.format(title="API errors")}, config=MKDOCS_THEME)
    build(project, now=DAY_ONE)
    build(project, now=DAY_ONE)
    build(project, now=DAY_TWO)
    index = (project / "site" / "search" / "search_index.json").read_text()
    assert "29 Nov 2026, 12:00" in index
    assert_same_as_full_build(project, now=DAY_TWO)


def test_the_search_index_of_mkdocs_own_theme_follows_the_status_pages_within_a_day(
    make_site: MakeSite,
) -> None:
    """The same within one day: a rebuild hours later remade the status page ("Last
    updated", the uptime) but took it for a page outside the index, so the index kept
    the first build's text until the day ended. MkDocs' search indexes every page: each
    changed page is indexed again."""
    project = make_site({"a.md": INCIDENT.format(title="API errors")}, config=MKDOCS_THEME)
    build(project, now=DAY_ONE)
    build(project, now=LATER_ON_DAY_ONE)
    index = (project / "site" / "search" / "search_index.json").read_text()
    assert "28 Nov 2026, 17:00" in index
    assert_same_as_full_build(project, now=LATER_ON_DAY_ONE)


# Which engine runs ----------------------------------------------------------------


def test_the_engine_module_imported_first_runs_the_chosen_engine(tmp_path: Path) -> None:
    """``_choice`` runs ProperDocs when it is installed, unless MkDocs already runs. Now
    ``engine._mkdocs`` imports ``mkdocs.*`` before it imports ``_choice``: a process that
    reaches the engine through ``_mkdocs`` first (``statuspress build --no-cache``: the
    cache, which asks ``engine_name()`` first, is not opened) has imported MkDocs itself
    by the time ``_choice`` looks, and runs MkDocs. With both installed, the full build
    is MkDocs' and the cached one ProperDocs' (every page's generator tag differs); with
    ProperDocs alone, as ``.ci/run`` installs it, ``statuspress build --no-cache`` fails
    with ``ModuleNotFoundError: No module named 'mkdocs'``. Here a stand-in ProperDocs
    (that leaves ``mkdocs.*`` to MkDocs) is installed where ProperDocs is not."""
    paths = [str(REPO)]
    if find_spec("properdocs") is None:
        stand_in = tmp_path / "stand-in" / "properdocs"
        stand_in.mkdir(parents=True)
        (stand_in / "__init__.py").write_text("")
        (stand_in / "replacement.py").write_text("")
        paths.insert(0, str(stand_in.parent))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    names = {}
    for first in ("statuspress.engine._choice", "statuspress.engine._mkdocs"):
        code = f"import {first} as m; print(m.NAME)"
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == 0, done.stderr
        names[first] = done.stdout.strip()
    assert names == {
        "statuspress.engine._choice": "properdocs",
        "statuspress.engine._mkdocs": "properdocs",
    }


def test_a_full_build_in_its_own_process_runs_on_the_installed_engine(
    make_site: MakeSite,
) -> None:
    """The same, as a user meets it: ``statuspress build --no-cache`` in a process of its
    own. Under MkDocs this passes; under ProperDocs alone (``.ci/run``'s second run, with
    ``STATUSPRESS_TEST_ENGINE=properdocs``) it fails with ``No module named 'mkdocs'``
    (the suite's in-process builds never see it: the test process imported ``_choice``
    long before)."""
    project = make_site({"a.md": INCIDENT.format(title="API errors")})
    command = textwrap.dedent(
        f"""
        import sys
        from statuspress.cli import main
        sys.argv = ["statuspress", "build", "--no-cache", "--now", {DAY_ONE!r},
                    "-f", {str(project / "mkdocs.yml")!r}, "-d", {str(project / "full")!r}]
        main()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", command], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    expected = os.environ.get("STATUSPRESS_TEST_ENGINE", "mkdocs")
    page = (project / "full" / "index.html").read_text()
    assert f'content="mkdocs-{"ProperDocs " if expected == "properdocs" else ""}' in page


TEAM_SITE = """\
site_name: Team docs
site_url: https://docs.example.com/
theme:
  name: mkdocs
  highlightjs: false
nav:
  - Home: index.md
plugins:
  - statuspress:
      path: status/
      components:
        - id: api
          name: API
"""


def test_the_home_page_of_a_site_on_mkdocs_own_theme_gets_the_new_build_date(
    tmp_path: Path,
) -> None:
    """Inside an existing site on MkDocs' own theme (``path: status/``), the home page is
    the site's own ``docs/index.md``, and the theme writes the build's date and time into
    it (``Build Date UTC``, in a comment). No rebuild makes the site's own pages again:
    the home page keeps the date of the last full build, now also on the days after
    (before, a new day built everything, and the home page was at most hours old)."""
    project = tmp_path / "team"
    (project / "docs").mkdir(parents=True)
    (project / "incidents").mkdir()
    (project / "mkdocs.yml").write_text(TEAM_SITE)
    (project / "docs" / "index.md").write_text("# Team\n\nWelcome.\n")
    (project / "incidents" / "a.md").write_text(RESOLVED)
    build(project, now=DAY_ONE)
    build(project, now=DAY_ONE)
    build(project, now=DAY_TWO)
    home = (project / "site" / "index.html").read_text()
    assert "Build Date UTC : 2026-11-29 12:00:00+00:00" in home
    assert_same_as_full_build(project, now=DAY_TWO)
