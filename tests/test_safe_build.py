"""Safe to build from contributed content: no file is read through a link that leaves
its folder, nothing in the build cache can run code or change the site unseen."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import re
import shlex
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from statuspress.buildcache import FILE, FOLDER, cache_key
from statuspress.cachedata import CacheDataError, dumps, loads
from statuspress.cli import cli
from statuspress.config import read_settings
from statuspress.engine import engine_name
from statuspress.errors import BuildError
from statuspress.i18n import language
from statuspress.links import folder_problems
from statuspress.load import SourceFile, find_content
from statuspress.render.pages import environment
from statuspress.serve import Preview

from .conftest import INCIDENT, MakeSite, assert_same_files, at, tree

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
    """One open incident whose update promises the next (after NOW): its checks are clean."""
    incident = INCIDENT.format(title="Quokka outage").replace(
        "we are looking into it.\n",
        "we are looking into it.\n    next_update: 2026-11-28T12:30:00Z\n",
    )
    return make_site({"2026/2026-11-28-outage.md": incident})


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
    # The link is new in a folder the cache is keyed on: first a notice, then the error.
    assert result.stderr.splitlines()[0].startswith("notice: ignoring .statuspress-cache/")
    assert result.stderr.splitlines()[1].startswith(
        f"{link}: symlink: expected a file inside {own}, found a link to {secret}"
    )
    assert SECRET not in site_text(project / "site")


def test_a_folder_that_leads_out_of_the_project_is_named_once(make_site: MakeSite) -> None:
    project = small_site(make_site)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("docs_dir: pages", "docs_dir: site_templates/pages")
    )
    outside = project.parent / "outside"
    (outside / "templates" / "pages").mkdir(parents=True)
    (project / "site_templates").symlink_to(outside / "templates")
    (outside / "incidents").mkdir()
    (project / "incidents").rename(outside / "incidents" / "real")
    (project / "incidents").symlink_to(outside / "incidents" / "real")
    result = run(project, "check", "--now", NOW)
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        "incidents: symlink: expected a folder inside the project, found a link to "
        f"{outside / 'incidents' / 'real'}",
        "site_templates: symlink: expected a folder inside the project, found a link to "
        f"{outside / 'templates'}",
        # Nothing in a content folder that leads out of the project is read.
        "0 files checked: 2 errors, 0 warnings",
    ]


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


_names = st.sampled_from(["a.md", "b.md", "c", "d", ".e.md", "f.MD"])
_targets = st.sampled_from(
    [".", "..", "../..", "a.md", "c", "c/a.md", "../outside.md", "../c/a.md", "missing", "/"]
)
_entries = st.lists(
    st.tuples(st.sampled_from(["", "c/", "c/c/"]), _names, st.none() | _targets), max_size=12
)


@settings(max_examples=150, deadline=None)
@given(_entries)
def test_no_file_is_read_through_a_link_out_of_the_content_folder(
    entries: list[tuple[str, str, str | None]],
) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        project = Path(temporary) / "project"
        root = project / "incidents"
        root.mkdir(parents=True)
        (Path(temporary) / "outside.md").write_text("outside")
        # Files and folders first, then links, and never anything through a link.
        for folder, name, target in sorted(entries, key=lambda e: e[2] is not None):
            path = root / folder / name
            with contextlib.suppress(OSError, RuntimeError):  # a loop: Python 3.11 raises this
                if target is None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text("inside")
                elif path.parent.resolve() == path.parent.absolute():
                    path.symlink_to(target)
        found = list(find_content(root))
        refused = {p.path for p in folder_problems(project, "incidents")}
        real_root = root.resolve()
        for path in found:
            assert path.resolve().is_relative_to(real_root)
            assert path.resolve().is_file()
        for link in (p for p in root.rglob("*") if p.is_symlink()):
            shown = link.relative_to(project).as_posix()
            leads_in = link.exists() and link.is_file() and link.resolve().is_relative_to(real_root)
            assert (shown in refused) == (not leads_in and not link.name.startswith(".#"))


def test_content_files_come_in_the_order_of_their_paths(tmp_path: Path) -> None:
    # As paths sort, part by part: '2016/' before '2016-extra/', though '-' sorts before
    # '/' in text. The order files are read in is the order of "also in" messages.
    root = tmp_path / "incidents"
    names = ["2016/a.md", "2016-extra/b.md", "2016/z/c.md", "2016.old/d.md", "a-b.md", "a/b.md"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    found = list(find_content(root))
    assert found == sorted(root / name for name in names)
    assert [p.relative_to(root).as_posix() for p in found][:3] == [
        "2016/a.md",
        "2016/z/c.md",
        "2016-extra/b.md",
    ]


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


# The build cache ----------------------------------------------------------------------


class _Payload:
    """Unpickled, it runs a shell command: here one that leaves a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {shlex.quote(str(self.marker))}",))


