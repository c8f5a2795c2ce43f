"""Translations: complete catalogues, a template in step with the code, and sites in
German, French and Japanese that say nothing of Statuspress's own in English."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from icalendar import Calendar
from lxml import html as lxml_html

from statuspress import i18n
from statuspress.categories import DEFAULT_CATEGORIES, Category, shown
from statuspress.cli import cli
from statuspress.render.addresses import redirect

from .conftest import REPO, MakeSite

NOW = "2026-11-28T12:00:00Z"

CONFIG = """\
site_name: Beispiel
site_url: https://status.example.com/
docs_dir: pages
theme:
  name: material
  font: false
  language: {language}
plugins:
  - statuspress:
      time_zone: Europe/Berlin
      uptime_days: 30
      components:
        - id: api
          name: API
          group: Plattform
        - id: web
          name: Webseite
        - id: db
          name: Datenbank
          group: Plattform
          start_date: 2026-11-20
"""

INCIDENT = """\
---
title: Fehler bei Anfragen
severity: SEV-2
components: {api: partial_outage, db: degraded_performance}
started: 2026-11-28T09:00:00Z
updates:
  - at: 2026-11-28T09:05:00Z
    status: investigating
    message: Einige Anfragen schlagen fehl; wir untersuchen das.
    next_update: 2026-11-28T13:00:00Z
---
"""

PAST = """\
---
title: Langsame Seiten
severity: SEV-2
components: {web: major_outage}
started: 2026-11-25T08:00:00Z
updates:
  - at: 2026-11-25T08:10:00Z
    status: investigating
    message: Seiten laden langsam.
  - at: 2026-11-25T10:00:00Z
    status: resolved
    message: Behoben.
---
"""

MAINTENANCE = """\
---
title: Datenbankwartung
type: maintenance
components: [db]
scheduled_start: 2026-12-02T01:00:00Z
scheduled_end: 2026-12-02T03:00:00Z
updates:
  - at: 2026-11-27T09:00:00Z
    status: scheduled
    message: Wir aktualisieren die Datenbank.
---
"""

POSTMORTEM = """\
---
type: postmortem
title: Langsame Seiten nach einer Umstellung
incidents: [langsam]
status: published
published: 2026-11-27
authors: [Anna Beispiel]
summary: Eine Umstellung machte die Seiten langsam.
tags: [Umstellung]
services: [web]
roles:
  incident_commander: Anna Beispiel
  communications_lead: Ben Beispiel
  scribe: Cem Beispiel
  responders: [Plattform-Team]
contributing_factors:
  - category: change
    description: Die Umstellung ging auf alle Server zugleich.
went_well:
  - Niemand verlor Daten.
action_items:
  - title: Umstellungen schrittweise ausrollen
    owner: Plattform-Team
    status: open
    category: change
    due: 2026-11-26
  - title: Alte Caches behalten
    status: wont_do
    reason: Zu teuer.
---
Was geschah.
"""

BEINAHE = """\
---
type: postmortem
title: Ein Zertifikat lief beinahe ab
kind: near-miss
status: published
published: 2026-11-26
summary: Ein Zertifikat wäre fast abgelaufen.
services: [api]
contributing_factors:
  - category: detection
    description: Kein Alarm warnte vor dem Ablauf.
action_items:
  - title: Ablaufdaten überwachen
    status: in_progress
