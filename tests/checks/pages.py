"""The pages every browser check visits. Add a page here and every check covers it."""

from __future__ import annotations

PAGES: dict[str, str] = {
    "status": "",
    "open-incident": "incidents/2026-11-28-delayed-payouts/",
    "resolved-incident": "incidents/2026-11-24-api-errors-after-deploy/",
    "maintenance": "incidents/2026-12-03-api-maintenance/",
    "history": "history/",
    "subscribe": "subscribe/",
    "postmortem": "postmortems/2026-11-24-config-deploy-exhausted-connections/",
    "postmortem-archive": "postmortems/",
    "postmortem-patterns": "postmortems/patterns/",
    "postmortem-actions": "postmortems/actions/",
    "reliability": "reliability/",
    "component": "components/api/",
}
"""Name of the page: its path under the site root, for the sample site at SAMPLE_NOW."""
