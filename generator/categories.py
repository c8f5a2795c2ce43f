"""The categories of contributing factors: the default list, drawn from published practice.

A site declares its own list in the settings (``categories``); postmortems name one per
contributing factor, and the archive counts them. The sources of each default are in
the README ("Contributing factors and patterns").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """A kind of contributing factor, declared in the site settings."""

    id: str
    name: str
    description: str = ""


DEFAULT_CATEGORIES = (
    Category(
        "change",
        "Change",
        "A change to the system set it off or shaped it: a deploy, a migration, a feature "
        "flag, a data or schema change.",
    ),
    Category(
        "configuration",
        "Configuration",
        "A setting's value, or how settings are checked and rolled out.",
    ),
    Category(
        "capacity",
        "Capacity",
        "Load beyond what a part of the system could take: limits, quotas, pools, saturation.",
    ),
    Category(
        "dependency",
        "Dependency",
        "A service or provider the system relies on, inside or outside the organisation.",
    ),
    Category(
        "detection",
        "Detection and monitoring",
        "How, and how soon, the problem was noticed: alerts, dashboards, health checks.",
    ),
    Category(
        "tooling",
        "Tooling and automation",
        "The tools and automation that changes and the response went through.",
    ),
    Category(
        "knowledge",
        "Knowledge and documentation",
        "What responders knew or could find: runbooks, documentation, how the system "
        "really behaves.",
    ),
    Category(
        "process",
        "Process and coordination",
        "How work and people were coordinated: hand-offs, ownership, escalation, reviews.",
    ),
    Category(
        "infrastructure",
        "Hardware and infrastructure",
        "Machines, disks, networks, data centres and cloud resources.",
    ),
)
