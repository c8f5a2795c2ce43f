"""Hostile content: nothing a content file says runs script, reaches another host,
crashes the build, or writes outside the site."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.render.text import MarkdownRenderer

from .checks.server import serve
from .conftest import REPO, MakeSite

if TYPE_CHECKING:
    from playwright.sync_api import Browser

EVIL = "evil.example"
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "<svg><script>alert(4)</script></svg>",
    '"><script>alert(5)</script>',
    "'><img src=x onerror=alert(6)>",
    '" onmouseover="alert(7)" x="',
    "' autofocus onfocus='alert(8)' x='",
    "javascript:alert(9)",
    "[click](javascript:alert(10))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=)",
    '<a href="javascript:alert(12)">x</a>',
    '<iframe src="javascript:alert(13)"></iframe>',
    f'<iframe src="https://{EVIL}/"></iframe>',
    "<body onload=alert(14)>",
    "<details open ontoggle=alert(15)>",
    "<input autofocus onfocus=alert(16)>",
    '<form action="javascript:alert(17)"><button>x</button></form>',
    f"<style>@import 'https://{EVIL}/x.css';</style>",
    f'<img src="https://{EVIL}/pixel.png">',
    f"![x](https://{EVIL}/tracker.png)",
    f'<link rel=stylesheet href="https://{EVIL}/x.css">',
    '<object data="javascript:alert(18)"></object>',
    '<embed src="javascript:alert(19)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(20)>",
    "<scr<script>ipt>alert(21)</script>",
    "</textarea><script>alert(22)</script>",
    "</title><script>alert(23)</script>",
    "{{ 7*7 }}{% raw %}<script>alert(24)</script>",
    '<a href="&#106;avascript:alert(25)">x</a>',
    '<img src="x" onerror="&#97;lert(26)">',
    '<svg><a xlink:href="javascript:alert(27)"><text>x</text></a></svg>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(28)">',
    "]]></content><script>alert(29)</script>",
    "\u2028\u2029</script><script>alert(30)</script>",
    '<base href="https://evil.example/">',
]


def hostile_site(make_site: MakeSite) -> Path:
    payload = " ".join(PAYLOADS)
    components = [
        {
            "id": f"c{n}",
            "name": f"Component {n} {payload}",
            "description": payload,
            "group": f"Group {payload}",
        }
        for n in range(2)
    ]
    config = {
        "site_name": "Hostile",
        "site_url": "http://127.0.0.1/",
        "docs_dir": "pages",
        "theme": {"name": "material", "font": False},
        "plugins": [{"statuspress": {"components": components}}],
    }
    incident = {
        "title": f"Incident {payload}",
        "severity": "SEV-1",
        "components": {"c0": "major_outage"},
        "started": "2026-11-28T09:00:00Z",
        "tags": [payload, "plain"],
        "updates": [
            {"at": "2026-11-28T09:05:00Z", "status": "investigating", "message": payload},
            {
                "at": "2026-11-28T09:30:00Z",
                "status": "identified",
                "message": "\n\n".join(PAYLOADS),
                "components": {"c1": "partial_outage"},
            },
        ],
    }
    maintenance = {
        "type": "maintenance",
        "title": f"Maintenance {payload}",
        "components": ["c1"],
        "scheduled_start": "2026-11-29T09:00:00Z",
        "scheduled_end": "2026-11-29T10:00:00Z",
        "updates": [{"at": "2026-11-27T09:00:00Z", "status": "scheduled", "message": payload}],
    }
    closed = {
        **incident,
        "updates": [
            *incident["updates"],
            {"at": "2026-11-28T10:00:00Z", "status": "resolved", "message": payload},
        ],
    }
    postmortem = {
        "type": "postmortem",
        "title": f"Review {payload}",
        "incidents": ["closed"],
        "status": "published",
        "published": "2026-11-28",
        "authors": [payload],
        "summary": payload,
        "tags": [payload],
        "services": ["c0"],
        "related": ["open"],
        "action_items": [
            {
                "title": payload,
                "owner": payload,
                "status": "wont_do",
                "reason": payload,
                "ticket": "javascript:alert(31)",
                "due": "2026-11-01",
            },
            {
                "title": payload,
                "owner": payload,
                "status": "open",
                "ticket": f"https://{EVIL}/T-1",
                "due": "2026-11-01",
            },
        ],
    }
    files = {}
    for name, data, body in (
        ("open.md", incident, payload),
        ("closed.md", closed, "\n\n".join(PAYLOADS)),
        ("maint.md", maintenance, payload),
        ("review.md", postmortem, "## Timeline\n\n" + "\n\n".join(PAYLOADS)),
    ):
        files[name] = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body + "\n"
    return make_site(files, config=yaml.safe_dump(config, allow_unicode=True))


@pytest.fixture(scope="module")
def built_hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")

    def make(files: dict[str, str], *, config: str) -> Path:
        (root / "pages").mkdir()
        (root / "incidents").mkdir()
        (root / "mkdocs.yml").write_text(config)
        for name, text in files.items():
            (root / "incidents" / name).write_text(text)
        return root

    project = hostile_site(make)  # type: ignore[arg-type]
    result = CliRunner().invoke(
        cli, ["build", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml")]
    )
    assert result.exit_code == 0, result.output
    return project / "site"


def test_payloads_are_many_and_varied() -> None:
    assert len(PAYLOADS) >= 30


def visit_every_page(site_dir: Path, browser: Browser) -> tuple[list[str], list[str], list[str]]:
    """Load every page; return the dialogs opened, other hosts asked, and dangerous DOM found."""
    pages = sorted(p.parent.relative_to(site_dir) for p in site_dir.rglob("index.html"))
    dialogs: list[str] = []
    outside: list[str] = []
    dangerous: list[str] = []
    with serve(site_dir) as site:
        context = browser.new_context()
        context.route("**/*", lambda route: _keep_local(route, outside))
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in pages:
            url = f"{site.url}{path.as_posix()}/" if str(path) != "." else site.url
            page.goto(url)
            page.wait_for_load_state("load")
            for element in page.query_selector_all("input, details, [autofocus]"):
                element.focus()
            dangerous += [f"{path}: {item}" for item in page.evaluate(_DANGEROUS_DOM)]
        context.close()
    return dialogs, outside, dangerous


def test_every_page_runs_no_injected_script_and_reaches_no_other_host(
    built_hostile: Path, browser: Browser
) -> None:
    assert len(list(built_hostile.rglob("index.html"))) >= 10
    assert visit_every_page(built_hostile, browser) == ([], [], [])


def test_the_browser_check_catches_script_that_runs(make_site: MakeSite, browser: Browser) -> None:
    project = make_site(
        {
            "a.md": (
                "---\ntitle: T\nseverity: SEV-3\nstarted: 2026-11-28T10:00:00Z\nupdates:\n"
                "  - at: 2026-11-28T10:00:00Z\n    status: investigating\n"
                f"    message: '<img src=x onerror=alert(1)> <img src=\"https://{EVIL}/p.png\">'\n---\n"
            )
        }
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("uptime_days:", "allow_raw_html: true\n      uptime_days:")
    )
    result = CliRunner().invoke(cli, ["build", "--now", "2026-11-28T12:00:00Z", "-f", str(config)])
    assert result.exit_code == 0, result.output
    dialogs, outside, dangerous = visit_every_page(project / "site", browser)
    assert "1" in dialogs
    assert f"https://{EVIL}/p.png" in outside
    assert any("onerror" in item for item in dangerous)


def _keep_local(route: Any, outside: list[str]) -> None:
    host = urlsplit(route.request.url).hostname
    if host not in ("127.0.0.1", "localhost"):
        outside.append(route.request.url)
        route.abort()
    else:
        route.continue_()


# Elements and attributes from content that could act: event handlers, script URLs,
# frames, forms, styles and bases inside the page's content.
_DANGEROUS_DOM = """() => {
  const found = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) found.push(el.tagName + ' ' + attr.name);
      if (['href', 'src', 'action', 'data', 'xlink:href'].includes(attr.name)
          && /^\\s*(javascript|data|vbscript):/i.test(attr.value))
        found.push(el.tagName + ' ' + attr.name + '=' + attr.value);
    }
    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'STYLE', 'BASE', 'META', 'LINK',
         'INPUT'].includes(el.tagName)) found.push(el.tagName);
  }
  return found;
}"""


def test_markdown_sanitiser_removes_what_could_act() -> None:
    html = MarkdownRenderer()("\n\n".join(PAYLOADS))
    for marker in (
        "<script",
        " onerror=",
        " onload=",
        '="javascript:',
        "<iframe",
        "<style",
        "<form",
        '="data:',
        "<base",
        "<meta",
        "<link",
        "<object",
        "<embed",
    ):
        assert marker not in html.lower(), marker
    assert "click" in html  # a link whose URL was refused keeps its text


def test_allow_raw_html_publishes_html_as_written_with_a_warning(make_site: MakeSite) -> None:
    project = make_site(
        {
            "a.md": (
                "---\ntitle: T\nseverity: SEV-3\nstarted: 2026-11-28T10:00:00Z\nupdates:\n"
                "  - at: 2026-11-28T10:00:00Z\n    status: investigating\n"
                "    message: <marquee>some requests fail</marquee>\n"
                "    next_update: 2026-11-28T12:30:00Z\n---\n"
            )
        }
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("uptime_days:", "allow_raw_html: true\n      uptime_days:")
    )
    result = CliRunner().invoke(cli, ["build", "--now", "2026-11-28T12:00:00Z", "-f", str(config)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "mkdocs.yml: notice: raw-html: allow_raw_html: raw HTML in content (scripts included) "
        "is published as written\n1 file checked: 0 errors, 0 warnings, 1 notice; built "
    )
    assert (
        "<marquee>some requests fail</marquee>"
        in (project / "site/incidents/a/index.html").read_text()
    )


GOOD = """\
---
title: Fine
severity: SEV-3
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Pages fail to load. Next update at 10:35 UTC.
---
"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "expected front matter starting with '---' on line 1"),
        (b"---\n---\n", "1: required: started: expected an ISO 8601 timestamp, found nothing"),
        (GOOD.replace("title: Fine", "title:\tFine\n\tx: 1").encode(), "3:1: yaml-syntax:"),
        (GOOD.replace("title: Fine", "title: [a, b]").encode(), "2:1: type: title: expected text"),
        (
            GOOD.replace("2026-11-28T10:00:00Z", "2026-13-45T99:00:00Z").encode(),
            "4:1: timestamp: started: expected an ISO 8601 timestamp",
        ),
        (
            GOOD.replace("2026-11-28T10:00:00Z", "2026-11-28T10:00:00+25:00").encode(),
            "4:1: timestamp: started: expected an ISO 8601 timestamp",
        ),
        (
            b"---\na: &a [x, x]\nb: [*a, *a]\n---\n",
            "3:5: yaml-syntax: aliases (*name) are not allowed here",
        ),
        (b"---\ntitle: \xc3\x28\n---\n", "2: encoding: expected UTF-8 text, found byte 0xc3"),
        (
            GOOD.encode().rstrip(b"-\n"),
            "1: front-matter: expected a closing '---' after the front matter",
        ),
    ],
)
def test_bad_files_give_one_line_and_no_traceback(
    make_site: MakeSite, content: bytes, message: str
) -> None:
    project = make_site({})
    (project / "incidents" / "bad.md").write_bytes(content)
    result = CliRunner().invoke(cli, ["check", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("incidents/bad.md:"), first
    assert message in first
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "content",
    [b"\xef\xbb\xbf" + GOOD.encode(), GOOD.replace("\n", "\r\n").encode()],
    ids=["bom", "crlf"],
)
def test_bom_and_crlf_are_accepted(make_site: MakeSite, content: bytes) -> None:
    project = make_site({})
    (project / "incidents" / "ok.md").write_bytes(content)
    result = CliRunner().invoke(cli, ["check", "-f", str(project / "mkdocs.yml")])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "1 file checked: 0 errors, 0 warnings\n",
    )


