"""The status-update lint: what hurts readers of a public update, mid-incident.

Internal identifiers, a first update with no impact, guesses about the cause before
it is identified, blame of a named vendor or person, jargon, and (where the content
declares the field) no promised next-update time, neither in the field nor in the
message. The updates of an incident or a maintenance are checked while it is open, when
the advice can still help its readers; once resolved or completed they are history.
The findings are advice: the update is written all the same.
"""

from __future__ import annotations

import ipaddress
import re
from functools import cache
from typing import Any

from .. import fieldspec
from ..load import SourceFile
from .lexicon import words
from .rules import Finding, LintOptions, rule_map
from .text import blank_evidence, blanked, silences, value_lines, without_comments

DEFAULT_JARGON = ("p95", "p99", "5xx", "OOM", "k8s", "pods", "RCA")
"""The jargon flagged when the site gives no list of its own."""

OPEN_UNTIL = ("resolved", "completed")

_INTERNAL = re.compile(
    r"(?P<trace>Traceback \(most recent call last\)|\bat [\w$.]+\([\w$.]+:\d+\)"
    r"|\b[A-Z]\w*(?:Error|Exception): |\bpanic: runtime error\b|\bgoroutine \d+ \[|\bSIGSEGV\b"
    r"|File \"[^\"\n]{1,500}\", line \d+)"
    r"|(?P<ip>(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?!\w|\.\d))"
    # Two colons at least, and what ipaddress reads as IPv6 (so not 14:05:00).
    r"|(?P<ip6>(?<![\w:.])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\w:]))"
    # A name starts where no name character is before it, so a long run of them
    # ("1.1.1.1...") is tried from its start alone: in time linear in the text.
    r"|(?P<host>(?<![\w.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:internal|local|lan|corp"
    r"|intra|svc|priv|private)\b"
    r"|(?<![\w-])[a-z]+(?:-[a-z]+)*-(?:prod|prd|stg|staging|dev|qa)(?:-[a-z0-9]+)*\b"
    # Each part after a dot or a dash starts with a letter or digit: a run of dashes
    # is read once, not split every way (which took hours on "db1" and 60 dashes).
    r"|\bip(?:-\d{1,3}){4}\b"  # ip-10-0-3-17, a cloud's internal name
    r"|(?<![\w-])[a-z]{2,}(?:-[a-z]{2,}){2,4}-\d{1,3}\b"  # vox-rec-store-04
    r"|\b(?:db|web|app|api|cache|redis|pg|mysql|mongo|kafka|worker|node|host|srv|lb|k8s|vm|"
    r"v?mx|smtp|imap|ns|gw|fw|proxy|ldap|storage|pgsql|postgres|psql|mariadb|mongodb|sql|"
    r"elastic|es|search|queue|mq|rabbitmq|backup|bastion|ingest|etl|haproxy|varnish)"
    r"(?:-[a-z]{2,}){0,3}-?\d{1,3}"
    r"(?:[.-][a-z0-9]+)*\b)"
    r"|(?P<ticket>(?<![\w-])(?!(?:ERR|ERROR|ERRNO|CODE|SHA|MD|AES|RSA|HMAC|IEEE|ANSI|SEV|P|ISO|IEC|UTF|TLS|HTTP|COVID|CVE|CWE|GHSA|RFC|PCI|SOC|NIST|"
    r"ERC|BEP|TRC|EIP|BIP|PEP|WCAG|"
    r"US|EU|UK|AP|APAC|EMEA|LATAM|NA|SA|AF|ME|CA|AU|JP|IN|DE|FR|BR|SG|KR|CN|HK)-)"
    r"[A-Z][A-Z0-9]{1,9}-\d{1,6}\b)"
    # Not a link to a heading of the page ("[what to do](#what-to-do-now)").
    r"|(?P<channel>(?<![\w&#/])(?<!\]\()#[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+\b)"
)

