"""Results remembered by key, across the builds of one preview or through the build cache."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Remembers what ``make`` returned for each key, and which keys were asked for
    since :meth:`carry`, so that only what a build used is carried to the next."""

    def __init__(self) -> None:
        self._known: dict[K, V] = {}
        self._used: set[K] = set()

    def get(self, key: K, make: Callable[[], V]) -> V:
        self._used.add(key)
        if key in self._known:
            return self._known[key]
        value = self._known[key] = make()
        return value

    def knows(self, key: K) -> bool:
        return key in self._known

    def carry(self) -> dict[K, V]:
        """What was used since the last call."""
        used = {key: self._known[key] for key in self._used}
        self._used = set()
        return used

    def recall(self, known: dict[K, V]) -> None:
        self._known.update(known)

    def prune(self) -> dict[K, V]:
        """Forget what was not used since the last call (or :meth:`carry`); return
        what is kept."""
        self._known = {key: self._known[key] for key in self._used}
        self._used = set()
        return dict(self._known)
