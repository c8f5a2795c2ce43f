"""The words content is written in, their order, and how readers see them: one place.

Statuses of components, incidents, maintenances, postmortems and action items;
severities and impacts; the page indicator's levels. Every other module imports
them from here (a test keeps it so). Labels are English msgids marked with ``N_``
and translated where they are shown (:mod:`generator.i18n`).
"""

from __future__ import annotations

from .i18n import N_

# Component statuses ---------------------------------------------------------

MAJOR_OUTAGE = "major_outage"
PARTIAL_OUTAGE = "partial_outage"
DEGRADED = "degraded_performance"
UNDER_MAINTENANCE = "under_maintenance"
OPERATIONAL = "operational"
COMPONENT_STATUSES = (MAJOR_OUTAGE, PARTIAL_OUTAGE, DEGRADED, UNDER_MAINTENANCE, OPERATIONAL)
"""Worst first. ``operational`` is the absence of trouble."""
INCIDENT_COMPONENT_STATUSES = (DEGRADED, PARTIAL_OUTAGE, MAJOR_OUTAGE)
"""What an incident's front matter may set a component to."""
MAINTENANCE_COMPONENT_STATUSES = (UNDER_MAINTENANCE, DEGRADED, PARTIAL_OUTAGE, MAJOR_OUTAGE)
"""What a maintenance may set a component to while it is on."""
UPDATE_COMPONENT_STATUSES = (OPERATIONAL, DEGRADED, PARTIAL_OUTAGE, MAJOR_OUTAGE)
"""What an incident's update may set a component to."""
OUTAGES = (PARTIAL_OUTAGE, MAJOR_OUTAGE)
"""The statuses of a component that is (partly) down."""

# Incident and maintenance statuses -------------------------------------------

INVESTIGATING = "investigating"
RESOLVED = "resolved"
INCIDENT_STATUSES = (INVESTIGATING, "identified", "monitoring", RESOLVED)
"""In the order an incident goes through them; ``resolved`` ends it."""
SCHEDULED = "scheduled"
IN_PROGRESS = "in_progress"
VERIFYING = "verifying"
COMPLETED = "completed"
MAINTENANCE_STATUSES = (SCHEDULED, IN_PROGRESS, VERIFYING, COMPLETED)
"""In the order a maintenance goes through them; ``completed`` ends it."""
CALLED_OFF = "cancelled"
"""How pages show a maintenance ``completed`` by its start, never begun (see
:func:`generator.derive.called_off`): shown, never written in a file."""
UNDER_WAY = (IN_PROGRESS, VERIFYING)
"""The statuses of a maintenance that is on."""

STATUS_LABELS = {
    MAJOR_OUTAGE: N_("Major outage"),
    PARTIAL_OUTAGE: N_("Partial outage"),
    DEGRADED: N_("Degraded performance"),
    UNDER_MAINTENANCE: N_("Under maintenance"),
    OPERATIONAL: N_("Operational"),
    INVESTIGATING: N_("Investigating"),
    "identified": N_("Identified"),
    "monitoring": N_("Monitoring"),
    RESOLVED: N_("Resolved"),
    SCHEDULED: N_("Scheduled"),
    IN_PROGRESS: N_("In progress"),
    VERIFYING: N_("Verifying"),
    COMPLETED: N_("Completed"),
    CALLED_OFF: N_("Cancelled"),
}
"""Each status as a heading or label says it."""
STATUS_WORDS = {
    MAJOR_OUTAGE: N_("major outage"),
    PARTIAL_OUTAGE: N_("partial outage"),
    DEGRADED: N_("degraded performance"),
    UNDER_MAINTENANCE: N_("under maintenance"),
    OPERATIONAL: N_("operational"),
    INVESTIGATING: N_("investigating"),
    "identified": N_("identified"),
    "monitoring": N_("monitoring"),
    RESOLVED: N_("resolved"),
    SCHEDULED: N_("scheduled"),
    IN_PROGRESS: N_("in progress"),
    VERIFYING: N_("verifying"),
    COMPLETED: N_("completed"),
    CALLED_OFF: N_("cancelled"),
}
"""Each status within a sentence ("API: partial outage"): its own msgid, as languages
that capitalise nouns keep their capitals."""

