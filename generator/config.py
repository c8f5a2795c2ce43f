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

import copy
import hashlib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, ClassVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml
from yaml_env_tag import construct_env_tag

from .categories import DEFAULT_CATEGORIES, Category
from .characters import refused_by_yaml
from .errors import Problem, Severity, expected
from .fields import WORDS_OF_YAML_1_1, Reader
from .fieldspec import (
    Boolean,
    Date,
    Entries,
    Field,
    Group,
    Text,
    Texts,
    read_fields,
)
from .i18n import LANGUAGES, SOURCE_LANGUAGE, shipped
from .lint.rules import rule_map
from .load import MAX_ID_LENGTH, ContentLoader, FieldPath, record_lines
from .model import Component, Settings

PLUGIN = "statuspress"
COMPONENT_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
"""The ids of components and categories."""
_PATH_SEGMENT = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*")
"""A folder name that a URL, a Markdown path and a header rule all keep as it is."""


def _not_an_id(ident: str) -> str:
    return expected("lower-case letters, digits, '-' and '_'", ident)


def _twice(what: str, ident: str) -> str:
    return f"expected a unique {what} id, found '{ident}' twice"


@dataclass(frozen=True)
class Integer(Field):
    """A whole number from ``minimum`` to ``maximum``."""

    kind: ClassVar[str] = "integer"
    minimum: int = 0
    maximum: int | None = None

    def read(self, where: Reader, key: str) -> int | None:
        return where.integer(key, minimum=self.minimum, maximum=self.maximum)


@dataclass(frozen=True)
class TimeZone(Text):
    """An IANA time zone name."""

    def read(self, where: Reader, key: str) -> str | None:
        zone = where.text(key)
        problem = time_zone_problem(zone) if zone else ""
        if problem:
            where.error(key, problem, "choice")
            return None
        return zone


@dataclass(frozen=True)
class Folder(Text):
    """A folder of the site: a relative path of plain folder names that ends with ``/``;
    none for the root."""

    def read(self, where: Reader, key: str) -> str | None:
        path = where.text(key)
        if not path:
            return None
        segments = path.split("/")
        if segments[-1] or not all(map(_PATH_SEGMENT.fullmatch, segments[:-1])):
            what = "a relative folder of letters, digits, '-', '_' and '.', ending with '/'"
            if path.startswith("/"):
                what = "a relative folder (without a leading '/')"
            elif ".." in segments:
                what = "a folder inside the site (without '..')"
            plain = all(map(_PATH_SEGMENT.fullmatch, segments))
            example = f" (did you mean '{path}/'?)" if plain else ""
            where.error(key, expected(what, path) + example, "type")
            return None
        return path


@dataclass(frozen=True)
class ProjectFolder(Text):
    """A folder of the project: a relative path that stays inside it (no leading ``/``,
    no ``..``). Checked before any file in it is read: a settings file from a pull
    request must not make the build read, and print, files from elsewhere."""

    def read(self, where: Reader, key: str) -> str | None:
        path = where.text(key)
        if not path:
            return None
        posix = PurePosixPath(path)
        if posix.is_absolute() or PureWindowsPath(path).drive or ".." in posix.parts:
            what = "a folder inside the project (a relative path without '..')"
            where.error(key, expected(what, path), "type")
            return None
        return path


@dataclass(frozen=True)
class Words(Field):
    """A list of words, or none when absent (then a default list applies)."""

    kind: ClassVar[str] = "texts"

    def read(self, where: Reader, key: str) -> tuple[str, ...] | None:
        return where.text_list(key) if key in where.data else None


@dataclass(frozen=True)
class LintRules(Texts):
    """A list of the lint's rules, each one it has."""

    def read(self, where: Reader, key: str) -> tuple[str, ...]:
        names = where.text_list(key)
        known = rule_map()
        for index, name in enumerate(names):
            if name not in known:
                where.error((key, index), expected("a lint rule", name, known), "choice")
        return names


