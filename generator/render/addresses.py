"""Where postmortems are published, and the pages that send readers on from the
addresses they had before."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..i18n import Language
from ..model import ARCHIVE_FOLDERS, Site

OLD_POSTMORTEM_SUFFIX = "-postmortem"
"""What ``statuspress new postmortem`` put at the end of file names, and so of URLs, up to 0.2."""


def postmortem_urls(site: Site) -> dict[str, str]:
    """Each postmortem's URL: its id without the ``-postmortem`` that file names carry,
    unless that is taken by another published postmortem (a draft has no page: it never
    moves one that has)."""
    ids = {p.id for p in site.postmortems if p.is_published}
    result = {}
    for postmortem in site.postmortems:
        short = postmortem.id.removesuffix(OLD_POSTMORTEM_SUFFIX)
        keep = not short or short in ids or short in ARCHIVE_FOLDERS
        result[postmortem.id] = f"postmortems/{postmortem.id if keep else short}/"
    return result


def redirect(target: str, title: str, lang: Language) -> bytes:
    """A page that sends a reader (and a search engine) on to ``target``, a relative
    address, without JavaScript, in the site's language."""
    safe = escape(target)
    link = f'<a href="{safe}">{escape(title)}</a>'
    moved = escape(lang.gettext("This page has moved: %(link)s.")) % {"link": Markup(link)}
    return (
        f'<!doctype html>\n<html lang="{lang.code}"><head><meta charset="utf-8">'
        f'<title>{escape(title)}</title><meta name="robots" content="noindex">'
        f'<link rel="canonical" href="{safe}"><meta http-equiv="refresh" content="0; url={safe}">'
        f"</head><body><p>{moved}</p>"
        "</body></html>\n"
    ).encode()