# Impacts, severities and the page indicator -----------------------------------

NO_IMPACT = "none"
MINOR = "minor"
MAJOR = "major"
CRITICAL = "critical"
IMPACTS = (NO_IMPACT, MINOR, MAJOR, CRITICAL)
"""An incident's impact, least to worst (Statuspage's)."""
SEVERITIES = {"SEV-1": CRITICAL, "SEV-2": MAJOR, "SEV-3": MINOR}
"""Each severity and the impact it means, worst first."""
NO_SEVERITY = "No impact"
"""What the reliability figures call an incident without impact, beside the severities."""
SEVERITY_OF_IMPACT = {**{i: s for s, i in SEVERITIES.items()}, NO_IMPACT: NO_SEVERITY}
"""The severity that each impact means (the figures count incidents by severity)."""
SEVERITY_ORDER = (*SEVERITIES, NO_SEVERITY)
"""Severities worst first, then incidents without impact."""
MAINTENANCE = "maintenance"
INDICATORS = (NO_IMPACT, MAINTENANCE, MINOR, MAJOR, CRITICAL)
"""The page indicator's levels, least to worst (Statuspage's, with its ``maintenance``)."""
IMPACT_OF_STATUS = {
    MAJOR_OUTAGE: MAJOR,
    PARTIAL_OUTAGE: MINOR,
    DEGRADED: MINOR,
    UNDER_MAINTENANCE: MAINTENANCE,
    OPERATIONAL: NO_IMPACT,
}
"""What a component's status means for the page indicator and for an incident's impact
when no severity is given, as Statuspage rolls component statuses up."""

IMPACT_LABELS = {
    NO_IMPACT: N_("No impact"),
    MINOR: N_("Minor impact"),
    MAJOR: N_("Major impact"),
    CRITICAL: N_("Critical impact"),
    MAINTENANCE: N_("Maintenance"),
}
"""Each impact (and indicator level) as a label says it."""
INDICATOR_DESCRIPTIONS = {
    NO_IMPACT: N_("All Systems Operational"),
    MINOR: N_("Minor Service Outage"),
    MAJOR: N_("Partial System Outage"),
    CRITICAL: N_("Major System Outage"),
    MAINTENANCE: N_("Service Under Maintenance"),
}
"""The indicator as the API says it (in English); pages translate the msgid."""
INDICATOR_WORDS = {
    NO_IMPACT: N_("operational"),
    MINOR: N_("minor outage"),
    MAJOR: N_("partial outage"),
    CRITICAL: N_("major outage"),
    MAINTENANCE: N_("maintenance"),
}
"""The indicator in a word or two, as a badge says it."""

# Postmortems ------------------------------------------------------------------

POSTMORTEM_STATUSES = ("draft", "in_review", "published")
"""Only published postmortems are public."""
POSTMORTEM_KINDS = ("incident", "near-miss")
"""A postmortem reviews incidents, or a near miss: something that almost went wrong."""
OPEN = "open"
DONE = "done"
WONT_DO = "wont_do"
ACTION_STATUSES = (OPEN, IN_PROGRESS, DONE, WONT_DO)
"""An action item's state; ``wont_do`` needs a reason."""
UNFINISHED = (OPEN, IN_PROGRESS)
"""The states of an action item still to be done."""
FINISHED = (DONE, WONT_DO)
"""The states of an action item that needs no more work."""
ACTION_LABELS = {
    OPEN: N_("Open"),
    IN_PROGRESS: N_("In progress"),
    DONE: N_("Done"),
    WONT_DO: N_("Won't do"),
}
DETECTIONS = ("alert", "user_report", "other")
"""How an incident was detected."""
NOT_RECORDED = "not recorded"
"""What the reliability figures count an incident without ``detection`` as."""
ROLE_DESCRIPTIONS = {
    "incident_commander": "Who led the response (a name or a team).",
    "communications_lead": "Who wrote the public updates (a name or a team).",
    "scribe": "Who kept the timeline during the incident (a name or a team).",
}
"""The incident roles a postmortem may record (besides ``responders``), as the practice
names them, with what each says."""
ROLES = tuple(ROLE_DESCRIPTIONS)