_WHO = re.compile(
    r"\b(?:users?|customers?|merchants?|clients?|accounts?|visitors?|members?|"
    r"everyone|people|subscribers?|buyers?|sellers?|developers?|organi[sz]ations?|"
    r"patients?|viewers?|listeners?|players?|employers?|owners?|drivers?|riders?|passengers?|"
    r"students?|learners?|teachers?|parents?|residents?|guests?|travel(?:l)?ers?|shoppers?|"
    r"callers?|donors?|candidates?|readers?|fans?|citizens?|tenants?|staff|employees?|"
    r"requests?|some|all|region|regions)\b",
    re.IGNORECASE,
)
_WHAT = re.compile(
    # An action that fails is what readers see: "an issue with creating new projects",
    # "having trouble serving our website", "experiencing problems".
    r"\b(?:issues?|problems?|trouble|difficult(?:y|ies))\s+(?:with\s+|when\s+|while\s+)?\w+ing\b"
    r"|\bexperienc(?:e|es|ing)\s+(?:an?\s+|some\s+)?(?:issues?|problems?|trouble|difficult(?:y|ies))\b"
    r"|(?:\bnot|n't|n\u2019t)\s+(?:yet\s+)?(?:being\s+|be\s+|been\s+)?(?:load|loading|work|"
    r"working|available|receiving|sent|delivered|accepting|appear(?:ing)?|going out|gone out|"
    r"arriving|responding|showing|updating|syncing|processing|connecting|opening|starting|"
    r"reachable|accessible)\b"
    r"|\b(?:taking|take|takes)\s+(?:a\s+)?(?:long(?:er)?|very long)\s+(?:time\s+)?to\b"
    # Something that does not happen for readers: "not being created", "isn't posting",
    # "stopped updating", "did not run" (not what we have not found yet).
    r"|(?:\bnot|n't|n\u2019t)\s+(?:yet\s+)?(?:being\s+|been\s+)?(?!(?:identified|found|"
    r"determined|confirmed|established|seen|received|heard|known|aware|sure|certain)\b)"
    r"[a-z]+(?:ing|ed)\b"
    r"|\bstopped\s+[a-z]+ing\b|\b(?:cut|cuts|cutting|drop|drops|dropped|dropping)\s+out\b|\bdid(?:\s+not|n't|n\u2019t)\s+(?:run|work|load|arrive|send|sync|"
    r"go\s+out|start|complete|finish|process|deliver|update)\b"
    r"|\btaking\s+(?:up\s+to|over|more\s+than)\s+\d"
    r"|\breturning\s+(?:an?\s+)?[45]\d\d\b|\bnot\s+possible\b"
    r"|\b(?:errors?|stuck|paused|hanging|frozen|unresponsive|declined|rejected|offline|late|"
    r"queued|crash(?:es|ed|ing)?|bounc(?:e|es|ed|ing)|slow(?:er|ness|ly)?|unavailable|unreachable|fail(?:s|ed|ing|ures?)?|"
    r"cannot|can't|unable|delay(?:s|ed)?|timeouts?|timing out|down|outage|degraded|"
    r"missing|blank|empty|freez(?:e|es|ing)|show(?:s|ing)?\s+no|without\s+(?:sound|audio|"
    r"picture|video|images?|data)|twice|"
    # What readers see or hear: "may show 'Label created'", "are getting a black screen".
    r"(?<!\bwe )(?:are|is)\s+(?:seeing|getting|hearing|receiving|being\s+shown)|"
    r"(?:may|might|will|can|could)\s+(?:be\s+)?(?:seeing|see|getting|get|hearing|hear|"
    r"receiving|receive|shown|show|display)|"
    r"(?:arriv|load|play|open|print|sen[dt])\w*\s+without|"
    r"latency|broken|interrupt(?:s|ed|ing|ions?)|disrupt(?:s|ed|ing|ions?)|affect(?:ed|ing|s)?|"
    r"impact(?:ed|ing|s)?|intermittent(?:ly)?|stale|duplicate[sd]?|lost|inaccessible|"
    r"inaccurate|not accurate|incorrect(?:ly)?|wrong)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:we (?:think|believe|suspect|guess|assume)|suspect(?:ed)?|probabl[ey]|likely|"
    r"possibl[ey]|perhaps|presumably|might|may|could|appears?|seems?|looks like|"
    r"hypothes[ie]s|theory|suggests?|early signs)\b",
    re.IGNORECASE,
)
_CAUSE = re.compile(
    r"\b(?:caus(?:e|ed|es|ing)|due to|because|related to|result of|triggered|culprit|"
    r"source of|stems? from|down\s+to\s+(?:an?|the|our|this|that|some)|"
    r"(?:is|are|was|were|be)\s+behind\s+(?:the|this|these))\b",
    re.IGNORECASE,
)
_GUESS = re.compile(
    r"\b(?:we (?:think|believe|suspect|assume)|suspected|most likely|probably|likely|"
    r"appears to be|seems to be|looks like|(?:our\s+)?best\s+guess|early signs point|"
    r"(?:our\s+)?(?:working\s+|current\s+|leading\s+)?theory\s+is|"
    r"(?:points?|pointing)\s+to(?=\s+(?:an?|the|our)\s)|"
    r"(?:this|it|that)\s+(?:could|might|may)\s+(?:well\s+)?be\s+(?=an?\s|the\s|related|due|"
    r"caused)|possibly\s+(?=an?\s|the\s|due|related|caused))",
    re.IGNORECASE,
)
"""A guess strong enough to be about the cause without naming one ("We suspect a faulty
switch", "This is most likely a DNS issue"), when it says nothing of readers or what they see."""
_IT_COULD_BE = re.compile(
    r"(?:this|it|that)\s+(?:could|might|may)|possibly|(?:our\s+)?best|(?:our\s+)?\w*\s*theory"
    r"|points?\s|pointing\s"
    # "We suspect a failing disk", not "we suspect a small number of customers".
    r"|we\s+suspect\s+(?:an?|the)\s+(?!(?:\w+\s+)?(?:number|few|handful|subset|portion|share|"
    r"customers|users)\b)",
    re.I,
)
"""The guesses that name what the trouble is, whatever words of impact they hold."""
_NOT_A_CAUSE = re.compile(
    r"\b(?:take|takes|(?:will|may|might|could|to)\s+last|lasts|widespread|wide-spread|"
    r"workaround|better|improv\w*|"
    r"started|began|begun|keep working|as normal|hours?|minutes?|a while|days?|partial|"
    r"intermittent)\b",
    re.IGNORECASE,
)
"""Words that make a strong guess one about how long, how wide, a workaround or when
("Recovery will most likely take a few more hours", "It looks like the problem started
around 09:15"), not about the cause."""
_SEARCHED = re.compile(
    r"\b(?:find|finding|identify|identifying|determine|determining|investigat\w*|"
    r"understand\w*|establish\w*|look\w* (?:into|for)|search\w* for|confirm\w*|"
    r"know|not (?:yet )?(?:known|clear))\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
"""Words before "the cause" that say it is being looked for, not guessed."""
_CLAUSES = re.compile(
    r"(?<=[.!?;:])\s+|,\s+(?:and|but|while|so)\s+|(?<!\s)\s+(?:but|while)\s+"
    r"|(?<!\s)\s+[-\u2013\u2014]\s+"
)
_FORWARD = re.compile(r"\b(?:could|may|might|can|will|would)\s+(?:\w+ly\s+|also\s+)?$", re.I)
"""A modal just before "cause": a consequence ("could cause some reviews to lock"), not a
guess at the cause."""
_APOLOGY = re.compile(
    r"\b(?:apologi[sz]e|sorry|regret)\b[^.;]{0,60}$"
    r"|\b(?:inconvenience|disruption|trouble|frustration|difficulties|impact|issues?|problems?)"
    r"\s+(?:this|it|that)\s+(?:\w+\s+){0,3}$",
    re.I,
)
"""An apology before "cause": "the inconvenience this may be causing", "any impact this
may have caused" guess at nothing ("the issue is likely caused by" does)."""
_VENDOR_BLAME = re.compile(
    r"\b(?P<lead>caused by|due to|because(?: of)?|the fault of|blame[sd]? (?:on )?|blaming|"
    r"(?:the )?result of|resulting from|traced to|"
    r"(?:failure|outage|problem|issue|incident|error|mistake)s? (?:at|by|of|from))"
    r"\s+(?:an? |the |our |their )?(?:\w+ ){0,3}?"
    r"(?P<name>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)*)"
    r"|(?P<owner>(?<![\w&.-])[A-Z][\w&.-]*)'s "
    r"(?:outage|failure|fault|mistake|error|bug|problem|incident)"
)
_NOT_VENDORS = words("We Our The This That A An It I They Their Some All Customers Users UTC")


_MARKUP = re.compile(
    # The title after a link's address is blanked already, as a quotation.
    r"!?\[(?P<words>[^\[\]\n]{0,300})\]\([^()\s]{0,2000}(?:\s[^()\n]{0,300})?\)"
    r"|<https?://[^<>\s]{0,2000}>"
)
"""A link (its text stays, its address goes) or an autolink."""
_EMPHASIS = re.compile(
    r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])"
)
"""Emphasis marks (not ``2*3``, not ``snake_case``)."""
_COMPANY = re.compile(
    r"(?:\s+(?:status|system|systems|service|services|page|health|uptime))+$", re.I
)
"""What a status page's name adds to its company's: "GitHub Status", "Acme System Status"."""


