"""The README's promises (its commands are the ones CI runs), and the documentation site:
it builds strictly, loads nothing from another host, and documents every command, option
and setting."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import click
import pytest
import yaml
from lxml import html as lxml_html

from statuspress import __version__, config
from statuspress.cli import cli
from statuspress.config import SETTING_KEYS

from .checks.engine import ENGINE_COMMAND
from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = REPO / "docs"
DOCS_CONFIG = REPO / "mkdocs-docs.yml"
COMMANDS = (DOCS / "commands.md").read_text(encoding="utf-8")
SETTINGS = (DOCS / "settings.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The shell blocks at the left margin (not the steps of a numbered list)."""
    return re.findall(r"^```sh\n(.+?)\n```", README, flags=re.MULTILINE)


def test_readme_starts_with_the_build_and_test_commands() -> None:
    build, test = readme_commands()[:2]
    assert "pip install -e ." in build and build.endswith("statuspress build")
    assert "pip install -e '.[test]'" in test and test.endswith("python -m pytest")


def test_readme_starts_with_the_adoption_path_in_order() -> None:
    start = README.index("## Start a status page")
    steps = [
        f"pip install statuspress=={__version__}",
        "statuspress init --name",
        "statuspress build",
        "Settings > Pages",
    ]
    at = [README.index(step, start) for step in steps]
    assert README.index("\n## ") + 1 == start  # the first section
    assert at == sorted(at) and at[-1] < README.index("## Work on Statuspress")


def test_readme_pins_the_version_this_is() -> None:
    pins = re.findall(r"statuspress(?:==|/statuspress@v)(\d+\.\d+\.\d+)", README)
    assert pins and set(pins) == {__version__}


