"""The site engine: MkDocs or ProperDocs, the one call that hands the plugin its data,
the guard against an engine that builds no status page, ``properdocs.yml``, and the
build cache keyed on the engine that ran."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import statuspress.engine._mkdocs as engine_modules
from statuspress import engine
from statuspress.build import BuildState
from statuspress.buildcache import BuildCache, cache_key
from statuspress.cli import cli
from statuspress.config import read_settings
from statuspress.engine import BuildError, EngineRun, build_site, engine_name
from statuspress.engine.patch import redated as sitemap_redated
from statuspress.engine.plugin import EngineInput, StatuspressPlugin
from statuspress.render import Outputs, Page

from .conftest import INCIDENT, MakeSite, run

NOW = "2026-11-28T12:00:00Z"
EXPECTED_ENGINE = os.environ.get("STATUSPRESS_TEST_ENGINE", "mkdocs")
"""The engine the suite must run on: ``.ci/run`` runs it once more in ``.venv-properdocs``
with ``STATUSPRESS_TEST_ENGINE=properdocs``, so CI never tests MkDocs twice."""


@pytest.fixture
def project(make_site: MakeSite) -> Path:
    return make_site({"a.md": INCIDENT.format(title="API errors")})


def build(
    project: Path, *options: str, config: str = "mkdocs.yml", now: str = NOW
) -> tuple[int, str, str]:
    return run(
        "build", "--now", now, "-f", str(project / config), "-d", str(project / "site"), *options
    )


def test_the_engine_that_runs_is_the_one_expected(project: Path) -> None:
    assert engine_modules.NAME == EXPECTED_ENGINE, (
        f"the tests ran on {engine_modules.NAME}; set STATUSPRESS_TEST_ENGINE to say so"
    )
    assert engine_name() == f"{EXPECTED_ENGINE} {metadata.version(EXPECTED_ENGINE)}"
    if EXPECTED_ENGINE == "properdocs":
        # Material depends on mkdocs: .ci/run removes it, so nothing can use it unseen.
        with pytest.raises(metadata.PackageNotFoundError):
            metadata.distribution("mkdocs")
    code, _, err = build(project, "--no-cache")
    assert code == 0, err
    page = (project / "site" / "index.html").read_text("utf-8")
    generator = re.search(r'<meta name="generator" content="([^"]*)"', page)
    assert generator is not None
    made_by = "mkdocs-ProperDocs 1.6" if EXPECTED_ENGINE == "properdocs" else "mkdocs-1.6"
    assert generator.group(1).startswith(made_by), generator.group(1)


def test_an_engine_that_writes_nothing_fails_the_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An engine that ignores the plugin builds a site without status pages: the build
    fails in one line and the previous site stays as it was."""
    assert build(project, "--no-cache")[0] == 0
    before = sorted(p.relative_to(project) for p in (project / "site").rglob("*"))
    monkeypatch.setattr(engine_modules, "build", lambda config: None)
    code, out, err = build(project, "--no-cache")
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == (
        f"Error: {project / 'mkdocs.yml'}: {engine_modules.NAME} wrote no page for '/' (its "
        "status pages are missing: is the 'statuspress' plugin enabled in plugins?)"
    )
    assert "Traceback" not in err
    assert sorted(p.relative_to(project) for p in (project / "site").rglob("*")) == before


def test_a_disabled_plugin_fails_the_check_and_the_build(project: Path) -> None:
    """With ``enabled: false`` the engine would build the site without the status pages:
    ``check`` says so on the line, and the build stops before anything is written."""
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - statuspress:\n", "  - statuspress:\n      enabled: false\n")
    )
    line = config.read_text().splitlines().index("      enabled: false") + 1
    message = (
        f"mkdocs.yml:{line}:7: type: plugins[0].statuspress.enabled: expected true (or no "
        "setting), found 'false': the site would have no status pages"
    )
    for command in ("check", "build"):
        result = CliRunner().invoke(cli, [command, "-f", str(config)])
        assert result.exit_code == 1, result.output
        assert message in result.output.splitlines(), result.output
    assert not (project / "site").exists()
    config.write_text(config.read_text().replace("enabled: false", "enabled: true"))
    assert CliRunner().invoke(cli, ["check", "-f", str(config)]).exit_code == 0