def _company(name: str) -> str:
    """The company's name in a status page's (``GitHub Status``: ``GitHub``)."""
    return _COMPANY.sub("", name.strip()) or name.strip()


class _Reading:
    """The writer's own words in a message as a reader reads them: its quotations, code
    and comments left out (:func:`~generator.lint.text.blank_evidence`), a link's text
    without its address, no emphasis marks, white space as single spaces; with where
    each of its characters is in the message, for the findings' marks."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        voice = blank_evidence(shown)
        if _MARKUP.search(voice):  # links first: emphasis in a link's text goes next
            marks = []
            for markup in _MARKUP.finditer(voice):
                start, end = markup.span()
                words = markup.span("words") if markup.group("words") is not None else (end, end)
                marks += [(start, words[0]), (words[1], end)]
            voice = blanked(voice, marks)
        if _EMPHASIS.search(voice):
            voice = blanked(voice, [m.span() for m in _EMPHASIS.finditer(voice)])
        chars: list[str] = []
        self.where: list[int] = []
        for at, char in enumerate(voice):
            if char == " " and (not chars or chars[-1] == " "):
                continue  # white space as one space, none at the start
            chars.append(char)
            self.where.append(at)
        self.text = "".join(chars)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the message of ``start`` to ``end`` in :attr:`text`."""
        if start >= end:
            return start, end
        first, last = self.where[start], self.where[end - 1] + 1
        while first > 0 and self.shown[first - 1] in "*_":
            first -= 1  # the marks of emphasis around the words, whole: "**Okta**"
        while last < len(self.shown) and self.shown[last] in "*_":
            last += 1
        return first, last


def _promise_declared() -> bool:
    """Whether an incident update can carry ``next_update`` (the content declares it)."""
    return "next_update" in fieldspec.item_keys("incident", "updates")


def lint_updates(source: SourceFile, raw: list[str], options: LintOptions) -> list[Finding]:
    data = source.data
    updates = data.get("updates")
    if not isinstance(updates, list) or data.get("type") == "postmortem":
        return []
    incident = data.get("type", "incident") == "incident"
    last = next((u for u in reversed(updates) if isinstance(u, dict)), None)
    if last is None or last.get("status") in OPEN_UNTIL:
        return []  # history: its updates were read while it was open
    by_id = rule_map()
    jargon = _jargon(options.jargon if options.jargon is not None else DEFAULT_JARGON)
    names = _jargon(options.code_names)
    own = tuple(dict.fromkeys(_company(name) for name in options.own_names if name.strip()))
    found: list[Finding] = []

    def add(
        rule: str, line: int, text: str, start: int = 0, end: int = 0, rewrite: str | None = None
    ) -> None:
        if rule in options.disabled or silences(value_lines(raw, line - 1), rule):
            return
        found.append(Finding(by_id[rule], line, text, start, end, rewrite))

    for index, update in enumerate(updates):
        if not isinstance(update, dict) or not isinstance(update.get("message"), str):
            continue
        line = source.line_of("updates", index, "message")
        shown = " ".join(without_comments(update["message"]).split())
        voice = _Reading(shown)  # the writer's own words, as read: no quotation, no code
        spans = _internal(shown, names)
        if spans:
            start, end, _ = spans[0]
            rewrite = _rewritten(shown, spans) if options.english else None  # English words
            add("update-internal-id", line, shown, start, end, rewrite)
        if not options.english:
            pass  # the checks below read English words
        elif incident and index == 0 and not _says_impact(shown):
            add("update-no-impact", line, shown)
        if options.english and update.get("status") == "investigating":
            speculation = _speculation(voice.text)
            if speculation is not None:
                add("update-speculation", line, shown, *voice.span(*speculation))
        blame = _vendor_blame(voice.text, own) if options.english else None
        if blame is not None:
            add("update-blame", line, shown, *voice.span(*blame))
        word = _jargon_word(jargon, shown) if jargon is not None else None
        if word is not None:
            plain = PLAIN_JARGON.get(word.group(0).lower()) if options.english else None
            rewrite = _replaced(shown, word.start(), word.end(), plain) if plain else None
            add("update-jargon", line, shown, word.start(), word.end(), rewrite)
    if incident and _promise_declared() and not _next_update(last):
        message = last.get("message")
        shown = " ".join(without_comments(message).split()) if isinstance(message, str) else ""
        promised = promises_next_update if options.english else _CLOCK.search
        if not promised(shown):
            line = source.line_of("updates", updates.index(last))
            add("update-next-update", line, shown[:79] + "\u2026" if len(shown) > 80 else shown)
    return found


