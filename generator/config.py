"""Read the site settings from ``mkdocs.yml`` without importing MkDocs.

The settings live in the file's top-level ``site_name`` and ``site_url`` and in
the options of the ``statuspress`` plugin::

    plugins:
      - statuspress:
          time_zone: Europe/Berlin
          uptime_days: 90
          components:
            - id: api
              name: Public API
              group: Platform
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml

from .categories import DEFAULT_CATEGORIES, Category
from .characters import refused_by_yaml
from .errors import Problem, Severity, expected
from .fields import Reader
from .i18n import LANGUAGES, SOURCE_LANGUAGE, shipped
from .load import MAX_ID_LENGTH, ContentLoader, FieldPath, record_lines
from .model import Component, Settings

PLUGIN = "statuspress"
SETTING_KEYS = (
    "time_zone",
    "uptime_days",
    "components",
    "content_dir",
    "allow_raw_html",
    "show_overdue",
    "lint",
    "path",
    "categories",
    "enabled",
)
"""Every option of the statuspress plugin: the one declaration, which :func:`settings_from`
reads (and validates, with file and line) and from which the MkDocs plugin takes its
options. ``enabled`` is MkDocs' usual switch for a plugin."""
LINT_KEYS = ("disable", "code_names", "jargon")
"""The options of ``lint``: rules switched off, and the update lint's word lists."""
COMPONENT_KEYS = ("id", "name", "description", "group", "start_date")
CATEGORY_KEYS = ("id", "name", "description")
COMPONENT_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class _ConfigLoader(ContentLoader):
    """Accepts MkDocs' own tags (``!ENV``, ``!!python/name:``) as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_ConfigLoader.add_multi_constructor("!", _any_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def read_settings(config_file: Path) -> tuple[Settings | None, list[Problem]]:
    """Settings from ``config_file`` (None if it has errors) and every problem found."""
    read = _read_yaml(config_file)
    if isinstance(read, Problem):
        return None, [read]
    data, lines, columns, _ = read
    return settings_from(data, lines, config_file.name, columns)


class Tagged(str):
    """A value that MkDocs resolves from a tag (``!ENV``, ``!relative``): only it knows
    the value."""


def read_written(config_file: Path) -> tuple[dict[str, Any], dict[FieldPath, int]]:
    """``mkdocs.yml`` as written, with the line of each key; a top-level value given
    with a tag is :class:`Tagged`. Empty when the file cannot be read, which the
    engine then reports itself."""
    read = _read_yaml(config_file)
    if isinstance(read, Problem):
        return {}, {}
    data, lines, _, tagged = read
    return {k: Tagged(v) if k in tagged else v for k, v in data.items()}, lines


def _read_yaml(
    config_file: Path,
) -> tuple[dict[str, Any], dict[FieldPath, int], dict[FieldPath, int], set[str]] | Problem:
    """The data, the line and column of each key, and the top-level keys whose value
    has a tag of MkDocs'; or the problem that stops reading."""
    shown = config_file.name
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        return Problem(shown, 0, "", f"cannot read the file: {exc.strerror}", rule="file")
    except UnicodeDecodeError:
        return Problem(shown, 0, "", "expected UTF-8 text", rule="encoding")
    loader = _ConfigLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return Problem(shown, line, "", str(exc.problem), rule="yaml-syntax")
    except yaml.reader.ReaderError as exc:
        line, column, message = refused_by_yaml(text, exc.position, exc.character)
        return Problem(shown, line, "", message, column=column, rule="yaml-syntax")
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return Problem(shown, 1, "", "expected a mapping of settings", rule="type")
    lines: dict[FieldPath, int] = {}
    columns: dict[FieldPath, int] = {}
    record_lines(node, (), lines, columns)
    # record_lines counts from the line after a front-matter fence; here there is none.
    lines = {key: line - 1 for key, line in lines.items()}
    tagged = {
        key.value
        for key, value in (node.value if isinstance(node, yaml.MappingNode) else [])
        if isinstance(key, yaml.ScalarNode) and value.tag.startswith("!")
    }
    return data, lines, columns, tagged


def plugin_options(data: dict[str, Any]) -> tuple[dict[str, Any], FieldPath]:
    """The statuspress plugin's options and their key path in the config file."""
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):
        options = plugins.get(PLUGIN)
        return (options if isinstance(options, dict) else {}), ("plugins", PLUGIN)
    if isinstance(plugins, list):
        for index, entry in enumerate(plugins):
            if isinstance(entry, dict) and PLUGIN in entry:
                options = entry[PLUGIN]
                return (options if isinstance(options, dict) else {}), ("plugins", index, PLUGIN)
    return {}, ()