@pytest.mark.parametrize("name", ["Upper.md", "with space.md", "ünï.md", ".hidden-but-md.md"])
def test_unsafe_file_names_never_become_paths(make_site: MakeSite, name: str) -> None:
    project = make_site({})
    (project / "incidents" / name).write_text(GOOD)
    result = CliRunner().invoke(cli, ["check", "-f", str(project / "mkdocs.yml")])
    if name.startswith("."):
        # Hidden files are skipped, and said to be.
        assert result.stderr == (
            f"incidents/{name}: warning: skipped-file: expected a name that does not start "
            f"with '.', found '{name}': the file is not read\n"
            "0 files checked: 0 errors, 1 warning\n"
        )
    else:
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == (
            f"incidents/{name}: file-name: expected a file name of lower-case letters, digits, '.', '-' "
            f"and '_', found '{name}'"
        )


def test_a_huge_file_is_refused_quickly(make_site: MakeSite) -> None:
    project = make_site({})
    with open(project / "incidents" / "huge.md", "wb") as handle:
        handle.write(GOOD.encode())
        handle.seek(50 * 1024 * 1024)
        handle.write(b"\n")
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["check", "-f", str(project / "mkdocs.yml")])
    assert result.stderr.splitlines()[0] == (
        "incidents/huge.md: file-size: expected a file of at most 1,000,000 bytes, found 52,428,801"
    )
    assert time.perf_counter() - started < 30  # generous: it must not parse 50 MB


