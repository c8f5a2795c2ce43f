"""The web editor: a Decap CMS set-up generated from the field declarations.

``statuspress editor`` writes ``admin/index.html``, ``admin/config.yml`` and the
pinned Decap CMS script into the site's pages, so that the built site serves the
editor at ``/admin/`` from its own host. The configuration is derived from
:mod:`fieldspec` and the components of ``mkdocs.yml``, so the editor's widgets
cannot offer a value ``statuspress check`` refuses.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import edit, fieldspec, load
from .errors import Problem, expected
from .load import MAX_ID_LENGTH, parse_text
from .model import Settings

DECAP_VERSION = "3.16.3"
"""The Decap CMS release the editor serves, installed from the npm registry."""
DECAP_INTEGRITY = (
    "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9"
    "B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
)
"""The npm registry's integrity of ``decap-cms@DECAP_VERSION``: a tarball that differs
is refused."""
SCRIPT = "decap-cms.js"
FENCE = "---\n"
BOM = "\ufeff"
BACKENDS = ("github", "gitlab", "git-gateway")
GITHUB_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
GITLAB_REPO = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+")
"""A GitLab project may sit in nested groups (``group/sub/name``)."""
BRANCH = re.compile(r"(?!/|.*(?:\.\.|//|@\{|\.lock$|/$|\.$))[^\x00-\x20~^:?*\[\\\x7f]+")
"""A name ``git check-ref-format --branch`` accepts, in short."""
TIMESTAMP_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"
"""moment.js format of the datetime widget: ISO 8601 with the offset (``+01:00``)."""

INDEX_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Status page editor</title>
</head>
<body>
<script src="{script}?v={version}"></script>
</body>
</html>
"""


class EditorError(Exception):
    """A set-up the editor cannot be written for; the message says what to change."""


@dataclass(frozen=True)
class Backend:
    """Where the editor commits: a git host and the settings Decap needs for it."""

    name: str = "github"
    repo: str = ""
    branch: str = "main"
    base_url: str = ""
    """The OAuth proxy's address (GitHub) or the GitLab instance's."""
    app_id: str = ""
    """GitLab's OAuth application id (public: PKCE needs no secret)."""

    def as_config(self) -> dict[str, Any]:
        if self.name not in BACKENDS:
            raise EditorError(
                f"backend: expected one of {', '.join(BACKENDS)}, found {self.name!r}"
            )
        if not BRANCH.fullmatch(self.branch):
            raise EditorError("--branch: " + expected("a git branch name", self.branch))
        if self.base_url and not _web_address(self.base_url):
            raise EditorError(
                "--base-url: "
                + expected("an http(s) address such as https://auth.example.com", self.base_url)
            )
        config: dict[str, Any] = {"name": self.name, "branch": self.branch}
        if self.name != "git-gateway":
            pattern = GITLAB_REPO if self.name == "gitlab" else GITHUB_REPO
            if not pattern.fullmatch(self.repo) or {".", ".."} & set(self.repo.split("/")):
                raise EditorError(
                    f"--repo: expected owner/name of the {self.name} repository, "
                    f"found {self.repo!r}"
                )
            config["repo"] = self.repo
        if self.name == "github" and self.base_url:
            config["base_url"] = self.base_url
        if self.name == "gitlab":
            config["auth_type"] = "pkce"
            if self.app_id:
                config["app_id"] = self.app_id
            if self.base_url:
                config["base_url"] = self.base_url
                config["api_root"] = self.base_url.rstrip("/") + "/api/v4"
        return config


def _web_address(url: str) -> bool:
    """An http(s) address with a host, and nothing a browser would read otherwise."""
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not (parts.username or parts.password or parts.query or parts.fragment)
        and url.isprintable()
        and " " not in url
    )


@dataclass(frozen=True)
class Lists:
    """The values a site's settings allow, for the fields that take one of them."""

    components: tuple[str, ...]
    categories: tuple[str, ...]


