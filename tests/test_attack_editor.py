"""The web editor against the postmortem fields added beside it: the roles object, the
categories a site declares itself, and what Decap writes when a category is cleared."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .conftest import run

SETTINGS = """\
site_name: Acme
site_url: https://status.acme.example/
docs_dir: pages
plugins:
  - statuspress:
      time_zone: Europe/Berlin
      categories:
        - id: vendor
          name: Vendor
        - id: people-process
          name: People and process
      components:
        - id: api
          name: API
"""

INCIDENT = """\
---
type: incident
title: Slow sign-in
severity: SEV-3
components:
  api: degraded_performance
started: 2026-12-01T09:12:00+01:00
updates:
  - at: 2026-12-01T09:35:00+01:00
    status: investigating
    message: Signing in takes up to 30 seconds for some customers.
  - at: 2026-12-01T10:35:00+01:00
    status: resolved
    message: Signing in is fast again.
---
"""

POSTMORTEM = """\
---
type: postmortem
title: Slow sign-in review
kind: incident
incidents:
  - 2026-12-01-slow-sign-in
status: published
published: 2026-12-03
roles:
  incident_commander: ""
  communications_lead: Support team
  scribe: ""
  responders: []
contributing_factors:
  - category: vendor
    description: The identity provider answered slowly under load.
went_well: []
action_items:
  - title: Cache identity provider keys
    owner: Platform team
    status: open
    due: 2026-12-20
    ticket: ""
    reason: ""
    category: null
  - title: Alert on sign-in latency
    owner: Support team
    status: open
    due: 2026-12-20
    category: ""