def test_one_bad_file_among_500_leaves_the_previous_site(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks/corpus.py"),
            "500",
            "--postmortems",
            "0",
            "--out",
            str(corpus),
        ],
        check=True,
        capture_output=True,
    )
    config = str(corpus / "mkdocs.yml")
    first = CliRunner().invoke(cli, ["build", "--now", "2026-11-28T12:00:00Z", "-f", config])
    assert first.exit_code == 0, first.output
    site = corpus / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    victim = sorted((corpus / "incidents").rglob("*.md"))[250]
    victim.write_text(victim.read_text().replace("severity: SEV-", "severity: SEV-9"))
    second = CliRunner().invoke(cli, ["build", "--now", "2026-11-28T12:00:00Z", "-f", config])
    assert second.exit_code == 1
    shown = victim.relative_to(corpus).as_posix()
    assert second.stderr.splitlines()[0].startswith(f"{shown}:")
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == before


def test_killed_mid_write_leaves_the_old_or_the_new_file(make_site: MakeSite) -> None:
    project = make_site({"a.md": GOOD})
    path = project / "incidents" / "a.md"
    versions = {path.read_bytes()}
    rng = random.Random(7)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for n in range(12):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "statuspress.cli",
                "update",
                "a",
                "-s",
                "identified",
                "--now",
                f"2026-11-28T11:{n:02d}:00Z",
                "-m",
                f"Update {n}.",
            ],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.0, 0.8))
        process.send_signal(signal.SIGKILL)
        process.wait()
        data = path.read_bytes()
        assert data in versions or data.startswith(max(versions, key=len).rstrip(b"-\n")), n
        versions.add(data)
        check = CliRunner().invoke(cli, ["check", "-f", str(project / "mkdocs.yml")])
        assert check.exit_code == 0, check.output


