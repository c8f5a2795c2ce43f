"""What one build knows and leaves for the next: the state the build driver
(:mod:`generator.build`) works on, the build cache (:mod:`generator.buildcache`) keeps
on disk and the preview keeps in memory."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .derive import Uptime
from .filecheck import ValidateMemo
from .incremental import Built, EngineRun
from .load import ParseCache
from .memo import Memo
from .model import Settings
from .pipeline import LintMemo
from .render import Renderers
from .seen import Seen
from .snapshot import Snapshot


@dataclass
class BuildState:
    """What one build knows and leaves for the next."""

    settings: Settings | None = None
    """The settings, read once by the build that is running."""
    parsed: ParseCache = field(default_factory=dict)
    """Parsed content files by the digest of their bytes (from the build cache: a
    :class:`~generator.memo.Recalled` dict, which reads an entry when it is asked for)."""
    linted: LintMemo = field(default_factory=dict)
    """The blameless lint's findings in the content files, by their bytes (as
    :attr:`parsed`)."""
    validated: ValidateMemo = field(default_factory=dict)
    """What checking each content file gave (its model object or its problems), by its
    bytes and what else its check read (see :mod:`generator.filecheck`)."""
    memo: dict[str, Mapping[Any, Any]] | None = None
    """Conversions, pages and feeds a build used (see :meth:`Renderers.memo`), for the
    next; from the build cache, each kind is :class:`~generator.memo.Stored` entries,
    read when asked for."""
    renderers: Renderers | None = None
    """The Markdown renderers and template environments of the last build."""
    site: str = ""
    """The site folder the last build wrote."""
    built: Built | None = None
    """The record of what the last build wrote; None makes the next build a full one."""
    files: dict[str, tuple[int, int]] | None = None
    """The site folder's :func:`~generator.incremental.snapshot` after the last build: a
    folder changed since is built in full. None: the folder is the caller's alone (the
    preview's) and is not checked."""
    seen: Seen | None = None
    """The stat and digest of each content file as the last build read it: a file
    whose stat is unchanged is not read again (see :mod:`generator.seen`)."""
    engine: EngineRun | None = None
    """The engine's record of its last run (its frames); None before the first."""
    snapshot: Snapshot | None = None
    """The derived facts of the site the running build renders (made once, shared by
    every renderer)."""
    uptimes: Memo[str, Uptime] = field(default_factory=Memo)
    """Components' uptimes by the digest of what they read (see :mod:`generator.depends`),
    for the next build to reuse."""

    def renderers_for(self, sanitise: bool) -> Renderers:
        """The renderers to use: the last build's, or new ones that know its conversions."""
        if self.renderers is None or self.renderers.sanitise != sanitise:
            self.renderers = Renderers(sanitise)
            if self.memo is not None:
                self.renderers.recall(self.memo)
        return self.renderers

    def forget_site(self) -> None:
        """Make the next build a full one (the templates or settings changed), with the
        templates read again (the compiled ones would hide an override added since)."""
        self.built = None
        if self.renderers is not None:
            self.renderers.templates.clear()
