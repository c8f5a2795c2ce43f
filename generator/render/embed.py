"""The embeddable status notice: ``embed.js`` and the page that documents it, ``embed.html``.

``embed.js`` is a static asset but for its words, written in the site's language at
build time (:func:`script`). It finds the status site from its own
``<script src>``, so one copy works at a domain root and under a sub-path, and
reads the JSON API beside it (which ``_headers`` lets any origin read).
``embed.html`` is a plain page, not wrapped in the site's theme, so it shows the
script on a page that is not ours, as it will run on the sites that embed it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources

from ..i18n import Language, language
from ..snapshot import Snapshot
from ..vocabulary import INCIDENT_STATUSES, INDICATOR_DESCRIPTIONS, RESOLVED, STATUS_LABELS
from . import text
from .base import Context, File, Output


def script(lang: Language | None = None) -> bytes:
    """The widget, as it is in ``generator/assets/embed.js``, with its words in
    ``lang`` (JSON between its ``/*texts*/`` marks; in English, as it is)."""
    source = (resources.files("statuspress") / "assets" / "embed.js").read_text("utf-8")
    if lang is None or lang.english:
        return source.encode("utf-8")
    _ = lang.gettext
    texts = {
        "status": _("%(name)s status"),
        "open": _("Open incident"),
        "other": _("Open"),
        "more": [
            lang.ngettext(
                "and %(num)d more on the status page", "and %(num)d more on the status page", n
            )
            for n in (1, 2)
        ],
        "page": _("See the status page"),
        "dismiss": _("Dismiss the %(name)s status notice"),
        "labels": {s: _(STATUS_LABELS[s]) for s in INCIDENT_STATUSES if s != RESOLVED},
        "descriptions": {i: _(d) for i, d in INDICATOR_DESCRIPTIONS.items()},
    }
    # As JSON, with what could end the script written out (a translation is not code).
    data = json.dumps(texts, ensure_ascii=True).replace("<", "\\u003c").replace("/", "\\/")
    start, mark, rest = source.partition("/*texts*/")
    _old, mark2, end = rest.partition("/*texts*/")
    assert mark and mark2, "embed.js keeps its words between two /*texts*/ marks"
    return (start + mark + data + mark2 + end).encode("utf-8")


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
    yield File("embed.js", script(lang))
    yield File("embed.html", html.encode("utf-8"))
