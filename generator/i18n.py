"""The texts Statuspress writes for readers, in the site's language.

Every reader-visible string of the pages, feeds, calendars and badges is a msgid of
the ``statuspress`` gettext domain; the catalogues are ``locale/<lang>/LC_MESSAGES/
statuspress.po`` beside this module. The language is Material's ``theme.language``.

The ``.po`` files are read at run time with Babel (which Material installs) and
compiled in memory, once per process: the wheel ships only the text catalogues, so
no build step can forget to compile them and no stale ``.mo`` can disagree with
its ``.po``. Fuzzy and empty entries are left out, so a missing translation falls
back to the English msgid.

Dates and numbers are written with Babel's data for the language. English keeps
its own formats (``28 Nov 2026, 14:05 CET``, ``99.95%``).

``python -m statuspress.i18n extract`` writes the template, ``update`` merges it
into every catalogue, and ``check`` lists what is missing or fuzzy.
"""

from __future__ import annotations

import functools
import gettext
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.numbers import parse_pattern

DOMAIN = "statuspress"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("de", "es", "fr", "ja")
"""The languages with a shipped catalogue, besides English (the msgids)."""


def N_(message: str) -> str:
    """Marks ``message`` as a msgid for extraction; it is translated where it is shown."""
    return message


def catalogue_file(language: str) -> str:
    """The ``.po`` file of ``language``, relative to the package."""
    return f"locale/{language}/LC_MESSAGES/{DOMAIN}.po"