def planted_bytecode(project: Path, payload: bytes) -> list[Path]:
    """Jinja2 bytecode files where earlier versions looked for them, each a payload."""
    config = project / "mkdocs.yml"
    settings = read_settings(config)[0]
    assert settings is not None
    key = cache_key(config, settings, engine=engine_name())[:16]
    env = environment([project / "site_templates"], language("en"))
    assert env.loader is not None
    magic = jinja2.bccache.bc_magic
    planted = []
    for name in env.list_templates():
        _, filename, _ = env.loader.get_source(env, name)
        bucket = jinja2.BytecodeCache().get_cache_key(name, filename)
        for which in ("pages", "theme"):
            path = project / FOLDER / "templates" / key / which / f"__jinja2_{bucket}.cache"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(magic + payload)
            planted.append(path)
    return planted


@pytest.mark.parametrize("route", ["pickle", "bytecode"])
def test_a_planted_cache_runs_nothing_and_changes_nothing(
    make_site: MakeSite, tmp_path: Path, route: str
) -> None:
    project = small_site(make_site)
    marker = tmp_path / "payload-ran"
    payload = pickle.dumps(_Payload(marker))
    (project / FOLDER).mkdir()
    if route == "pickle":
        (project / FOLDER / "build.pickle").write_bytes(payload)
    else:
        assert planted_bytecode(project, payload)
    result = build(project)
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert build(project, "--no-cache", site="clean").exit_code == 0
    assert_same_files(project / "site", project / "clean")


def test_the_cache_is_data(make_site: MakeSite) -> None:
    project = small_site(make_site)
    assert build(project).exit_code == 0
    with contextlib.closing(sqlite3.connect(project / FOLDER / FILE)) as db:
        meta = dict(db.execute("SELECT name, value FROM meta"))
        kinds = {kind for (kind,) in db.execute("SELECT DISTINCT kind FROM entry")}
        values = [value for (value,) in db.execute("SELECT value FROM entry WHERE kind = 'last'")]
    assert sorted(meta) == ["format", "key", "version"]
    assert kinds >= {"last", "parsed", "linted", "prose", "pages", "feeds", "uptime"}
    assert sorted(json.loads(values[0])) == ["built", "engine", "files", "limit", "seen", "site"]
    assert not (project / FOLDER / "templates").exists()


def test_a_tampered_cache_is_ignored_with_a_notice(make_site: MakeSite) -> None:
    project = small_site(make_site)
    assert build(project).exit_code == 0
    cached = project / FOLDER / FILE
    with contextlib.closing(sqlite3.connect(cached)) as db, db:
        changed = db.execute(  # one letter, in the cached parse
            "UPDATE entry SET value = CAST(replace(CAST(value AS TEXT), 'Quokka', 'Quokkb') "
            "AS BLOB) WHERE kind = 'parsed'"
        ).rowcount
    assert changed == 1
    result = build(project)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"notice: ignoring {FOLDER}/{FILE}: an entry's digest does not match its contents "
        "(damaged, changed by hand, or written on another machine); building everything"
    )
    assert "Quokkb" not in site_text(project / "site")
    assert build(project, "--no-cache", site="clean").exit_code == 0
    assert_same_files(project / "site", project / "clean")
    # The cache written by that build is trusted again: no notice.
    assert "notice" not in build(project).output


def test_a_cache_from_another_version_is_ignored_with_a_notice(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = small_site(make_site)
    assert build(project).exit_code == 0
    monkeypatch.setattr("statuspress.buildcache.__version__", "0.0.0-other")
    result = build(project)
    assert result.exit_code == 0, result.output
    assert f"notice: ignoring {FOLDER}/{FILE}: " in result.stderr
    assert "it was written by Statuspress " in result.stderr


def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written(
    make_site: MakeSite, tmp_path: Path
) -> None:
    project = small_site(make_site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / FOLDER).symlink_to(elsewhere)
    result = build(project)
    assert result.exit_code == 0, result.output
    assert list(elsewhere.iterdir()) == []


# The cache's encoding --------------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.binary()
    | st.dates()
    | st.datetimes(timezones=st.none() | st.timezones() | st.just(UTC))
)
_keys = st.text() | st.integers() | st.booleans() | st.none() | st.just("~") | st.dates()
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(_keys, inner, max_size=4)
        | st.frozensets(_keys, max_size=4)
        | st.sets(_keys, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_the_cache_encoding_gives_back_what_it_was_given(value: object) -> None:
    back = loads(dumps(value))
    assert back == value
    assert repr(type(back)) == repr(type(value))


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 29, 2, 30, tzinfo=ZoneInfo("Europe/Berlin")),  # in the gap
        datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=ZoneInfo("Europe/Berlin")),  # twice
        datetime(2026, 11, 28, 12, 0, 0, 5, tzinfo=timezone(timedelta(hours=5, seconds=30))),
    ],
)
def test_times_keep_their_zone_wall_time_and_fold(moment: datetime) -> None:
    back = loads(dumps(moment))
    assert (back, back.isoformat(), back.fold, back.tzinfo) == (
        moment,
        moment.isoformat(),
        moment.fold,
        moment.tzinfo,
    )


