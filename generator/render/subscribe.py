"""The subscribe page: every way to follow the status page, in one place.

Links on the page are relative, so the site works under any sub-path; the
snippets that readers copy into other places use the absolute ``site_url``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from typing import Any

from ..i18n import N_, language
from ..snapshot import Snapshot
from .base import Context, Output, Page
from .calendar import webcal_url
from .embed import snippet
from .labels import label

API_FILES = [
    ("summary.json", N_("page, components, open incidents and maintenance in one file")),
    ("status.json", N_("the overall indicator only")),
    ("components.json", N_("every component and its status")),
    ("incidents/unresolved.json", N_("open incidents")),
    ("incidents.json", N_("the 50 most recent incidents")),
    ("scheduled-maintenances/upcoming.json", N_("maintenance that has not started")),
    ("scheduled-maintenances/active.json", N_("maintenance in progress")),
    ("scheduled-maintenances.json", N_("the 50 most recent maintenances")),
]


def markdown_text(value: str) -> str:
    """``value`` with the characters that mean something in Markdown link text escaped."""
    return re.sub(r"([\\`*_\[\]<>!])", r"\\\1", value)


def subscribe_context(snapshot: Snapshot) -> dict[str, Any]:
    settings = snapshot.site.settings
    url = settings.url
    statuses = snapshot.statuses
    lang = language(settings.language)
    description = lang.gettext(snapshot.indicator[1])
    name = settings.name
    alt = lang.gettext("%(name)s status") % {"name": name}
    return {
        "site_name": name,
        "site_url": url,
        "webcal": webcal_url(url),
        "description": description,
        "components": [
            {
                "id": c.id,
                "name": c.name,
                "status": label(lang, statuses[c.id]),
            }
            for c in settings.components
        ],
        "api_files": API_FILES,
        "badge_markdown": f"[![{markdown_text(alt)}]({url}badge.svg)]({url})",
        "badge_html": f'<a href="{url}"><img src="{url}badge.svg" alt="{escape(alt)}"></a>',
        "script": snippet(url),
    }


def subscribe(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """The subscribe page: every way to follow the status."""
    site = snapshot.site
    template = context.env.get_template("subscribe.html")
    html = template.render(root="../", **subscribe_context(snapshot))
    _ = language(site.settings.language).gettext
    description = _("Follow %(name)s status: feeds, calendar, chat, e-mail, badges and a widget")
    description %= {"name": site.settings.name}
    yield Page("subscribe/", _("Subscribe"), description, html, in_nav=True)