def test_ci_runs_the_readme_test_command_exactly() -> None:
    test = readme_commands()[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci


def test_the_readme_links_only_to_documentation_pages_that_exist() -> None:
    links = re.findall(r"\]\((docs/[^)#]+)", README)
    assert len(links) >= 10
    assert [link for link in links if not (REPO / link).is_file()] == []


# Every command and option --------------------------------------------------------------


def leaf_commands(
    group: click.Group = cli, path: str = "", groups: bool = False
) -> dict[str, click.Command]:
    """Every command a user runs, by its full name (``new incident``, ``component set``);
    with ``groups``, the groups too (``new``, ``component``)."""
    found: dict[str, click.Command] = {}
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        full = f"{path} {name}".strip()
        if isinstance(command, click.Group):
            found.update(leaf_commands(command, full, groups))
            if groups:
                found[full] = command
        else:
            found[full] = command
    return found


def sections(text: str, level: str) -> dict[str, str]:
    """Each heading of ``level`` (``###``) whose text is in backticks: its text up to
    the next heading of that level or above."""
    parts = re.split(rf"^({level} .*)$", text, flags=re.MULTILINE)
    found: dict[str, str] = {}
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        title = re.fullmatch(rf"{level} `([^`]+)`", heading)
        if title:
            found[title.group(1)] = re.split(rf"^#{{1,{len(level)}}} ", body, flags=re.M)[0]
    return found


def in_code(flag: str, text: str) -> bool:
    """Whether ``flag`` is written in a code span of ``text`` (``--now`` not ``--now-x``)."""
    return re.search(rf"`[^`\n]*{re.escape(flag)}(?![\w-])[^`\n]*`", text) is not None


def undocumented_commands(text: str) -> list[str]:
    """The commands without a ``### `statuspress NAME``` section in ``text``, and the
    options (by their longest flag) missing from their command's section."""
    documented = sections(text, "###")
    missing: list[str] = []
    for name, command in sorted(leaf_commands().items()):
        section = documented.get(f"statuspress {name}")
        if section is None:
            missing.append(name)
            continue
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                flag = max(param.opts, key=len)
                if not in_code(flag, section):
                    missing.append(f"{name} {flag}")
    return missing


def test_every_command_and_option_is_in_the_commands_page() -> None:
    assert undocumented_commands(COMMANDS) == []


def test_the_commands_check_fails_for_a_missing_command_or_option() -> None:
    """A doctored page: without the ``resolve`` section and with ``update``'s
    ``--next-update`` gone, the check names both, and nothing else."""
    resolve = sections(COMMANDS, "###")["statuspress resolve"]
    update = sections(COMMANDS, "###")["statuspress update"]
    doctored = COMMANDS.replace("### `statuspress resolve`" + resolve, "")
    doctored = doctored.replace(update, update.replace("--next-update", "--next"))
    assert doctored.count("### `statuspress ") == COMMANDS.count("### `statuspress ") - 1
    assert undocumented_commands(doctored) == ["resolve", "update --next-update"]
    # The flag must be in code, and whole: prose, or a longer flag, does not count.
    assert not in_code("--now", "Use --now to fix the time, or `--now-ish`.")
    assert in_code("--now", "- `--now TIME`: the reference time.")


@pytest.mark.parametrize("name", sorted(leaf_commands(groups=True)))
def test_every_command_has_help_with_examples(name: str) -> None:
    command = leaf_commands(groups=True)[name]
    assert command.help and "Examples:" in command.help
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"


# Every setting ---------------------------------------------------------------------------


def undocumented_settings(text: str) -> list[str]:
    """The plugin's settings without a ``### `name``` section in ``text``, and the keys
    of ``lint``, ``components`` and ``categories`` missing from their setting's section."""
    documented = sections(text, "###")
    missing = [name for name in SETTING_KEYS if name not in documented]
    for setting in ("lint", "components", "categories"):
        keys = [key for key, _ in dict(config.SETTINGS)[setting].items]
        section = documented.get(setting, "")
        missing += [f"{setting}.{key}" for key in keys if f"`{key}`" not in section]
    return missing


def test_every_setting_is_in_the_settings_page() -> None:
    assert undocumented_settings(SETTINGS) == []


def test_the_settings_check_fails_for_a_missing_setting_or_key() -> None:
    doctored = SETTINGS.replace("### `show_overdue`", "### show_overdue").replace(
        "- `jargon`:", "- jargon:"
    )
    assert undocumented_settings(doctored) == ["show_overdue", "lint.jargon"]


# The documentation site ------------------------------------------------------------------


def nav_pages(nav: list[object]) -> list[str]:
    """The Markdown files that the ``nav`` of the docs' settings names."""
    found: list[str] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            found += nav_pages(value)
        else:
            found.append(str(value))
    return found


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built with ``mkdocs build --strict`` into a tmp folder."""
    out = tmp_path_factory.mktemp("docs-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [*ENGINE_COMMAND, "build", "--strict", "-f", DOCS_CONFIG, "-d", out],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


def test_every_page_of_the_nav_exists_and_is_built(docs_site: Path) -> None:
    config = yaml.safe_load(DOCS_CONFIG.read_text(encoding="utf-8"))
    pages = nav_pages(config["nav"])
    assert len(pages) >= 15 and len(set(pages)) == len(pages)
    assert [p for p in pages if not (DOCS / p).is_file()] == []
    built = [docs_site / ("" if p == "index.md" else p.removesuffix(".md")) for p in pages]
    assert [str(b) for b in built if not (b / "index.html").is_file()] == []
    # And every page in docs/ is in the nav: none is built but unreachable.
    assert sorted(p.name for p in DOCS.glob("*.md")) == sorted(pages)


# Attributes through which a page loads, or links to, an address.
URL_ATTRIBUTES = ("src", "href", "srcset", "action", "data", "poster", "formaction")


def other_hosts(page: Path) -> tuple[list[str], list[str]]:
    """The http(s) addresses on another host in ``page``: (what it would load, links)."""
    loads: list[str] = []
    links: list[str] = []
    tree = lxml_html.fromstring(page.read_bytes())
    for element in tree.iter():
        for attribute in URL_ATTRIBUTES:
            for value in (element.get(attribute) or "").replace(",", " ").split():
                if urlsplit(value).scheme in ("http", "https", "") and value.startswith(
                    ("http:", "https:", "//")
                ):
                    (links if element.tag == "a" else loads).append(value)
    return loads, links


def test_other_hosts_finds_what_a_page_would_load(tmp_path: Path) -> None:
    """The check itself, on a doctored page: a web font, a CDN script and a link."""
    target = tmp_path / "doctored-page.html"
    target.write_text(
        '<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?f=Roboto">'
        '<script src="//cdn.example.net/x.js"></script></head>'
        '<body><a href="https://decapcms.org">Decap</a><img srcset="a.png 1x, '
        'https://img.example.org/b.png 2x"></body></html>'
    )
    loads, links = other_hosts(target)
    assert loads == [
        "https://fonts.googleapis.com/css?f=Roboto",
        "//cdn.example.net/x.js",
        "https://img.example.org/b.png",
    ]
    assert links == ["https://decapcms.org"]


def test_the_docs_site_loads_nothing_from_another_host(docs_site: Path) -> None:
    pages = sorted(docs_site.rglob("*.html"))
    assert len(pages) >= 16
    sources = "".join(p.read_text(encoding="utf-8") for p in DOCS.glob("*.md"))
    for page in pages:
        loads, links = other_hosts(page)
        assert loads == [], page
        # A link to another host is one the documentation's text gives, never the theme's.
        assert [link for link in links if link not in sources] == [], page
    for sheet in docs_site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", text), sheet


# Tables the pages keep of the code's own lists ---------------------------------------------


def table_ids(text: str) -> set[str]:
    """The ids in code in the first cell of each table row of ``text``."""
    cells = re.findall(r"^\| ([^|]+) \|", text, flags=re.MULTILINE)
    return {code for cell in cells for code in re.findall(r"`([^`]+)`", cell)}


def test_the_lint_page_has_a_row_for_every_rule() -> None:
    from statuspress.lint.rules import rules

    ids = {rule.id for rule in rules()}
    assert len(ids) >= 20
    assert sorted(ids - table_ids((DOCS / "lint.md").read_text(encoding="utf-8"))) == []
    assert "hindsight" not in table_ids("| rule | flags |\n|---|---|\n| `blame` | x |\n")


def test_the_postmortems_page_has_a_row_for_every_default_category() -> None:
    from statuspress.categories import DEFAULT_CATEGORIES

    page = (DOCS / "postmortems.md").read_text(encoding="utf-8")
    assert {c.id for c in DEFAULT_CATEGORIES} <= table_ids(page)
