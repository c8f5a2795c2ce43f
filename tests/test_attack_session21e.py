"""Attack session 21e: adopting Statuspress from scratch, as the README and docs say.

Each test is one bug found in this session. It fails now and asserts what a serious
status page product must do for a team that follows "Start a status page", publishes
under a sub-path, or writes its page in German or Japanese.
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.serve import Preview, make_server

from .conftest import MakeSite, git

NOW = "2026-11-28T12:00:00Z"

OPEN_INCIDENT = """\
---
title: Card payments failing
severity: SEV-2
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Some card payments fail. We are investigating.
---
"""


def language_config(language: str, site_url: str = "https://status.example.com/") -> str:
    return f"""\
site_name: Acme
site_url: {site_url}
docs_dir: pages
theme:
  name: material
  font: false
  language: {language}
plugins:
  - statuspress:
      time_zone: Europe/Berlin
      components:
        - id: api
          name: API
        - id: web
          name: Website
"""


def build(project: Path) -> Path:
    out = project / "site"
    result = CliRunner().invoke(
        cli, ["build", "--now", NOW, "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def init(folder: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        ["init", str(folder), "--name", "Acme", "--url", "https://status.acme.example/",
         "--timezone", "Europe/Berlin", "--components", "api,web=Website", *args],
    )  # fmt: skip
    return result.exit_code, result.output


def test_japanese_badges_leave_room_for_their_words(make_site: MakeSite) -> None:
    """A Japanese site's badges squeeze their words into 64% of the room they need.

    The adopter sets `theme.language: ja` (docs/languages.md lists badges among what
    is translated) and puts `badge.svg` in a README: the message "部分的な障害" is drawn
    with `textLength` computed as 7 px per character, as for Latin letters, while a
    CJK glyph at the badge's 11 px font is 11 px wide. The SVG's `textLength` then
    forces the glyphs to overlap: the badge reads as a smudge. Reproduce: build a
    `language: ja` site with an incident open and open `components/api/badge.svg`."""
    project = make_site({"card.md": OPEN_INCIDENT}, config=language_config("ja"))
    out = build(project)
    for name in ("badge.svg", "components/api/badge.svg", "components/web/badge.svg"):
        svg = (out / name).read_text(encoding="utf-8")
        for length, words in re.findall(r'textLength="(\d+)">([^<]*)</text>', svg):
            wide = sum(1 for char in words if ord(char) >= 0x3000)
            # At font-size 110 (drawn at ten times, scaled by .1) a full-width glyph
            # advances 110 units; allow 10% for a narrower fallback font.
            assert int(length) >= 99 * wide, (name, words, length)


def test_embed_notice_speaks_the_language_of_the_site(make_site: MakeSite) -> None:
    """A German site's embed notice talks English to the visitors of the adopter's site.

    docs/languages.md promises the status page's own texts, the embed page among them,
    in `theme.language`. The notice that `embed.js` puts on the adopter's (German)
    website says "Open incident", "(Investigating)", "See the status page" and
    "Dismiss the Acme status notice"; the German embed page even shows it live.
    Reproduce: build a `language: de` site with an open incident and read `embed.js`."""
    project = make_site({"card.md": OPEN_INCIDENT}, config=language_config("de"))
    out = build(project)
    script = (out / "embed.js").read_text(encoding="utf-8")
    english = ["See the status page", "more on the status page", "Dismiss the ",
               '"Investigating"', '"Open incident"', '" status"']  # fmt: skip
    assert [text for text in english if text in script] == []


def test_init_in_a_sub_folder_of_a_repository_sets_up_workflows_github_runs(
    tmp_path: Path,
) -> None:
    """`init` in a sub-folder of a git repository writes workflows GitHub never runs.

    A team puts its status page in `ops/status/` of an existing repository and runs
    `statuspress init` there. It writes `ops/status/.github/workflows/*.yml` and
    `ops/status/.pre-commit-config.yaml`, prints "Publish: push to GitHub and ... set
    Source to GitHub Actions", and says nothing else. GitHub reads workflows only from
    the repository's root `.github/workflows/`, and pre-commit only the root's config:
    nothing is ever checked or deployed. Reproduce: `git init repo && mkdir -p
    repo/ops/status && cd repo/ops/status && statuspress init`."""
    repo = tmp_path / "repo"
    folder = repo / "ops" / "status"
    folder.mkdir(parents=True)
    git(repo, "init", "-q")
    code, output = init(folder)
    assert code == 0, output
    runs = (repo / ".github" / "workflows" / "deploy.yml").exists()
    # A warning would name where GitHub looks: the repository's root.
    warned = f"{repo}/.github" in output or re.search(
        r"root of (the|this|your) (git )?repository|repository'?s? root", output
    )
    assert runs or warned, output


def test_init_after_git_init_publishes_from_the_branch_the_repository_has(
    tmp_path: Path,
) -> None:
    """The README's own `git init` makes a `master` branch; the deploy workflow only
    runs on pushes to `main`.

    README step 1 is `git init` (git's default branch is still `master` unless
    `init.defaultBranch` is set), step 2 `statuspress init`, step 4 "Every push to
    `main` publishes the page". init sees the repository's branch and still writes
    `branches: [main]` (and the editor's `branch: main`) without a word: the first
    push creates `master` on GitHub and no push ever deploys (only the 10-minute
    schedule, when GitHub gets to it). Reproduce: `git init -b master . && statuspress
    init && grep -A1 'push:' .github/workflows/deploy.yml`."""
    folder = tmp_path / "acme-status"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "master")
    code, output = init(folder)
    assert code == 0, output
    deploy = yaml.safe_load((folder / ".github/workflows/deploy.yml").read_text())
    branches = deploy[True]["push"]["branches"]  # YAML 1.1 reads `on:` as True
    assert "master" in branches or "master" in output, (branches, output)


MAINTENANCE_ANNOUNCED_LATE = """\
---
type: maintenance
title: Database upgrade
components: [api]
scheduled_start: 2026-11-20T02:00:00+01:00
scheduled_end: 2026-11-20T03:00:00+01:00
updates:
  - at: 2026-11-28T11:00:00+01:00
    status: scheduled
    message: The API will be read-only for a few minutes.
---
"""


def test_a_maintenance_written_after_its_window_is_not_eight_days_of_maintenance(
    make_site: MakeSite,
) -> None:
    """A maintenance whose window is already past when it is written (a wrong date in
    `statuspress new maintenance --start/--end`, or the README's own example run a
    week later) is accepted without a word, and then every view tells another story.

    `new maintenance "Database upgrade" --start 2026-12-03T02:00 --end
    2026-12-03T03:00 -c api -m ...`, run on 2026-12-07 as in the README's table,
    writes the file and prints no warning; `check` finds nothing. The built site then
    lists it under "Scheduled maintenance" (the API: `scheduled`), while the
    component's uptime bar shows the one-hour window as "under maintenance" for 22 h
    on its day and 1 d on every day since, up to the announcement: days of
    maintenance that never happened, on the reader's record. Reproduce: the file
    below, built at 2026-11-28T12:00Z, and hover the API's bar for 24 Nov."""
    project = make_site({"2026/db.md": MAINTENANCE_ANNOUNCED_LATE}, config=language_config("en"))
    out = build(project)
    page = (out / "components" / "api" / "index.html").read_text(encoding="utf-8")
    days = dict(re.findall(r'title="(\d+ Nov 2026): ([^"]*)"', page))
    after_window = {day: said for day, said in days.items()
                    if day in ("21 Nov 2026", "24 Nov 2026", "27 Nov 2026")}  # fmt: skip
    assert after_window and all("maintenance" not in said for said in after_window.values()), (
        after_window
    )


@pytest.fixture
def preview_under_path(make_site: MakeSite) -> Iterator[str]:
    project = make_site(
        {"card.md": OPEN_INCIDENT},
        config=language_config("en", site_url="https://acme.github.io/status/"),
    )
    running = Preview(project / "mkdocs.yml", log=lambda line: None)
    assert running.rebuild()
    server = make_server(running, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    running.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    running.stop()


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_preview_of_a_project_pages_site_shows_a_working_not_found_page(
    preview_under_path: str,
) -> None:
    """In `statuspress serve` of a GitHub project-pages site (`site_url:
    https://acme.github.io/status/`), a mistyped address shows an unstyled page
    whose every link is broken.

    The preview serves the site at `/` (`http://127.0.0.1:8000/`, as
    incidents/README.md says), but answers an unknown address with the built
    `404.html`, whose stylesheets, feeds and navigation all start with `/status/`:
    each of them is itself a 404 in the preview. Reproduce: `statuspress serve` in such
    a project and open http://127.0.0.1:8000/incidents/no-such-incident/."""
    code, body = fetch(preview_under_path + "incidents/no-such-incident/")
    assert code == 404
    links = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', body.decode())
    assert links
    broken = []
    for link in links:
        url = urllib.parse.urljoin(preview_under_path + "incidents/no-such-incident/", link)
        if fetch(url)[0] != 200:
            broken.append(link)
    assert broken == []
