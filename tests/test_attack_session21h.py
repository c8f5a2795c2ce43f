"""Attack session 21h: the last changes (flooded paragraphs shown as plain text, settings
whose aliases expand too far, notify's refusal of `!ENV` reading its secrets).

Each test is one bug found in this session. It fails now and asserts what the docs
promise.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from statuspress.cli import cli
from statuspress.render.text import MarkdownRenderer

from .conftest import MakeSite, notified_repo

NOW = "2026-11-28T12:00:00Z"
FLOOD = "&" * 501
"""One paragraph with more than 500 `&` (a pasted list of query strings): shown as
plain text since b59bc14."""
UPDATE = """\
  - at: 2026-11-28T10:30:00Z
    status: identified
    message: A bad deploy; rolling back.
"""


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def test_a_comment_around_a_flooded_paragraph_never_reaches_the_page() -> None:
    """docs/security.md: "HTML comments never reach any output". An author comments out
    a pasted log (internal notes, a customer's name) with `<!-- ... -->` spanning a few
    paragraphs. When one of those paragraphs holds more than 500 `&`, `pieces()` cuts
    the text there: the paragraph inside the comment is shown as plain text, and with it
    what the author hid (and the comment's `-->`), on the page, the feeds and the API."""
    text = f"<!--\nInternal: ACME lost data.\n\n{FLOOD} ACME-private-log\n\n-->\n\nFixed."
    for renderer in (MarkdownRenderer(), MarkdownRenderer(sanitise=False)):
        html = renderer(text)
        assert "ACME-private-log" not in html, html[-300:]
        assert "Fixed." in html


def test_heading_ids_stay_unique_across_a_flooded_paragraph() -> None:
    """A postmortem with `## Timeline` twice gets `s-timeline` and `s-timeline_1`: the
    table of contents and links to each section need distinct ids. When a flooded
    paragraph lies between them, each run of the text is converted on its own and both
    headings get `id="s-timeline"` (invalid HTML; the second section cannot be linked)."""
    html = MarkdownRenderer(headings=True)(
        f"## Timeline\n\nFirst.\n\n{FLOOD}\n\n## Timeline\n\nSecond."
    )
    assert html.count('id="s-timeline"') == 1, html.replace(FLOOD.replace("&", "&amp;"), "…")


def test_a_fenced_log_with_a_flooded_paragraph_stays_a_code_block() -> None:
    """Only a *paragraph* flooded with openers is to be shown as plain text. A pasted
    XML/HTML log in a fenced code block (which Markdown reads in linear time, no inline
    patterns run in it) is cut at its blank lines by `pieces()`: the fence is then
    printed as text (```` ``` ````), the log loses its code block, and the closing fence
    of one run and the opening of another garble what follows."""
    log = "<item/>" * 501
    html = MarkdownRenderer()(f"Log:\n\n```\nstart\n\n{log}\n\nend\n```\n\nAfter the log.")
    assert "```" not in html, html.replace("&lt;item/&gt;" * 501, "…")
    assert "<pre>" in html


def test_a_reference_link_defined_after_a_flooded_paragraph_is_a_link() -> None:
    """`See [the runbook][rb].` with `[rb]: https://...` at the end of the body is a
    link. With a flooded paragraph between them, the definition is in another run of
    the text: the page shows `[the runbook][rb]` as written and the link is gone."""
    html = MarkdownRenderer()(
        f"See [the runbook][rb].\n\n{FLOOD}\n\n[rb]: https://example.com/runbook"
    )
    assert 'href="https://example.com/runbook"' in html, html[:200]


def _notify_dry(config: Path, env: dict[str, str]) -> Result:
    return invoke(
        "notify", "--dry-run", "--since", "HEAD~1", "--now", NOW,
        "--webhook-url-env", "HOOK", "-f", str(config),
        env={"HOOK": "https://hooks.example/x", **env},
    )  # fmt: skip


def test_notify_refuses_a_secret_read_by_the_default_of_an_env_tag(
    make_site: MakeSite,
) -> None:
    """`!ENV [A, B, default]`: the default is built as any YAML value, so it may be
    `!ENV` again. `site_name: !ENV [SITE_NAME, !ENV STATUSPRESS_SMTP_PASSWORD]` makes the
    site's name the SMTP password when SITE_NAME is unset (the notify job), but
    `environment_read` never looks inside the default, and notify sends the password in
    every notice (docs/security.md: notify "refuses settings whose `!ENV` names one of
    those variables")."""
    repo = notified_repo(make_site, UPDATE)
    config = repo / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "site_name: Example", "site_name: !ENV [SITE_NAME, !ENV STATUSPRESS_SMTP_PASSWORD]"
        ),
        encoding="utf-8",
    )
    result = _notify_dry(config, {"STATUSPRESS_SMTP_PASSWORD": "hunter2"})
    assert "hunter2" not in result.output
    assert result.exit_code == 1, result.output
    assert "STATUSPRESS_SMTP_PASSWORD" in result.stderr


def test_notify_refuses_a_secret_read_by_an_inherited_settings_file(
    make_site: MakeSite,
) -> None:
    """The settings are read with what `INHERIT` brings, as MkDocs reads them, and a
    pull request may add `INHERIT: base.yml`. `environment_read` reads `mkdocs.yml` alone
    ("what it inherits is the engine's to read"), so `site_name: !ENV HOOK` in the
    inherited file puts the webhook's secret URL in every notice."""
    repo = notified_repo(make_site, UPDATE)
    config = repo / "mkdocs.yml"
    text = config.read_text()
    assert "site_name: Example\n" in text
    config.write_text("INHERIT: base.yml\n" + text.replace("site_name: Example\n", ""))
    (repo / "base.yml").write_text("site_name: !ENV [HOOK, Example]\n", encoding="utf-8")
    result = _notify_dry(config, {})
    assert "hooks.example" not in result.output
    assert result.exit_code == 1, result.output
    assert "HOOK" in result.stderr