def _widget(name: str, field: fieldspec.Field, lists: Lists) -> dict[str, Any]:
    """One Decap field from one declared field."""
    widget: dict[str, Any] = {"label": _label(name), "name": name, "hint": field.description}
    if not field.required:
        widget["required"] = False
    kind = field.kind
    components = lists.components
    if kind == "text" and name == "category":
        # The declaration suggests the default categories; the site's settings name the valid ones.
        widget.update(widget="select", options=list(lists.categories))
    elif kind == "text":
        long_text = name in ("message", "summary", "reason")
        widget["widget"] = "markdown" if long_text else "string"
        if long_text:
            widget["minimal"] = True
    elif kind == "choice":
        widget["widget"] = "select"
        widget["options"] = list(field.choices)
    elif kind == "timestamp":
        widget.update(widget="datetime", format=TIMESTAMP_FORMAT, picker_utc=False)
        widget["date_format"] = "YYYY-MM-DD"
        widget["time_format"] = "HH:mm"
    elif kind == "date":
        widget.update(widget="datetime", format="YYYY-MM-DD", time_format=False)
        widget["date_format"] = "YYYY-MM-DD"
    elif kind == "texts":
        widget["widget"] = "list"
        if name in ("services",):
            widget.update(widget="select", multiple=True, options=list(components))
    elif kind == "boolean":
        widget.update(widget="boolean", default=False)
    elif kind in ("status_map", "components"):
        # The documented mapping form, one optional select per component of mkdocs.yml.
        # Open at the top of a file, folded inside each update (most updates change none).
        widget.update(widget="object", collapsed=kind == "status_map")
        widget["fields"] = [
            {
                "label": ident,
                "name": ident,
                "widget": "select",
                "options": list(field.choices),
                "required": False,
            }
            for ident in components
        ]
    elif kind == "list":
        widget.update(widget="list", collapsed=False)
        if field.required:
            widget["min"] = 1
        widget["fields"] = [_widget(key, item, lists) for key, item in field.items]
    elif kind == "object":
        widget.update(widget="object", collapsed=True)
        widget["fields"] = [_widget(key, item, lists) for key, item in field.items]
    else:
        raise EditorError(f"field {name}: no editor widget for kind {kind!r}")
    return widget


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _fields(kind: str, lists: Lists, body: str) -> list[dict[str, Any]]:
    fields = []
    for name, field in fieldspec.KINDS[kind]:
        if name == "type":
            hidden: dict[str, Any] = {"label": "Type", "name": "type", "widget": "hidden"}
            fields.append({**hidden, "default": kind})
            continue
        widget = _widget(name, field, lists)
        if name == "title":
            # The file's id is the date and the title's slug: keep it within MAX_ID_LENGTH.
            most = MAX_ID_LENGTH - len("yyyy-mm-dd-") - 4
            widget["pattern"] = [f"^.{{1,{most}}}$", f"At most {most} characters"]
        fields.append(widget)
    fields.append(
        {"label": body, "name": "body", "widget": "markdown", "required": False, "hint": ""}
    )
    return fields


COLLECTIONS = (
    # name, kind, sub-folder, path inside it, body label
    ("incidents", "incident", "", "{{year}}/{{slug}}", "Details"),
    ("maintenances", "maintenance", "", "{{year}}/{{slug}}", "Details"),
    ("postmortems", "postmortem", "postmortems", "{{slug}}", "Postmortem"),
)
"""Each collection's files: incidents and maintenances in a folder per year, as
``statuspress new`` writes them, postmortems in ``postmortems/``."""


