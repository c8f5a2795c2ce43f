"""The web editor: Decap CMS's configuration follows the field declarations, the
editor pages stay out of search, sitemap and feeds, and what Decap writes through
its forms is valid content the CLI keeps editing (real Decap CMS, its local
backend and Chromium)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from statuspress import editor, fieldspec
from statuspress.model import Component, Settings

from .checks.tools import missing, need_chromium, need_file, need_program
from .conftest import REPO, git, run

TOOLS = REPO / "tests" / "tools" / "node_modules"
DECAP = TOOLS / "decap-cms"
DECAP_SERVER = TOOLS / "decap-server" / "dist" / "index.js"
NPM_HINT = "(cd tests/tools && npm ci --ignore-scripts --no-audit --no-fund)"
COMPONENTS = ("api", "website")
SETTINGS = """\
site_name: Acme
site_url: https://status.acme.example/
docs_dir: pages
plugins:
  - statuspress:
      time_zone: Europe/Berlin
      components:
        - id: api
          name: API
        - id: website
          name: Website
"""
EXISTING = """\
---
type: incident
title: Slow sign-in
severity: SEV-3
components:
  website: degraded_performance
started: 2026-12-01T09:12:00+01:00
updates:
  - at: 2026-12-01T09:35:00+01:00
    status: investigating
    message: Signing in takes up to 30 seconds for some customers.
