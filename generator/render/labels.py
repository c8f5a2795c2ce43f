"""Statuses and impacts as readers see them, in the site's language."""

from __future__ import annotations

from ..i18n import Language
from ..vocabulary import IMPACT_LABELS, STATUS_LABELS, STATUS_WORDS


def label(lang: Language, status: str) -> str:
    """``Partial outage``: a status as a heading or label."""
    return lang.gettext(STATUS_LABELS.get(status, status))


def word(lang: Language, status: str) -> str:
    """``partial outage``: a status within a sentence."""
    return lang.gettext(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def impact(lang: Language, level: str) -> str:
    return lang.gettext(IMPACT_LABELS[level])