def test_a_plugin_list_without_statuspress_fails_the_build(project: Path) -> None:
    """The settings check refuses it first; the engine runner, which the preview and
    the build driver call with outputs already made, refuses it too."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text[: text.index("plugins:")] + "plugins:\n  - search\n")
    code, _, err = build(project)
    assert (code, err.splitlines()[-2:]) == (
        1,
        [
            f"mkdocs.yml:{text[: text.index('plugins:')].count(chr(10)) + 1}:1: missing: "
            "plugins: expected 'statuspress' in the plugins list",
            "0 files checked: 1 error, 0 warnings",
        ],
    )
    page = Page(url="", title="Status", description="", content="<p>ok</p>", in_nav=True)
    with pytest.raises(BuildError) as raised:
        build_site(config, project / "site", datetime(2026, 11, 28, tzinfo=UTC), Outputs([page]))
    assert str(raised.value) == f"{config}: plugins: expected 'statuspress' in the plugins list"
    assert not (project / "site").exists()


def test_the_plugin_gets_its_data_in_one_call_and_the_environment_stays(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sitemap is dated by ``--now`` (not today), without SOURCE_DATE_EPOCH."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("NO_MKDOCS_2_WARNING", raising=False)
    seen: list[Any] = []
    real = engine_modules.build

    def watched(config: Any) -> None:
        plugin = config.plugins["statuspress"]
        seen.append((os.environ.get("SOURCE_DATE_EPOCH"), plugin.given))
        real(config)

    monkeypatch.setattr(engine_modules, "build", watched)
    environment = dict(os.environ)
    code, _, err = build(project, "--no-cache")
    assert code == 0, err
    assert dict(os.environ) == environment
    [(epoch, given)] = seen
    assert epoch is None
    assert isinstance(given, EngineInput)
    assert given.now.isoformat() == "2026-11-28T12:00:00+00:00"
    assert given.outputs is not None and given.outputs.pages[0].url == ""
    sitemap = (project / "site" / "sitemap.xml").read_text("utf-8")
    dates = set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap))
    assert dates == {"2026-11-28"}
    # Nothing else is set on the plugin from outside: a new one has received nothing.
    fresh = StatuspressPlugin()
    assert fresh.given is None
    assert not {"now", "prepared", "progress", "supplied_docs"} & set(vars(fresh))


def test_the_sitemap_date_follows_now_in_an_incremental_build(project: Path) -> None:
    assert build(project)[0] == 0
    code, _, err = build(project)
    assert code == 0, err
    sitemap = (project / "site" / "sitemap.xml").read_text("utf-8")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {"2026-11-28"}


def test_a_sitemap_is_dated_anew_only_when_it_is_the_engines(project: Path) -> None:
    """On a new build day the sitemap of the last build is dated anew, as the engine
    writes it that day (its gzipped copy too); one that is not as the engine wrote it
    on the last day is not."""
    assert build(project)[0] == 0
    site = project / "site"
    gzipped = site / "sitemap.xml.gz"
    dated = sitemap_redated(site, "2026-11-28", "2026-11-29")
    assert dated is not None and set(dated) == {"sitemap.xml", "sitemap.xml.gz"}
    # Only after a run whose pages show the day nowhere else (one with frames).
    assert engine.redated(site, EngineRun(dated=True), "2026-11-28", "2026-11-29") == dated
    assert engine.redated(site, EngineRun(dated=False), "2026-11-28", "2026-11-29") is None
    text = dated["sitemap.xml"].decode()
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", text)) == {"2026-11-29"}
    assert gzip.decompress(dated["sitemap.xml.gz"]) == dated["sitemap.xml"]
    # What the engine writes on that day, to the byte.
    assert build(project, "--no-cache", now="2026-11-29T08:00:00Z")[0] == 0
    assert dated == {name: (site / name).read_bytes() for name in dated}
    assert sitemap_redated(site, "2026-11-28", "2026-11-30") is None  # not its day
    before = gzipped.read_bytes()
    gzipped.write_bytes(gzip.compress(dated["sitemap.xml"]))  # another header
    assert sitemap_redated(site, "2026-11-29", "2026-11-30") is None
    gzipped.write_bytes(before)
    assert sitemap_redated(site, "2026-11-29", "2026-11-30") is not None
    (site / "sitemap.xml").write_text(text.replace("<lastmod>", "<lastmod> ", 1))
    assert sitemap_redated(site, "2026-11-29", "2026-11-30") is None
    gzipped.unlink()
    assert sitemap_redated(site, "2026-11-29", "2026-11-30") is None


ENGINE_MODULES = """
import atexit, sys
engine = lambda name: name.split(".")[0] in ("mkdocs", "properdocs", "material")
atexit.register(lambda: print(*sorted(filter(engine, sys.modules))))
from statuspress.cli import main
main()
"""


def _engine_modules(project: Path) -> tuple[str, list[str]]:
    """What a ``statuspress build`` process says, and the engine's modules it imported."""
    config, site = str(project / "mkdocs.yml"), str(project / "site")
    found = subprocess.run(
        [sys.executable, "-c", ENGINE_MODULES, "build", "--now", NOW, "-f", config, "-d", site],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stderr, found.stdout.split()


def test_a_rebuild_with_no_page_for_the_engine_never_imports_it(project: Path) -> None:
    """After an edit, the last build's frames hold every page: the engine is not
    imported (about 0.05 s of a rebuild), nor needed to name it in the cache key."""
    said, modules = _engine_modules(project)
    assert "rebuilt" not in said and "mkdocs.commands.build" in modules, (said, modules)
    _engine_modules(project)  # the file just written is read once more (see Seen)
    source = project / "incidents" / "a.md"
    source.write_text(source.read_text().replace("API errors", "API errors for some"))
    said, modules = _engine_modules(project)
    assert re.search(r"\(\d+ rebuilt\)", said), said
    assert [m for m in modules if "." in m] in ([], ["properdocs.replacement"]), modules
    assert (
        "API errors for some" in (project / "site" / "incidents" / "a" / "index.html").read_text()
    )


def test_properdocs_yml_is_found_like_mkdocs_yml(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "mkdocs.yml").rename(project / "properdocs.yml")
    monkeypatch.chdir(project / "incidents")
    code, _, err = run("check", "--now", NOW)
    assert code == 0, err
    assert err.splitlines()[-1].startswith("1 file checked: 0 errors, 0 warnings"), err
    monkeypatch.chdir(project)
    code, _, err = run("build", "--now", NOW)
    assert code == 0, err
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "incidents").is_dir()