---
"""


def config_for(*components: str) -> dict[str, Any]:
    settings = Settings(
        name="Acme",
        url="https://status.acme.example/",
        components=tuple(Component(id=c, name=c, position=i) for i, c in enumerate(components)),
    )
    return editor.decap_config(settings, editor.Backend("github", "acme/status"), "docs")


def widgets(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in fields}


@pytest.mark.parametrize(
    ("collection", "kind"),
    [("incidents", "incident"), ("maintenances", "maintenance"), ("postmortems", "postmortem")],
)
def test_config_follows_the_field_declarations(collection: str, kind: str) -> None:
    found = {c["name"]: c for c in config_for(*COMPONENTS)["collections"]}[collection]
    fields = widgets(found["fields"])
    assert list(fields) == [*fieldspec.keys(kind), "body"]
    assert found["filter"] == {"field": "type", "value": kind}
    for name, declared in fieldspec.KINDS[kind]:
        widget = fields[name]
        assert widget.get("required", True) == (declared.required or name == "type"), name
        if name == "type":
            assert widget == {"label": "Type", "name": "type", "widget": "hidden", "default": kind}
        elif declared.kind == "choice":
            assert widget["options"] == list(declared.choices), name
        elif declared.kind == "timestamp":
            assert widget["format"] == editor.TIMESTAMP_FORMAT, name
        elif declared.kind in ("components", "status_map"):
            assert [f["name"] for f in widget["fields"]] == list(COMPONENTS), name
            assert all(f["options"] == list(declared.choices) for f in widget["fields"])
        elif declared.kind == "list":
            items = widgets(widget["fields"])
            assert list(items) == [key for key, _ in declared.items], name
            for key, item in declared.items:
                if item.kind == "choice":
                    assert items[key]["options"] == list(item.choices)
                if item.kind == "timestamp":
                    assert items[key]["format"] == editor.TIMESTAMP_FORMAT


def test_config_takes_components_from_the_settings_and_asks_for_review() -> None:
    config = config_for("db")
    incidents = widgets(config["collections"][0]["fields"])
    assert [f["name"] for f in incidents["components"]["fields"]] == ["db"]
    assert config["publish_mode"] == "editorial_workflow"
    assert incidents["updates"]["min"] == 1
    assert incidents["title"]["pattern"][0] == "^.{1,85}$"  # 11 for the date, 4 to spare
    assert config["backend"] == {"name": "github", "branch": "main", "repo": "acme/status"}


def test_postmortem_roles_and_factor_categories_come_from_declarations_and_settings() -> None:
    postmortems = widgets(config_for("db")["collections"][2]["fields"])
    roles = postmortems["roles"]
    assert roles["widget"] == "object"
    assert [f["name"] for f in roles["fields"]][-1] == "responders"
    factors = {f["name"]: f for f in postmortems["contributing_factors"]["fields"]}
    assert factors["category"]["widget"] == "select"
    assert "configuration" in factors["category"]["options"]
    assert postmortems["kind"]["options"] == ["incident", "near-miss"]


def test_a_backend_without_its_repository_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(SETTINGS)
    code, _, err = run("editor", "-f", str(tmp_path / "mkdocs.yml"), "--decap-from", str(tmp_path))
    assert code == 1
    assert err == "Error: --repo: expected owner/name of the github repository, found ''\n"
    assert not (tmp_path / "pages" / "admin").exists()


def editor_site(tmp_path: Path, backend: str = "local") -> Path:
    need_file(DECAP / "dist" / "decap-cms.js", NPM_HINT)
    (tmp_path / "mkdocs.yml").write_text(SETTINGS)
    (tmp_path / "incidents" / "2026").mkdir(parents=True)
    (tmp_path / "incidents" / "2026" / "2026-12-01-slow-sign-in.md").write_text(EXISTING)
    code, out, err = run(
        "editor",
        "-f",
        str(tmp_path / "mkdocs.yml"),
        "--repo",
        "acme/status",
        "--decap-from",
        str(DECAP),
    )
    assert (code, err) == (0, ""), err
    assert out.startswith("wrote the editor to ")
    return tmp_path


def build(project: Path) -> Path:
    code, _, err = run("build", "-f", str(project / "mkdocs.yml"), "--strict")
    assert code == 0, err
    return project / "site"


def test_editor_pages_are_served_but_left_out_of_search_sitemap_and_feeds(tmp_path: Path) -> None:
    site = build(editor_site(tmp_path))
    admin = site / "admin"
    assert (admin / "index.html").read_text().count('<script src="decap-cms.js?v=3.16.3">') == 1
    assert yaml.safe_load((admin / "config.yml").read_text())["collections"]
    assert "Permission is hereby granted" in (admin / "LICENSE-decap-cms.txt").read_text()
    assert 'content="noindex' in (admin / "index.html").read_text()
    published = {
        path.relative_to(site).as_posix(): path.read_text(errors="replace")
        for path in site.rglob("*")
        if path.is_file()
        and path.suffix in (".json", ".xml", ".html", ".ics", ".txt")
        and not path.relative_to(site).as_posix().startswith("admin/")
    }
    assert [name for name, text in published.items() if "admin/" in text] == []
    assert "sitemap.xml" in published and "search/search_index.json" in published


def test_editor_script_makes_no_request_to_another_host(tmp_path: Path) -> None:
    admin = editor_site(tmp_path) / "pages" / "admin"
    assert sorted(p.name for p in admin.iterdir() if not p.name.endswith(".js"))[:2] == [
        "LICENSE-decap-cms.txt",
        "config.yml",
    ]
    text = (admin / "index.html").read_text()
    assert "http" not in text.replace('content="width', "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def decap_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, int]]:
    """The site with the editor, and Decap's local backend on 127.0.0.1 serving it:
    writing straight to the files, or (``mode`` git) to a branch per change."""
    mode = getattr(request, "param", "fs")
    node = need_program("node", "apt-get install -y nodejs")
    need_file(DECAP_SERVER, NPM_HINT)
    project = editor_site(tmp_path)
    port = free_port()
    config = project / "pages" / "admin" / "config.yml"
    data = yaml.safe_load(config.read_text())
    # The one change from the published configuration: the backend's port. Decap turns
    # the editorial workflow off itself for a local backend writing straight to files.
    assert data["publish_mode"] == "editorial_workflow"
    data["local_backend"] = {"url": f"http://127.0.0.1:{port}/api/v1"}
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    if mode == "git":
        git(project, "init", "-q", "-b", "main")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "Status page")
    env = {**os.environ, "PORT": str(port), "MODE": mode, "GIT_REPO_DIRECTORY": str(project)}
    process = subprocess.Popen(
        [node, str(DECAP_SERVER)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            missing("decap-server did not start")
        yield project, port
    finally:
        process.terminate()
        process.wait(timeout=10)


def open_editor(project: Path, page: Any, url: str) -> None:
    page.goto(url + "admin/")
    page.get_by_role("button", name="Login").click()


def choose(page: Any, locator: Any, value: str) -> None:
    locator.click()
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def publish(page: Any) -> None:
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Entry saved").wait_for()


def in_browser(project: Path, steps: Any, site: Path | None = None) -> list[str]:
    """Build the site, serve it, run ``steps(page, url)`` in Chromium; the addresses
    the page asked for on other hosts."""
    from playwright.sync_api import sync_playwright

    from .checks.browser import launch
    from .checks.server import serve

    need_chromium()
    elsewhere: list[str] = []
    with serve(site or build(project)) as served, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.on("request", lambda r: None if "//127.0.0.1:" in r.url else elsewhere.append(r.url))
        try:
            steps(page, served.url)
        finally:
            browser.close()
    return [url for url in elsewhere if not url.startswith(("data:", "blob:"))]


def test_an_incident_created_in_the_editor_is_valid_and_published(
    decap_server: tuple[Path, int],
) -> None:
    project, _ = decap_server

    def create(page: Any, url: str) -> None:
        open_editor(project, page, url)
        page.get_by_text("\uff0b Incident").click()  # Decap's "New Incident" button
        page.locator("[id^=title-field]").fill("Card payments fail for some merchants")
        choose(page, page.locator("[id^=severity-field]"), "SEV-2")
        page.get_by_label("Set started to now").click()
        page.locator("[id^=api-field]").first.click()
        page.keyboard.type("major_outage")
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Add updates").click()
        page.get_by_label("Set at to now").click()
        choose(page, page.locator("[id^=status-field]").first, "investigating")
        page.locator("[data-slate-editor=true]").first.click()
        page.keyboard.type("Some card payments fail: we are investigating.")
        publish(page)

    assert in_browser(project, create) == []
    written = sorted((project / "incidents").rglob("*card-payments*.md"))
    assert len(written) == 1
    name = written[0].relative_to(project).as_posix()
    assert re.fullmatch(
        r"incidents/(\d{4})/\1-\d\d-\d\d-card-payments-fail-for-some-merchants\.md", name
    )
    text = written[0].read_text()
    # What Decap writes: the declared key order, the offset on every time (the
    # browser's zone, UTC here), quotes only where YAML needs them.
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:00\+00:00"
    assert re.fullmatch(
        "---\ntype: incident\ntitle: Card payments fail for some merchants\nseverity: SEV-2\n"
        f"components:\n  api: major_outage\nstarted: {stamp}\nupdates:\n  - at: {stamp}\n"
        '    status: investigating\n    message: "Some card payments fail: we are investigating."\n'
        "exclude_from_metrics: false\n---\n",
        text,
    ), text
    code, _, err = run("check", "-f", str(project / "mkdocs.yml"), "--strict")
    assert code == 0, err + text
    site = build(project)
    status = (site / "index.html").read_text()
    assert "Card payments fail for some merchants" in status
    assert "Some card payments fail: we are investigating." in status


def test_an_update_added_in_the_editor_leaves_an_incident_the_cli_resolves(
    decap_server: tuple[Path, int],
) -> None:
    project, _ = decap_server
    path = project / "incidents" / "2026" / "2026-12-01-slow-sign-in.md"

    def add_update(page: Any, url: str) -> None:
        open_editor(project, page, url)
        page.get_by_text("Slow sign-in").click()
        page.get_by_role("button", name="Add updates").click()
        page.get_by_label("Set at to now").last.click()
        choose(page, page.locator("[id^=status-field]").last, "identified")
        page.locator("[data-slate-editor=true]").nth(1).click()
        page.keyboard.type("A session cache is full; we are clearing it.")
        publish(page)

    assert in_browser(project, add_update) == []
    written = path.read_text()
    assert "A session cache is full; we are clearing it." in written
    assert written.count("status: identified") == 1
    code, _, err = run("check", "-f", str(project / "mkdocs.yml"), "--strict")
    assert code == 0, err + written
    code, _, err = run(
        "resolve",
        "-f",
        str(project / "mkdocs.yml"),
        "2026-12-01-slow-sign-in",
        "-m",
        "Sign-in is fast again.",
    )
    assert code == 0, err + written
    resolved = path.read_text()
    assert resolved.startswith(written.removesuffix("---\n")), "the CLI kept every byte Decap wrote"
    assert "status: resolved" in resolved and "Sign-in is fast again." in resolved
    code, _, err = run("check", "-f", str(project / "mkdocs.yml"), "--strict")
    assert code == 0, err + resolved


DECAP_CLEARED = """\
---
type: incident
title: Cleared values test
severity: null
components:
  ? api
