"""Attack session 21f: a hostile contributor's pull request against a status-page
repository whose CI runs `statuspress check --strict` and `statuspress build --strict
--no-cache` on it, and whose deploy job runs `statuspress notify` after the merge.

Each test is one bug found in this session. It fails now and asserts what the docs
promise.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import Result

from .conftest import NOTIFIED_INCIDENT, MakeSite, git
from .test_attack_session20d import invoke
from .test_attack_session21b import Chat, chat

__all__ = ["chat"]  # a fixture, used by name

NOW = "2026-11-28T12:00:00Z"


def no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output


def notify(project: Path, hook: str, *args: str) -> Result:
    """`notify` as the deploy workflow runs it: to chat, moving the tag."""
    return invoke(
        "notify", "--webhook-url-env", "SLACK", "--mark", "--now", NOW,
        "-f", str(project / "mkdocs.yml"), *args,
        env={"SLACK": hook},
    )  # fmt: skip


BASE = """\
site_name: Example
site_url: https://status.example.com/
docs_dir: pages
theme:
  name: material
  font: false
plugins:
  - statuspress:
      content_dir: events
      components:
        - id: api
          name: API
"""

IDENTIFIED = """\
  - at: 2026-11-28T10:30:00Z
    status: identified
    message: A bad deploy; rolling back.
"""


def test_notify_reads_the_content_folder_an_inherited_settings_file_gives_at_the_tag(
    make_site: MakeSite, chat: str
) -> None:
    """The site's settings live in `base.yml`, which `mkdocs.yml` names with `INHERIT`
    (documented: "The settings are read with what INHERIT brings, as MkDocs reads
    them"), and its content folder is `events/`. A contributor's pull request may make
    exactly this change (a tidy-up that builds the same site). `notify` finds "that
    commit's own content_dir" by reading the tagged commit's `mkdocs.yml` alone
    (`content_dir_in`): it never follows `INHERIT`, takes the default `incidents/`,
    finds nothing there, and counts nothing as told. Every later notify run then sends
    every update the page ever had to chat and to every subscriber, each time
    ("Investigating" here, in the content at `--since`, comes again with the one new
    update, "Identified")."""
    project = make_site({}, config="INHERIT: base.yml\n")
    (project / "base.yml").write_text(BASE, encoding="utf-8")
    events = project / "events"
    events.mkdir()
    incident = events / "api-errors.md"
    incident.write_text(NOTIFIED_INCIDENT, encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "open incident")
    config = str(project / "mkdocs.yml")
    assert invoke("check", "--strict", "--now", NOW, "-f", config).exit_code == 0
    investigating = "    message: We are investigating.\n"
    incident.write_text(NOTIFIED_INCIDENT.replace(investigating, investigating + IDENTIFIED))
    git(project, "commit", "-qam", "identified")
    again = notify(project, chat, "--since", "HEAD~1")
    no_traceback(again)
    assert again.exit_code == 0, again.output
    assert [text.splitlines()[0] for text in Chat.posted] == ["API errors: Identified"]


def run_check(
    project: Path, timeout: float, command: str = "check", *args: str
) -> subprocess.CompletedProcess[str] | None:
    """`statuspress check --strict` (or ``command``) in a child process running this
    code; None when it did not finish within ``timeout`` seconds."""
    argv = ["statuspress", command, "--strict", *args, "--now", NOW]
    code = f"import sys\nfrom statuspress.cli import cli\nsys.argv = {argv!r}\ncli()\n"
    package = Path(sys.modules["statuspress"].__path__[0])
    try:
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={"PYTHONPATH": str(package.parent), "PATH": "/usr/bin:/bin", "HOME": str(project)},
        )
    except subprocess.TimeoutExpired:
        return None


LAUGHS = """\
extra:
  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_a_few_lines_of_aliases_in_mkdocs_yml_do_not_hang_the_check(make_site: MakeSite) -> None:
    """A pull request adds ten lines under `extra:` in `mkdocs.yml` (anchors and aliases:
    "a few lines of them can expand to gigabytes", as docs/security.md says when it
    refuses them in content). `statuspress check` walks the settings' YAML node by node to
    record each key's line (`record_lines`), following every alias as a copy: 9^9 paths.
    The check job spins a CPU until CI's 10-minute timeout kills it, on every push to the
    pull request. It must finish promptly: a one-line refusal, or a result."""
    project = make_site({})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + LAUGHS, encoding="utf-8")
    done = run_check(project, timeout=30)
    assert done is not None, "statuspress check still running after 30 s"
    assert "Traceback" not in done.stderr, done.stderr


