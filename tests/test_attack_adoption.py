"""The adoption path attacked as a new company and a hostile contributor would: odd
answers to ``init``, folders and links where files go, hand-edited workflows for
``init --upgrade``, and sites that are not the ones the team wrote."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import html as lxml_html

from statuspress import __version__, edit
from statuspress.cli import cli

from .conftest import SAMPLE_NOW, tree
from .test_existing_site import TEAM, team_site
from .test_init import ACME, init, line_of, upgrade
from .test_minimal_site import MINIMAL, assert_complete, doc, minimal_project
from .test_workflows import action_step, run_action

# init: answers and folders --------------------------------------------------------------


@pytest.mark.parametrize("stdin", ["devnull", "closed"])
def test_init_without_a_terminal_never_asks_nor_fails(tmp_path: Path, stdin: str) -> None:
    """Run as a real process: with standard input empty or closed, the defaults apply."""
    code = (
        "import sys\n"
        "from statuspress.cli import main\n"
        f"sys.argv = ['statuspress', 'init', {str(tmp_path / 'new')!r}]\n"
        + ("sys.stdin.close(); sys.stdin = None\n" if stdin == "closed" else "")
        + "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert yaml.safe_load((tmp_path / "new" / "mkdocs.yml").read_text())["site_name"] == "new"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://acme.example/status/?x=1", "an address without '?' or '#'"),
        ("https://acme.example/#top", "an address without '?' or '#'"),
        ("https://acme.example/?", "an address without '?' or '#'"),
        ("https://user:secret@acme.example/", "an address without a user name or password"),
    ],
)
def test_init_refuses_an_address_that_cannot_be_the_sites_root(
    tmp_path: Path, url: str, expected: str
) -> None:
    """With a query or fragment, every address built on it would be broken
    (``https://acme.example/?x=1/history/``)."""
    assert init(tmp_path / "new", "--url", url) == (
        1,
        "",
        f"Error: --url: expected {expected}, found '{url}'\n",
    )
    assert not (tmp_path / "new").exists()


def test_init_refuses_a_component_id_the_check_would_refuse(tmp_path: Path) -> None:
    assert init(tmp_path, "--components", "a" * 101) == (
        1,
        "",
        "Error: --components: expected a component id of at most 100 characters, found 101\n",
    )
    assert init(tmp_path, "--components", "a" * 100)[0] == 0
    result = CliRunner().invoke(cli, ["check", "--strict", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 0, result.output


def test_init_suggests_an_id_without_accents(tmp_path: Path) -> None:
    code, _, err = init(tmp_path, "--components", "api,café")
    assert (code, err) == (
        1,
        "Error: --components: expected a component id of lower-case letters, digits, '-' and "
        "'_', found 'café' (did you mean 'cafe'?)\n",
    )


def test_init_never_writes_through_a_link_out_of_the_project(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    (project / ".github").symlink_to(elsewhere)
    code, out, err = init(project, *ACME)
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {project}/.github: expected a file or folder of the project, found a "
        f"symbolic link to {elsewhere}: init wrote nothing\n"
    )
    assert tree(elsewhere) == {} and sorted(os.listdir(project)) == [".github"]


def test_init_that_cannot_write_a_file_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only folder, a full disk: the files written before are removed again, so
    init can run again once the cause is fixed (it refuses to write over its own)."""
    written = []
    create = edit.create

    def failing(path: Path, text: str) -> None:
        if len(written) == 3:
            raise PermissionError(13, "Permission denied", str(path))
        create(path, text)
        written.append(path)

    monkeypatch.setattr(edit, "create", failing)
    project = tmp_path / "new"
    code, out, err = init(project, *ACME)
    assert (code, out) == (1, "")
    assert (
        err
        == f"Error: {project}: could not write the project (Permission denied): init wrote nothing\n"
    )
    assert len(written) == 3 and not project.exists()
    monkeypatch.setattr(edit, "create", create)
    assert init(project, *ACME)[0] == 0


# init: escaping ----------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> & *Acme* #1'


def test_a_name_with_markup_lands_as_text_in_every_file_init_writes(tmp_path: Path) -> None:
    assert init(tmp_path, "--name", HOSTILE)[0] == 0
    assert yaml.safe_load((tmp_path / "mkdocs.yml").read_text())["site_name"] == HOSTILE
    readme = (tmp_path / "incidents" / "README.md").read_text().splitlines()[0]
    # Markdown that shows the name as it is: no tag, no emphasis, no closing '#'.
    assert readme == (r'# Posting updates for \<script\>alert("x")\</script\> \& \*Acme\* \#1')
    for path in (".github/workflows/check.yml", ".github/workflows/deploy.yml"):
        assert "<script>" not in (tmp_path / path).read_text()


def test_a_name_with_markup_is_text_on_every_page(tmp_path: Path) -> None:
    """The theme writes ``site_name`` into the header, the navigation and the title
    without escaping it."""
    assert init(tmp_path, "--name", HOSTILE, "--components", "api")[0] == 0
    result = CliRunner().invoke(cli, ["build", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    pages = [p for p in (tmp_path / "site").rglob("*.html")]
    assert len(pages) > 5
    for page in pages:
        assert "<script>alert" not in page.read_text(), page
    for page in ("index.html", "404.html", "history/index.html"):
        html = lxml_html.fromstring((tmp_path / "site" / page).read_bytes())
        # Escaped once: the reader sees the name as it is, not its entities.
        topic = html.cssselect(".md-header__topic .md-ellipsis")[0]
        assert topic.text_content().strip() == HOSTILE
        assert html.findtext(".//title").endswith(HOSTILE)
        logo = html.cssselect("a.md-header__button.md-logo")[0]
        assert logo.get("title") == logo.get("aria-label") == HOSTILE
        feeds = html.cssselect('link[type="application/rss+xml"]')
        assert feeds[0].get("title") == f"{HOSTILE} status (RSS)"


# init --upgrade ----------------------------------------------------------------------------


def test_upgrade_says_which_installs_it_cannot_move(tmp_path: Path) -> None:
    """A pin the user loosened or removed is not 'already' this version: it is left as
    it is, and said, line by line."""
    init(tmp_path, *ACME)
    deploy = tmp_path / ".github/workflows/deploy.yml"
    check = tmp_path / ".github/workflows/check.yml"
    deploy.write_text(deploy.read_text().replace(f"statuspress=={__version__}", "statuspress>=0.1"))
    check.write_text(
        check.read_text().replace(
            f"statuspress=={__version__}", '"Statuspress[extra] == 0.1.0" statuspress'
        )
    )
    code, out, err = upgrade(tmp_path)
    at_deploy, at_check = line_of(deploy, "statuspress>="), line_of(check, "Statuspress[")
    assert (code, err) == (
        0,
        f"Warning: {check}:{at_check}: expected an exact pin such as "
        f"statuspress=={__version__}, found 'statuspress': left as it is\n"
        f"Warning: {deploy}:{at_deploy}: expected an exact pin such as "
        f"statuspress=={__version__}, found 'statuspress>=0.1': left as it is\n",
    )
    assert out.splitlines()[0] == (
        f"{check}:{at_check}: Statuspress[extra] == 0.1.0 -> Statuspress[extra] == {__version__}"
    )
    assert "2 left as they are" in out.splitlines()[1]
    assert f'"Statuspress[extra] == {__version__}" statuspress' in check.read_text()


def test_upgrade_of_files_without_any_pin_is_an_error(tmp_path: Path) -> None:
    workflow = tmp_path / ".github" / "workflows" / "check.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("on: push\njobs:\n  b:\n    steps:\n      - run: pip install -e .\n")
    assert upgrade(tmp_path) == (
        1,
        "",
        f"Error: {tmp_path}: expected a version pin of Statuspress "
        f"(statuspress=={__version__}) in .github/workflows/check.yml, found none: nothing to move\n",
    )


@pytest.mark.parametrize("link", [".github", ".github/workflows/deploy.yml"])
def test_upgrade_never_writes_through_a_link(tmp_path: Path, link: str) -> None:
    project = tmp_path / "project"
    init(project, *ACME)
    deploy = project / ".github/workflows/deploy.yml"
    deploy.write_text(deploy.read_text().replace(f"=={__version__}", "==0.1.0"))
    shared = tmp_path / "shared"
    (project / link).rename(shared)
    (project / link).symlink_to(shared)
    before = {**tree(project), **tree(tmp_path / "shared")} if shared.is_dir() else None
    code, out, err = upgrade(project)
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {project / link}: expected a file or folder of the project, found a "
        f"symbolic link to {shared}: init --upgrade changed nothing\n"
    )
    assert (project / link).is_symlink()
    if before is not None:
        assert {**tree(project), **tree(tmp_path / "shared")} == before
    else:
        assert "==0.1.0" in shared.read_text()


# The minimal site and the site inside another ---------------------------------------------


def build_result(project: Path, out: Path) -> tuple[int, str]:
    config = str(project / "mkdocs.yml")
    result = CliRunner().invoke(cli, ["build", "--now", SAMPLE_NOW, "-f", config, "-d", str(out)])
    return result.exit_code, result.output


def test_a_site_that_names_no_theme_is_complete_with_the_status_pages_theme(
    tmp_path: Path,
) -> None:
    """MkDocs' own default theme loads its scripts from cdnjs.cloudflare.com."""
    project = minimal_project(tmp_path, MINIMAL.replace("theme: material\n", ""))
    assert build_result(project, tmp_path / "site")[0] == 0
    assert_complete(tmp_path / "site")


def test_a_site_that_inherits_its_settings_needs_no_docs_folder_and_gets_the_defaults(
    tmp_path: Path,
) -> None:
    """Before, the engine stopped on the missing docs folder (with a traceback), and the
    site's tabs, fonts and search were left to a file that says nothing of them."""
    config = "INHERIT: base.yml\n" + MINIMAL.replace("theme: material\n", "")
    project = minimal_project(tmp_path, config)
    (project / "base.yml").write_text("theme:\n  name: material\n")
    code, output = build_result(project, tmp_path / "site")
    assert code == 0, output
    assert_complete(tmp_path / "site")
    assert not (project / "docs").exists()
    # What the inherited file does say is kept: its docs_dir, which must then exist.
    (project / "base.yml").write_text("docs_dir: pages\ntheme:\n  name: material\n")
    code, output = build_result(project, tmp_path / "site")
    assert code == 1 and "Traceback" not in output
    assert output.splitlines()[-1].startswith("Error: Aborted with a configuration error")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "use_directory_urls: false\n",
            "mkdocs.yml:3:1: type: use_directory_urls: expected true (or no setting), "
            "found 'false'",
        ),
        (
            "site_url: https://status.example.com/?utm=1\n",
            "mkdocs.yml:2:1: type: site_url: expected an address without '?' or '#', "
            "found 'https://status.example.com/?utm=1'",
        ),
    ],
)
def test_settings_the_status_pages_cannot_work_with_are_errors_with_their_line(
    tmp_path: Path, setting: str, message: str
) -> None:
    config = MINIMAL.replace("site_url: https://status.example.com/\n", "")
    if "site_url" not in setting:
        setting = "site_url: https://status.example.com/\n" + setting
    project = minimal_project(tmp_path, config.replace("theme:", setting + "theme:"))
    result = CliRunner().invoke(cli, ["check", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message


@pytest.mark.parametrize(("path", "own"), [("guide/", "guide.md"), ("", "index.md")])
def test_a_status_page_written_over_a_page_of_the_site_is_an_error(
    tmp_path: Path, path: str, own: str
) -> None:
    """``docs/guide.md`` is ``guide/index.html``, where ``path: guide/`` would put the
    status page: the site's page was lost without a word."""
    project = team_site(tmp_path, TEAM.replace("path: status/", f"path: '{path}'"))
    code, output = build_result(project, tmp_path / "site")
    ours = f"{path}index.md"
    assert code == 1
    assert (
        f"statuspress: docs/{own} of the site and the status output '{ours}' would both "
        f"be written to '{path}index.html': set the plugin's path to a folder of its own "
        "for the status pages (such as 'status/')"
    ) in output
    assert not (tmp_path / "site").exists()


def test_a_site_whose_navigation_has_a_status_entry_gets_no_second_one(tmp_path: Path) -> None:
    config = TEAM.replace(
        "  - Guide: guide.md\n", "  - Guide: guide.md\n  - Status: https://status.example.org/\n"
    )
    project = team_site(tmp_path, config)
    assert build_result(project, tmp_path / "site")[0] == 0
    page = doc(tmp_path / "site" / "guide" / "index.html")
    primary = page.cssselect("nav.md-nav--primary")[0]
    titles = [" ".join(a.text_content().split()) for a in primary.cssselect(".md-nav__link")]
    assert titles == ["Home", "Guide", "Status"]
    assert (tmp_path / "site" / "status" / "history" / "index.html").is_file()


# The action ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "error"),
    [
        (
            {"COMMAND": "check\n::warning::injected%"},
            "::error::command: expected check or build, found 'check%0A::warning::injected%25'",
        ),
        ({"STRICT": "yes\r\n"}, "::error::strict: expected true or false, found 'yes%0D%0A'"),
        (
            {"CONFIG_FILE": ""},
            "::error::config-file: expected the site's settings file, found nothing",
        ),
    ],
)
def test_the_actions_invalid_inputs_are_one_error_line(
    tmp_path: Path, inputs: dict[str, str], error: str
) -> None:
    """Each is one workflow command: a line break in an input starts no other."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "statuspress").write_text("#!/bin/sh\necho ran\n")
    (bin_dir / "statuspress").chmod(0o755)
    env = {"COMMAND": "check", "CONFIG_FILE": "mkdocs.yml", "SITE_DIR": "", "STRICT": "true"}
    done = run_action(action_step("Run Statuspress"), tmp_path, bin_dir, **{**env, **inputs})
    assert (done.returncode, done.stdout) == (1, error + "\n")


def test_the_actions_inputs_reach_statuspress_as_they_are(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "statuspress").write_text('#!/bin/bash\nprintf "[%s]" "$@"\n')
    (bin_dir / "statuspress").chmod(0o755)
    odd = "$(touch pwned); `id` ;x'\" *"
    env = {"COMMAND": "build", "CONFIG_FILE": odd, "SITE_DIR": odd, "STRICT": "false"}
    done = run_action(action_step("Run Statuspress"), tmp_path, bin_dir, **env)
    assert (done.returncode, done.stdout) == (
        0,
        f"[build][--no-cache][--config-file][{odd}][--site-dir][{odd}]",
    )
    assert not (tmp_path / "pwned").exists()