---
The story.
"""
"""A postmortem as Decap CMS writes it: cleared text fields as "", a cleared select
as null, empty lists as []."""


def decap_package(folder: Path) -> Path:
    """The two files of a decap-cms package that ``statuspress editor`` reads."""
    (folder / "dist").mkdir(parents=True)
    (folder / "dist" / "decap-cms.js").write_text("/* decap */\n")
    (folder / "package.json").write_text('{"version": "3.16.3", "license": "MIT"}')
    return folder


def project(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(SETTINGS)
    (tmp_path / "incidents" / "postmortems").mkdir(parents=True)
    (tmp_path / "incidents" / "2026-12-01-slow-sign-in.md").write_text(INCIDENT)
    return tmp_path


def test_the_editor_is_written_for_postmortems_with_roles_and_the_sites_categories(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    decap = decap_package(tmp_path / "decap")
    code, _, err = run(
        "editor", "-f", str(root / "mkdocs.yml"), "--repo", "a/b", "--decap-from", str(decap)
    )
    assert (code, err) == (0, "")
    config = yaml.safe_load((root / "pages" / "admin" / "config.yml").read_text())
    fields = {f["name"]: f for f in config["collections"][2]["fields"]}
    roles = fields["roles"]
    assert roles["widget"] == "object"
    assert [f["name"] for f in roles["fields"]] == [
        "incident_commander",
        "communications_lead",
        "scribe",
        "responders",
    ]
    assert roles["fields"][3]["widget"] == "list"
    factors = {f["name"]: f for f in fields["contributing_factors"]["fields"]}
    assert factors["category"]["widget"] == "select"
    assert factors["category"]["options"] == ["vendor", "people-process"]
    assert factors["category"].get("required", True) is True
    actions = {f["name"]: f for f in fields["action_items"]["fields"]}
    assert actions["category"]["widget"] == "select"
    assert actions["category"]["options"] == ["vendor", "people-process"]
    assert actions["category"]["required"] is False


def test_a_postmortem_as_the_editor_writes_it_passes_the_strict_check(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "incidents" / "postmortems" / "slow-sign-in.md").write_text(POSTMORTEM)
    code, _, err = run("check", "-f", str(root / "mkdocs.yml"), "--strict", "--now", "2026-12-05")
    assert code == 0, err


def test_marking_existing_incidents_keeps_line_endings_and_byte_order_mark(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    untyped = INCIDENT.replace("type: incident\n", "")
    crlf = root / "incidents" / "2026-12-02-windows.md"
    crlf.write_bytes(untyped.replace("\n", "\r\n").encode())
    bom = root / "incidents" / "2026-12-03-bom.md"
    bom.write_bytes(b"\xef\xbb\xbf" + untyped.encode())
    args = ["editor", "-f", str(root / "mkdocs.yml"), "--repo", "a/b"]
    args += ["--decap-from", str(decap_package(tmp_path / "decap"))]
    code, _, err = run(*args)
    assert code == 0
    assert err.startswith("2 incident file(s) have no 'type: incident' line"), err
    code, out, err = run(*args, "--mark-existing")
    assert (code, err) == (0, "")
    assert out.endswith("added 'type: incident' to 2 incident file(s)\n")
    assert crlf.read_bytes() == INCIDENT.replace("\n", "\r\n").encode()
    assert bom.read_bytes() == b"\xef\xbb\xbf" + INCIDENT.encode()
    check = ("check", "-f", str(root / "mkdocs.yml"), "--strict", "--now", "2026-12-05")
    assert run(*check)[0] == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--repo", "../.."],
            "--repo: expected owner/name of the github repository, found '../..'",
        ),
        (
            ["--repo", "acme/status/extra"],
            "--repo: expected owner/name of the github repository, found 'acme/status/extra'",
        ),
        (
            ["--repo", "acme/status\nbackend: x"],
            "--repo: expected owner/name of the github repository, "
            "found 'acme/status\\nbackend: x'",
        ),
        (
            ["--repo", "acme/status", "--branch", ""],
            "--branch: expected a git branch name, found ''",
        ),
        (
            ["--repo", "acme/status", "--branch", "main:gh-pages"],
            "--branch: expected a git branch name, found 'main:gh-pages'",
        ),
        (
            ["--repo", "acme/status", "--base-url", "auth.acme.example"],
            "--base-url: expected an http(s) address such as https://auth.example.com, "
            "found 'auth.acme.example'",
        ),
        (
            ["--repo", "acme/status", "--base-url", "javascript:alert(1)//"],
            "--base-url: expected an http(s) address such as https://auth.example.com, "
            "found 'javascript:alert(1)//'",
        ),
        (
            ["--backend", "gitlab", "--repo", "group/sub/../x"],
            "--repo: expected owner/name of the gitlab repository, found 'group/sub/../x'",
        ),
    ],
)
def test_hostile_backend_options_are_one_line_errors_and_nothing_is_written(
    tmp_path: Path, options: list[str], message: str
) -> None:
    root = project(tmp_path)
    decap = decap_package(tmp_path / "decap")
    code, _, err = run(
        "editor", "-f", str(root / "mkdocs.yml"), *options, "--decap-from", str(decap)
    )
    assert (code, err) == (1, f"Error: {message}\n")
    assert not (root / "pages").exists(), "nothing is written, not even the pages folder"


def test_a_gitlab_project_in_a_subgroup_is_a_repository(tmp_path: Path) -> None:
    root = project(tmp_path)
    decap = decap_package(tmp_path / "decap")
    options = [
        "--backend",
        "gitlab",
        "--repo",
        "acme/ops/status",
        "--base-url",
        "https://git.acme.example",
    ]
    code, _, err = run(
        "editor", "-f", str(root / "mkdocs.yml"), *options, "--decap-from", str(decap)
    )
    assert (code, err) == (0, "")
    config = yaml.safe_load((root / "pages" / "admin" / "config.yml").read_text())
    assert config["backend"]["repo"] == "acme/ops/status"


def test_init_with_an_editor_repository_it_cannot_use_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "status"
    code, _, err = run(
        "init", str(target), "--name", "Acme", "--url", "https://status.acme.example/",
        "--timezone", "UTC", "--components", "api", "--editor", "acme",
    )  # fmt: skip
    assert (code, err) == (
        1,
        "Error: --editor: expected owner/name of the github repository, found 'acme': "
        "init wrote nothing\n",
    )
    assert not target.exists() or not any(target.iterdir())


def test_a_file_of_the_sites_own_in_the_editors_folder_is_never_deleted(tmp_path: Path) -> None:
    root = project(tmp_path)
    args = ["editor", "-f", str(root / "mkdocs.yml"), "--repo", "a/b"]
    args += ["--decap-from", str(decap_package(tmp_path / "decap"))]
    assert run(*args)[0] == 0
    own = root / "pages" / "admin" / "preview.css"
    own.write_text("body { color: black; }\n")
    code, _, err = run(*args, "--backend", "git-gateway")
    assert (code, err) == (
        1,
        f"Error: {own}: expected only the files statuspress editor writes in "
        f"{own.parent}, found another; move it out, the folder is replaced whole\n",
    )
    assert own.read_text() == "body { color: black; }\n"
    assert "git-gateway" not in (own.parent / "config.yml").read_text()


def test_uploaded_images_are_addressed_under_the_sites_own_path() -> None:
    from statuspress import editor
    from statuspress.model import Component, Settings

    def public_folder(url: str, path: str = "") -> str:
        settings = Settings(
            name="Acme",
            url=url,
            path=path,
            components=(Component(id="api", name="API", position=0),),
        )
        config = editor.decap_config(settings, editor.Backend("github", "acme/status"), "docs")
        return str(config["public_folder"])

    assert public_folder("https://status.acme.example/") == "/media"
    # A GitHub Pages project site is served under the repository's name.
    assert public_folder("https://acme.github.io/status-page/") == "/status-page/media"
    # Status pages under a folder of a bigger site: the pages folder is the site's root.
    assert public_folder("https://acme.example/docs/status/", "status/") == "/docs/media"


def test_marking_existing_incidents_never_reads_or_replaces_a_link(tmp_path: Path) -> None:
    root = project(tmp_path)
    outside = tmp_path / "outside.md"
    outside.write_text(INCIDENT.replace("type: incident\n", ""))
    link = root / "incidents" / "2026-12-02-linked.md"
    link.symlink_to(outside)
    args = ["editor", "-f", str(root / "mkdocs.yml"), "--repo", "a/b", "--mark-existing"]
    code, out, _ = run(*args, "--decap-from", str(decap_package(tmp_path / "decap")))
    assert code == 0
    assert out.endswith("added 'type: incident' to 0 incident file(s)\n")
    assert link.is_symlink()
    assert outside.read_text() == INCIDENT.replace("type: incident\n", "")