def test_settings_nested_a_few_hundred_deep_are_one_line_not_a_traceback(
    make_site: MakeSite,
) -> None:
    """`mkdocs.yml` with a value nested 500 lists deep under `extra:` (one line of
    brackets). libyaml reads it, then `_as_engine_reads` reads the file again with
    PyYAML's pure-Python loader to take MkDocs' own settings as YAML 1.1, and its
    recursive composer raises `RecursionError`, which it does not catch: `check` ends in
    a Python traceback instead of `mkdocs.yml:LINE: ...` (docs/security.md: nesting deeper
    than 32 levels is refused "as a one-line error naming the file and line")."""
    project = make_site({})
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text() + "extra:\n  x: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8"
    )
    result = invoke("check", "--strict", "--now", NOW, "-f", str(config))
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("mkdocs.yml:"), result.stderr


def other_host_rules(
    make_site: MakeSite, extra: str, after: str = "site_url: https://status.example.com/\n"
) -> tuple[Result, str]:
    """`check --strict` of a site whose `mkdocs.yml` has ``extra`` after the line
    ``after``."""
    project = make_site({})
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert after in text
    config.write_text(text.replace(after, after + extra), encoding="utf-8")
    result = invoke("check", "--strict", "--now", NOW, "-f", str(config))
    return result, result.stderr


def test_a_repo_url_whose_path_names_gitlab_is_an_other_host_warning(
    make_site: MakeSite,
) -> None:
    """A pull request adds `repo_url: https://code.example.org/gitlab.tracker.example/status`
    (a link to "our mirror"). `check --strict` warns only when the URL's *host* is GitHub or
    GitLab, and passes. Material's script does not look at the host: it matches
    `/^.+?([^/]*gitlab[^/]+)\\/(.+?)\\/?$/` against the link and asks
    `https://gitlab.tracker.example/api/v4/projects/status` (and `.../releases/...`) on
    every page view (seen in Chromium: both requests leave for gitlab.tracker.example), so
    that host logs every reader. docs/settings.md: a setting that makes every page ask
    another host is an `other-host` warning, "a repo_url on GitHub or GitLab, whose stars
    and forks Material's script asks the host's API for on every page"; the site "must
    make no request to any other host"."""
    result, stderr = other_host_rules(
        make_site, "repo_url: https://code.example.org/gitlab.tracker.example/status\n"
    )
    no_traceback(result)
    assert "other-host" in stderr, stderr
    assert result.exit_code == 1


def test_a_logo_at_a_scheme_without_slashes_is_an_other_host_warning(
    make_site: MakeSite,
) -> None:
    """A pull request sets `theme.logo: "http:pixel.tracker.example/logo.png"`. `check`
    asks `urlsplit` for the host, finds none (no `//`), and passes `--strict`; MkDocs keeps
    an address with a scheme as written, so every page has
    `<img src="http:pixel.tracker.example/logo.png">`. On the https site, browsers read it
    (WHATWG URL: a special scheme other than the page's takes the next word as the host)
    as `http://pixel.tracker.example/logo.png`, and upgrade the image to https: a tracking
    pixel on every page. `extra_javascript`, `extra_css` and `favicon` pass the same way.
    docs/settings.md: "a theme.logo or theme.favicon at an address on another host" is an
    `other-host` warning."""
    result, stderr = other_host_rules(
        make_site, "  logo: 'http:pixel.tracker.example/logo.png'\n", after="  font: false\n"
    )
    no_traceback(result)
    assert "other-host" in stderr, stderr
    assert result.exit_code == 1