def build_into(project: Path) -> Path:
    out = project / "out"
    config = str(project / "mkdocs.yml")
    command = ["build", "--no-cache", "--now", "2026-11-28T12:00:00Z", "-f", config, "-d", str(out)]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    return out


HIDDEN = (
    'Public message. <!-- private note --> <script>alert("sneaky")</script> '
    '<img src=x onerror="alert(7)"> See [the docs](https://docs.example/help).'
)
"""A message with what no output may carry: a comment, a script, an event handler."""
NEVER = ("private note", "<!--", "sneaky", "onerror", "alert(")


def test_every_output_drops_what_the_sanitiser_drops(make_site: MakeSite) -> None:
    message = f"'{HIDDEN}'"
    project = make_site(
        {
            "a.md": (
                "---\ntitle: Open incident\nseverity: SEV-2\ncomponents: {api: major_outage}\n"
                "started: 2026-11-28T10:00:00Z\nupdates:\n  - at: 2026-11-28T10:05:00Z\n"
                f"    status: investigating\n    message: {message}\n---\n{HIDDEN}\n"
            ),
            "m.md": (
                "---\ntype: maintenance\ntitle: Upgrade\ncomponents: [api]\n"
                "scheduled_start: 2026-11-29T10:00:00Z\nscheduled_end: 2026-11-29T11:00:00Z\n"
                "updates:\n  - at: 2026-11-27T10:00:00Z\n    status: scheduled\n"
                f"    message: {message}\n---\n{HIDDEN}\n"
            ),
        }
    )
    out = build_into(project)
    outputs = {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8").replace("\r\n ", "")
        for p in out.rglob("*")
        if p.suffix in (".html", ".json", ".rss", ".atom", ".ics", ".svg", ".js")
    }
    for name in (
        "incidents/a/index.html",
        "incidents/m/index.html",
        "history.rss",
        "history.atom",
        "components/api.rss",
        "api/v2/summary.json",
        "api/v2/incidents.json",
        "api/v2/incidents/unresolved.json",
        "api/v2/scheduled-maintenances.json",
        "maintenance.ics",
        "components/api.ics",
    ):
        assert "Public message." in outputs[name], name
    # A page or a feed links; the plain-text outputs (JSON, calendar) name the address.
    assert 'rel="noopener noreferrer nofollow"' in outputs["incidents/a/index.html"]
    assert "See the docs (https://docs.example/help)." in outputs["api/v2/summary.json"]
    for name, text in outputs.items():
        for marker in NEVER:
            assert marker not in text, (name, marker)

    from statuspress.notify import Told, new_notices
    from statuspress.pipeline import load_site

    from .conftest import at

    site, _ = load_site(project / "mkdocs.yml", at("2026-11-28T12:00:00Z"))
    assert site is not None
    payloads = [json.dumps(n.payload()) for n in new_notices(site, Told())]
    assert len(payloads) == 2
    for payload in payloads:
        assert "Public message." in payload
        assert not [marker for marker in NEVER if marker in payload]