def test_mkdocs_yml_and_properdocs_yml_together_are_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs would read the one and ProperDocs the other: the commands name both."""
    (project / "properdocs.yml").write_text((project / "mkdocs.yml").read_text())
    monkeypatch.chdir(project)
    code, out, err = run("build", "--now", NOW)
    assert (code, out) == (1, "")
    assert (
        err == "Error: mkdocs.yml and properdocs.yml are both here: keep one, or name it with -f\n"
    )
    monkeypatch.chdir(project / "incidents")
    code, _, err = run("check", "--now", NOW)
    assert (code, err) == (
        1,
        f"Error: mkdocs.yml and properdocs.yml are both in {project}: keep one, or name it with -f\n",
    )
    # Named with -f, either is read.
    code, _, err = run("check", "--now", NOW, "-f", str(project / "properdocs.yml"))
    assert code == 0, err
    assert not (project / "site").exists()


def test_the_build_cache_is_keyed_on_the_engine(project: Path) -> None:
    config = project / "mkdocs.yml"
    settings = read_settings(config)[0]
    assert settings is not None
    keys = {
        cache_key(config, settings, engine=name)
        for name in ("mkdocs 1.6.1", "properdocs 1.6.7", "properdocs 1.6.8")
    }
    assert len(keys) == 3
    assert build(project)[0] == 0
    assert BuildCache.open(config, settings, BuildState(), engine=engine_name()).notice == ""
    other = "mkdocs 1.6.1" if engine_name().startswith("properdocs") else "properdocs 1.6.7"
    assert BuildCache.open(config, settings, BuildState(), engine=other).notice == (
        "notice: ignoring .statuspress-cache/build.sqlite: the settings, templates or library "
        "versions changed since it was written; building everything"
    )


def test_a_warning_of_the_engine_fails_a_strict_build(project: Path) -> None:
    """The engine's own warnings (here, a link to a missing page in the site's own pages)
    are shown, and count in strict mode, on either engine (ProperDocs logs under
    "properdocs", MkDocs under "mkdocs"). In a process of its own: the engine's log
    handler writes to the standard error of the first build in a process."""
    (project / "pages" / "guide.md").write_text("# Guide\n\nSee [the missing page](missing.md).\n")
    command = [sys.executable, "-m", "statuspress.cli", "build", "--now", NOW, "--no-cache"]
    command += ["-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # Shown as the engine's warnings are, on either engine.
    assert (
        "WARNING - Doc file 'guide.md' contains a link 'missing.md', but the target is not "
        "found among documentation files.\n"
    ) in done.stderr
    done = subprocess.run([*command, "--strict"], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "Error: Aborted with 1 warnings in strict mode!"