def decap_config(
    settings: Settings, backend: Backend, pages: str, project: str = ""
) -> dict[str, Any]:
    """Decap CMS's ``config.yml`` for this site, as data. Decap reads its folders from
    the top of the repository: ``project`` is where ``mkdocs.yml`` is from there (empty
    at the top), ``pages`` the site's ``docs_dir`` (where uploaded images go, published
    under ``/media/``)."""
    lists = Lists(
        # Retired ones too: an old incident edited here keeps naming them (a select
        # without the value would drop it on save).
        components=tuple(component.id for component in settings.every_component),
        categories=tuple(category.id for category in settings.categories),
    )
    collections = []
    for name, kind, sub, path, body in COLLECTIONS:
        folder = PurePosixPath(project or ".", settings.content_dir, sub).as_posix()
        collections.append(
            {
                "name": name,
                "label": name.capitalize(),
                "label_singular": kind.capitalize(),
                "folder": folder,
                "path": path,
                "filter": {"field": "type", "value": kind},
                "create": True,
                "extension": "md",
                "format": "frontmatter",
                "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
                "identifier_field": "title",
                "summary": "{{title}}",
                "sortable_fields": ["title"],
                "fields": _fields(kind, lists, body),
            }
        )
    return {
        "backend": backend.as_config(),
        "publish_mode": "editorial_workflow",
        "local_backend": True,
        "media_folder": f"{pages}/media",
        "public_folder": _site_root(settings) + "media",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }


def _site_root(settings: Settings) -> str:
    """The path the site's pages folder is served at (``/``, or ``/repo/`` for a GitHub
    Pages project site): the status pages' path without their ``path`` folder."""
    served = urlsplit(settings.url).path or "/"
    root = served.removesuffix(settings.path) if settings.path else served
    return root if root.endswith("/") else root + "/"


HEADER = (
    "# Written by `statuspress editor` from the field declarations and mkdocs.yml:\n"
    "# run it again after changing the components rather than editing this file.\n"
    "# No secret belongs here: this file is published with the site.\n"
)


def config_text(settings: Settings, backend: Backend, pages: str, project: str = "") -> str:
    return HEADER + yaml.safe_dump(
        decap_config(settings, backend, pages, project),
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )


def script_files(package: Path) -> list[Path]:
    """The files of an installed ``decap-cms`` package that the page loads: the script,
    its chunks (loaded from beside it) and its WebAssembly, and the licence notices."""
    dist = package / "dist"
    if not (dist / SCRIPT).is_file():
        raise EditorError(f"{package}: expected a decap-cms package with dist/{SCRIPT}")
    found = [dist / SCRIPT, *sorted(dist.glob(f"*.{SCRIPT}")), *sorted(dist.glob("*.wasm"))]
    return found + sorted(dist.glob(f"*{SCRIPT}.LICENSE.txt"))


