"""Symbolic links in the folders a build reads: none may lead out of its folder.

Content reaches the site by pull request, and CI builds it with deploy credentials
in reach: a link ``incidents/x.md -> /home/runner/.ssh/id_rsa`` or
``site_templates/pages/passwd.txt -> /etc/passwd`` would publish that file. So,
before anything is read, every folder the build or the site engine reads is walked
without following links, and each link must resolve to a file inside its own folder
(the content folder, ``site_templates/``, ``docs_dir``, the theme's ``custom_dir``).
Links to folders are refused too: they give a second path to every file beneath
them and can loop (MkDocs walks ``docs_dir`` following them).

A link that fails is a :class:`~generator.errors.Problem` naming the link; the
content loader skips it (see :func:`generator.load.find_content`).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import Problem
from .model import Settings

TEMPLATES = "site_templates"


def read_folders(settings: Settings) -> list[str]:
    """What a build reads besides ``mkdocs.yml``, relative to the project: ``docs_dir``,
    ``custom_dir``, hooks and ``INHERIT`` (checked first, as the narrowest folders), the
    templates and the content."""
    return [*settings.engine_inputs, TEMPLATES, settings.content_dir]


def link_problems(project: Path, settings: Settings) -> list[Problem]:
    """One problem for each link that leads out of its folder, to a folder, nowhere,
    or round in a loop, in every folder the build reads (one per link)."""
    names = read_folders(settings)
    found: dict[str, Problem] = {}
    refused: list[Path] = []
    # A folder that leads out of the project is named once, not with each folder in it.
    for name in sorted(names, key=lambda n: len(Path(n).parts)):
        if not any(Path(name).is_relative_to(other) for other in refused):
            problem = top_problem(project, name)
            if problem is not None:
                refused.append(Path(name))
                found[problem.path] = problem
    for name in names:
        if not any(Path(name).is_relative_to(other) for other in refused):
            for problem in folder_problems(project, name):
                found.setdefault(problem.path, problem)
    return sorted(found.values())


def engine_problems(project: Path, folders: list[str | None]) -> list[Problem]:
    """The same check of the folders as the site engine resolved them (``!ENV`` values,
    settings from an ``INHERIT`` file), which ``mkdocs.yml`` alone does not show."""
    root = Path(os.path.abspath(project))
    problems: list[Problem] = []
    for folder in filter(None, folders):
        path = Path(os.path.abspath(root / folder))
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        problems += folder_problems(root, name)
    return problems


def top_problem(project: Path, name: str) -> Problem | None:
    """Why ``project / name`` itself may not be read (it leads out of the project), or None."""
    top = project / name
    if (top.exists() or top.is_symlink()) and not top.resolve().is_relative_to(project.resolve()):
        what = "folder" if top.is_dir() else "file"
        return _problem(top, project, f"expected a {what} inside the project, {_found(top)}")
    return None


def folder_problems(project: Path, name: str) -> list[Problem]:
    """The links under ``project / name`` (a folder, or one file) that are refused."""
    top = project / name
    outside = top_problem(project, name)
    if outside is not None:
        return [outside]
    if not top.is_dir():
        return []
    own = top.resolve()
    shown_own = f"{Path(name).as_posix().rstrip('/')}/"
    problems = []
    for link in links_under(str(top)):
        if os.path.basename(link).startswith(".#"):  # an editor's lock, never read
            continue
        path = Path(link)
        refused = link_refused(path, own)
        if refused:
            problems.append(
                _problem(path, project, f"expected a file inside {shown_own}, {refused}")
            )
    return problems


def links_under(top: str) -> Iterator[str]:
    """The path of every symbolic link under the folder ``top``, in the order
    :func:`os.walk` lists them: in each folder, the links to folders, then the others,
    then the folders' own. Only a link is looked at on its own (where it leads)."""
    for _, entries in listings(top):
        to_folders: list[str] = []
        others: list[str] = []
        for entry in entries:
            if entry.is_symlink():
                # As os.walk sorts it: is_dir follows the link, and is False on an error.
                (to_folders if _leads_to_folder(entry) else others).append(entry.path)
        yield from to_folders
        yield from others


def listings(top: str) -> Iterator[tuple[str, list[os.DirEntry[str]]]]:
    """Each folder under ``top`` (``top`` first) with its entries, in the order
    :func:`os.walk` visits them: a folder, then each of its folders in turn. What each
    entry is comes with the listing (no stat); links to folders are not entered; a folder
    that cannot be listed is passed over."""
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        yield folder, entries
        inner = [entry.path for entry in entries if entry.is_dir(follow_symlinks=False)]
        folders.extend(reversed(inner))


def _leads_to_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def link_refused(link: Path, own: Path) -> str | None:
    """Why the link ``link`` may not be read from the folder ``own`` (resolved), or None."""
    try:
        real = link.resolve(strict=True)
    except FileNotFoundError:
        return f"found a link to {os.readlink(link)}, which does not exist"
    except RuntimeError:  # Python 3.11 reports a loop so
        return f"found a link that loops ({os.readlink(link)})"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"found a link that loops ({os.readlink(link)})"
        return f"found a link that cannot be followed: {exc.strerror}"
    if real.is_dir():
        return f"found a link to a folder ({os.readlink(link)}): links to folders are not followed"
    if not real.is_relative_to(own):
        return f"found a link to {os.readlink(link)}: links are not followed out of their folder"
    return None


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is a file, or a link that :func:`link_refused` lets through."""
    if not path.is_symlink():
        return path.is_file()
    return link_refused(path, folder.resolve()) is None


def _found(path: Path) -> str:
    return f"found a link to {os.readlink(path)}" if path.is_symlink() else "found a path outside"


def _problem(path: Path, project: Path, message: str) -> Problem:
    shown = path.relative_to(project) if path.is_relative_to(project) else path
    return Problem(shown.as_posix(), 0, "", message, rule="symlink")
