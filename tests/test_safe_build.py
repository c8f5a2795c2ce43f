"""Safe to build from contributed content: no file is read through a link that leaves
its folder, nothing in the build cache can run code or change the site unseen."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.serve import Preview

from .conftest import INCIDENT, MakeSite, at

NOW = "2026-11-28T12:00:00Z"
SECRET = "Quokka secret from outside"


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "-f", str(project / "mkdocs.yml")])


def build(project: Path, *options: str, site: str = "site") -> Result:
    return run(project, "build", "--now", NOW, "-d", str(project / site), *options)


def outside_file(project: Path, name: str = "leak.md") -> Path:
    """A content file outside the project, as a link could reach it."""
    path = project.parent / "outside" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(INCIDENT.format(title=SECRET))
    return path


def small_site(make_site: MakeSite) -> Path:
    return make_site({"2026/2026-11-28-outage.md": INCIDENT.format(title="Quokka outage")})


def site_text(site: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file()
    )


# Links ------------------------------------------------------------------------------


@pytest.mark.parametrize("options", [(), ("--strict",), ("--no-cache",)])
def test_a_content_link_out_of_the_project_fails_the_build_and_keeps_the_site(
    make_site: MakeSite, options: tuple[str, ...]
) -> None:
    project = small_site(make_site)
    assert build(project, *options).exit_code == 0
    before = (project / "site" / "index.html").read_bytes()
    (project / "incidents/2026/2026-11-20-leak.md").symlink_to(outside_file(project))
    result = build(project, *options)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "incidents/2026/2026-11-20-leak.md: symlink: expected a file inside incidents/, "
        f"found a link to {project.parent / 'outside' / 'leak.md'}: links are not followed "
        "out of their folder"
    )
    assert "Traceback" not in result.output
    assert (project / "site" / "index.html").read_bytes() == before
    assert SECRET not in site_text(project / "site")


def test_check_names_a_link_out_of_the_project_without_a_traceback(make_site: MakeSite) -> None:
    project = small_site(make_site)
    (project / "incidents/2026/2026-11-20-leak.md").symlink_to(outside_file(project))
    result = run(project, "check", "--now", NOW)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.splitlines()[0].startswith(
        "incidents/2026/2026-11-20-leak.md: symlink: expected a file inside incidents/"
    )


def test_the_preview_refuses_a_link_out_of_the_project(make_site: MakeSite) -> None:
    project = small_site(make_site)
    (project / "incidents/2026/2026-11-20-leak.md").symlink_to(outside_file(project))
    logged: list[str] = []
    preview = Preview(project / "mkdocs.yml", log=logged.append, clock=lambda: at(NOW))
    try:
        assert preview.rebuild() is False
        assert "incidents/2026/2026-11-20-leak.md: symlink: " in preview.state()["error"]
        assert not preview.site.exists()
    finally:
        preview.stop()


@pytest.mark.parametrize(
    ("link", "own"),
    [
        ("pages/passwd.txt", "pages/"),  # docs_dir: MkDocs copies it into the site
        ("site_templates/incident.html", "site_templates/"),  # our templates
        ("overrides/main.html", "overrides/"),  # the theme's custom_dir
    ],
)
def test_a_template_or_page_link_out_of_its_folder_fails_the_build(
    make_site: MakeSite, link: str, own: str
) -> None:
    project = small_site(make_site)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    (project / "overrides").mkdir()
    assert build(project).exit_code == 0
    secret = project.parent / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET)
    (project / link).parent.mkdir(exist_ok=True)
    (project / link).symlink_to(secret)
    result = build(project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(
        f"{link}: symlink: expected a file inside {own}, found a link to {secret}"
    )
    assert SECRET not in site_text(project / "site")


def test_a_link_inside_the_project_but_out_of_its_folder_is_refused(make_site: MakeSite) -> None:
    project = small_site(make_site)
    (project / "pages" / "copy.md").symlink_to("../incidents/2026/2026-11-28-outage.md")
    result = build(project)
    assert result.exit_code == 1
    assert result.output.startswith(
        "pages/copy.md: symlink: expected a file inside pages/, found a link to "
        "../incidents/2026/2026-11-28-outage.md"
    )


def test_a_link_to_a_file_of_its_own_folder_is_read(make_site: MakeSite) -> None:
    project = small_site(make_site)
    (project / "incidents" / "2026" / "2026-11-29-again.md").symlink_to("2026-11-28-outage.md")
    result = build(project)
    assert result.exit_code == 0, result.output
    assert (project / "site" / "incidents" / "2026-11-29-again" / "index.html").is_file()


@pytest.mark.parametrize(
    ("target", "found"),
    [
        (".", "a link to a folder"),  # a loop
        ("..", "a link to a folder"),
        ("2026", "a link to a folder"),  # inside, but a second path to every file
        ("missing.md", "a link to missing.md, which does not exist"),
        ("loop.md", "a link that loops"),
    ],
)
def test_links_to_folders_loops_and_nothing_are_refused(
    make_site: MakeSite, target: str, found: str
) -> None:
    project = small_site(make_site)
    name = "loop.md" if target == "loop.md" else "link.md" if "." in target[1:] else "linked"
    (project / "incidents" / name).symlink_to(target)
    result = run(project, "check", "--now", NOW)
    assert result.exit_code == 1
    assert result.output.startswith(f"incidents/{name}: symlink: expected a file")
    assert found in result.output.splitlines()[0]
    assert build(project).exit_code == 1


# Files that look like content but are not read ----------------------------------------------


def test_names_that_look_like_content_but_are_skipped_are_warned_about(
    make_site: MakeSite,
) -> None:
    project = small_site(make_site)
    text = INCIDENT.format(title="Skipped")
    for name in ("Upper.MD", "long.markdown", "old.mdown", ".draft.md"):
        (project / "incidents" / "2026" / name).write_text(text)
    # What editors leave while a file is open or saved: silent (see load.skipped_problems).
    for name in (".2026-11-28-outage.md.swp", "2026-11-28-outage.md~", "#x.md#", ".gitkeep"):
        (project / "incidents" / "2026" / name).write_text("x")
    (project / "incidents" / "2026" / ".#2026-11-28-outage.md").symlink_to("user@host.123:456")
    result = run(project, "check", "--now", NOW)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    warned = [line for line in lines if "skipped" in line]
    assert warned == [
        "incidents/2026/.draft.md: warning: skipped-file: expected a name that does not start "
        "with '.', found '.draft.md': the file is not read",
        "incidents/2026/Upper.MD: warning: skipped-file: expected a name ending in '.md', "
        "found 'Upper.MD': the file is not read",
        "incidents/2026/long.markdown: warning: skipped-file: expected a name ending in '.md', "
        "found 'long.markdown': the file is not read",
        "incidents/2026/old.mdown: warning: skipped-file: expected a name ending in '.md', "
        "found 'old.mdown': the file is not read",
    ]
    assert run(project, "check", "--now", NOW, "--strict").exit_code == 1