def test_allow_raw_html_still_drops_html_comments() -> None:
    raw = MarkdownRenderer(sanitise=False)
    assert raw("A <!-- note --> <marquee>x</marquee>") == "<p>A  <marquee>x</marquee></p>"
    assert raw("<!-- a block comment\n\nover two paragraphs -->\n\nText") == "\n\n<p>Text</p>"
    assert raw.plain("A <!-- note --> <b>bold</b> `code`") == "A bold code"


def test_action_item_tickets_and_content_links_carry_rel(make_site: MakeSite) -> None:
    project = make_site(
        {
            "a.md": GOOD,
            "postmortems/a-postmortem.md": (
                "---\ntype: postmortem\ntitle: What happened\nincidents: [a]\nstatus: published\n"
                "published: 2026-11-28\naction_items:\n  - title: Add an alert\n    owner: SRE\n"
                "    status: open\n    due: 2026-12-20\n"
                "    ticket: https://tickets.example/T-1\n---\n"
                "Read [the runbook](https://runbooks.example/db).\n"
            ),
        }
    )
    out = build_into(project)
    page = (out / "postmortems/a/index.html").read_text()
    rel = 'rel="noopener noreferrer nofollow"'
    assert f'<a href="https://tickets.example/T-1" {rel}>' in page
    assert f'<a href="https://runbooks.example/db" {rel}>the runbook</a>' in page
