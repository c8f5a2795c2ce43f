"""Postmortem addresses against file names the archive's own pages use: a file named
``<page>-postmortem.md`` keeps its address instead of taking the archive page's."""

from __future__ import annotations

import pytest

from statuspress.model import ARCHIVE_FOLDERS

from .conftest import MakeSite, run

INCIDENT = """\
---
title: Inc one
severity: SEV-2
components: {api: partial_outage}
started: 2026-11-20T10:00:00Z
updates:
  - at: 2026-11-20T10:05:00Z
    status: investigating
    message: Some requests fail.
  - at: 2026-11-20T11:00:00Z
    status: resolved
    message: Requests succeed again.
---
"""
POSTMORTEM = """\
---
type: postmortem
title: A review filed as {name}
incidents: [inc1]
status: published
published: 2026-11-25
summary: What happened, in short.
services: [api]
---
The story.
"""


@pytest.mark.parametrize("folder", ARCHIVE_FOLDERS)
def test_an_old_postmortem_file_named_like_an_archive_page_keeps_its_address(
    make_site: MakeSite, folder: str
) -> None:
    name = f"{folder}-postmortem"
    project = make_site(
        {"inc1.md": INCIDENT, f"postmortems/{name}.md": POSTMORTEM.format(name=name)}
    )
    out = project / "site"
    args = ("build", "-f", str(project / "mkdocs.yml"), "-d", str(out))
    code, _, err = run(*args, "--now", "2026-11-28T12:00:00Z")
    assert code == 0, err
    page = (out / "postmortems" / name / "index.html").read_text()
    assert f"A review filed as {name}" in page and 'http-equiv="refresh"' not in page
    archive = out / "postmortems" / folder / "index.html"
    assert not archive.exists() or name not in archive.read_text()
