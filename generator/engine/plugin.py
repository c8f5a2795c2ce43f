"""The plugin: what the site engine (MkDocs or ProperDocs) calls during its build.

A Statuspress build hands it the rendered outputs in one call
(:meth:`StatuspressPlugin.receive`); under the engine's own ``mkdocs build`` it
runs the Statuspress pipeline itself when MkDocs gathers its files. It hands MkDocs
the pages (as small generated Markdown files whose content it then swaps for
the rendered HTML) and the plain files (feeds, API, CSS), and watches the
content folder under ``mkdocs serve``. Everything else lives in the core.

A site that is a status page and nothing else needs no more in ``mkdocs.yml``
than its name, address, theme and components: what ``mkdocs.yml`` leaves out
gets the status page's defaults here (the navigation, tabs, no web fonts,
search) and every page advertises the feeds. With the ``path`` setting the
status pages are one folder of a larger site, which is left as it is: only
its navigation gains a "Status" section.
"""

from __future__ import annotations

import copy
import html
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import jinja2
import jinja2.meta
import markupsafe

from ..build import build
from ..config import SETTING_KEYS, read_written
from ..errors import Severity
from ..i18n import N_, Language, language
from ..links import engine_problems
from ..pipeline import BadReferenceTime, reference_time
from ..render import ICON, Outputs, Page, script, stylesheet
from ..write import OutputError, check_paths
from ._mkdocs import (
    BasePlugin,
    File,
    Files,
    InclusionLevel,
    MkDocsConfig,
    PluginError,
    Theme,
    base,
    c,
    event_priority,
    get_toc,
    nest_paths,
)
from ._mkdocs import Page as MkDocsPage
from .frames import Frames, correct_theme_markup, page_kind, page_values, split_url
from .reading import build_datetime, build_day, with_inherited

log = logging.getLogger("mkdocs.plugins.statuspress")


def plugin_options() -> type[base.Config]:
    """The plugin's options: one for each setting that :mod:`generator.config` declares.
    That module validates them, reporting file and line; MkDocs only passes them on."""
    options: dict[str, Any] = {name: c.Optional(c.Type(object)) for name in SETTING_KEYS}
    options["enabled"] = c.Type(bool, default=True)
    return type("StatuspressOptions", (base.Config,), options)


FRAMED = "statuspress/framed.html"
"""The template of generated pages: the theme's ``main.html``, through a frame if it can be."""


def page_source(page: Page, path: str = "") -> str:
    """The Markdown path MkDocs knows a page by: ``incidents/x.md`` for ``incidents/x/``,
    ``index.md`` for the status page (``status/index.md`` under the path ``status/``), and
    ``x/index/index.md`` for ``x/index/`` (MkDocs reads ``x/index.md`` as ``x/``)."""
    if page.url == path or PurePosixPath(page.url).name == "index":
        return page.url + "index.md"
    return page.url.rstrip("/") + ".md"


NAV_TITLES = {
    "": N_("Status"),
    "history/": N_("History"),
    "postmortems/": N_("Postmortems"),
    "reliability/": N_("Reliability"),
    "subscribe/": N_("Subscribe"),
}
"""The navigation a site gets when ``mkdocs.yml`` has none, in its order (by the pages'
addresses under the status pages' root)."""