def settings_from(
    data: dict[str, Any],
    lines: dict[FieldPath, int],
    shown: str = "mkdocs.yml",
    columns: dict[FieldPath, int] | None = None,
) -> tuple[Settings | None, list[Problem]]:
    problems: list[Problem] = []
    top = Reader(shown, data, lines, problems, columns=columns)
    top.printable(data)
    name = top.text("site_name", required=True) or ""
    url = top.text("site_url", required=True) or ""
    if url and not is_url(url):
        top.error("site_url", expected("an http or https URL", url), "type")
    elif url and ("?" in url or "#" in url):
        # Every address of the site is built on it: 'https://x/?a=1' + 'history/' is broken.
        top.error("site_url", expected("an address without '?' or '#'", url), "type")
    if data.get("use_directory_urls") is False:
        # Every status page is a folder with its index.html, linked to as 'history/'.
        top.error("use_directory_urls", expected("true (or no setting)", "false"), "type")
    if url and not url.endswith("/"):
        url += "/"
    options, prefix = plugin_options(data)
    opts = Reader(shown, options, lines, problems, prefix, columns=columns)
    opts.unknown_keys(SETTING_KEYS)
    time_zone = opts.text("time_zone") or "UTC"
    zone_problem = time_zone_problem(time_zone)
    if zone_problem:
        opts.error("time_zone", zone_problem, "choice")
        time_zone = "UTC"
    uptime_days = opts.integer("uptime_days", minimum=1, maximum=3650) or 90
    content_dir = opts.text("content_dir") or "incidents"
    allow_raw_html = opts.boolean("allow_raw_html") or False
    show_overdue = opts.boolean("show_overdue") or False
    lint_options = opts.mapping("lint") or {}
    lint_reader = opts.child("lint", lint_options)
    lint_disable = lint_reader.text_list("disable")
    lint_reader.unknown_keys(LINT_KEYS)
    lint_code_names = lint_reader.text_list("code_names")
    lint_jargon = lint_reader.text_list("jargon") if "jargon" in lint_options else None
    components = _components(opts)
    categories = _categories(opts)
    path = _path(opts)
    language = _language(top, data)
    if not path:
        _font_warning(top, data)
        _highlight_warning(top, data)
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    settings = Settings(
        name=name,
        url=url + path,
        path=path,
        time_zone=time_zone,
        language=language,
        uptime_days=uptime_days,
        components=components,
        content_dir=content_dir,
        allow_raw_html=allow_raw_html,
        show_overdue=show_overdue,
        lint_disable=lint_disable,
        lint_code_names=lint_code_names,
        lint_jargon=lint_jargon,
        categories=categories,
        site_dir=_site_dir(data),
        engine_inputs=engine_inputs(data),
    )
    return settings, problems


_URL_CHARACTERS = re.compile(r"[A-Za-z0-9._~:/?#\[\]@!$&()*+,;=%-]*")
"""What a URL may hold (RFC 3986), but for ``'``: the site engine writes the address
into attributes without escaping it."""


_PATH_SEGMENT = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*")
"""A folder name that a URL, a Markdown path and a header rule all keep as it is."""


def _path(opts: Reader) -> str:
    """The ``path`` setting: the folder of the site every output goes under, ``""`` for
    the root; a relative path of plain folder names that ends with ``/``."""
    path = opts.text("path") or ""
    if not path:
        return ""
    segments = path.split("/")
    if segments[-1] or not all(map(_PATH_SEGMENT.fullmatch, segments[:-1])):
        what = "a relative folder of letters, digits, '-', '_' and '.', ending with '/'"
        if path.startswith("/"):
            what = "a relative folder (without a leading '/')"
        elif ".." in segments:
            what = "a folder inside the site (without '..')"
        example = (
            f" (did you mean '{path}/'?)" if all(map(_PATH_SEGMENT.fullmatch, segments)) else ""
        )
        opts.error("path", expected(what, path) + example, "type")
        return ""
    return path


def _font_warning(top: Reader, data: dict[str, Any]) -> None:
    """A web font set in the theme is fetched from Google on every page view."""
    theme = data.get("theme")
    if isinstance(theme, dict) and "font" in theme and theme["font"] is not False:
        message = (
            "the theme loads this font from fonts.googleapis.com: every page makes a request "
            "to another host (set 'font: false' to use the reader's own fonts)"
        )
        top.warn(("theme", "font"), message, "web-font")


def _highlight_warning(top: Reader, data: dict[str, Any]) -> None:
    """MkDocs' own themes load highlight.js from cdnjs.cloudflare.com unless told not to."""
    theme = data.get("theme")
    options = theme if isinstance(theme, dict) else {"name": theme}
    if options.get("name") in ("mkdocs", "readthedocs") and options.get("highlightjs") is not False:
        message = (
            f"the '{options['name']}' theme loads highlight.js from cdnjs.cloudflare.com: every "
            "page makes a request to another host (set 'highlightjs: false' under theme, or "
            "use 'material')"
        )
        top.warn(("theme",), message, "other-host")