started: 2026-12-05T06:16:00+00:00
detected: ""
updates:
  - at: 2026-12-05T06:16:00+00:00
    status: investigating
    message: |-
      Some customers cannot sign in.

      Line two # not a heading
tags:
  - db
exclude_from_metrics: false
---
"""
"""What Decap CMS 3.16.3 wrote (seen in the browser) for an incident whose severity,
component status and detection time were set and then cleared."""


def test_values_cleared_in_the_editor_are_no_values_and_the_cli_edits_the_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "mkdocs.yml").write_text(SETTINGS)
    path = tmp_path / "incidents" / "2026-12-05-cleared.md"
    path.parent.mkdir()
    path.write_text(DECAP_CLEARED)
    settings = str(tmp_path / "mkdocs.yml")
    assert run("check", "-f", settings, "--strict", "--now", "2026-12-05T06:20:00Z")[0] == 0
    code, _, err = run(
        "resolve",
        "-f",
        settings,
        "2026-12-05-cleared",
        "-m",
        "Fixed.",
        "--now",
        "2026-12-05T06:30:00Z",
    )
    assert code == 0, err
    added = "  - at: 2026-12-05T07:30:00+01:00\n    status: resolved\n    message: Fixed.\n"
    assert path.read_text() == DECAP_CLEARED.replace("tags:\n", added + "tags:\n")
    # A cleared time is no value, but a required one is still required.
    path.write_text(DECAP_CLEARED.replace("started: 2026-12-05T06:16:00+00:00", 'started: ""'))
    code, _, err = run("check", "-f", settings, "--now", "2026-12-05T06:20:00Z")
    assert code == 1
    assert (
        "2026-12-05-cleared.md:7:1: required: started: expected an ISO 8601 timestamp, found nothing"
        in err
    )


def test_existing_incidents_without_a_type_are_named_and_marked(tmp_path: Path) -> None:
    need_file(DECAP / "dist" / "decap-cms.js", NPM_HINT)
    (tmp_path / "mkdocs.yml").write_text(SETTINGS)
    path = tmp_path / "incidents" / "2026-12-01-slow-sign-in.md"
    path.parent.mkdir()
    untyped = EXISTING.replace("type: incident\n", "")
    path.write_text(untyped)
    args = ["editor", "-f", str(tmp_path / "mkdocs.yml"), "--repo", "a/b"]
    code, _, err = run(*args, "--decap-from", str(DECAP))
    assert code == 0
    assert err == (
        "1 incident file(s) have no 'type: incident' line and are not listed in the editor "
        f"(first: {path}); add it with: statuspress editor --mark-existing\n"
    )
    assert path.read_text() == untyped
    code, out, err = run(*args, "--decap-from", str(DECAP), "--mark-existing")
    assert (code, err) == (0, "")
    assert out.endswith("added 'type: incident' to 1 incident file(s)\n")
    assert path.read_text() == EXISTING
    assert (
        run(
            "check", "-f", str(tmp_path / "mkdocs.yml"), "--strict", "--now", "2026-12-01T09:40:00Z"
        )[0]
        == 0
    )


def test_init_with_the_editor_writes_a_project_whose_example_the_editor_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_file(DECAP / "dist" / "decap-cms.js", NPM_HINT)
    monkeypatch.setattr(editor, "fetch_package", lambda into: DECAP)
    code, out, err = run(
        "init", str(tmp_path / "status"), "--name", "Acme", "--editor", "acme/status"
    )
    assert (code, err) == (0, "")
    project = tmp_path / "status"
    config = yaml.safe_load((project / "docs" / "admin" / "config.yml").read_text())
    assert config["backend"] == {"name": "github", "branch": "main", "repo": "acme/status"}
    assert editor.untyped_incidents(project / "incidents") == []
    assert "the web editor: " in out
    assert run("check", "-f", str(project / "mkdocs.yml"))[0] == 0


def test_the_script_from_the_registry_must_match_its_pinned_integrity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    npm = tmp_path / "npm"
    npm.write_text(
        '#!/bin/sh\ncd "$5" && mkdir -p package/dist && echo x > package/dist/decap-cms.js && '
        'tar czf decap-cms-3.16.3.tgz package && echo \'[{"filename": "decap-cms-3.16.3.tgz"}]\'\n'
    )
    npm.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    (tmp_path / "mkdocs.yml").write_text(SETTINGS)
    code, _, err = run("editor", "-f", str(tmp_path / "mkdocs.yml"), "--repo", "a/b")
    assert code == 1
    assert err == "Error: decap-cms@3.16.3: the tarball's integrity is not the pinned one\n"
    assert not (tmp_path / "pages" / "admin").exists()


def test_a_folder_of_the_sites_own_at_admin_is_never_replaced(tmp_path: Path) -> None:
    need_file(DECAP / "dist" / "decap-cms.js", NPM_HINT)
    (tmp_path / "mkdocs.yml").write_text(SETTINGS)
    own = tmp_path / "pages" / "admin" / "index.md"
    own.parent.mkdir(parents=True)
    own.write_text("# Our admin page\n")
    args = [
        "editor",
        "-f",
        str(tmp_path / "mkdocs.yml"),
        "--repo",
        "a/b",
        "--decap-from",
        str(DECAP),
    ]
    code, _, err = run(*args)
    assert code == 1
    assert err == (
        f"Error: {own.parent}: expected no folder, an empty one or one that statuspress editor wrote, "
        "found another; move it, the editor is served at /admin/\n"
    )
    assert [p.name for p in own.parent.iterdir()] == ["index.md"]
    own.unlink()
    assert run(*args)[0] == 0
    assert run(*args, "--backend", "git-gateway")[0] == 0, "it replaces its own editor"
    config = yaml.safe_load((own.parent / "config.yml").read_text())
    assert config["backend"] == {"name": "git-gateway", "branch": "main"}
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["admin"]


@pytest.mark.parametrize("decap_server", ["git"], indirect=True)
def test_with_the_editorial_workflow_a_change_waits_on_a_branch_for_review(
    decap_server: tuple[Path, int], tmp_path_factory: pytest.TempPathFactory
) -> None:
    project, _ = decap_server
    site = tmp_path_factory.mktemp("served") / "site"
    code, _, err = run("build", "-f", str(project / "mkdocs.yml"), "-d", str(site))
    assert code == 0, err

    def save_draft(page: Any, url: str) -> None:
        open_editor(project, page, url)
        page.get_by_text("\uff0b Incident").click()
        page.locator("[id^=title-field]").fill("Card payments fail")
        page.get_by_label("Set started to now").click()
        page.get_by_role("button", name="Add updates").click()
        page.get_by_label("Set at to now").click()
        choose(page, page.locator("[id^=status-field]").first, "investigating")
        page.locator("[data-slate-editor=true]").first.click()
        page.keyboard.type("Some card payments fail.")
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Status:").first.wait_for()  # the workflow's draft status

    assert in_browser(project, save_draft, site) == []
    branches = git(project, "branch", "--format=%(refname:short)").split()
    drafts = [b for b in branches if b.startswith("cms/incidents/")]
    assert len(drafts) == 1, branches
    assert git(project, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert sorted(p.name for p in (project / "incidents").rglob("*.md")) == [
        "2026-12-01-slow-sign-in.md"
    ], "nothing reaches the published branch before review"
    changed = git(project, "diff", "--name-only", f"main...{drafts[0]}").split()
    assert len(changed) == 1 and changed[0].endswith("-card-payments-fail.md"), changed
    # What the pull request's check sees: the branch passes it.
    git(project, "checkout", "-q", drafts[0])
    code, _, err = run("check", "-f", str(project / "mkdocs.yml"), "--strict")
    assert code == 0, err
