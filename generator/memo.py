"""Results remembered by key, across the builds of one preview or through the build cache.

What the build cache kept is not read as a whole: a :class:`Memo` or a :class:`Recalled`
mapping is given the cache's :class:`Stored` entries of its kind, and takes one from
them (the cache checks it then) only when a build asks for its key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar, cast

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

MISSING: Any = object()
"""What :meth:`Stored.find` returns for a key it does not hold (or holds a bad entry for)."""


class Stored(Mapping[K, V]):
    """Entries an earlier build kept, read one by one when asked for.

    :meth:`find` reads one entry; iterating reads them all. An entry that cannot be
    trusted is not given (the subclass says so once): it is as if it were not there."""

    def find(self, key: K) -> V:
        """The entry for ``key``, or :data:`MISSING`."""
        raise NotImplementedError

    def names(self) -> Iterable[K]:
        """The keys of the entries kept, good or bad."""
        raise NotImplementedError

    def holds(self, key: K) -> bool:
        """Whether an entry is kept for ``key``, without reading it (it may prove bad
        when it is read)."""
        return self.find(key) is not MISSING

    def __getitem__(self, key: K) -> V:
        value = self.find(key)
        if value is MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.find(cast(K, key)) is not MISSING

    def __iter__(self) -> Iterator[K]:
        return (key for key in list(self.names()) if self.find(key) is not MISSING)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Memo(Generic[K, V]):
    """Remembers what ``make`` returned for each key, and which keys were asked for
    since :meth:`carry`, so that only what a build used is carried to the next."""

    def __init__(self) -> None:
        self._known: dict[K, V] = {}
        self._used: set[K] = set()
        self._stored: Stored[K, V] | None = None

    def get(self, key: K, make: Callable[[], V]) -> V:
        self._used.add(key)
        if self.knows(key):
            return self._known[key]
        value = self._known[key] = make()
        return value

    def knows(self, key: K) -> bool:
        if key in self._known:
            return True
        if self._stored is None:
            return False
        value = self._stored.find(key)
        if value is MISSING:
            return False
        self._known[key] = value
        return True

    def holds(self, key: K) -> bool:
        """Whether a value for ``key`` is known or stored, without reading it (a stored
        one may prove bad when it is read)."""
        if key in self._known:
            return True
        return self._stored is not None and self._stored.holds(key)

    def used(self) -> dict[K, V]:
        """What was asked for since the last :meth:`carry`, with its value (what work made
        in another process gives back: see :meth:`absorb`)."""
        return {key: self._known[key] for key in self._used if key in self._known}

    def absorb(self, used: Mapping[K, V]) -> None:
        """Take what :meth:`used` gave in another process as made and asked for here."""
        self._known.update(used)
        self._used.update(used)

    def carry(self) -> dict[K, V]:
        """What was used since the last call."""
        used = {key: self._known[key] for key in self._used}
        self._used = set()
        return used

    def recall(self, known: Mapping[K, V]) -> None:
        """Take ``known`` as results made before; entries :class:`Stored` by the build
        cache are read only when asked for."""
        if isinstance(known, Stored):
            self._stored = known
        else:
            self._known.update(known)

    def prune(self) -> dict[K, V]:
        """Forget what was not used since the last call (or :meth:`carry`); return
        what is kept."""
        self._known = {key: self._known[key] for key in self._used}
        self._used = set()
        self._stored = None
        return dict(self._known)


class Unkept(Memo[K, V]):
    """A memo for a build nobody asks for again: it makes each value when asked and keeps
    none (a full build's pages, which the engine lets go once it has written each)."""

    def get(self, key: K, make: Callable[[], V]) -> V:
        return make()


class Recalled(dict[K, V]):
    """A dict that also holds entries :class:`Stored` by an earlier build, each read
    when its key is first asked for (with ``in``, ``[]`` or ``get``); iterating, or
    asking for the size, reads them all. It records which keys were set since, so that
    the build cache writes only those."""

    def __init__(self, stored: Stored[K, V] | None = None) -> None:
        super().__init__()
        self.stored = stored
        self.changed: set[K] = set()
        """The keys set since it was made."""
        self.kept: set[K] = set()
        """The keys of stored entries kept for the next build though never read."""

    def _has(self, key: K) -> bool:
        if dict.__contains__(self, key):
            return True
        if self.stored is None:
            return False
        value = self.stored.find(key)
        if value is MISSING:
            return False
        dict.__setitem__(self, key, value)
        return True

    def keep(self, key: K) -> bool:
        """Whether it holds an entry for ``key``; one that is only stored is not read,
        but kept for the next build as if it had been."""
        if dict.__contains__(self, key):
            return True
        if self.stored is None or not self.stored.holds(key):
            return False
        self.kept.add(key)
        return True

    def unread(self) -> set[K]:
        """The keys :meth:`keep` kept and that were not read since."""
        return {key for key in self.kept if not dict.__contains__(self, key)}

    def _all(self) -> None:
        if self.stored is not None:
            for key in list(self.stored.names()):
                self._has(key)
            self.stored = None

    def __contains__(self, key: object) -> bool:
        return self._has(cast(K, key))

    def __getitem__(self, key: K) -> V:
        if not self._has(key):
            raise KeyError(key)
        return dict.__getitem__(self, key)

    def get(self, key: K, default: Any = None) -> Any:
        return dict.__getitem__(self, key) if self._has(key) else default

    def __setitem__(self, key: K, value: V) -> None:
        self.changed.add(key)
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: K) -> None:
        self._all()
        dict.__delitem__(self, key)

    def __iter__(self) -> Iterator[K]:
        self._all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._all()
        return dict.__len__(self)

    def keys(self) -> Any:
        self._all()
        return dict.keys(self)

    def items(self) -> Any:
        self._all()
        return dict.items(self)

    def values(self) -> Any:
        self._all()
        return dict.values(self)

    def __repr__(self) -> str:
        self._all()
        return dict.__repr__(self)

    def __eq__(self, other: object) -> bool:
        self._all()
        if isinstance(other, Recalled):
            other._all()
        return dict.__eq__(self, other)

    __hash__ = None

    def read(self) -> dict[K, V]:
        """The entries read or set so far (not those still only stored), as a dict."""
        return dict(dict.items(self))

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key: K, default: Any = None) -> Any:
        if not self._has(key):
            self[key] = default
        return dict.__getitem__(self, key)

    def pop(self, key: K, *default: Any) -> Any:
        self._has(key)
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[K, V]:
        self._all()
        return dict.popitem(self)

    def copy(self) -> dict[K, V]:
        self._all()
        return self.read()
