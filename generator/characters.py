"""Which characters can be published: the one rule that check and build share.

Feeds are XML, which refuses most control characters outright (lxml stops the
build on them); pages, JSON and calendars would carry them but show nothing
useful. So every string of the content is checked once, when it is read.
"""

from __future__ import annotations

import re

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
_UNPRINTABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
"""Characters no output can carry: control characters but tab and newline (carriage
returns included: YAML turns line ends into newlines, so only an escape makes one),
lone surrogates and non-characters. XML (feeds) refuses most of them outright."""
_UNPRINTABLE_IN_BODY = re.compile(f"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_NONCHARACTERS}]")
"""In a Markdown body, a carriage return is allowed as the start of a CRLF line end."""


_PRINTABLE_ASCII = {
    body: bytes(c for c in range(128) if not pattern.match(chr(c)))
    for body, pattern in ((False, _UNPRINTABLE), (True, _UNPRINTABLE_IN_BODY))
}
"""The ASCII characters each pattern lets through, taken alone (a carriage return is not
one of the body's: only a CRLF line end is)."""


_UNSHOWN = re.compile(
    f"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff{_NONCHARACTERS}]"
)
"""What a line in a terminal or a log must not carry as it is: control characters (line
ends and tabs among them, and the escape that starts a terminal's commands), line and
paragraph separators, the controls that reorder text, lone surrogates, non-characters."""


def one_line(text: str) -> str:
    """``text`` safe to show on one line of a terminal or a log: each character of
    :data:`_UNSHOWN` written as Python writes it in a string (``\\x1b``, ``\\n``)."""
    return _UNSHOWN.sub(lambda found: repr(found.group())[1:-1], text)


def _printable_ascii(text: str, body: bool) -> bool:
    """True when ``text`` is ASCII made only of characters every output can carry: the
    answer for nearly all content, found by bytes' ``translate`` many times faster than
    by a search. False says nothing: the search decides."""
    return text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_ASCII[body])


def all_printable(texts: list[str]) -> bool:
    """Whether no text in ``texts`` holds a character no output can carry: one search
    over them all, joined by newlines (which they may hold)."""
    joined = "\n".join(texts)
    return _printable_ascii(joined, False) or _UNPRINTABLE.search(joined) is None


def unprintable(text: str, body: bool = False) -> str | None:
    """What no output can carry in ``text`` (see :data:`_UNPRINTABLE`), or None."""
    found = first_unprintable(text, body)
    return found[1] if found else None


def first_unprintable(text: str, body: bool = False) -> tuple[int, str] | None:
    """Where the first character no output can carry is in ``text``, and what was
    expected; None when there is none. In a ``body``, CRLF line ends are fine."""
    if _printable_ascii(text, body):
        return None
    found = (_UNPRINTABLE_IN_BODY if body else _UNPRINTABLE).search(text)
    if found is None:
        return None
    return found.start(), _describe(found.group()[0], body)


def publishable(html: str) -> str:
    """``html`` with each character no output can carry replaced by U+FFFD, as an HTML
    parser shows a reference to no character (``&#0;``). For the HTML the sanitiser
    makes: it turns a character reference (``&#1;``, ``&#xFFFF;``) that passed the
    check as text into the character itself."""
    if _printable_ascii(html, False):
        return html
    return _UNPRINTABLE.sub("\ufffd", html)


def _describe(char: str, body: bool) -> str:
    code = f"U+{ord(char):04X}"
    if body and char == "\r":
        return f"expected printable text, found a carriage return {code} without a newline after it"
    if "\ud800" <= char <= "\udfff":
        kind = "the lone surrogate"
    elif char <= "\x9f":
        kind = "the control character"
    else:
        kind = "the non-character"
    return f"expected printable text, found {kind} {code}"


def refused_by_yaml(text: str, position: int, character: object) -> tuple[int, int, str]:
    """Where (line and column from 1) and why YAML refused an unescaped ``character``
    at ``position`` in ``text``: the same message as for an escaped one."""
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    char = chr(character) if isinstance(character, int) else str(character)[:1] or "?"
    return line, column, unprintable(char) or f"expected printable text, found U+{ord(char):04X}"


MAX_NESTING = 32
"""How deep Markdown may nest lists and quotes: the renderer recurses once per level
(a few hundred stop it with RecursionError), and no page needs more."""
_CONTAINER = re.compile(r"(?:[-*+](?:[ \t]+|$)|\d{1,9}[.)](?:[ \t]+|$)|>[ \t]*)")
_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*\n?")
"""A horizontal rule (``- - -``): read as one before any list."""


def first_too_deep(text: str) -> tuple[int, str] | None:
    """Where ``text`` first nests lists and quotes deeper than :data:`MAX_NESTING`,
    counting each marker at the start of a line and each 4 columns of indentation
    before one (what Markdown reads as a level), and what to say; or None."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if _RULE.fullmatch(line):
            offset += len(line)
            continue
        wide = line.expandtabs(4)
        rest = wide.lstrip(" ")
        depth, at = 0, 0
        while (marker := _CONTAINER.match(rest, at)) and marker.end() > at:
            depth, at = depth + 1, marker.end()
        if depth:
            depth += (len(wide) - len(rest)) // 4
        if depth > MAX_NESTING:
            found = f"expected lists and quotes nested at most {MAX_NESTING} deep, found {depth}"
            return offset, found
        offset += len(line)
    return None