@given(st.text(max_size=20))
def test_front_matter_with_a_tag_key_keeps_its_shape(text: str) -> None:
    source = SourceFile("incidents/x.md", "x", {"~": ["tuple", [text]], "t": (1, text)}, "b")
    assert loads(dumps(source)) == source


@pytest.mark.parametrize(
    "data",
    [
        b'{"~": ["os.system", ["touch x"]]}',
        b'{"~": ["SourceFile", [1]]}',
        b'{"~": ["map", [[[1], 2]]]}',
        b'{"~": "tuple", "x": 1}',
        b"\x80\x04c",
    ],
)
def test_anything_else_is_refused_by_the_cache_encoding(data: bytes) -> None:
    with pytest.raises(CacheDataError):
        loads(data)


# An incremental build changes nothing in the site until everything is made ------------------


@pytest.fixture(scope="module")
def searched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with postmortems, built with the cache, and the incident a postmortem covers:
    a change of its title goes to the engine (the search index is written again)."""
    from benchmarks.corpus import write as write_corpus

    project = tmp_path_factory.mktemp("staged") / "corpus"
    write_corpus(project, 30, 4, 5)
    assert build(project).exit_code == 0
    return project


def covered_incident(project: Path) -> Path:
    postmortem = sorted((project / "incidents").glob("*/*-postmortem.md"))[0]
    ident = re.search(r"incidents: \[([\w-]+)", postmortem.read_text())
    assert ident is not None
    return next((project / "incidents").glob(f"*/{ident.group(1)}.md"))


def _fails_after(real: Callable[..., object]) -> Callable[..., object]:
    def run(*args: object, **options: object) -> object:
        real(*args, **options)
        raise BuildError("stopped on purpose")

    return run


@pytest.mark.parametrize("step", ["fill_frames", "run_engine", "check_written", "write_files"])
def test_an_incremental_build_that_fails_leaves_the_site_as_it_was(
    searched: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    from statuspress.engine import runner

    project = searched
    assert "rebuilt" in build(project).output  # the next build is incremental
    path = covered_incident(project)
    path.write_text(path.read_text().replace("title: ", f"title: {step} ", 1))
    before = tree(project / "site")
    called: list[str] = []
    real = getattr(runner, step)
    monkeypatch.setattr(
        runner, step, _fails_after(lambda *a, **k: called.append(step) or real(*a, **k))
    )
    result = build(project)
    assert (result.exit_code, result.output.strip().splitlines()[-1]) == (
        1,
        "Error: stopped on purpose",
    )
    assert called == [step]
    assert tree(project / "site") == before
    monkeypatch.undo()
    assert "rebuilt" in build(project).output  # the site was left as the cache records it
    assert build(project, "--no-cache", site="full").exit_code == 0
    assert_same_files(project / "site", project / "full")


def test_two_builds_never_move_files_into_one_site_at_once(searched: Path) -> None:
    import fcntl
    import threading

    project = searched
    assert "rebuilt" in build(project).output
    path = sorted((project / "incidents").glob("*/*incident-*[0-9].md"))[2]
    path.write_text(path.read_text().replace("title: ", "title: Waited ", 1))
    before = tree(project / "site")
    handle = os.open(project / "site", os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(handle, fcntl.LOCK_EX)  # as another build holds it while it moves files
    results: list[Result] = []
    waiting = threading.Thread(target=lambda: results.append(build(project)))
    try:
        waiting.start()
        staged = ""
        for _ in range(600):  # the build has made its files and waits for the lock
            staged = next(
                (
                    str(p)
                    for p in project.glob(".statuspress-build-*/incidents/*/index.html")
                    if path.stem in str(p)
                ),
                "",
            )
            if staged:
                break
            waiting.join(0.1)
        assert staged
        waiting.join(1.0)
        assert waiting.is_alive()
        assert tree(project / "site") == before
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)
        waiting.join()
    assert results[0].exit_code == 0, results[0].output
    assert tree(project / "site") != before
    assert build(project, "--no-cache", site="full").exit_code == 0
    assert_same_files(project / "site", project / "full")