---
Was beinahe geschah.
"""

FILES = {
    "fehler.md": INCIDENT,
    "langsam.md": PAST,
    "wartung.md": MAINTENANCE,
    "nachbetrachtung.md": POSTMORTEM,
    "beinahe.md": BEINAHE,
}


def build(make_site: MakeSite, language: str, templates: dict[str, str] | None = None) -> Path:
    project = make_site(FILES, config=CONFIG.format(language=language))
    for name, source in (templates or {}).items():
        (project / "site_templates").mkdir(exist_ok=True)
        (project / "site_templates" / name).write_text(source, encoding="utf-8")
    out = project / "site"
    result = CliRunner().invoke(
        cli, ["build", "--now", NOW, "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def visible_text(page: Path) -> str:
    """What a reader sees or hears of ``page``: its text, tooltips and accessible names."""
    tree = lxml_html.fromstring(page.read_bytes())
    for hidden in tree.xpath("//script | //style | //template"):
        hidden.drop_tree()
    said = [tree.text_content()]
    said += tree.xpath("//@title | //@aria-label | //@alt")
    return "\n".join(said)


_PIECES = re.compile(r"%\(\w+\)[sd]|<[^>]*>|&\w+;|[;:,.()=+0-9]")


def english_texts(language: str) -> set[str]:
    """The English texts of every msgid (its parts between placeholders and markup),
    longer than three characters, that are not also words of ``language``'s
    translations ("Status", "Details" are both)."""
    catalog = i18n.read_catalogue(i18n.package_dir() / i18n.catalogue_file(language), language)
    translated = "\n".join(
        "\n".join(m.string) if isinstance(m.string, tuple) else m.string for m in catalog if m.id
    )
    pieces: set[str] = set()
    for message in i18n.extract():
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in _PIECES.split(msgid):
                piece = " ".join(piece.split())
                # A lone word between markup ("with" in "<code>a</code> with <code>b</code>")
                # is no text of its own; a one-word message ("Today") is.
                fragment = " " not in piece and piece != msgid.strip(" .:")
                if len(piece) > 3 and not fragment and piece not in translated:
                    pieces.add(piece)
    return pieces


def english_left(page: Path, language: str) -> list[str]:
    text = " ".join(visible_text(page).split())
    return sorted(
        piece
        for piece in english_texts(language)
        if re.search(rf"(?<![\w/-]){re.escape(piece)}(?![\w/-])", text)
    )


def test_every_shipped_language_translates_every_message() -> None:
    template = i18n.extract()
    assert len(template) > 100
    missing = {code: i18n.untranslated(code, template) for code in i18n.LANGUAGES}
    assert missing == {code: [] for code in i18n.LANGUAGES}


def wrong_placeholders(code: str, path: Path) -> list[str]:
    """The msgids whose translation in ``path`` names other placeholders than the msgid,
    or writes a percent sign other than as ``%%`` (the templates format every message,
    with or without values)."""
    wrong = []
    for message in i18n.read_catalogue(path, code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\((\w+)\)", ids[-1]))
        for string in strings:
            names = set(re.findall(r"%\((\w+)\)", string))
            stray = "%" in re.sub(r"%\(\w+\)[sd]|%%", "", string)
            plural = len(ids) > 1 and names < wanted  # "one day" may leave the count out
            if stray or not (names == wanted or plural):
                wrong.append(ids[0])
    return wrong


def test_every_translation_keeps_its_placeholders(tmp_path: Path) -> None:
    for code in i18n.LANGUAGES:
        assert wrong_placeholders(code, i18n.package_dir() / i18n.catalogue_file(code)) == []
    text = (i18n.package_dir() / i18n.catalogue_file("de")).read_text("utf-8")
    text = text.replace('msgstr "Heute"', 'msgstr "Heute zu 100%"')
    text = text.replace('msgstr "Betrifft %(names)s"', 'msgstr "Betrifft %(name)s"')
    broken = tmp_path / "de.po"
    broken.write_text(text, "utf-8")
    assert sorted(wrong_placeholders("de", broken)) == ["Affects %(names)s", "Today"]


def test_the_template_is_in_step_with_the_code() -> None:
    shipped = i18n.read_catalogue(i18n.template_file())
    assert {str(m.id) for m in shipped if m.id} == {str(m.id) for m in i18n.extract() if m.id}


def test_the_check_lists_missing_and_fuzzy_messages(tmp_path: Path) -> None:
    source = i18n.package_dir() / i18n.catalogue_file("de")
    text = source.read_text("utf-8")
    text = text.replace('msgstr "Vergangene Vorfälle"', 'msgstr ""')
    text = text.replace('msgid "Components"', '#, fuzzy\nmsgid "Components"')
    broken = tmp_path / "de.po"
    broken.write_text(text, "utf-8")
    missing = i18n.untranslated("de", i18n.extract(), broken)
    assert sorted(missing) == ["Components", "Past incidents"]
    assert i18n.untranslated("de", i18n.extract()) == []


def test_a_missing_translation_falls_back_to_english() -> None:
    de = i18n.language("de")
    assert de.gettext("Past incidents") == "Vergangene Vorfälle"
    assert de.gettext("A text no catalogue has") == "A text no catalogue has"
    assert i18n.language("pt") == i18n.language("en")


def test_the_german_status_page_says_nothing_in_english(make_site: MakeSite) -> None:
    site = build(make_site, "de")
    page = site / "index.html"
    assert english_left(page, "de") == []
    text = visible_text(page)
    for german in (
        "Teilausfall",
        "Eingeschränkte Leistung",
        "Vergangene Vorfälle",
        "Betriebsbereit",
    ):
        assert german in text
    # Dates and numbers as German writes them, the zone still named.
    assert "Zuletzt aktualisiert: 28.11.2026, 13:00 CET." in text
    assert re.search(r"\d+,\d\d\xa0% Verfügbarkeit", text)
    # Content stays as written.
    assert "Einige Anfragen schlagen fehl; wir untersuchen das." in text
    others = [
        "history/index.html",
        "incidents/fehler/index.html",
        "subscribe/index.html",
        "postmortems/index.html",
        "postmortems/nachbetrachtung/index.html",
        "postmortems/beinahe/index.html",
        "postmortems/patterns/index.html",
        "postmortems/actions/index.html",
        "components/web/index.html",
        "components/db/index.html",
        "reliability/index.html",
    ]
    assert {name: english_left(site / name, "de") for name in others} == {
        name: [] for name in others
    }
    source = (site / "components/web/index.html").read_text("utf-8")
    # The local-time script formats with the page's language, which Material sets.
    assert '<html lang="de"' in source
    assert 'content="Status, Verfügbarkeit und Vorfallsverlauf von Webseite"' in source
    component = visible_text(site / "components/web/index.html")
    assert "Zeiten sind in Europe/Berlin angegeben." in component
    assert "Letzte 90 Tage" in component
    patterns = visible_text(site / "postmortems/patterns/index.html")
    # A default category speaks German; the counts say "of" and "near miss" in German.
    assert "Erkennung und Überwachung" in patterns
    assert "n = 2 veröffentlichte Nachbetrachtungen, davon 1 Beinahe-Vorfall" in patterns
    actions = visible_text(site / "postmortems/actions/index.html")
    assert "Plattform-Team: 1 offen, 0 in Arbeit, 1 überfällig" in actions


def test_the_check_finds_a_string_left_unwrapped(make_site: MakeSite) -> None:
    source = (REPO / "generator" / "templates" / "status.html").read_text("utf-8")
    wrapped = '{{ _("Past incidents") }}'
    assert wrapped in source
    site = build(make_site, "de", {"status.html": source.replace(wrapped, "Past incidents")})
    assert english_left(site / "index.html", "de") == ["Past incidents"]


def test_the_english_pieces_are_not_empty() -> None:
    pieces = english_texts("de")
    assert {"Past incidents", "Open incidents", "Last updated"} <= pieces
    assert "Status" not in pieces  # German too


def test_a_french_feed_has_a_french_title(make_site: MakeSite) -> None:
    site = build(make_site, "fr")
    rss = (site / "history.rss").read_text("utf-8")
    assert "<title>État de Beispiel</title>" in rss
    assert "<language>fr</language>" in rss
    assert "<title>Fehler bei Anfragen: Enquête en cours</title>" in rss
    assert (
        "Prochaine mise à jour d\N{RIGHT SINGLE QUOTATION MARK}ici le 28 nov. 2026, 14:00 CET."
        in rss
    )
    # The JSON API stays English, as Statuspage clients read it.
    summary = json.loads((site / "api" / "v2" / "summary.json").read_bytes())
    assert summary["status"]["description"] == "Partial System Outage"
    assert {c["status"] for c in summary["components"]} >= {"partial_outage", "operational"}


def test_a_japanese_calendar_speaks_japanese(make_site: MakeSite) -> None:
    site = build(make_site, "ja")
    calendar = Calendar.from_ical((site / "maintenance.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Beispiel のメンテナンス"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Beispiel: Datenbankwartung"
    description = str(event["DESCRIPTION"])
    assert description.startswith("状況: 予定\n影響を受けるコンポーネント: Datenbank\n")
    assert "詳細と最新情報: https://status.example.com/incidents/wartung/" in description
    badge = (site / "components" / "db" / "badge.svg").read_text("utf-8")
    assert "パフォーマンス低下" in badge


def test_an_unknown_language_warns_and_stays_english(make_site: MakeSite) -> None:
    project = make_site(FILES, config=CONFIG.format(language="pt"))
    result = CliRunner().invoke(cli, ["check", "-f", str(project / "mkdocs.yml")])
    assert (
        "theme.language: expected a language Statuspress speaks (en, de, es, fr, ja), found 'pt': its texts stay in English"
        in result.output
    )


def test_default_categories_are_translated_and_a_sites_own_words_are_not() -> None:
    de = i18n.language("de")
    change = next(c for c in DEFAULT_CATEGORIES if c.id == "change")
    assert shown(change, de.gettext).name == "Änderung"
    assert shown(change, de.gettext).description.startswith("Eine Änderung am System")
    renamed = Category("change", "Rollout", change.description)
    assert shown(renamed, de.gettext) == Category(
        "change", "Rollout", de.gettext(change.description)
    )
    own = Category("vendor", "Change", "Our own words.")
    assert shown(own, de.gettext) == own
    assert shown(change, i18n.language("en").gettext) == change


def test_a_moved_postmortem_says_so_in_the_sites_language() -> None:
    page = redirect("../x/", "Titel", i18n.language("de")).decode()
    assert '<html lang="de">' in page
    assert 'Diese Seite ist umgezogen: <a href="../x/">Titel</a>.' in page
    english = redirect("../x/", "A <b>", i18n.language("en")).decode()
    assert '<p>This page has moved: <a href="../x/">A &lt;b&gt;</a>.</p>' in english