_COUNT = (
    r"(?:\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|ten|fifteen|twenty|thirty|"
    r"forty[- ]five|sixty|ninety|half an?|a couple of|a few)"
)
_ZONE = r"(?:UTC|GMT|CES?T|BST|IST|JST|AES?T|[ECMP][SD]?T|Z)"
_TIME = re.compile(
    r"(?<![\d.])(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)"  # 12:00, 9:30, 2026-11-28T15:00:00Z
    r"|\b(?:1[0-2]|0?[1-9])(?:[.:][0-5]\d)?\s?(?:[ap]m\b|[ap]\.m\.)"  # 3pm, 3.30 p.m.
    rf"|\b(?:[01]?\d|2[0-3])\.?[0-5]\d\s?{_ZONE}\b"  # 15.00 CET, 1500 UTC, 1350Z
    r"|\b(?:half|quarter)\s+(?:past|to)\s+(?:one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|noon|midnight|[1-9]|1[0-2])\b"  # half past three
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[1-9]|1[0-2])"
    r"\s+o['\u2019]clock\b"
    r"|\b\d{1,2}\s?h\s?[0-5]\d\b"  # 1h30
    rf"|\b(?:[01]?\d|2[0-3])\s?h\s?{_ZONE}\b"  # 15h UTC
    r"|\b(?:noon|midday|midnight|the top of the hour|hourly|every (?:hour|half[- ]hour))\b"
    r"|\b(?:in|within|by|after|about|around|approximately|roughly|every|under|next|"
    r"(?:no )?later than|less than)\s+(?:the next\s+|about\s+|approx(?:\.|imately)?\s*|"
    r"around\s+|roughly\s+|ca\.\s*|~\s*|\u2248\s*)?"
    rf"{_COUNT}(?:\s*(?:-|to|or)\s*{_COUNT})?\s*(?:hours?|hrs?|h|minutes?|mins?|m)\b"
    r"|\b(?:within|in|during|over|inside)\s+(?:the|this)\s+(?:next\s+|coming\s+)?"
    r"(?:hour|half[- ]hour)\b",
    re.IGNORECASE,
)
"""A time of day or a span of minutes or hours: what makes a promise one."""
_CLOCK = re.compile(
    r"(?<![\d.])(?:[01]?\d|2[0-3])(?:[:.][0-5]\d(?!\d)|\s?h(?:[0-5]\d)?(?![\w])|\s?Uhr\b"
    r"|\s?heures?\b|\s?horas?\b|\s?ore\b|\s?uur\b)"
    # A span: "in 30 Minuten", "dans 30 minutes", "in einer Stunde", "en una hora".
    r"|\b(?:in|innerhalb|binnen|dans|en|d['\u2019]ici|entro|tra|fra|em|dentro de|binnen)\s+"
    r"(?:\d{1,3}|einer|eine|une|un|una|uma|um|een)\s+"
    r"(?:Minuten?|Stunden?|minutes?|heures?|minutos?|horas?|minuti|ore|ora|minuten|uur)\b",
    re.IGNORECASE,
)
"""A time of day in any language (14:30, 14.30, 15h, 15h30, 15 Uhr): on a site not in
English, a message that names one is taken to promise the next update (its words cannot
be read)."""

_PROMISE = re.compile(
    r"\bnext\s+(?:status\s+|public\s+|full\s+)?(?:update|check-in|post|bulletin)\b(?!\s+of\b)"
    r"|\b(?:another|further|a further)\s+updates?(?=\s+(?:at|by|in|within|every)\b)"
    r"|^\W*updates?(?=\s+(?:at|by|in|within|every)\b)"  # "Update in 30 min."
    r"|\bupdates?\s+to\s+follow\b"
    r"|\bkeep\s+(?:you|everyone|customers|users|(?:this|the)\s+(?:status\s+)?page)\s+"
    r"(?:posted|updated|informed)\b"
    r"|\b(?:provide|give|post|send|share|confirm)\s+(?:the|an?)\s+all[- ]clear\b"
    r"|\bmore\s+(?:(?:information|info|details|news)\s+)?(?:to\s+follow|from\s+us)\b"
    r"|\bhear\s+from\s+us\b|\bclose\s+(?:this|the)\s+incident\b"
    r"|\b(?:post|report|write)\s+(?:here\s+)?(?:again|back)\b"
    r"|\b(?:another|an|a (?:further|new)|further|more|new|regular)\s+updates?\s+"
    r"(?:will|to follow|shall|should|is expected|are expected|coming|follows?)\b"
    r"|\bupdates?\s+will\s+(?:follow|be\s+(?:posted|provided|shared|published))\b"
    r"|\bupdates?(?=\s+every\b)"
    r"|\b(?:expect|post|provide|share|send|give|publish)\s+(?:you\s+)?"
    r"(?:another|an?|a (?:further|new|final|full)|further|more|(?:the|our) (?:next|final)|new|"
    r"regular)\s+updates?\b"
    r"|(?:'ll|\u2019ll|\bwill|\bshall|\bgoing to|\b(?:plan|aim|expect|intend) to)"
    r"(?:\s+(?!not\b|never\b|no\b)[\w'\u2019:.]+){0,6}?\s+(?:"
    r"confirm\b|(?:post|provide|share|send|give|publish|have)\s+"
    r"(?:(?:you|an?|another|the|our|further|more|"
    r"new|next|additional|status|progress|final|full|brief)\s+){0,3}(?:updates?|again|more|news|"
    r"progress|information|details|what\s+we\s+(?:find|know|learn|have))\b"
    r"|update\s+(?:(?:this|the|our)\s+(?:status\s+)?(?:page|post|incident|notice)\b|you\b|"
    r"this\b|it\b|(?:the|our)\s+status\b|then\b|"
    r"everyone\b|again\b|here\b|(?=(?:at|by|in|within|before|every|around)\b))"
    r"|(?:report|check|be|get|come)\s+back\b|follow\s+up\b|check\s+in\b"
    r"|let\s+(?:you|everyone|customers|users)\s+know\b)"
    r"|\bcheck\s+back\b",
    re.IGNORECASE,
)
"""Words that promise another update: "next update", "we'll post again", "another update
will follow", "check back"."""

_LEAD_IN = re.compile(
    r"(?:at|by|before|around|in|within|no later than)\b[^,;]{0,30}[,\s]*(?:we\s*|i\s*)?", re.I
)
"""A time that opens a sentence before its promise ("By 15:00 UTC, we'll post again")."""

_THEN = re.compile(r"\bthen\b", re.IGNORECASE)
"""A promise's word for a time said before it in the sentence."""
_NEGATED = re.compile(
    r"(?:\b(?:no|not|never)|n't)\s+(?:(?:further|more|other|additional|new|the|any)\s+)?$",
    re.IGNORECASE,
)
"""A negation just before a promise's words: "no further updates", "won't post again"."""


_SENTENCES = re.compile(r"(?<=[.!?;])(?<!\bapprox\.)(?<!\bca\.)(?<!\be\.g\.)(?<!\bi\.e\.)\s+")
"""Where a sentence ends (not after "approx." or "ca.")."""
_PAST = re.compile(
    r"\b(?:began|begun|started|starting|since|occurred|happened|detected|noticed|"
    r"seen|ago|earlier|was|were|first)\b[^.;,]{0,14}$|\bfrom\s+$",
    re.IGNORECASE,
)
"""Words before a time that make it a time past, not the promise's: "the restore that
began at 14:05", "errors since 09:10"."""