class GeneratedPage(MkDocsPage):
    """A page Statuspress rendered: MkDocs neither reads nor converts anything for it.

    A ``late`` page gets its content only when the engine is about to write it (see
    :meth:`StatuspressPlugin.on_page_context`), and lets it go once written: MkDocs
    reads every page before it writes any, and a full build at 10,000 incidents would
    otherwise hold the HTML of all of them at once. Only where nothing but the search
    plugin and ours sees a page (:func:`late_content`)."""

    def __init__(
        self,
        title: str | None,
        file: File,
        config: MkDocsConfig,
        meta: dict[str, Any],
        ours: Page,
        late: bool,
    ) -> None:
        super().__init__(title, file, config)
        self._meta = meta
        self.ours = ours
        self.late = late

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = dict(self._meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        # What MkDocs' own render leaves for an empty page, with our HTML as the content.
        self.content = "" if self.late else self.ours.html
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


@dataclass(frozen=True)
class EngineInput:
    """What a Statuspress build hands the plugin before the engine runs (under a plain
    ``mkdocs build`` there is none: the plugin renders the site itself)."""

    now: datetime
    """The reference time: the pages, and the build date of the sitemap, are dated by it."""
    outputs: Outputs | None = None
    """Outputs already rendered, so the build does not load content twice."""
    progress: Callable[[], None] | None = None
    """Called once per page written, for the progress bar."""
    supplied_docs: Path | None = None
    """The empty documentation folder the build supplied, when the site has none."""


class StatuspressPlugin(BasePlugin):
    config_class = plugin_options()

    def __init__(self) -> None:
        super().__init__()
        self.given: EngineInput | None = None
        """What the last :meth:`receive` handed over."""
        self.frames: Frames | None = None
        """Frames of the theme's page template; None renders every page through it."""
        self._pages: dict[str, Page] = {}
        self._path = ""
        self._site_name = ""
        self._lang = language("en")
        self.error: Exception | None = None
        """The error that stopped the engine's last build, if one did."""

    def receive(self, given: EngineInput) -> None:
        """Take what the next build of the engine works from."""
        self.given = given
        self.error = None

    # Before other plugins: the search plugin it may add must see the configuration too.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("statuspress: expected 'use_directory_urls: true' in mkdocs.yml")
        # mkdocs.yml was checked as written; the engine may have taken these folders
        # from !ENV or an INHERIT file, so they are checked again as it resolved them.
        project = Path(config.config_file_path).parent
        docs: str | None = config.docs_dir
        supplied = self.given.supplied_docs if self.given else None
        if supplied is not None and Path(config.docs_dir) == supplied:
            docs = None  # empty, and made by the build outside the project
        problems = engine_problems(project, [docs, config.theme.custom_dir])
        if problems:
            raise PluginError("statuspress: " + "\n".join(map(str, problems)))
        if not self.config["enabled"]:
            return config
        # The theme writes the name into pages without escaping it: it gets it escaped
        # (as markup, which the theme's own escaping leaves as it is).
        self._site_name = str(config.site_name)
        self._lang = language(str(config.theme["language"]) if "language" in config.theme else "en")
        config.site_name = markupsafe.escape(config.site_name)
        if config.site_description:  # written into a meta tag's attribute as it is
            config.site_description = markupsafe.escape(config.site_description)
        self._path = str(self.config["path"] or "")
        if self._path:
            return config  # the site's own settings, as they are
        own = read_written(Path(config.config_file_path))[0]
        written = with_inherited(Path(config.config_file_path), own) or own
        site_defaults(config, written)
        css = stylesheet()[0]
        if css not in config.extra_css:
            config.extra_css.append(css)
        js = script()[0]
        if js not in [str(item) for item in config.extra_javascript]:
            config.extra_javascript.append(js)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config["enabled"]:
            return files
        given = self.given.outputs if self.given else None
        outputs = given or self._render(config)
        sources = {page_source(p, self._path): p for p in outputs.pages}
        clash = own_clash(files, sources, outputs.files, config)
        if clash:
            raise PluginError(f"statuspress: {clash}")
        try:
            # Every page's own path: two pages at one address would be one in ``sources``.
            check_paths([*(page_source(p, self._path) for p in outputs.pages), *outputs.files])
            check_paths([*sources, *outputs.files, *(f.src_uri for f in files)])
        except OutputError as exc:
            raise PluginError(f"statuspress: {exc}") from None
        self._pages = sources
        late = late_content(config)
        config.nav = site_nav(config.nav, sources, files, self._path, self._lang)
        titles = nav_titles(config.nav)
        for src, page in sources.items():
            # MkDocs and Material write titles and descriptions into pages without
            # escaping them: hand them over escaped.
            meta: dict[str, Any] = {
                "title": html.escape(page.title),
                "description": html.escape(page.description),
                "hide": ["navigation", "toc"],
                "template": FRAMED,
            }
            if not page.in_search:
                meta["search"] = {"exclude": True}
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, src, content="", inclusion=inclusion)
            # A title given in the navigation is the page's title, as MkDocs would make it.
            GeneratedPage(titles.get(src), file, config, meta, page, late)
            files.append(file)
        for path, data in sorted(outputs.files.items()):
            files.append(
                File.generated(config, path, content=data, inclusion=InclusionLevel.INCLUDED)
            )
        return files

    def on_pre_page(self, page: MkDocsPage, *, config: MkDocsConfig, files: Files) -> MkDocsPage:
        # The build date, which MkDocs writes into the sitemap: the engine would take it
        # from SOURCE_DATE_EPOCH; the build's reference time gives it without changing
        # the environment.
        if self.given is not None:
            page.update_date = build_day(self.given.now)
        return page

    # Before the search plugin, which indexes the content.
    @event_priority(100)
    def on_page_context(
        self, context: Any, *, page: MkDocsPage, config: MkDocsConfig, nav: Any
    ) -> Any:
        if isinstance(page, GeneratedPage) and page.late:
            page.content = page.ours.html
        return self.on_template_context(context, template_name="", config=config)

    def on_template_context(self, context: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        if self.given is not None:
            context["build_date_utc"] = build_datetime(self.given.now)
        return context

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        frames = self.frames = Frames() if frames_allowed(config, env) else None
        main = env.get_template("main.html")

        @jinja2.pass_context
        def framed(context: jinja2.runtime.Context) -> str:
            page = context["page"]
            own = context.get_all()

            def render(values: Mapping[str, str] | None) -> str:
                if values is None:
                    made = main.render(own)
                else:
                    made = main.render({**own, "page": probe_page(page, values)})
                # A probe's address is a sibling's: the same way up to the root.
                up = relative_root(page.url[len(self._path) :])
                return self._head(made, up, ours=True, config=config)

            ours = self._pages.get(page.file.src_uri)
            if frames is None or ours is None or page.toc:
                return render(None)
            # The content as the engine's plugins left it (search drops some attributes).
            values = page_values(ours, page.content or "")
            return frames.page(page_kind(ours), values, render)

        assert env.loader is not None
        env.loader = jinja2.ChoiceLoader(
            [jinja2.DictLoader({FRAMED: "{{ statuspress_framed() }}"}), env.loader]
        )
        env.globals["statuspress_framed"] = framed
        return env

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.given is not None and self.given.progress is not None:
            self.given.progress()
        if isinstance(page, GeneratedPage) and page.late:
            page.content = ""
            page.ours.let_go()
        if page.file.src_uri not in self._pages:
            if self._path:
                return output  # a page of the site's own, as MkDocs made it
            if self.config["enabled"]:
                output = self._head(output, relative_root(page.url), ours=False, config=config)
        return correct_theme_markup(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if self._path:
            return output_content
        if template_name == "404.html" and self.config["enabled"]:
            # Served at any address: its links start at the site's own path.
            root = urlsplit(config.site_url or "/").path or "/"
            output_content = self._head(output_content, root, ours=False, config=config)
        return correct_theme_markup(output_content)

    def _head(self, output: str, base: str, *, ours: bool, config: MkDocsConfig) -> str:
        """``output`` with the feeds (and, under a path, the stylesheet) in its head;
        ``base`` is the way from the page to the status pages' root."""
        links = []
        if ours and self._path:
            # Not in extra_css, which every page of the site would load.
            links.append(f'<link rel="stylesheet" href="{base}{stylesheet()[0]}">')
            links.append(f'<script src="{base}{script()[0]}" defer></script>')
        links += feed_links(output, base, self._site_name, self._lang)
        return in_head(output, links)

    def on_build_error(self, *, error: Exception) -> None:
        # MkDocs logs a plugin's error and stops with "Aborted with a BuildError!": the
        # error itself is the one line the command should end with.
        self.error = error

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        project = Path(config.config_file_path).parent
        for folder in (
            project / str(self.config["content_dir"] or "incidents"),
            project / "site_templates",
        ):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def _render(self, config: MkDocsConfig) -> Outputs:
        config_file = Path(config.config_file_path)
        try:
            now = self.given.now if self.given else reference_time()
        except BadReferenceTime as exc:
            raise PluginError(f"statuspress: {exc}") from None
        result = build(config_file, now, None)
        problems = result.checked.problems
        for problem in sorted(problems):
            if problem.severity is Severity.WARNING:
                log.warning(str(problem))
            elif problem.severity is Severity.NOTICE:
                # Advice: shown, never counted by mkdocs build --strict.
                log.info(str(problem))
        errors = [str(p) for p in problems if p.severity is Severity.ERROR]
        if result.outputs is None:
            raise PluginError("statuspress: the content has errors:\n" + "\n".join(errors))
        return result.outputs


def own_clash(
    files: Files, sources: Mapping[str, Page], plain: Mapping[str, Any], config: MkDocsConfig
) -> str:
    """Where a page or file of the site's own and a status output would be written to one
    place (``docs/guide.md`` and the status pages under ``path: guide/`` both make
    ``guide/index.html``): what to say, or nothing."""
    own = {f.dest_uri.lower(): f for f in files}
    for src in [*sources, *plain]:
        dest = File(src, "", "", config.use_directory_urls).dest_uri
        if dest.lower() in own:
            where = f"{PurePosixPath(config.docs_dir).name}/{own[dest.lower()].src_uri}"
            return (
                f"{where} of the site and the status output '{src}' would both be written "
                f"to '{dest}': set the plugin's path to a folder of its own for the status "
                "pages (such as 'status/')"
            )
    return ""


STATUS_LOGO = "material/list-status"
"""The header logo a status page gets when ``mkdocs.yml`` names none (``init`` writes it)."""


def site_defaults(config: MkDocsConfig, written: Mapping[str, Any]) -> None:
    """A site that is a status page gets the settings a status page needs where
    ``mkdocs.yml`` (``written``, with what it inherits) does not give its own: the
    Material theme, the navigation tabs, no web fonts (the page makes no request to
    another host), a status logo and favicon, and search."""
    if "theme" not in written and config.theme.name == "mkdocs":
        # MkDocs' own default theme loads its scripts from cdnjs.cloudflare.com.
        config.theme = Theme(name="material", locale=str(config.theme.locale))
    theme = written.get("theme")
    theme_written = theme if isinstance(theme, dict) else {}
    if config.theme.name == "material":
        if "font" not in theme_written:
            config.theme["font"] = False
        if "features" not in theme_written:
            config.theme["features"] = ["navigation.tabs"]
        icons = theme_written.get("icon")
        if "logo" not in theme_written and not (isinstance(icons, dict) and "logo" in icons):
            # A status icon from Material's own set, not its default book.
            config.theme["icon"] = {**(config.theme["icon"] or {}), "logo": STATUS_LOGO}
        if "favicon" not in theme_written:
            config.theme["favicon"] = ICON
    if set(config.plugins) == {"statuspress"}:
        # As MkDocs adds it when ``plugins`` is left out: the theme's own, if it has one.
        option = c.Plugins(theme_key="theme")
        option.pre_validation(config, "plugins")
        for name, plugin in option.validate(["search"]).items():
            config.plugins[name] = plugin


def site_nav(nav: Any, sources: Mapping[str, Page], files: Files, path: str, lang: Language) -> Any:
    """The navigation: without one in ``mkdocs.yml``, the status pages and then the
    site's own (as MkDocs would list them); under a path, the site's own first and
    the status pages in a "Status" section, which is also added at the end of a
    navigation of the site's own that names none of them. A site at the root that
    writes its navigation keeps it as written."""
    ours: list[dict[str, str]] = []
    in_nav = {page.url[len(path) :]: src for src, page in sources.items() if page.in_nav}
    for url in sorted(in_nav, key=lambda u: list(NAV_TITLES).index(u) if u in NAV_TITLES else 99):
        title = lang.gettext(NAV_TITLES[url]) if url in NAV_TITLES else sources[in_nav[url]].title
        ours.append({title: in_nav[url]})
    if nav is None:
        own = nest_paths(
            f.src_uri
            for f in files.documentation_pages()
            if f.inclusion.is_in_nav() and f.src_uri not in sources
        )
        return [*own, {"Status": ours}] if path else [*ours, *own]
    if path and ours and not set(nav_titles(nav)) & set(sources) and not has_status(nav):
        return [*(nav if isinstance(nav, list) else [nav]), {"Status": ours}]
    return nav


def has_status(nav: Any) -> bool:
    """Whether the navigation has a top-level entry titled "Status" of its own (a link to
    another status page): a second one would be a riddle."""
    items = nav if isinstance(nav, list) else [nav]
    return any(
        isinstance(item, dict) and any(str(t).strip().lower() == "status" for t in item)
        for item in items
    )


def relative_root(url: str) -> str:
    """The way from the page at ``url`` (as MkDocs addresses it) up to the site's root."""
    return "../" * url.count("/")


def feed_links(output: str, base: str, site_name: str, lang: Language) -> list[str]:
    """The autodiscovery links of the status feeds at ``base``, unless the page's head
    already has a feed of its own (a template override that adds them)."""
    head = output[: output.find("</head>")]
    if 'type="application/rss+xml"' in head or 'type="application/atom+xml"' in head:
        return []
    title = html.escape(lang.gettext("%(name)s status") % {"name": site_name})
    return [
        f'<link rel="alternate" type="application/rss+xml" title="{title} (RSS)" '
        f'href="{base}history.rss">',
        f'<link rel="alternate" type="application/atom+xml" title="{title} (Atom)" '
        f'href="{base}history.atom">',
    ]


def in_head(output: str, links: list[str]) -> str:
    """``output`` with ``links`` on lines of their own at the end of its head."""
    end = output.find("</head>")
    if end < 0 or not links:
        return output
    at = output.rfind("\n", 0, end) + 1
    return output[:at] + "".join(f"    {link}\n" for link in links) + output[at:]


def nav_titles(nav: Any) -> dict[str, str]:
    """The titles the ``nav`` setting gives pages, by their Markdown path."""
    found: dict[str, str] = {}
    items = list(nav) if isinstance(nav, list) else []
    while items:
        item = items.pop()
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    found[value] = title
                elif isinstance(value, list):
                    items.extend(value)
    return found


FRAME_SAFE_PLUGINS = {"search", "material/search", "statuspress"}
"""Plugins whose work on a page a frame holds (search drops attributes from content,
which a frame takes as it is given)."""


def late_content(config: MkDocsConfig) -> bool:
    """Whether the pages may get their content only as they are written: when no other
    plugin, no hook and no template of the project's own could read it before (MkDocs
    reads every page first)."""
    return (
        set(config.plugins) <= FRAME_SAFE_PLUGINS
        and not config.hooks
        and not reads_other_pages(config)
    )


def reads_other_pages(config: MkDocsConfig) -> bool:
    """Whether a template of the theme's ``custom_dir`` may read the content of a page
    other than the one being written (``f.page.content`` over ``pages``): it reads
    ``content`` of anything but ``page``, or names it in a string (``attr("content")``).
    A template that cannot be parsed may."""
    custom = config.theme.custom_dir
    if not custom:
        return False
    env = config.theme.get_env()
    for path in sorted(Path(custom).rglob("*.html")):
        try:
            tree = env.parse(path.read_text("utf-8"))
        except (jinja2.TemplateSyntaxError, UnicodeDecodeError):
            return True
        for read in tree.find_all(jinja2.nodes.Getattr):
            own = isinstance(read.node, jinja2.nodes.Name) and read.node.name == "page"
            if read.attr == "content" and not own:
                return True
        for const in tree.find_all(jinja2.nodes.Const):
            if isinstance(const.value, str) and const.value.rpartition(".")[2] == "content":
                return True
    return False


def frames_allowed(config: MkDocsConfig, env: jinja2.Environment) -> bool:
    """Frames are checked against Material's own templates. A project's template
    override that uses ``page`` may vary with anything on it, and one that shows the
    build date with every build: then every page goes through the template."""
    if config.theme.name != "material":
        return False
    # Another plugin or a hook could change a page anywhere, which a frame would not show.
    if not late_content(config):
        return False
    custom = config.theme.custom_dir
    for path in sorted(Path(custom).rglob("*.html")) if custom else []:
        try:
            names = jinja2.meta.find_undeclared_variables(env.parse(path.read_text("utf-8")))
        except (jinja2.TemplateSyntaxError, UnicodeDecodeError):
            return False
        if "page" in names or "build_date_utc" in names:
            return False
    return True


def probe_page(page: MkDocsPage, values: Mapping[str, str]) -> MkDocsPage:
    """A copy of ``page`` with ``values`` in the slots, at a sibling address when it has
    a slug (else at its own: the navigation knows a page by its file)."""
    url = page.url
    probe = copy.copy(page)
    new_url = url
    if values["slug"]:
        new_url = split_url(url)[0] + values["slug"] + "/"
        probe.file = copy.copy(page.file)
        probe.file.url = new_url
    probe.meta = dict(page.meta)
    for slot in ("title", "description"):
        if slot in probe.meta:
            probe.meta[slot] = values[slot]
    probe.content = values["content"]
    for attr in ("canonical_url", "abs_url"):
        address = getattr(page, attr)
        if address and address.endswith(url):
            setattr(probe, attr, address[: len(address) - len(url)] + new_url)
    return probe