def shipped(language: str) -> bool:
    return language == SOURCE_LANGUAGE or language in LANGUAGES


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language``; English and unknown languages translate
    nothing (every text is its English msgid)."""
    if language not in LANGUAGES:
        return gettext.NullTranslations()
    po = resources.files("statuspress").joinpath(catalogue_file(language))
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@dataclass(frozen=True)
class Language:
    """One language's texts and formats; renderers get theirs from :func:`language`."""

    code: str
    """Material's ``theme.language`` when a catalogue is shipped for it, else ``en``."""

    @property
    def translations(self) -> gettext.NullTranslations:
        return translations(self.code)

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.code)

    @property
    def english(self) -> bool:
        return self.code == SOURCE_LANGUAGE

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def when(self, moment: datetime, tz: ZoneInfo) -> str:
        """A time in the site zone with the zone named: ``28 Nov 2026, 14:05 CET``,
        ``28.11.2026, 14:05 CET``, ``2026/11/28 14:05 CET``."""
        value = moment.astimezone(tz)
        if self.english:
            return f"{value.day} {value:%b %Y, %H:%M %Z}"
        pattern = self.locale.datetime_formats["medium"]
        time = format_time(value, "short", locale=self.locale)
        shown = pattern.format(time, self.day(value.date()))
        return f"{shown} {value:%Z}"

    def clock(self, moment: datetime) -> str:
        """The time of day only: ``14:05 CET``."""
        if self.english:
            return f"{moment:%H:%M %Z}"
        return f"{format_time(moment, 'short', locale=self.locale)} {moment:%Z}"

    def day(self, value: date) -> str:
        """``28 Nov 2026``, ``28.11.2026``, ``28 nov. 2026``, ``2026/11/28``."""
        if self.english:
            return f"{value.day} {value:%b %Y}"
        return format_date(value, "medium", locale=self.locale)

    def day_month(self, value: date) -> str:
        """``3 Dec``, ``3. Dez.``, ``12月3日``: a day of a month already named."""
        if self.english:
            return f"{value.day} {value:%b}"
        return format_skeleton("MMMd", value, locale=self.locale)

    def month(self, value: date) -> str:
        """``November 2026``, ``novembre 2026``, ``2026年11月``."""
        if self.english:
            return f"{value:%B %Y}"
        return format_skeleton("yMMMM", value, locale=self.locale)

    def span(self, delta: timedelta | None) -> str:
        """``2 h 5 min``; under a minute reads ``under 1 min``."""
        _ = self.gettext
        if delta is None:
            return _("not started")
        minutes = int(delta.total_seconds() // 60)
        if minutes < 1:
            return _("under 1 min")
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        parts = []
        if days:
            parts.append(_("%(days)d d") % {"days": days})
        if hours:
            parts.append(_("%(hours)d h") % {"hours": hours})
        if mins and not days:
            parts.append(_("%(minutes)d min") % {"minutes": mins})
        return " ".join(parts)

    def minutes(self, value: float) -> str:
        """A number of minutes for the uptime tooltips: ``42 min``, ``3 h 5 min``."""
        return self.span(timedelta(minutes=round(value)))

    def percent(self, value: float) -> str:
        """A percentage with two decimals as given (already rounded): ``99.95%``,
        ``99,95 %``."""
        if self.english:
            return f"{value:.2f}%"
        pattern = parse_pattern(self.locale.percent_formats[None].pattern)
        pattern.frac_prec = (2, 2)
        return pattern.apply(Decimal(f"{value:.2f}") / 100, self.locale)


def written_in_english(code: str) -> bool:
    """Whether a site whose ``theme.language`` is ``code`` is written in English (``en``,
    ``en-GB``, ``en_US``): what its content's words are in, which the checks that read
    English words ask. Not :attr:`Language.english`, which says that no catalogue
    translates the page (also so for a language none is shipped for)."""
    return code.replace("_", "-").split("-")[0].lower() == SOURCE_LANGUAGE


@functools.cache
def language(code: str) -> Language:
    """The :class:`Language` for Material's ``theme.language`` ``code`` (English when no
    catalogue is shipped for it)."""
    return Language(code if shipped(code) else SOURCE_LANGUAGE)


# Catalogue upkeep ----------------------------------------------------------

KEYWORDS = {"N_": None}
"""Marker functions beside Babel's default ``_``, ``gettext``, ``ngettext`` and the rest."""
TEMPLATE_OPTIONS = {"trim_blocks": "true", "lstrip_blocks": "true"}
"""As :func:`statuspress.render.pages.environment` reads the templates."""


def package_dir() -> Path:
    return Path(__file__).parent


def extract() -> Catalog:
    """Every msgid in the package's code and templates, with where it is used."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    root = package_dir()
    catalog = Catalog(project="Statuspress", domain=DOMAIN, fuzzy=False)
    method_map = [
        ("templates/**.html", "jinja2.ext:babel_extract"),
        ("scaffold/**", "ignore"),
        ("**.py", "python"),
    ]
    found = extract_from_dir(
        str(root),
        method_map,
        {"templates/**.html": TEMPLATE_OPTIONS},
        keywords={**DEFAULT_KEYWORDS, **KEYWORDS},
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def template_file() -> Path:
    return package_dir() / "locale" / f"{DOMAIN}.pot"


def read_catalogue(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def write_catalogue(path: Path, catalog: Catalog) -> None:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=False, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def untranslated(language: str, template: Catalog, path: Path | None = None) -> list[str]:
    """The msgids of ``template`` that ``language``'s catalogue (the shipped one, or
    ``path``) lacks, leaves empty or marks fuzzy."""
    path = path or package_dir() / catalogue_file(language)
    catalog = read_catalogue(path, language)
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        strings = (
            (found.string if isinstance(found.string, tuple) else (found.string,)) if found else ()
        )
        if found is None or found.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(argv: list[str] | None = None) -> int:
    """``extract``: write ``locale/statuspress.pot`` from the code and templates;
    ``update``: merge it into every language's ``.po``; ``check``: list msgids missing
    or fuzzy in any shipped language (exit status 1 if there are any)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else ""
    if command == "extract":
        write_catalogue(template_file(), extract())
        return 0
    if command == "update":
        template = read_catalogue(template_file())
        for code in LANGUAGES:
            path = package_dir() / catalogue_file(code)
            catalog = (
                read_catalogue(path, code) if path.exists() else Catalog(locale=code, domain=DOMAIN)
            )
            catalog.update(template)
            write_catalogue(path, catalog)
        return 0
    if command == "check":
        template = extract()
        failed = 0
        for code in LANGUAGES:
            for msgid in untranslated(code, template):
                print(f"{catalogue_file(code)}: untranslated: {msgid!r}")
                failed = 1
        return failed
    print("usage: python -m statuspress.i18n {extract|update|check}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