@dataclass(frozen=True)
class ComponentKey(Text):
    """A component's id: lower-case letters, digits, ``-`` and ``_``, short enough for a
    file name."""

    def read(self, where: Reader, key: str) -> str | None:
        ident = where.text(key, required=self.required)
        if ident is not None and not COMPONENT_ID.match(ident):
            where.error(key, _not_an_id(ident), "type")
            return None
        if ident is not None and len(ident) > MAX_ID_LENGTH:
            found = f"expected an id of at most {MAX_ID_LENGTH} characters, found {len(ident)}"
            where.error(key, found, "type")
            return None
        return ident


@dataclass(frozen=True)
class SiteComponents(Entries):
    """The components, in display order, each with a unique id."""

    def read(self, where: Reader, key: str) -> tuple[Component, ...]:  # type: ignore[override]
        components: list[Component] = []
        for entry in super().read(where, key):
            v = entry.values
            if v["id"] is None or v["name"] is None:
                continue
            if any(c.id == v["id"] for c in components):
                entry.where.error("id", _twice("component", v["id"]), "duplicate-id")
                continue
            given = {**v, "retired": bool(v["retired"])}
            components.append(Component(position=len(components) + 1, **given))
        return tuple(components)


@dataclass(frozen=True)
class Categories(Field):
    """The categories of contributing factors: each an id (a default's id takes its name
    and definition) or a mapping with ``items``; none when absent (the defaults apply)."""

    kind: ClassVar[str] = "list"

    def read(self, where: Reader, key: str) -> tuple[Category, ...]:
        if where.data.get(key) is None:
            return ()
        defaults = {c.id: c for c in DEFAULT_CATEGORIES}
        categories: list[Category] = []
        for index, item in enumerate(where.sequence(key)):
            given: dict[str, Any]
            if isinstance(item, str):
                given = {"id": item, "name": None, "description": None}
            elif isinstance(item, dict):
                given = read_fields(self.items, where.child(key, {}).child(index, item))
            else:
                where.error((key, index), expected("an id, or a mapping with id", item), "type")
                continue
            ident = given["id"]
            if ident is None:
                continue
            if not COMPONENT_ID.match(ident):
                where.error((key, index), _not_an_id(ident), "type")
                continue
            if any(c.id == ident for c in categories):
                where.error((key, index), _twice("category", ident), "duplicate-id")
                continue
            known = defaults.get(ident)
            categories.append(
                Category(
                    ident,
                    given["name"] or (known.name if known else ident),
                    given["description"] or (known.description if known else ""),
                )
            )
        if not categories:
            where.error(key, "expected one or more categories, found none", "required")
        return tuple(categories)


SETTINGS: tuple[tuple[str, Field], ...] = (
    (
        "time_zone",
        TimeZone(
            "The IANA time zone that pages show times in, and that a time written without "
            "an offset is read in (UTC by default).",
            examples=("Europe/Berlin",),
        ),
    ),
    (
        "uptime_days",
        Integer(
            "How many days the uptime bars and figures cover (90 by default).",
            minimum=1,
            maximum=3650,
        ),
    ),
    (
        "components",
        SiteComponents(
            "The components, in the order the status page shows them.",
            required=True,
            items=(
                ("id", ComponentKey("The id content files name it by.", required=True)),
                ("name", Text("Its name on the site.", required=True)),
                ("description", Text("A line shown under its name.")),
                ("group", Text("The group it is shown in.")),
                ("start_date", Date("The day it started: its uptime counts from then.")),
                (
                    "retired",
                    Boolean(
                        "Retired: shown only where incidents and postmortems name it "
                        "(false by default)."
                    ),
                ),
            ),
            shape="a mapping with id and name",
        ),
    ),
    (
        "content_dir",
        ProjectFolder("The folder of the incident, maintenance and postmortem files (incidents)."),
    ),
    (
        "allow_raw_html",
        Boolean("Publish raw HTML in Markdown as written instead of sanitising it."),
    ),
    (
        "show_overdue",
        Boolean("Show a promised next update whose time has passed, as passed."),
    ),
    (
        "lint",
        Group(
            "The update and postmortem lint's options.",
            items=(
                ("disable", LintRules("Rules switched off for the whole site.")),
                ("code_names", Texts("Internal names that public updates should not use.")),
                ("jargon", Words("Words flagged as jargon, instead of the default list.")),
            ),
        ),
    ),
    (
        "path",
        Folder("The folder of the site the status pages are under (status/); the root if none."),
    ),
    (
        "categories",
        Categories(
            "The categories of contributing factors postmortems name (the defaults if absent).",
            items=(
                ("id", Text("The id postmortems name it by.", required=True)),
                ("name", Text("Its name on the site.")),
                ("description", Text("What it covers.")),
            ),
        ),
    ),
    ("enabled", Boolean("MkDocs' usual switch for a plugin (true by default).")),
)
"""Every option of the statuspress plugin, declared once: :func:`settings_from` reads
them (reporting file and line) and the MkDocs plugin takes its options from here."""
SETTING_KEYS = tuple(name for name, _ in SETTINGS)
_AS_GIVEN = (
    "time_zone",
    "uptime_days",
    "components",
    "content_dir",
    "allow_raw_html",
    "show_overdue",
    "categories",
)
"""The settings that are a field of :class:`~generator.model.Settings` of the same name;
one not given (or left empty) takes that field's default."""