def promises_next_update(message: str) -> bool:
    """Whether ``message`` promises the next update at a time: in one sentence, words
    that promise another update and, after them, a time of day or a span ("Next update
    at 12:00.", "We'll post again within the hour."). "We will update you when we know
    more" names no time, and "no further updates" promises none."""
    for sentence in _SENTENCES.split(message):
        times = [
            match.start()
            for match in _TIME.finditer(sentence)
            if not _PAST.search(sentence, max(0, match.start() - 40), match.start())
        ]
        if not times:
            continue
        for promise in _PROMISE.finditer(sentence):
            start = promise.start()
            if _NEGATED.search(sentence, max(0, start - 40), start):
                continue
            if times[-1] >= promise.end():
                return True
            if times[0] < promise.end() and _THEN.search(
                sentence, max(0, start - 30), promise.end() + 5
            ):
                return True  # "We'll monitor until 17:00 UTC and update then"
            if times[0] < start <= 64 and _LEAD_IN.fullmatch(sentence, 0, start):
                return True
    return False


def _next_update(update: Any) -> Any:
    """The update's promised next-update time, from a mapping or an object."""
    if isinstance(update, dict):
        return update.get("next_update")
    return getattr(update, "next_update", None)


@cache
def _jargon(words: tuple[str, ...]) -> re.Pattern[str] | None:
    words = tuple(w for w in words if w.strip())
    if not words:
        return None
    alternation = "|".join(re.escape(w.strip()) for w in sorted(words, key=len, reverse=True))
    # Also the first part of a compound ("5xx-Fehlern", "p99-latency"), not a word's end.
    return re.compile(rf"(?<![\w-])(?:{alternation})(?!\w|-\d)", re.IGNORECASE)


_NEVER = re.compile(r"(?!)")
_EVERYDAY = {
    # The word before: "study pods", "coffee pods".
    "pods": (
        re.compile(
            r"\b(?:study|coffee|tea|sleep(?:ing)?|nap|meeting|phone|work|office|library|quiet|"
            r"seed|pea|laundry|detergent|dishwasher|dolphin|whale|escape|capsule|hotel)\s+$",
            re.IGNORECASE,
        ),
        _NEVER,
    ),
    # The word after: "RCA cables".
    "rca": (
        _NEVER,
        re.compile(
            r"[\s-]*(?:cables?|connectors?|plugs?|jacks?|leads?|inputs?|outputs?|sockets?|"
            r"ports?|adapters?)\b",
            re.IGNORECASE,
        ),
    ),
}
"""Words of the default jargon in their everyday sense, told by the words before them
(searched) or after them (matched)."""


