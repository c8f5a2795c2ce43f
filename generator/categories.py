"""The categories of contributing factors: the default list, drawn from published practice.

A site declares its own list in the settings (``categories``); postmortems name one per
contributing factor, and the archive counts them. The sources of each default are in
the documentation (docs/postmortems.md, "Contributing factors and patterns").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .i18n import N_


@dataclass(frozen=True)
class Category:
    """A kind of contributing factor, declared in the site settings."""

    id: str
    name: str
    description: str = ""


DEFAULT_CATEGORIES = (
    Category(
        "change",
        N_("Change"),
        N_(
            "A change to the system set it off or shaped it: a deploy, a migration, a feature "
            "flag, a data or schema change."
        ),
    ),
    Category(
        "configuration",
        N_("Configuration"),
        N_("A setting's value, or how settings are checked and rolled out."),
    ),
    Category(
        "capacity",
        N_("Capacity"),
        N_("Load beyond what a part of the system could take: limits, quotas, pools, saturation."),
    ),
    Category(
        "dependency",
        N_("Dependency"),
        N_("A service or provider the system relies on, inside or outside the organisation."),
    ),
    Category(
        "detection",
        N_("Detection and monitoring"),
        N_("How, and how soon, the problem was noticed: alerts, dashboards, health checks."),
    ),
    Category(
        "tooling",
        N_("Tooling and automation"),
        N_("The tools and automation that changes and the response went through."),
    ),
    Category(
        "knowledge",
        N_("Knowledge and documentation"),
        N_(
            "What responders knew or could find: runbooks, documentation, how the system "
            "really behaves."
        ),
    ),
    Category(
        "process",
        N_("Process and coordination"),
        N_("How work and people were coordinated: hand-offs, ownership, escalation, reviews."),
    ),
    Category(
        "infrastructure",
        N_("Hardware and infrastructure"),
        N_("Machines, disks, networks, data centres and cloud resources."),
    ),
)


_DEFAULTS = {c.id: c for c in DEFAULT_CATEGORIES}


def shown(category: Category, gettext: Callable[[str], str]) -> Category:
    """``category`` as readers see it: a default's own name and definition in the site's
    language; a name or definition the site wrote itself, as written."""
    default = _DEFAULTS.get(category.id)
    if default is None:
        return category
    name, description = category.name, category.description
    return Category(
        category.id,
        gettext(name) if name == default.name else name,
        gettext(description) if description and description == default.description else description,
    )