class _ConfigLoader(ContentLoader):
    """Accepts MkDocs' own tags (``!ENV``, ``!!python/name:``) as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


class _EngineLoader(yaml.SafeLoader):
    """``mkdocs.yml`` as the site engine reads it: YAML 1.1, where ``no`` and ``off`` are
    false and ``012`` is ten (for MkDocs' and the theme's own settings)."""


for _loader in (_ConfigLoader, _EngineLoader):
    # ``!ENV``'s value as MkDocs reads it (its own library): the first variable set, else
    # the default given last; any other tag of MkDocs' is taken as written.
    _loader.add_constructor("!ENV", construct_env_tag)
    _loader.add_multi_constructor("!", _any_tag)
    _loader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def _as_engine_reads(text: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with MkDocs' and the theme's settings as the engine reads them (YAML 1.1:
    ``use_directory_urls: no`` is false); the plugin's settings stay as Statuspress reads
    them (YAML 1.2, as content)."""
    try:
        engine = yaml.load(text, Loader=_EngineLoader)
    except (yaml.YAMLError, ValueError):
        return data
    if not isinstance(engine, dict):
        return data
    return {k: engine[k] if k != "plugins" and k in engine else v for k, v in data.items()}


def read_settings(config_file: Path) -> tuple[Settings | None, list[Problem]]:
    """Settings from ``config_file``, with what it inherits (None if they have errors), and
    every problem found, in the file and on the line where it is written."""
    read = _read_chain(config_file)
    if isinstance(read, Problem):
        return None, [read]
    data, lines, columns, files = read
    settings, problems = settings_from(data, lines, config_file.name, columns, files[1:])
    return settings, [_in_its_file(p, files) for p in problems]


INHERITED_LINES = 1_000_000
"""The lines of the n-th file up an ``INHERIT`` chain are counted from n times this while
the settings are read, so that each problem finds its file again (:func:`_in_its_file`)."""


def _read_chain(
    config_file: Path,
) -> tuple[dict[str, Any], dict[FieldPath, int], dict[FieldPath, int], list[str]] | Problem:
    """``config_file`` merged with the files it inherits from (``INHERIT``, each relative
    to the file that names it), as the engine merges them: mappings key by key, anything
    else as the nearer file gives it. Also the files, as shown, nearest first."""
    read = _read_yaml(config_file)
    if isinstance(read, Problem):
        return read
    data, lines, columns, _ = read
    project = config_file.parent
    files = [config_file.name]
    seen = {config_file.resolve()}
    here, own, own_lines = config_file, data, lines
    while isinstance(own.get("INHERIT"), str) and own["INHERIT"]:
        written = own["INHERIT"]
        parent = Path(os.path.normpath(here.parent / written))
        shown = Path(os.path.relpath(parent, project)).as_posix()
        where = (files[-1], own_lines.get(("INHERIT",), 1), "INHERIT")
        if not parent.resolve().is_relative_to(project.resolve()):
            # Refused before it is read: its values would be printed with its problems.
            wanted = "a file inside the project"
            return Problem(*where, expected(wanted, written), rule="type")
        if not parent.is_file():
            return Problem(*where, expected("an existing file", written), rule="type")
        if parent.resolve() in seen:
            wanted = "a file that does not inherit from itself"
            return Problem(*where, expected(wanted, written), rule="type")
        seen.add(parent.resolve())
        read = _read_yaml(parent, shown)
        if isinstance(read, Problem):
            return read
        own, own_lines, own_columns, _ = read
        offset = INHERITED_LINES * len(files)
        lines = {**{k: line + offset for k, line in own_lines.items()}, **lines}
        columns = {**own_columns, **columns}
        data = _merged(own, data)
        files.append(shown)
        here = parent
    return data, lines, columns, files