def _language(top: Reader, data: dict[str, Any]) -> str:
    """Material's ``theme.language`` (``en`` by default); a language without a shipped
    catalogue is a warning, and its texts are English."""
    theme = data.get("theme")
    language = _text(theme.get("language")) if isinstance(theme, dict) else None
    if language is None:
        return SOURCE_LANGUAGE
    if not shipped(language):
        known = [SOURCE_LANGUAGE, *LANGUAGES]
        message = expected(f"a language Statuspress speaks ({', '.join(known)})", language)
        top.warn(("theme", "language"), f"{message}: its texts stay in English", "language")
    return language


def is_url(url: str) -> bool:
    """An http or https URL with a host, that every use of it can parse."""
    if not re.match(r"^https?://[^/\s]+(/\S*)?$", url) or not _URL_CHARACTERS.fullmatch(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port out of range)
    except ValueError:
        return False
    return bool(parts.hostname)


def _site_dir(data: dict[str, Any]) -> str:
    """``site_dir`` as written, ``site`` by default; empty when only MkDocs can tell
    (from an environment variable, or a file it inherits)."""
    if "site_dir" in data:
        return _text(data["site_dir"]) or ""
    return "" if "INHERIT" in data else "site"


def engine_inputs(data: dict[str, Any]) -> tuple[str, ...]:
    """The folders and files of ``mkdocs.yml`` that MkDocs reads (it checks their values)."""
    theme = data.get("theme")
    hooks = data.get("hooks")
    found = [
        _text(data.get("docs_dir")) or "docs",
        _text(theme.get("custom_dir")) if isinstance(theme, dict) else None,
        *(_text(h) for h in (hooks if isinstance(hooks, list) else [])),
        _text(data.get("INHERIT")),
    ]
    return tuple(f for f in found if f)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _components(opts: Reader) -> tuple[Component, ...]:
    items = opts.sequence("components", required=True)
    components: list[Component] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            opts.error(("components", index), expected("a mapping with id and name", item), "type")
            continue
        entry = opts.child("components", {}).child(index, item)
        entry.unknown_keys(COMPONENT_KEYS)
        ident = entry.text("id", required=True)
        name = entry.text("name", required=True)
        if ident is None or name is None:
            continue
        if not COMPONENT_ID.match(ident):
            entry.error("id", expected("lower-case letters, digits, '-' and '_'", ident), "type")
            continue
        if len(ident) > MAX_ID_LENGTH:
            found = f"expected an id of at most {MAX_ID_LENGTH} characters, found {len(ident)}"
            entry.error("id", found, "type")
            continue
        if ident in seen:
            entry.error(
                "id", f"expected a unique component id, found '{ident}' twice", "duplicate-id"
            )
            continue
        seen.add(ident)
        components.append(
            Component(
                id=ident,
                name=name,
                position=len(components) + 1,
                description=entry.text("description"),
                group=entry.text("group"),
                start_date=entry.day("start_date"),
            )
        )
    return tuple(components)


def _categories(opts: Reader) -> tuple[Category, ...]:
    """The ``categories`` of contributing factors: each an id (a default's id takes its
    name and definition) or a mapping of id, name and description; the defaults when
    the setting is absent."""
    if opts.data.get("categories") is None:
        return DEFAULT_CATEGORIES
    defaults = {c.id: c for c in DEFAULT_CATEGORIES}
    categories: list[Category] = []
    for index, item in enumerate(opts.sequence("categories")):
        entry = opts.child("categories", {}).child(index, item if isinstance(item, dict) else {})
        ident: str | None
        if isinstance(item, str):
            ident, name, description = item, None, None
        elif isinstance(item, dict):
            entry.unknown_keys(CATEGORY_KEYS)
            ident = entry.text("id", required=True)
            name, description = entry.text("name"), entry.text("description")
        else:
            opts.error(("categories", index), expected("an id, or a mapping with id", item), "type")
            continue
        if ident is None:
            continue
        where: tuple[str | int, ...] = ("categories", index)
        if not COMPONENT_ID.match(ident):
            opts.error(where, expected("lower-case letters, digits, '-' and '_'", ident), "type")
            continue
        if any(c.id == ident for c in categories):
            found = f"expected a unique category id, found '{ident}' twice"
            opts.error(where, found, "duplicate-id")
            continue
        known = defaults.get(ident)
        categories.append(
            Category(
                ident,
                name or (known.name if known else ident),
                description or (known.description if known else ""),
            )
        )
    if not categories:
        opts.error("categories", "expected one or more categories, found none", "required")
    return tuple(categories)


def time_zone_problem(zone: str) -> str:
    """What is wrong with ``zone`` as a time zone (with the closest names), or ''."""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return expected("an IANA time zone name", zone, sorted(available_timezones()))
    return ""