def _jargon_word(jargon: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first word of ``jargon`` in ``text`` not used in its everyday sense."""
    for word in jargon.finditer(text):
        before, after = _EVERYDAY.get(word.group().lower(), (_NEVER, _NEVER))
        if not (
            before.search(text, max(0, word.start() - 20), word.start())
            or after.match(text, word.end())
        ):
            return word
    return None


def _internal(text: str, names: re.Pattern[str] | None) -> list[tuple[int, int, str]]:
    """The span and kind of every internal identifier in ``text``, in order."""
    spans: list[tuple[int, int, str]] = []
    voice = None  # the text with its quotations blanked, read when a code is found
    shown = -1  # where the last code customers see ends
    for match in _INTERNAL.finditer(text):
        kind = match.lastgroup or ""
        if kind in ("trace", "ticket"):
            voice = voice if voice is not None else blank_evidence(text)
            if voice[match.start()] == " ":
                continue  # in quotes: an error message as customers see it
        before = text[max(0, match.start() - 40) : match.start()]
        if kind in ("ip", "ip6") and not _is_ip(match.group(0), before):
            continue
        if kind in ("ip", "ip6") and (
            _TO_ALLOW.search(text, max(0, match.start() - 80), match.start())
            or _ALLOWED_AFTER.match(text, match.end())
        ):
            continue  # "add 203.0.113.10 to your allowlist": an address customers need
        if kind == "ticket" and (
            _SHOWN_CODE.search(before)
            or (shown >= 0 and _ALONG.fullmatch(text, shown, match.start()))
        ):
            shown = match.end()
            continue  # "error code AB-1234", "Orders MK-1 to MK-9": what customers see
        if kind == "host" and _WHERE_CUSTOMERS_ARE.search(before):
            continue  # "customers on node-1": a shard they know as theirs
        if kind == "host" and _PUBLIC_NAME.search(match.group()):
            continue  # "smtp1.acme.com": a public name, one customers allow mail from
        spans.append((*match.span(), "ip" if kind == "ip6" else kind))
    if names is not None:
        spans += [(*code.span(), "code") for code in names.finditer(text)]
    return sorted(spans)


def _rewritten(text: str, spans: list[tuple[int, int, str]]) -> str | None:
    """``text`` with every internal identifier in plain words, when each has some (a
    ticket, a channel or a stack trace has none); an identifier in brackets just after
    another one that says the same goes ("db-prod-03 (10.0.0.5)": "one of our servers")."""
    if not all(kind in _PLAIN_IDS for _, _, kind in spans):
        return None
    done = text
    for start, end, kind in reversed(spans):
        done = _replaced(done, start, end, _PLAIN_IDS[kind])
    for plain in set(_PLAIN_IDS.values()):
        said = re.escape(plain)
        done = re.sub(rf"(?i)({said})\s*\({said}\)", r"\1", done)
        # "one of our servers and one of our servers": "two of our servers".
        done = re.sub(rf"{said}(?:(?:,\s*|,?\s+and\s+){said})+", _counted, done)
    return done


def _counted(match: re.Match[str]) -> str:
    """Repeats of "one of our X" said once, with their number."""
    phrase = match.group().split(",")[0].split(" and ")[0]
    count = len(re.findall(re.escape(phrase), match.group()))
    number = {2: "two", 3: "three", 4: "four", 5: "five"}.get(count, "several")
    return number + phrase.removeprefix("one")


PLAIN_JARGON = {
    "p95": "response time",
    "p99": "response time",
    "5xx": "errors",
    "oom": "running out of memory",
    "k8s": "our hosting platform",
    "pods": "servers",
    "rca": "review of the cause",
}
"""What the default jargon says to a reader, for the rewrite of an update."""

_PLAIN_IDS = {
    "host": "one of our servers",
    "ip": "one of our servers",
    "code": "one of our internal services",
}
"""What an internal name stands for, for a reader; tickets, channels and stack traces
have no such words, and the finding asks instead."""


def _replaced(text: str, start: int, end: int, plain: str) -> str:
    """``text`` with its words from ``start`` to ``end`` replaced by ``plain``, and a
    capital where the sentence starts with them; a word after them that ``plain``
    already says goes ("5xx errors" becomes "errors", "p99 latency" "response time")."""
    if start == 0 or text[:start].rstrip().endswith((".", "!", "?")):
        plain = plain[:1].upper() + plain[1:]
    after = text[end:]
    following = re.match(r"[\s-]+(\w+)", after)
    if following and following.group(1).lower() in (plain.split()[-1].lower(), "latency"):
        after = after[following.end() :]
    return text[:start] + plain + after


_SHOWN_CODE = re.compile(
    r"(?:\b(?:error|code|message|model|product|part|sku|device|plan|order|invoice|reference|"
    r"returning|returns|getting|seeing|showing|displaying|"  # not "see OPS-1234": a ticket
    r"orders|invoices|references|bookings?|reservations?|shipments?|parcels?|policy|policies|"
    r"fehler|fehlercode|fehlermeldung|meldung|erreur|c[oó]digo|codice|errore|foutcode|fout)"
    r"|code d['\u2019]erreur)"
    r"(?:\s+(?:code|number|no\.|#))?[:\s]*$",
    re.IGNORECASE,
)
"""Words before a code that make it one customers see and can quote to support: "error
code AB-1234", "the message ERR-42", "Model XR-500", not a ticket of ours."""
_TO_ALLOW = re.compile(
    r"\b(?:allow\w*|whitelist\w*|firewall\w*|add|permit\w*)\b(?:[^.;]|\.(?=\S))*$",
    re.IGNORECASE,
)
"""Words before an address, in its sentence, that tell customers to let it through."""
_ALLOWED_AFTER = re.compile(
    r"(?:[^.]|\.(?=\S)){0,120}?\b(?:allow-?list|whitelist|safelist|firewall)", re.IGNORECASE
)
"""Words after an address, in its sentence, that tell customers to let it through
("from 198.51.100.40; add it to your allowlist")."""
_ALONG = re.compile(r"\s*(?:to|and|or|through|[,\u2013-])\s*", re.IGNORECASE)
"""Words between two codes customers see: the second is one too ("MK-50412 to MK-50980")."""
_PUBLIC_NAME = re.compile(
    r"\.(?:com|net|org|io|co|dev|app|cloud|info|biz|eu|us|uk|de|fr|nl|ca|au|jp)$", re.I
)
"""The end of a public host name: "smtp1.acme.com" is one customers can look up."""
_WHERE_CUSTOMERS_ARE = re.compile(
    r"\b(?:customers?|users?|accounts?|sites?|stores?|workspaces?|tenants?|"
    r"organi[sz]ations?|instances?|those|anyone|everyone|hosted|located|running)\s+"
    r"(?:(?:hosted|located|running)\s+)?(?:on|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""Words before a host name that make it a shard customers know as theirs: "customers on
node-1", "accounts hosted on eu-prod-2"."""

_VERSION = re.compile(
    r"\b(?:version|release|build|firmware|patch|update|sdk|agent|client|driver|kernel|app|"
    r"ios|android|macos|windows|ver\.?|v)\s*$",
    re.IGNORECASE,
)


def _is_ip(text: str, before: str) -> bool:
    """Whether ``text`` is an IPv4 or IPv6 address (with two parts at least, so not
    "::"), and not a version number ("version 4.2.1.0")."""
    if _VERSION.search(before[-16:]):
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return len(re.findall(r"[0-9a-fA-F]+", text)) >= 2


_VAGUE = re.compile(
    # Trouble named and nothing of whom or what: "a service disruption", "this morning's
    # disruption", "degraded performance".
    r"(?:disrupt\w*|outages?|interrupt\w*|degrad\w*)(?:\s+(?:performance|service|services))?",
    re.IGNORECASE,
)
_VAGUE_BEFORE = re.compile(
    r"(?:^|\b(?:an?|the|this|that|some|any|service|system|platform|network|partial|major|"
    r"minor|brief|ongoing|possible|potential|general|technical|detected|seeing|noticed|"
    r"observed|investigating|experiencing|of)|[a-z]+day['\u2019]s|"
    r"(?:morning|evening|night|afternoon)['\u2019]s)\s+$",
    re.IGNORECASE,
)
_OUR_DOING = re.compile(r"\s*(?:we|i|our\s+(?:team|engineers|staff))\b", re.IGNORECASE)
_BARE = re.compile(r"\s*(?:(?:an?|the|this)\s+)?(?:\w+\s+)?", re.IGNORECASE)
"""A sentence that opens on us, or with nothing but a word or two before the trouble it
names, says nothing of whom or what: "We have detected degraded performance", "A
partial outage"; not "The US servers are undergoing an outage", which says what."""
_AFFECTING_US = re.compile(
    r"(?:(?:issues?|problems?|trouble)\s+)?(?:affect|impact)\w*\s+(?:the\s+|our\s+)?"
    r"(?:platform|services?|systems?|infrastructure)\b(?!\s+(?:for|in|of|when)\b)",
    re.IGNORECASE,
)
"""Trouble said to touch only ourselves: "an incident affecting our platform"."""
_SPECIFIC_AFTER = re.compile(
    r"\s+(?:of|to|for|with|on|in|across|affecting|impacting|when|while|at|from)\s+"
    r"(?!(?:the\s+|our\s+)?(?:platform|services?|systems?|infrastructure)\b)",
    re.IGNORECASE,
)


def _says_impact(text: str) -> bool:
    """Whether a message says who is affected or what they see: more than trouble named
    with nothing of whom or what ("We are investigating a service disruption")."""
    if _WHO.search(text):
        return True
    for what in _WHAT.finditer(text):
        if _AFFECTING_US.match(text, what.start()):
            continue
        vague = _VAGUE.match(text, what.start())
        back = max(0, what.start() - 300)  # a sentence's opening, read in bounded time
        opening = max(back, *(text.rfind(end, back, what.start()) + 1 for end in ".!?"))
        if not (
            vague
            and _VAGUE_BEFORE.search(text, max(0, what.start() - 24), what.start())
            and not _SPECIFIC_AFTER.match(text, vague.end())
            and (_OUR_DOING.match(text, opening) or _BARE.fullmatch(text, opening, what.start()))
        ):
            return True
    return False


def _about_impact(clause: str, hedge: re.Match[str]) -> bool:
    """Whether a hedge is about what readers see, not the cause: a word of impact
    follows it closely, with no word of cause between ("customers may be experiencing
    increased latency due to ...")."""
    if re.match(r"we\s", hedge.group(), re.I) and _CAUSE.search(clause, hedge.end()):
        return False  # "we think the delays are related to ...": the belief holds the cause
    after = clause[hedge.end() : hedge.end() + 40]
    impact = _WHAT.search(after)
    cause = _CAUSE.search(after)  # also one the impact word is part of: "could be down to"
    return impact is not None and (cause is None or cause.start() > impact.start())


def _speculation(text: str) -> tuple[int, int] | None:
    """The hedge of the first clause that guesses at the cause: a hedge beside a cause
    that is claimed (not one being looked for: "we are working to find the cause"), or
    a strong guess in a clause that says nothing of readers or what they see."""
    offset = 0
    for clause in _CLAUSES.split(text):
        offset = text.find(clause, offset)
        hedge = next((h for h in _HEDGE.finditer(clause) if not _about_impact(clause, h)), None)
        claimed = any(
            not _SEARCHED.search(clause, max(0, cause.start() - 60), cause.start())
            and not (
                cause.group()[:4].lower() in ("caus", "trig")  # not "could be down to"
                and _FORWARD.search(clause, max(0, cause.start() - 30), cause.start())
            )
            and not _APOLOGY.search(clause, max(0, cause.start() - 40), cause.start())
            for cause in _CAUSE.finditer(clause)
        )
        guess = _GUESS.search(clause)
        if hedge and claimed:
            return offset + hedge.start(), offset + hedge.end()
        # A guess that says nothing of readers, or one that names what it is ("It could
        # be a failed access point controller"); not one about how long or how wide.
        named = guess is not None and _IT_COULD_BE.match(clause, guess.start()) is not None
        said = _WHO.search(clause) or _WHAT.search(clause)
        if guess and (named or not said) and not _NOT_A_CAUSE.search(clause):
            return offset + guess.start(), offset + guess.end()
        offset += len(clause)
    return None


VENDORS = words(
    """aws amazon azure microsoft google gcp cloudflare fastly akamai stripe twilio github
    gitlab heroku digitalocean linode ovh hetzner oracle salesforce okta auth0 pagerduty
    datadog slack zoom atlassian shopify paypal adyen braintree sendgrid mailgun vercel
    netlify apple meta facebook comcast verizon at&t lumen equinix zscaler crowdstrike
    mongodb snowflake confluent elastic openreach zayo cogent telia gtt colt vodafone
    telefonica dhl fedex usps evri dpd interxion coresite"""
)
"""Vendors named in their own short forms (AWS, GCP) or without a capital's help."""
_NOT_NAMES = words(
    """monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december christmas easter
    thanksgiving black cyber year year's eve boxing prime singles diwali day days week ddos internet
    ipv4 ipv6 wifi wi-fi javascript kubernetes linux postgres postgresql mysql redis kafka
    nginx java python node.js docker"""
)
"""Days, months and shopping days (a load that came with them is no one's fault), and
technologies that are no one's name."""
_PLACE_WORDS = words("in at on across for during from around near after before")
_OTHERS = words("its his her their")
_A_PLACE = re.compile(
    r"\s+(?:location|region|site|data\s*cent(?:re|er)|datacenter|office|hub|exchange|pop|"
    r"depot|warehouse|facility|campus|branch|store|station)s?\b",
    re.IGNORECASE,
)
"""The word after a name that makes it a place's ("Paris location", "Leipzig hub")."""


_NAME = r"(?<![\w&.-])[A-Za-z][\w&-]*(?:\.[a-z]+)?"
"""A vendor's name as a message writes it: "AWS", "Auth0", "graph.cool"; it starts where
no name character is before it, so a long run of them is tried from its start alone."""
_VENDOR_TROUBLE = re.compile(
    # The vendor (or its people) as the subject of trouble, or of the work on it.
    rf"\b(?P<name>{_NAME}(?: [A-Z][\w&.-]*){{0,2}})(?:'s|\u2019s)?[),]?"
    r"(?: (?:engineers|engineering|team|support|staff))? "
    r"(?:(?:is|are|was|were|has been|have been)(?: currently| still| now| also)? "
    r"(?:experiencing|having|suffering|facing|down\b|investigating|aware of|"
    r"reporting (?:an? |some )?(?:\w+ ){0,2}?(?:outage|issues?|problems?|incident|errors|"
    r"degraded|degradation|delays|disruption|fault|power)|"
    r"(?:carrying out|performing|doing) (?:an? )?(?:emergency|unplanned|unscheduled) "
    r"(?:maintenance|work|repairs)|"
    r"working on (?:a|the) (?:fix|issue|problem)|implementing (?:a|the) (?:fix|solution))"
    r"|(?:seems|appears) to (?:have|be (?:having|experiencing|facing|down))"
    r"|(?:has|have)(?: had| reported)? (?:an? |some )?(?:\w+ ){0,2}?(?:outage|issues?|problems?|"
    r"incident|fault|failure|power event)"
    # What it has come back from: "has recovered from", "has fixed the storage fault".
    r"|(?:has|have) (?:now )?(?:recovered from|(?:fixed|resolved|mitigated) (?:the|its|their|an?) "
    r"(?:\w+ ){0,3}?(?:fault|issues?|outage|problems?|incident|failure)))"
    # Trouble placed with the vendor: "capacity issues in AWS", "on Stripe's side".
    r"|\b(?:issues?|problems?|outages?|incidents?|failures?|disruptions?|interruptions?|"
    r"degradation|delays?)(?: \w+){0,2}? (?:on|in|at|with|from) (?:the )?"
    # Its products named too ("on AWS Loadbalancers"), but not a feature of ours after
    # them ("issues with Google Calendar sync", "with Slack notifications").
    rf"(?!(?:our|their|my)\s)(?P<at>{_NAME}(?: [A-Z][\w&-]*)*)"
    r"(?=['\u2019]|\s*$|[\s,;:.!?()]+(?:$|\(|side\b|"
    r"(?:while|and|which|that|as|since|when|in|on|at|today|is|are|has|was|were|\w+ing)\b)"
    r"|[,;:.!?()])"
    # Trouble at the provider the message names: "an outage at our hosting provider, Hetzner".
    r"|\b(?:outages?|issues?|problems?|incidents?|failures?|disruptions?)\s+(?:at|with|from|of)\s+"
    r"(?:our|the|their)\s+(?:[\w-]+\s+){0,2}?(?:provider|vendor|partner|supplier|host|carrier),?\s+"
    rf"(?P<prov>{_NAME})"
    # The vendor's incident as what harms: "a Twilio incident is delaying delivery".
    rf"|\b(?:[Aa]n?|[Tt]he)\s+(?P<adj>{_NAME}(?: [A-Z][\w&.-]*)?)\s+(?:incident|outage|issue|"
    r"problem|disruption|failure)s?\s+(?:(?:is|are|was|were|has been)\s+)?(?:delaying|affecting|"
    r"causing|impacting|preventing|disrupting|blocking)\b"
    # What we come back from: "restored after the Microsoft Azure outage".
    rf"|\b(?:after|following|during)\s+(?:an?|the)\s+(?P<after>{_NAME}(?: [A-Z][\w&.-]*)?)\s+"
    r"(?:incident|outage|failure|disruption)s?\b"
    # Our wait for the vendor: "we currently await Akamai to fix".
    rf"|\b(?:await(?:ing)?|waiting (?:for|on)) (?P<wait>{_NAME})"
    r"|\b(?:ongoing|upstream) (?P<other>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)?) "
    r"(?:\w+ )?(?:outage|incident|failure|disruption)s?\b"
)
"""A vendor's trouble told as the explanation: "AWS is experiencing elevated error
rates", "Cloudflare seems to have issues with routing", "capacity issues in AWS", "an
ongoing Google Cloud incident"."""
_OBJECT = re.compile(
    r"\b(?:to|through|via|into|from|with|using|on|in|behind|at|inside|over)\s+"
    r"(?:[A-Z][\w&.-]*\s+){0,3}$"
)
"""A preposition just before a vendor's name: it is then not the subject of the trouble
after it ("Webhook deliveries to Slack are experiencing delays")."""
_PROVIDER = re.compile(
    r"\b(?:our|the|their) (?:[\w-]+ ){0,2}(?:provider|vendor|supplier|partner|host|carrier)"
    r"(?: for [^,.;()]{1,40}?)?,? \(?(?P<name>[A-Z][\w&-]*(?:\.[a-z]+)?|[a-z][\w-]*\.[a-z]+)",
    re.IGNORECASE,
)
"""A provider the message names: "Our Login Provider Auth0", "our hosting provider, Fly",
"Our infrastructure provider graph.cool": a vendor for the rest of the message."""


def _ours(text: str, at: int, own: tuple[str, ...]) -> bool:
    """Whether the name at ``at`` in ``text`` is one of our own (the site's or a
    component's): the whole of that name, or a word of it that is no vendor's ("Acme" of
    "Acme Cloud"; "AWS" of a component "AWS integration" is still Amazon's)."""
    said = text[at : at + 40 + max((len(name) for name in own), default=0)].lower()
    first = (
        re.sub(r"(?:['\u2019]s)?[.,;:]*$", "", said.split(maxsplit=1)[0]) if said.strip() else ""
    )
    return any(
        said.startswith(name) or (first in name.split() and first not in VENDORS)
        for name in (name.lower() for name in own)
    )


def _vendor_blame(text: str, own: tuple[str, ...] = ()) -> tuple[int, int] | None:
    """A named vendor or person made the explanation of the failure: "due to an AWS
    outage", "caused by Acme", "Cloudflare's outage"; not a name of our own ("an issue
    with our Android app"), a day ("Black Friday traffic") or a technical term in
    capitals ("due to a DNS issue")."""
    start = 0  # overlapping: "because of an outage at Acme" is tried again from "outage"
    while (match := _VENDOR_BLAME.search(text, start)) is not None:
        start = match.start() + 1
        group = "name" if match.group("name") else "owner"
        name = match.group(group).rstrip(".")
        first = name.split()[0]
        if first in _NOT_VENDORS or _ours(text, match.start(group), own):
            continue
        if _NOT_NAMES.intersection(name.lower().split()):
            continue  # "due to Amazon Prime Day volumes", "Black Friday traffic"
        lead = match.end("lead") if match.group("lead") else match.start()
        between = text[lead : match.start(group)].lower().split()
        if "our" in between or _PLACE_WORDS.intersection(between):
            continue  # ours, or a place or time: "due to high load in Europe"
        if _OTHERS.intersection(between) or _A_PLACE.match(text, match.end(group)):
            continue  # a place: "problems at its Paris location", "at the Leipzig hub"
        known = first.lower() in VENDORS
        if not known and first.isupper() and len(first) <= 4:
            continue  # DNS, API, TLS, CPU: what failed, not who
        end = match.start(group) + len(name) if match.end(group) == match.end() else match.end()
        return match.start(), end  # the mark ends at the name, not at the full stop after it
    named = {
        provider.group("name").lower()
        for provider in _PROVIDER.finditer(text)
        if provider.group("name")[:1].isupper() or "." in provider.group("name")
    }
    start = 0  # overlapping: "provider Postmark is facing" is tried again from "Postmark"
    while (match := _VENDOR_TROUBLE.search(text, start)) is not None:
        start = match.start() + 1
        group = next(
            g for g in ("name", "at", "prov", "adj", "after", "wait", "other") if match.group(g)
        )
        words = match.group(group).lower().split()
        if words[0] not in VENDORS and words[0] not in named:
            continue
        if _ours(text, match.start(group), own):
            continue
        if group == "name" and _OBJECT.search(text, max(0, match.start() - 60), match.start()):
            continue  # where customers go, not who failed: "deploying to AWS are experiencing"
        if _NOT_NAMES.intersection(words):
            continue
        if re.search(r"\bour\s+$", text[max(0, match.start() - 8) : match.start()], re.I):
            continue  # "our Microsoft Teams integration"
        return match.start(), match.end()
    return None