def _merged(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = {k: v for k, v in parent.items() if k != "INHERIT"}
    for key, value in child.items():
        old = merged.get(key)
        both = isinstance(old, dict) and isinstance(value, dict)
        merged[key] = _merged(old, value) if both else value  # type: ignore[arg-type]
    return merged


def _in_its_file(problem: Problem, files: list[str]) -> Problem:
    """``problem`` in the file of the chain where its line is (see :data:`INHERITED_LINES`)."""
    index, line = divmod(problem.line, INHERITED_LINES)
    if not 0 < index < len(files):
        return problem
    return replace(problem, path=files[index], line=line)


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


_Read = tuple[dict[str, Any], dict[FieldPath, int], dict[FieldPath, int], set[str]] | Problem
_PARSED: dict[tuple[str, str, bytes], _Read] = {}
"""The settings files parsed in this process, by path and a digest of their bytes: the
driver, the engine's runner and the plugin each ask for ``mkdocs.yml`` in one build,
and it is parsed once; a changed file is parsed again."""


def _read_yaml(config_file: Path, shown: str = "") -> _Read:
    """The data, the line and column of each key, and the top-level keys whose value
    has a tag of MkDocs'; or the problem that stops reading (in ``shown``, the file's
    name by default). Each caller gets its own copy of what was parsed."""
    try:
        raw = config_file.read_bytes()
    except OSError:
        return _parse_yaml(config_file, shown)
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    key = (str(config_file.resolve()), shown, digest)
    if key not in _PARSED:
        if len(_PARSED) >= 8:
            _PARSED.clear()
        _PARSED[key] = _parse_yaml(config_file, shown)
    return copy.deepcopy(_PARSED[key])


MAX_EXPANDED = 100_000
"""How many values ``mkdocs.yml`` may hold with its aliases written out: ten lines of
aliases of aliases hold billions, and the engine (which logs every setting) and every
walk of the settings would spin on them."""


def _expanded(node: yaml.Node | None, sizes: dict[int, int]) -> int:
    """How many values ``node`` holds with every alias written out (each node counted
    once, in ``sizes``: linear in the text, whatever the aliases make of it)."""
    if node is None:
        return 0
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = 1  # a node that holds itself counts once
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded(k, sizes) + _expanded(v, sizes) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded(item, sizes) for item in node.value)
    else:
        size = 1
    sizes[id(node)] = size
    return size


def _parse_yaml(config_file: Path, shown: str = "") -> _Read:
    shown = shown or config_file.name
    try:
        return _parse_yaml_as(config_file, shown)
    except RecursionError:  # libyaml reads it; PyYAML's own loader and our walks cannot
        message = "expected settings nested a few hundred levels deep at most, found deeper"
        return Problem(shown, 1, "", message, rule="yaml-syntax")


def _parse_yaml_as(config_file: Path, shown: str) -> _Read:
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
    values = _expanded(node, {})
    if values > MAX_EXPANDED:
        message = (
            f"expected settings of at most {MAX_EXPANDED:,} values with every alias written "
            f"out, found {values:,}: the engine writes them all out, and would never finish"
        )
        return Problem(shown, 1, "", message, rule="yaml-syntax")
    data = _as_engine_reads(text, data)
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


