"""`statuspress init`: a new status page's repository that checks and builds, never
written over anything; `init --upgrade`: only the version pins move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from statuspress import __version__
from statuspress.cli import cli, start
from statuspress.config import read_settings
from statuspress.ignore import GIT_IGNORED
from statuspress.scaffolding import EXAMPLE_URL, parse_components, scaffold_files, yaml_text

from .conftest import tree


def example() -> str:
    """The example incident's path: yesterday's, as ``init`` names it when it runs (worked
    out when asked for, not on import: a run that crosses midnight would differ)."""
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    return f"incidents/{yesterday[:4]}/{yesterday}-example-incident.md"


def written() -> list[str]:
    """Every file ``init`` writes, sorted."""
    return sorted(
        [
            ".github/workflows/check.yml",
            ".github/workflows/deploy.yml",
            ".gitignore",
            ".pre-commit-config.yaml",
            "incidents/README.md",
            example(),
            "mkdocs.yml",
            # Whatever else the package keeps in scaffold/ (message templates) comes along.
            *(p for p, _ in scaffold_files() if p.startswith("templates/")),
        ]
    )


ACME = [
    "--name",
    "Acme",
    "--url",
    "https://status.acme.example",
    "--timezone",
    "Europe/Berlin",
    "--components",
    "api,web=Website",
]


def init(folder: Path, *args: str, terminal: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["init", str(folder), *args], input=terminal)
    return result.exit_code, result.stdout, result.stderr


def test_init_writes_a_project_that_passes_a_strict_check(tmp_path: Path) -> None:
    project = tmp_path / "acme-status"
    code, out, err = init(project, *ACME)
    assert (code, err) == (0, "")
    assert sorted(tree(project)) == written()
    settings, problems = read_settings(project / "mkdocs.yml")
    assert problems == [] and settings is not None
    assert (settings.name, settings.url, settings.time_zone) == (
        "Acme",
        "https://status.acme.example/",
        "Europe/Berlin",
    )
    assert [(c.id, c.name) for c in settings.components] == [("api", "API"), ("web", "Website")]
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    # Nothing that needs a docs/ folder or the sample's overrides: the build supplies them.
    assert not {"docs_dir", "nav"} & set(config)
    assert config["theme"] == config["theme"] | {"name": "material", "font": False}
    assert "custom_dir" not in config["theme"]
    assert config["theme"]["features"] == ["navigation.tabs"]
    assert config["plugins"][0] == "search"
    assert "%%" not in "".join(p.read_text() for p in project.rglob("*") if p.is_file())
    assert out.splitlines()[0] == (
        f"Wrote the status page of Acme into {project}/ ({len(written())} files):"
    )
    assert "placeholder" not in out
    assert f"  Delete {example()} before you publish: it is an example." in out.splitlines()
    check = CliRunner().invoke(cli, ["check", "--strict", "-f", str(project / "mkdocs.yml")])
    # The example incident is read; the README for the communications lead is not.
    assert (check.exit_code, check.stderr) == (0, "1 file checked: 0 errors, 0 warnings\n")


def test_without_a_terminal_init_takes_its_defaults_and_says_the_address_is_a_placeholder(
    tmp_path: Path,
) -> None:
    project = tmp_path / "Harbor Status"
    code, out, _ = init(project)
    assert code == 0
    settings, _ = read_settings(project / "mkdocs.yml")
    assert settings is not None
    assert (settings.name, settings.url, settings.time_zone) == (
        "Harbor Status",
        EXAMPLE_URL,
        "UTC",
    )
    assert [(c.id, c.name) for c in settings.components] == [("web", "Website"), ("api", "API")]
    assert (
        f"  Set site_url in mkdocs.yml: {EXAMPLE_URL} is a placeholder, and the feeds, "
        "the API and the subscribe page give readers that address."
    ) in out.splitlines()


def test_on_a_terminal_init_asks_again_until_an_answer_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(start, "_on_a_terminal", lambda: True)
    answers = (
        "Acme Pay\nnot a url\nhttps://status.acme.example/\nEurope/Berln\n\ncards,API\ncards\n"
    )
    code, _, err = init(tmp_path / "p", terminal=answers)
    assert code == 0
    assert err.splitlines() == [
        "Error: expected an http or https URL, such as https://status.example.com/, found 'not a url'",
        "Error: expected an IANA time zone name, found 'Europe/Berln' (did you mean 'Europe/Berlin'?)",
        "Error: expected a component id of lower-case letters, digits, '-' and '_', found 'API' (did you mean 'api'?)",
    ]
    settings, _ = read_settings(tmp_path / "p" / "mkdocs.yml")
    assert settings is not None
    assert (settings.name, settings.time_zone, [c.id for c in settings.components]) == (
        "Acme Pay",
        "UTC",  # an empty answer takes the default
        ["cards"],
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--timezone", "Europe/Berln"],
            "--timezone: expected an IANA time zone name, found 'Europe/Berln' (did you mean 'Europe/Berlin'?)",
        ),
        (
            ["--timezone", "GMT+2"],
            "--timezone: expected an IANA time zone name, found 'GMT+2' (did you mean 'GMT+0'?)",
        ),
        (
            ["--url", "status.acme.example"],
            "--url: expected an http or https URL, such as https://status.example.com/, found 'status.acme.example'",
        ),
        (
            ["--url", "https://x.example/'onload='x"],
            "--url: expected an http or https URL, such as https://status.example.com/, found 'https://x.example/'onload='x'",
        ),
        (
            ["--components", "Card Processing"],
            "--components: expected a component id of lower-case letters, digits, '-' and '_', found 'Card Processing' (did you mean 'card-processing'?)",
        ),
        (
            ["--components", "api,web,api"],
            "--components: expected a unique component id, found 'api' twice",
        ),
        (
            ["--components", " , "],
            "--components: expected at least one component id, such as 'api,web', found ' , '",
        ),
        (
            ["--name", "Acme\nInc"],
            "--name: expected a name of printable characters, found 'Acme\\nInc'",
        ),
    ],
)
def test_a_bad_option_is_one_line_naming_it_and_nothing_is_written(
    tmp_path: Path, args: list[str], message: str
) -> None:
    code, out, err = init(tmp_path / "p", *args)
    assert (code, out, err) == (1, "", f"Error: {message}\n")
    assert not (tmp_path / "p").exists()


def test_init_never_overwrites_and_then_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "deploy.yml").write_text("ours\n")
    (tmp_path / "README.md").write_text("our repository\n")  # not init's: no conflict
    code, out, err = init(tmp_path, *ACME)
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {tmp_path}/.github/workflows/deploy.yml: expected no file there, found one: "
        "init never overwrites, and wrote nothing (--upgrade moves an existing project's pins)\n"
    )
    assert tree(tmp_path) == {
        ".github/workflows/deploy.yml": b"ours\n",
        "README.md": b"our repository\n",
    }
    # Once the conflict is gone, the same folder takes the project beside its own files.
    (tmp_path / ".github" / "workflows" / "deploy.yml").unlink()
    assert init(tmp_path, *ACME)[0] == 0
    assert sorted(tree(tmp_path)) == sorted([*written(), "README.md"])


def test_a_file_where_init_needs_a_folder_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    (tmp_path / "incidents").write_text("not a folder\n")
    code, _, err = init(tmp_path, *ACME)
    assert (code, err) == (
        1,
        f"Error: {tmp_path}/incidents: expected a folder, found a file: init wrote nothing\n",
    )
    assert tree(tmp_path) == {"incidents": b"not a folder\n"}


def test_gitlab_gets_its_pipeline_only_when_asked(tmp_path: Path) -> None:
    assert init(tmp_path / "a", *ACME)[0] == 0
    assert not (tmp_path / "a" / ".gitlab-ci.yml").exists()
    code, out, _ = init(tmp_path / "b", *ACME, "--gitlab")
    assert code == 0 and "  .gitlab-ci.yml" in out.splitlines()
    assert f"pip install statuspress=={__version__}" in (tmp_path / "b/.gitlab-ci.yml").read_text()


def test_the_gitignore_holds_the_site_and_what_statuspress_keeps_beside_the_content(
    tmp_path: Path,
) -> None:
    init(tmp_path, *ACME)
    lines = (tmp_path / ".gitignore").read_text().splitlines()
    assert {"/site/", *GIT_IGNORED} <= set(lines)


@pytest.mark.parametrize(
    "name",
    ["Acme: Inc", 'Acme "Pay" # 1', "yes", "null", "123", "- Acme", "Café & Co", " padded ", "{x}"],
)
def test_a_name_with_meaning_in_yaml_is_read_back_as_given(tmp_path: Path, name: str) -> None:
    code, _, _ = init(tmp_path, "--name", name, "--components", f"db=DB: {name}")
    assert code == 0
    settings, problems = read_settings(tmp_path / "mkdocs.yml")
    assert problems == [] and settings is not None
    assert settings.name == name.strip()
    assert settings.components[0].name == f"DB: {name}".strip()


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf", "Co", "Cn"))))
def test_yaml_text_reads_back_as_any_printable_text(value: str) -> None:
    assert yaml.safe_load(f"key: {yaml_text(value)}") == {"key": value}


def test_component_names_default_from_their_ids() -> None:
    assert parse_components("api, card-processing,sso_login, web=Web site") == (
        ("api", "API"),
        ("card-processing", "Card processing"),
        ("sso_login", "SSO login"),
        ("web", "Web site"),
    )


# init --upgrade ---------------------------------------------------------------------------


def lines(path: Path) -> list[tuple[int, str]]:
    return list(enumerate(path.read_text().splitlines(), start=1))


def line_of(path: Path, text: str) -> int:
    """The number of the one line of ``path`` that holds ``text``."""
    (number,) = [n for n, line in lines(path) if text in line]
    return number


def upgrade(folder: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["init", "--upgrade", str(folder)])
    return result.exit_code, result.stdout, result.stderr


def test_upgrade_moves_only_the_version_pins_and_says_each(tmp_path: Path) -> None:
    assert init(tmp_path, *ACME, "--gitlab")[0] == 0
    check = tmp_path / ".github/workflows/check.yml"
    hooks = tmp_path / ".pre-commit-config.yaml"
    gitlab = tmp_path / ".gitlab-ci.yml"
    # An older project: the pins of 0.1.0, in a workflow with Windows line endings, beside
    # the company's own edits (its own hook with a rev of its own, its content, settings).
    check.write_bytes(
        check.read_bytes()
        .replace(f"statuspress=={__version__}".encode(), b"statuspress==0.1.0")
        .replace(b"\n", b"\r\n")
    )
    hooks.write_text(
        hooks.read_text().replace(f"rev: v{__version__}", "rev: v0.1.0")
        + "  - repo: https://github.com/example/hooks\n    rev: v0.1.0\n    hooks: [{id: x}]\n"
    )
    gitlab.write_text(gitlab.read_text().replace(f"=={__version__}", "==0.1.0"))
    (tmp_path / "mkdocs.yml").write_text("# statuspress==0.1.0\n", encoding="utf-8")
    (tmp_path / "incidents" / "ours.md").write_text("statuspress==0.1.0\n")
    before = tree(tmp_path)
    check_at = line_of(check, "statuspress==")
    rev_at = next(n for n, line in lines(hooks) if "rev:" in line)  # statuspress's, first
    gitlab_at = [n for n, line in lines(gitlab) if "statuspress==" in line]

    code, out, err = upgrade(tmp_path)

    assert (code, err) == (0, "")
    new = __version__
    assert out.splitlines() == [
        f"{tmp_path}/.github/workflows/check.yml:{check_at}: statuspress==0.1.0 -> statuspress=={new}",
        f"{tmp_path}/.pre-commit-config.yaml:{rev_at}: rev: v0.1.0 -> rev: v{new}",
        f"{tmp_path}/.gitlab-ci.yml:{gitlab_at[0]}: statuspress==0.1.0 -> statuspress=={new}",
        f"{tmp_path}/.gitlab-ci.yml:{gitlab_at[1]}: statuspress==0.1.0 -> statuspress=={new}",
        f"Moved 4 pins to {new}; content and mkdocs.yml are unchanged. "
        "Upgrade notes: https://github.com/statuspress/statuspress/blob/main/CHANGELOG.md",
    ]
    after = tree(tmp_path)
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {".github/workflows/check.yml", ".pre-commit-config.yaml", ".gitlab-ci.yml"}
    for path in changed:
        old, now = before[path].splitlines(keepends=True), after[path].splitlines(keepends=True)
        moved = [(a, b) for a, b in zip(old, now, strict=True) if a != b]
        assert all(a.replace(b"0.1.0", new.encode()) == b for a, b in moved), moved
    assert b"\r\n" in after[".github/workflows/check.yml"]
    assert after[".pre-commit-config.yaml"].endswith(b"    rev: v0.1.0\n    hooks: [{id: x}]\n")
    assert upgrade(tmp_path) == (0, f"Nothing to change: every version pin is already {new}.\n", "")


def test_upgrade_refuses_a_pin_newer_than_itself_and_changes_nothing(tmp_path: Path) -> None:
    init(tmp_path, *ACME)
    deploy = tmp_path / ".github/workflows/deploy.yml"
    deploy.write_text(deploy.read_text().replace(f"=={__version__}", "==9.0.0"))
    check = tmp_path / ".github/workflows/check.yml"
    check.write_text(check.read_text().replace(f"=={__version__}", "==0.1.0"))
    before = tree(tmp_path)
    assert upgrade(tmp_path) == (
        1,
        "",
        f"Error: {tmp_path}/.github/workflows/deploy.yml:{line_of(deploy, '9.0.0')}: expected a version up to the "
        f"installed {__version__}, found 9.0.0: install statuspress==9.0.0 first\n",
    )
    assert tree(tmp_path) == before


def test_upgrade_outside_a_project_and_with_other_options_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    code, _, err = upgrade(tmp_path)
    assert (code, err) == (
        1,
        f"Error: {tmp_path}: expected a project that statuspress init wrote, found none of "
        ".github/workflows/check.yml, .github/workflows/deploy.yml, .pre-commit-config.yaml, "
        ".gitlab-ci.yml\n",
    )
    result = CliRunner().invoke(cli, ["init", "--upgrade", "--name", "x", str(tmp_path)])
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[-1] == "Error: --upgrade changes only version pins: drop --name"
    )


# The content folder's README -------------------------------------------------------------


def test_only_the_readme_at_the_top_of_the_content_folder_is_not_read(
    tmp_path: Path,
) -> None:
    init(tmp_path, *ACME)
    (tmp_path / "incidents" / "2026").mkdir(exist_ok=True)
    (tmp_path / "incidents" / "2026" / "README.md").write_text("# Not at the top\n")
    result = CliRunner().invoke(cli, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "incidents/2026/README.md: file-name: expected a file name of lower-case letters, "
        "digits, '.', '-' and '_', found 'README.md'",
        "2 files checked: 1 error, 0 warnings",
    ]
