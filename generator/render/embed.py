"""The embeddable status notice: ``embed.js`` and the page that documents it, ``embed.html``.

``embed.js`` is a static asset: nothing in it depends on the site. It finds the
status site from its own ``<script src>``, so one copy works at a domain root
and under a sub-path, and reads the JSON API beside it (which ``_headers``
lets any origin read). ``embed.html`` is a plain page, not wrapped in the
site's theme, so it shows the script on a page that is not ours, as it will
run on the sites that embed it.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

from ..i18n import language
from ..snapshot import Snapshot
from . import text
from .base import Context, File, Output


def script() -> bytes:
    """The widget, as it is in ``generator/assets/embed.js``."""
    return (resources.files("statuspress") / "assets" / "embed.js").read_bytes()


def snippet(site_url: str) -> str:
    """The one line another site adds to show the notice."""
    return f'<script src="{site_url}embed.js" async></script>'


def embed(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """``embed.js`` and ``embed.html``."""
    site = snapshot.site
    indicator, description = snapshot.indicator
    lang = language(site.settings.language)
    html = context.env.get_template("embed.html").render(
        site_name=site.settings.name,
        site_url=site.settings.url,
        snippet=snippet(site.settings.url),
        indicator=indicator,
        description=lang.gettext(description),
        built=lang.when(site.now, site.settings.tz),
        built_iso=text.iso(site.now),
    )
    yield File("embed.js", script())
    yield File("embed.html", html.encode("utf-8"))
