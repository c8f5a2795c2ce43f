"""Attacks on streamed full builds and the incremental search index: what a hostile
contributor or a stressed user could do to them, each kept as a test."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import write as write_corpus
from statuspress.engine.patch import SEARCH_INDEX

from . import test_incremental
from .conftest import INCIDENT, MakeSite, run, tree
from .test_incremental import NOW, assert_same_as_full_build, build, incident_files, rebuilt
from .test_search_patch import mark_postmortem, marked, postmortem_files

corpus, project = test_incremental.corpus, test_incremental.project
"""The incremental tests' corpus and its fixture, built with the cache before each test."""


def test_an_index_replaced_with_the_same_size_and_time_is_not_patched(project: Path) -> None:
    """The folder still matches the last build's record, but the index in it is not the
    one that build wrote: its entries are never published again."""
    index = project / "site" / SEARCH_INDEX
    stat = index.stat()
    data = json.loads(index.read_bytes())
    entry = next(e for e in data["docs"] if len(e["text"]) > 5)
    entry["text"] = "Stale" + entry["text"][5:]
    forged = json.dumps(data, separators=(",", ":")).encode("utf-8")
    assert len(forged) == stat.st_size
    index.write_bytes(forged)
    os.utime(index, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    mark_postmortem(postmortem_files(project)[3])
    assert rebuilt(build(project)) is not None
    assert marked(project / "site", "Stale") == []
    assert_same_as_full_build(project)


@pytest.mark.parametrize("options", [[], ["--no-cache"]])
def test_a_python_error_in_a_template_override_is_one_line_naming_it(
    make_site: MakeSite, options: list[str]
) -> None:
    """Not only Jinja's own errors: a division by zero in an override of the project's
    fails the build with the template's file and line, and keeps the last site."""
    project = make_site(
        {"a.md": INCIDENT.format(title="Fine"), "b.md": INCIDENT.format(title="Also fine")}
    )
    (project / "site_templates").mkdir()
    (project / "site_templates" / "incident.html").write_text(
        '<h1>{{ view.title }}</h1>\n{% if view.title == "Boom" %}{{ 1 // 0 }}{% endif %}\n'
    )
    build = ["build", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml")]
    code, _, err = run(*build, *options)
    assert code == 0, err
    before = tree(project / "site")
    (project / "incidents" / "b.md").write_text(INCIDENT.format(title="Boom"))
    code, out, err = run(*build, *options)
    assert code == 1
    assert err.splitlines()[-1] == (
        "Error: site_templates/incident.html:2: template error: "
        "ZeroDivisionError: integer division or modulo by zero"
    )
    assert "Traceback" not in out + err
    assert tree(project / "site") == before


def test_a_partial_run_does_not_warn_of_links_a_full_build_resolves(tmp_path: Path) -> None:
    """The engine is given only the pages that changed: a page of the site's own that
    links to another status page would find no target there, though the site has it."""
    project = tmp_path / "team"
    write_corpus(project, 30, 4, 3)
    config = project / "mkdocs.yml"
    text = re.sub(r"nav:\n(  - .*\n)+", "", config.read_text())
    config.write_text(text.replace("  - statuspress:\n", "  - statuspress:\n      path: status/\n"))
    incident = incident_files(project)[5].stem
    (project / "pages" / "guide.md").write_text(
        f"# Guide\n\nSee [the outage](status/incidents/{incident}.md).\n"
    )
    build(project)
    mark_postmortem(postmortem_files(project)[1])
    command = [sys.executable, "-m", "statuspress", "build", "--now", NOW, "-f", str(config)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert rebuilt(done.stdout + done.stderr) is not None
    assert "WARNING" not in done.stderr
    assert_same_as_full_build(project)


def test_a_theme_override_that_reads_another_page_sees_its_content(make_site: MakeSite) -> None:
    """A full build gives a page its content only as it is written, unless a template
    of the project's own could read another page's (here the history page's, from
    every page): then every page has it, as the engine reads them."""
    project = make_site({"a.md": INCIDENT.format(title="Fine")})
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ super() }}{% for f in pages %}'
        '{% if f.page.url == "history/" %}<p id="peek">{{ f.page.content | length }}</p>'
        "{% endif %}{% endfor %}{% endblock %}"
    )
    code, _, err = run("build", "--no-cache", "--now", "2026-11-28T12:00:00Z", "-f", str(config))
    assert code == 0, err
    site = tree(project / "site")
    peeks = {
        name: re.findall(r'<p id="peek">(\d+)</p>', data.decode())
        for name, data in site.items()
        if name.endswith("index.html")
    }
    history = len(site["history/index.html"])
    assert peeks["index.html"] == peeks["subscribe/index.html"] != ["0"]
    assert 0 < int(peeks["index.html"][0]) < history