def environment_read(config_file: Path) -> set[str]:
    """The names of the variables the ``!ENV`` tags of ``config_file`` and of the files
    it inherits read (a default may be an ``!ENV`` of its own); those of a file that
    cannot be read are not known."""
    names: set[str] = set()
    here, visited = config_file, set[Path]()
    while here.resolve() not in visited and len(visited) < 16:
        visited.add(here.resolve())
        try:
            node = yaml.compose(here.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
            break
        parent = _environment_in(node, names)
        if parent is None:
            break
        here = Path(os.path.normpath(here.parent / parent))
    return names


def _environment_in(node: yaml.Node | None, names: set[str]) -> str | None:
    """Add to ``names`` the variables the ``!ENV`` tags under ``node`` read; the file
    the document inherits (``INHERIT``), if it names one."""
    todo, seen, parent = [node], set(), None
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if current.tag == "!ENV" and isinstance(current, yaml.ScalarNode):
            names.add(str(current.value))
        elif isinstance(current, yaml.SequenceNode):
            if current.tag == "!ENV":  # the variables, then a default that may be a tag
                names.update(
                    str(n.value) for n in current.value[:-1] if isinstance(n, yaml.ScalarNode)
                )
                if len(current.value) == 1 and isinstance(current.value[0], yaml.ScalarNode):
                    names.add(str(current.value[0].value))
            todo += current.value
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if current is node and isinstance(key, yaml.ScalarNode) and key.value == "INHERIT":
                    parent = str(value.value) if isinstance(value, yaml.ScalarNode) else None
                todo += [key, value]
    return parent


def content_dir_in(text: str) -> tuple[str | None, str | None]:
    """The ``content_dir`` a settings file's ``text`` gives, and the file it inherits
    (``INHERIT``), each None when it gives none (or one that cannot be used: a folder
    that would leave the project); (None, None) when the text cannot be read."""
    loader = _ConfigLoader(text)
    try:
        node = loader.get_single_node()
        if node is None or _expanded(node, {}) > MAX_EXPANDED:
            return None, None
        data = loader.construct_document(node)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None, None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return None, None
    folder = plugin_options(data)[0].get("content_dir")
    parent = data.get("INHERIT")
    if isinstance(folder, str):
        posix = PurePosixPath(folder)
        if posix.is_absolute() or PureWindowsPath(folder).drive or ".." in posix.parts:
            folder = None
    return (folder if isinstance(folder, str) else None), (
        parent if isinstance(parent, str) else None
    )


def plugin_options(data: dict[str, Any]) -> tuple[dict[str, Any], FieldPath]:
    """The statuspress plugin's options and their key path in the config file."""
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):
        options = plugins.get(PLUGIN)
        return (options if isinstance(options, dict) else {}), ("plugins", PLUGIN)
    if isinstance(plugins, list):
        for index, entry in enumerate(plugins):
            if entry == PLUGIN:  # named without options
                return {}, ("plugins", index, PLUGIN)
            if isinstance(entry, dict) and PLUGIN in entry:
                options = entry[PLUGIN]
                return (options if isinstance(options, dict) else {}), ("plugins", index, PLUGIN)
    return {}, ()


def settings_from(
    data: dict[str, Any],
    lines: dict[FieldPath, int],
    shown: str = "mkdocs.yml",
    columns: dict[FieldPath, int] | None = None,
    inherited: list[str] | None = None,
) -> tuple[Settings | None, list[Problem]]:
    """The settings in ``data`` (``inherited``: the files it was merged from, which the
    engine reads too)."""
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
    if not prefix:
        # The engine would build a site without its status pages, which a build refuses.
        top.error("plugins", "expected 'statuspress' in the plugins list", "missing")
        return None, problems
    opts = Reader(shown, options, lines, problems, prefix, columns=columns)
    values = read_fields(SETTINGS, opts)
    switch = options.get("enabled")  # as written: MkDocs takes no value as true
    if switch is False or (
        isinstance(switch, str) and WORDS_OF_YAML_1_1.get(switch.lower()) is False
    ):
        opts.error(
            "enabled",
            expected("true (or no setting)", "false" if switch is False else str(switch))
            + ": the site would have no status pages",
            "type",
        )
    lint = values["lint"]
    path = values["path"] or ""
    language = _language(top, data)
    if not path:
        _font_warning(top, data)
        _highlight_warning(top, data)
        _other_host_warnings(top, data, url)
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    given = {key: values[key] for key in _AS_GIVEN if values[key]}
    every = given.pop("components", ())
    running = [c for c in every if not c.retired]  # numbered as the status page shows them
    given["components"] = tuple(replace(c, position=n) for n, c in enumerate(running, 1))
    given["retired_components"] = tuple(c for c in every if c.retired)
    settings = Settings(
        name=name,
        url=url + path,
        path=path,
        language=language,
        **given,
        lint_disable=lint.get("disable", ()),
        lint_code_names=lint.get("code_names", ()),
        lint_jargon=lint.get("jargon"),
        site_dir=_site_dir(data),
        engine_inputs=tuple(dict.fromkeys((*engine_inputs(data), *(inherited or ())))),
    )
    return settings, problems


