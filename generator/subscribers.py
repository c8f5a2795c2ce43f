"""Who hears of new updates besides the chat webhook: e-mail addresses and JSON webhooks.

The list is personal data (people's addresses) and a webhook's URL and secret are
credentials, and most status repositories are public: it is read from a CI secret
(an environment variable) or a file outside the repository, never from the
repository. Nothing here prints an address, a URL or a secret: reports name a
subscriber by its place in the list and a masked form (``email[2] (j…@example.com)``).

The list, in YAML (or JSON)::

    email:
      - address: ops@example.com
        components: [api, web]     # optional: every component when left out
    webhooks:
      - url: https://hooks.example.com/status
        secret: a-long-random-string   # optional: signs each body (HMAC-SHA256)
        components: [api]
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .errors import expected
from .load import key_given_wrong
from .model import Settings

KEYS = ("email", "webhooks")
ITEM_KEYS = {"email": ("address", "components"), "webhooks": ("url", "secret", "components")}
_ADDRESS = re.compile(r"^[^@\s<>\"',;:()\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")
"""A bare address (``name@example.com``): nothing a header could be split on."""
WHY = (
    "subscribers' addresses are personal data and most status repositories are public: keep "
    "the list in a CI secret (--subscribers-env) or a file outside the repository"
)


class SubscriberError(Exception):
    """The list cannot be read or holds a mistake; the message has one line per problem."""


@dataclass(frozen=True)
class Subscriber:
    kind: str
    """``email`` or ``webhook``."""
    target: str
    """The e-mail address or the webhook's URL."""
    components: tuple[str, ...] = ()
    """The component ids the subscriber follows; empty for every one."""
    secret: str = ""
    """A webhook's signing key; empty for none."""
    label: str = ""
    """How reports name the subscriber without giving its address or URL away."""

    def wants(self, components: Iterable[str]) -> bool:
        """Whether an update of an event naming ``components`` reaches this subscriber: one
        that follows every component, or one of them; an event that names none reaches all."""
        named = set(components)
        return not self.components or not named or bool(named & set(self.components))


def masked_address(address: str) -> str:
    local, _, domain = address.rpartition("@")
    return f"{local[:1]}…@{domain}"


def from_environment(name: str, environ: Mapping[str, str] = os.environ) -> str:
    text = environ.get(name, "")
    if not text.strip():
        raise SubscriberError(f"--subscribers-env: the variable {name} is empty")
    return text


def from_file(path: Path, project: Path) -> str:
    """The list in ``path``, refused when it is inside the repository (or the project)."""
    real = path.resolve()
    for folder in {project.resolve(), _repository(project)}:
        if real.is_relative_to(folder):
            raise SubscriberError(f"--subscribers: {path} is inside the repository; {WHY}")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SubscriberError(f"--subscribers: cannot read {path}: {reason}") from None


def _repository(project: Path) -> Path:
    """The top of the git repository that holds ``project`` (``project`` outside one)."""
    result = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    top = result.stdout.strip()
    return Path(top).resolve() if result.returncode == 0 and top else project.resolve()


class _Twice(yaml.constructor.ConstructorError):
    """A key given twice in one mapping of the list."""

    def __init__(self, key: object, first: int, mark: yaml.Mark) -> None:
        super().__init__(None, None, "duplicate key", mark)
        self.key, self.first, self.line = key, first, mark.line + 1