def fetch_package(into: Path) -> Path:
    """``decap-cms@DECAP_VERSION`` from the npm registry (``npm pack``), checked against
    its pinned integrity and unpacked under ``into``."""
    npm = shutil.which("npm")
    if npm is None:
        raise EditorError("npm not found: install Node.js, or give --decap-from a decap-cms folder")
    result = subprocess.run(
        [npm, "pack", f"decap-cms@{DECAP_VERSION}", "--json", "--pack-destination", str(into)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["npm pack failed"])[-1]
        raise EditorError(f"npm pack decap-cms@{DECAP_VERSION}: {last}")
    tarball = into / json.loads(result.stdout)[0]["filename"]
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if f"sha512-{digest}" != DECAP_INTEGRITY:
        raise EditorError(
            f"decap-cms@{DECAP_VERSION}: the tarball's integrity is not the pinned one"
        )
    with tarfile.open(tarball) as archive:
        archive.extractall(into, filter="data")
    return into / "package"


def repository_top(folder: Path) -> Path:
    """The top of the git repository ``folder`` is in (the folder with ``.git``), or
    ``folder`` itself outside any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def write_editor(
    root: Path, pages: Path, settings: Settings, backend: Backend, decap: Path | None
) -> Path:
    """Write the editor into ``pages/admin/`` (a new folder swapped in whole) and return
    it; ``root`` is where ``mkdocs.yml`` is, at the top of its repository or in a folder
    of it (Decap's folders are named from the top)."""
    top = repository_top(root.resolve())
    project = root.resolve().relative_to(top).as_posix().removeprefix(".")
    text = config_text(settings, backend, pages.resolve().relative_to(top).as_posix(), project)
    admin = pages / "admin"
    if admin.exists() and any(admin.iterdir()) and not _ours(admin):
        raise EditorError(
            f"{admin}: expected no folder, an empty one or one that statuspress editor "
            "wrote, found another; move it, the editor is served at /admin/"
        )
    foreign = _foreign(admin) if admin.exists() else None
    if foreign is not None:
        raise EditorError(
            f"{foreign}: expected only the files statuspress editor writes in {admin}, "
            "found another; move it out, the folder is replaced whole"
        )
    with tempfile.TemporaryDirectory(prefix=".statuspress-editor-", dir=pages) as temporary:
        work = Path(temporary)
        package = decap if decap is not None else fetch_package(work)
        staged = work / "admin"
        staged.mkdir()
        for source in script_files(package):
            shutil.copyfile(source, staged / source.name)
        (staged / "LICENSE-decap-cms.txt").write_text(_licence(package))
        (staged / "config.yml").write_text(text)
        (staged / "index.html").write_text(INDEX_HTML.format(script=SCRIPT, version=DECAP_VERSION))
        if admin.exists():
            shutil.rmtree(admin)
        staged.rename(admin)
    return admin


WRITTEN = ("config.yml", "index.html", "LICENSE-decap-cms.txt", SCRIPT)
WRITTEN_PATTERNS = (f"*.{SCRIPT}", "*.wasm", f"*{SCRIPT}.LICENSE.txt")
"""What :func:`write_editor` puts in ``admin/``: its own files and Decap's (whose chunk
names change between releases)."""


def _foreign(admin: Path) -> Path | None:
    """The first entry of ``admin`` that the editor did not write, or None."""
    for entry in sorted(admin.iterdir()):
        written = entry.name in WRITTEN or any(entry.match(p) for p in WRITTEN_PATTERNS)
        if not written or entry.is_symlink() or not entry.is_file():
            return entry
    return None


def _ours(admin: Path) -> bool:
    config = admin / "config.yml"
    return config.is_file() and config.read_bytes().startswith(HEADER.encode())


def _licence(package: Path) -> str:
    manifest = json.loads((package / "package.json").read_text())
    return (
        f"Decap CMS {manifest.get('version')} (https://decapcms.org), "
        f"licence {manifest.get('license')}:\n\n{MIT}"
    )


MIT = """Copyright (c) 2016 Netlify <decap@p-m.si>

MIT License

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def untyped_incidents(content: Path) -> list[Path]:
    """The incident files without a ``type`` line: the editor lists a collection's files
    by their ``type`` (its filter compares values), so it cannot show these."""
    found = []
    for path in sorted(content.rglob("*.md")):
        if path.parent == content and path.name == "README.md":
            continue
        within = path.relative_to(content).parents[:-1]
        if path.is_symlink() or any((content / part).is_symlink() for part in within):
            continue  # the check reports a link; marking would replace it with a file
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue  # the check reports it
        parsed = parse_text(text, str(path), path.stem)
        if isinstance(parsed, Problem) or _fence(text) is None:
            continue  # the check reports it
        if isinstance(parsed.data, dict) and "type" not in parsed.data:
            found.append(path)
    return found


def _fence(text: str) -> str | None:
    """The front matter's opening line, with its line ending (and any spaces before it,
    as the reader allows), or None."""
    opening = load.FENCE.match(text)
    if opening is None or text[opening.end() : opening.end() + 1] != "\n":
        return None
    return text[: opening.end() + 1]


def mark_incident(path: Path) -> None:
    """Add ``type: incident`` as the front matter's first line, every other byte kept
    (a byte order mark and the file's line endings too)."""
    text = path.read_bytes().decode("utf-8")
    mark = BOM if text.startswith(BOM) else ""
    fence = _fence(text.removeprefix(mark)) or FENCE
    line = "type: incident" + ("\r\n" if fence.endswith("\r\n") else "\n")
    edit.replace(path, mark + fence + line + text.removeprefix(mark).removeprefix(fence))
