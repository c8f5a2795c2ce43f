"""Which content files are unchanged since the last build, by their stat alone.

A build records, for each content file it read, its stat (size, modification and
change times in nanoseconds, inode, device) and the digest of its bytes. The next
build reads and hashes a file again only when its stat differs, or when the stat
cannot be trusted: when the file's change time was within :data:`RACY_NS` of the
moment the recording build began. A file written in the same instant as that build
could be written again with an equal stat (git calls this a "racy" entry): such a file
is always read again, until a build that began well after its last change records it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Stat = tuple[int, int, int, int, int]
"""A file's size, modification time (ns), change time (ns), inode and device."""
RACY_NS = 2_000_000_000
"""A recorded stat is trusted only when the file's change time was this long (2 s)
before the build that recorded it began."""
clock: Callable[[], int] = time.time_ns
"""The time now, in nanoseconds since 1970 (the file system's clock)."""


def stat_of(path: Path) -> Stat | None:
    """The stat of the file ``path`` names (through a link), or None when there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)


class Seen:
    """The stat and digest of each content file, as one build read them."""

    def __init__(self, at: int | None = None, files: dict[str, tuple[Stat, bytes]] | None = None):
        self.at = clock() if at is None else at
        """When the build began reading (ns since 1970): taken before any stat."""
        self.files: dict[str, tuple[Stat, bytes]] = {} if files is None else files
        """By the path shown to authors: the stat taken before reading, and the digest."""

    def digest(self, shown: str, stat: Stat | None) -> bytes | None:
        """The digest of the file's bytes when its stat is the one recorded, and was
        recorded long enough after its last change to be trusted; else None (read it)."""
        known = self.files.get(shown)
        if stat is None or known is None or known[0] != stat:
            return None
        return known[1] if known[0][2] < self.at - RACY_NS else None

    def read_since(self, last: Seen | None) -> int:
        """How many of the files this record holds a build that had ``last`` read again
        (see :meth:`digest`)."""
        if last is None:
            return len(self.files)
        return sum(1 for shown, (stat, _) in self.files.items() if last.digest(shown, stat) is None)

    def data(self) -> dict[str, Any]:
        """As the build cache keeps it: plain JSON values."""
        files = {shown: [*stat, digest.hex()] for shown, (stat, digest) in self.files.items()}
        return {"at": self.at, "files": files}

    @classmethod
    def of(cls, data: Any) -> Seen | None:
        """What :meth:`data` gave; None for anything else (then every file is read)."""
        try:
            files = {}
            for shown, entry in data["files"].items():
                *stat, digest = entry
                if len(stat) != 5 or not all(type(item) is int for item in stat):
                    return None
                files[shown] = (
                    (stat[0], stat[1], stat[2], stat[3], stat[4]),
                    bytes.fromhex(digest),
                )
            at = data["at"]
            return cls(at, files) if type(at) is int else None
        except (AttributeError, KeyError, TypeError, ValueError):
            return None