_URL_CHARACTERS = re.compile(r"[A-Za-z0-9._~:/?#\[\]@!$&()*+,;=%-]*")
"""What a URL may hold (RFC 3986), but for ``'``: the site engine writes the address
into attributes without escaping it."""


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


def _elsewhere(address: object, site_url: str) -> str | None:
    """The host ``address`` asks, when it is not the site's own: as a browser reads it,
    for which ``http:host/x`` and ``https:\\host\\x`` are ``http://host/x`` too."""
    if not isinstance(address, str):
        return None
    text = address.strip().replace("\\", "/")
    scheme = re.match(r"(?i)(https?):/*", text)
    if scheme:
        text = f"{scheme.group(1)}://{text[scheme.end() :]}"
    try:
        host = urlsplit(text).hostname
    except ValueError:  # a placeholder left in ("https://[YOUR-CDN]/x.css"): no address
        return None
    return host if host and host != urlsplit(site_url).hostname else None


def _other_host_warnings(top: Reader, data: dict[str, Any], site_url: str) -> None:
    """Settings that make every page ask another host: a script, a style sheet or the
    theme's logo or favicon at an address elsewhere, Material's analytics, and Material's
    repository facts (fetched from GitHub's or GitLab's API for ``repo_url``)."""
    suffix = "every page makes a request to another host"
    for key in ("extra_javascript", "extra_css"):
        items = data.get(key)
        for index, item in enumerate(items if isinstance(items, list) else ()):
            address = item.get("path") if isinstance(item, dict) else item
            if host := _elsewhere(address, site_url):
                top.warn((key, index), f"loaded from {host}: {suffix}", "other-host")
    theme = data.get("theme")
    theme = theme if isinstance(theme, dict) else {"name": theme}
    for key in ("logo", "favicon"):
        if host := _elsewhere(theme.get(key), site_url):
            top.warn(("theme", key), f"loaded from {host}: {suffix}", "other-host")
    if theme.get("name") not in (None, "material"):
        return
    extra = data.get("extra")
    analytics = extra.get("analytics") if isinstance(extra, dict) else None
    if isinstance(analytics, dict) and analytics.get("provider") == "google":
        message = f"the theme loads Google Analytics from www.googletagmanager.com: {suffix}"
        top.warn(("extra", "analytics"), message, "other-host")
    # Matched as the theme's script matches it: anywhere in the address, not its host.
    repo = data.get("repo_url")
    repo = repo if isinstance(repo, str) else ""
    gitlab = re.match(r"(?i)^.+?([^/]*gitlab[^/]+)/(.+?)/?$", repo)
    api = "api.github.com" if re.search(r"(?i)github\.com/", repo) else None
    api = api or (gitlab.group(1) if gitlab else None)
    if api:
        message = (
            f"the theme asks {api} for the repository's facts (stars, forks): {suffix} "
            "(link to the repository from a page instead)"
        )
        top.warn("repo_url", message, "other-host")


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


def time_zone_problem(zone: str) -> str:
    """What is wrong with ``zone`` as a time zone (with the closest names), or ''."""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return expected("an IANA time zone name", zone, sorted(available_timezones()))
    return ""