def _without_dates() -> dict[Any, list[tuple[str, Any]]]:
    """The safe loader's implicit types but dates: a component id or an address is never
    one ("2026-13-45" stays text)."""
    return {
        first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class _ListLoader(yaml.SafeLoader):
    """YAML's safe loader (merge keys and all, as lists are written), refusing a key
    given twice in one mapping: YAML keeps the last, and would drop every subscriber of
    the first without a word."""

    yaml_implicit_resolvers = _without_dates()

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            wrong = key_given_wrong(self, node)
            if wrong is not None:
                key_node, key, first = wrong
                if first is not None:  # else a list as a key: refused below as no address
                    raise _Twice(key, first, key_node.start_mark)
        return super().construct_mapping(node, deep)


def read(text: str, where: str, settings: Settings) -> list[Subscriber]:
    """The subscribers in ``text``; every mistake is a line of the :class:`SubscriberError`.
    ``where`` names the source (``SUBSCRIBERS``, a path) in each line."""
    try:
        data = yaml.load(text, Loader=_ListLoader)  # the safe loader, with one more check
    except _Twice as exc:
        key = _shown(exc.key)
        raise SubscriberError(
            f"{where}: line {exc.line}: duplicate key "
            f"{key if '://' in str(exc.key) else repr(key)} (first given on line {exc.first}): "
            "give each key once"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        what = " ".join(str(getattr(exc, "problem", "") or "").split())
        raise SubscriberError(
            f"{where}: expected YAML or JSON, found text that is not: {line}{what}"
        ) from None
    except (ValueError, TypeError, AttributeError, OverflowError):
        # A value YAML parses but cannot build: its words may hold a secret, unsaid.
        raise SubscriberError(
            f"{where}: expected YAML or JSON, found a value YAML cannot read (a number of "
            "thousands of digits, a tag such as !!int on text): put it in quotes"
        ) from None
    problems: list[str] = []
    found: list[Subscriber] = []
    if not isinstance(data, dict):
        raise SubscriberError(f"{where}: expected a mapping with email and webhooks lists")
    for key in data:
        if key not in KEYS:
            problems.append(f"{where}: {expected('email or webhooks', _shown(key), KEYS)}")
    for kind in KEYS:
        items = data.get(kind) or []
        if not isinstance(items, list):
            problems.append(f"{where}: {kind}: expected a list")
            continue
        for index, item in enumerate(items):
            place = f"{where}: {kind}[{index}]"
            subscriber = _item(kind, index, item, place, settings, problems)
            if subscriber is not None:
                found.append(subscriber)
    if problems:
        raise SubscriberError("\n".join(problems))
    return found


def merged(subscribers: Iterable[Subscriber]) -> list[Subscriber]:
    """One subscriber per address (in any case) or URL, in the order first listed: one
    listed twice (or in both the secret and the file) gets each update once, for every
    component either entry follows. Webhooks with different secrets stay apart."""
    found: dict[tuple[str, str, str], Subscriber] = {}
    for subscriber in subscribers:
        target = subscriber.target.lower() if subscriber.kind == "email" else subscriber.target
        key = (subscriber.kind, target, subscriber.secret)
        before = found.get(key)
        if before is None:
            found[key] = subscriber
            continue
        every = not before.components or not subscriber.components
        components = (
            () if every else tuple(dict.fromkeys(before.components + subscriber.components))
        )
        found[key] = dataclasses.replace(before, components=components)
    return list(found.values())


def _shown(key: object) -> str:
    """A key as a report may repeat it: masked when it looks like an address (a list
    written as ``ana@example.org: [api]``) or a URL (a webhook's may hold its secret),
    since the report may be public."""
    text = str(key)
    if "://" in text:
        return f"a URL ({_hostname(text) or 'unreadable'})"
    return masked_address(text) if "@" in text else text


def http_url(url: str) -> bool:
    """Whether ``url`` is an http(s) URL with a host that a request can be made to:
    no space or control character in it, a port that is a number. Said without
    repeating the URL, by whoever asks: a webhook's URL is a secret."""
    if any(c.isspace() or not c.isprintable() for c in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _hostname(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _item(
    kind: str, index: int, item: Any, place: str, settings: Settings, problems: list[str]
) -> Subscriber | None:
    if isinstance(item, str) and kind == "email":
        item = {"address": item}
    if not isinstance(item, dict):
        problems.append(f"{place}: expected a mapping")
        return None
    before = len(problems)
    for key in item:
        if key not in ITEM_KEYS[kind]:
            choices = ITEM_KEYS[kind]
            problems.append(f"{place}: {expected(' or '.join(choices), _shown(key), choices)}")
    components = item.get("components") or []
    if isinstance(components, str):
        components = [components]
    if not isinstance(components, list):
        problems.append(f"{place}.components: expected a list of component ids")
        components = []
    known = [c.id for c in settings.components]
    for ident in components:
        if str(ident) not in known:
            what = "a component id from mkdocs.yml"
            problems.append(f"{place}.components: {expected(what, str(ident), known)}")
    secret = item.get("secret") or ""
    if kind == "email":
        target = item.get("address")
        # The address is not repeated: the report may be public (a CI log).
        if not isinstance(target, str) or not _ADDRESS.match(target.strip()):
            problems.append(f"{place}.address: expected an e-mail address such as name@example.com")
            return None
        target = target.strip()
        label = f"email[{index}] ({masked_address(target)})"
    else:
        url = item.get("url")
        # The URL is not repeated: it may hold a secret (a chat webhook's token).
        if not isinstance(url, str) or not http_url(url.strip()):
            problems.append(f"{place}.url: expected an http(s) URL")
            return None
        if not isinstance(secret, str):
            problems.append(f"{place}.secret: expected text (put a secret of digits in quotes)")
            return None
        target = url.strip()
        label = f"webhooks[{index}] ({_hostname(target)})"
    if len(problems) > before:
        return None
    return Subscriber(
        "email" if kind == "email" else "webhook",
        target,
        tuple(str(c) for c in components),
        secret,
        label,
    )
