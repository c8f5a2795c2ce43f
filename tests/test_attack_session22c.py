"""Attack session 22c: the Markdown budget (generator/render/budget.py) against fence
openers never closed (a preprocessor nothing counts), lists nested as deep as the
library goes (a rule's expression searched at a small fraction of its cost), real
writing charged for copies the library never makes (a ``_`` in a name, a heading per
line of a block), output that depends on the depth of the caller's stack, a flood that
leaves the library's parser in a state the next text inherits, and a plain-text
fallback that drops the rest of a text at a code span or shows notes Markdown hides.

As in tests/test_attack_session22a.py, work is counted deterministically (what the
library's code scans), never in seconds. docs/security.md promises: each text's work is
bounded by its budget (fifty per character and ten million besides), a flood is shown
as plain text "in under a second for 60 KB and a few seconds for 1 MB", real writing
"renders byte for byte as the library renders it", the plain text is "escaped, in its
paragraphs, without its comments and link definitions"; generator/parallel.py promises
that work run in forked workers gives "the same output as when they run here".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

import pytest
from markdown.blockprocessors import HRProcessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor

from statuspress.render.text import MarkdownRenderer

from .test_attack_session22a import _bound, _counter, _within
from .test_session22 import plain_renderer

_OPENER = re.compile(r"^(~{3,}|`{3,})[^\n]*\n", re.MULTILINE)
_CLOSER = re.compile(r"^(~{3,}|`{3,}) *$", re.MULTILINE)


def _fence_search(text: str, index: int) -> int:
    """What ``FENCED_BLOCK_RE.search(text, index)`` reads: from each opening fence line
    on, to the first line that is the same fence alone (where it stops, found), or to
    the end of the text (its lazy ``.*?`` tries every character of the rest)."""
    closers: dict[str, list[int]] = {}
    for line in _CLOSER.finditer(text):
        closers.setdefault(line.group(1), []).append(line.start())
    read = 0
    for opener in _OPENER.finditer(text, index):
        same = closers.get(opener.group(1), [])
        at = bisect.bisect_left(same, opener.end())
        if at < len(same):
            return read + same[at] - opener.start()
        read += len(text) - opener.start()
    return read


class _CountingFences:
    """The fenced code extension's expression, counting what each search reads before
    it runs (a search of 100 KB of openers runs for half a minute)."""

    def __init__(self, real: re.Pattern[str], add: Callable[[int], None]) -> None:
        self.real = real
        self.add = add

    def search(self, text: str, index: int = 0) -> re.Match[str] | None:
        self.add(_fence_search(text, index))
        return self.real.search(text, index)


def test_fence_openers_never_closed_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines that open a fence with a language (`` ```a ``) and are never closed: the
    fenced code extension's one search tries each of them and reads, with a lazy
    ``.*?``, to the end of the text looking for its closing fence (a line of the same
    fence alone). 25 KB of them took 2 s, 50 KB 7 s, 100 KB 28 s (1 MB would take about
    47 minutes), and the budget never sees it: the preprocessor is not counted ("a
    fenced code block is never counted") and the text is not even flooded. Counted at
    one per four characters the expression reads (measured: 28 ns each, half the speed
    of the library's Python code), 100 KB is sixteen times the budget the docs promise
    for every text."""
    source = "```a\n" * 20_000
    limit = _bound(source, per=4)
    total, add = _counter(limit)
    monkeypatch.setattr(
        FencedBlockPreprocessor,
        "FENCED_BLOCK_RE",
        _CountingFences(FencedBlockPreprocessor.FENCED_BLOCK_RE, add),
    )
    _within(lambda: MarkdownRenderer()(source), total, limit)


def test_a_rules_expression_on_a_list_nested_deep_is_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``- - - - ... a`` (50,000 dashes, 100 KB on one line) is a list nested as deep as
    the library goes (it stops some 450 levels down, short of Python's recursion
    limit), and at each level the rule reader searches the rest of the line with its
    expression ``(-+[ ]{0,2}){3,}``, which reads a line of dashes at 128 ns a character,
    slower than the library's Python code (58 ns). The budget charges that search one
    in 48 (``SEARCHED``): 100 KB took 3.8 s, 200 KB 7.3 s, 400 KB 34 s, 1 MB 60 s before
    the budget stopped it. Counted at one per character searched, the rule reader alone
    reads three times the budget the docs promise for every text ("a few seconds for
    1 MB")."""
    source = "- " * 50_000 + "a"
    limit = _bound(source)
    total, add = _counter(limit)
    test = HRProcessor.test

    def counting(self: HRProcessor, parent: Any, block: str) -> bool:
        found: bool = test(self, parent, block)
        add(self.match.end() if found else len(block))
        return found

    monkeypatch.setattr(HRProcessor, "test", counting)
    _within(lambda: MarkdownRenderer()(source), total, limit)


def _postmortem(pasted: str) -> str:
    return (
        "### Timeline\n\nAt 14:05 we [rolled back](https://example.com/rollback) the "
        "deploy; see the *runbook*.\n\nThe environment of the failing pod:\n\n"
        + pasted
        + "\nWe fixed `POOL_SIZE` in [#123](https://example.com/pr/123).\n"
    )


def _timeline(entries: int) -> str:
    return "Timeline of the outage, see the [status page](https://example.com/s).\n\n" + "".join(
        f"#### {i // 60:02d}:{i % 60:02d} UTC\nThe on-call engineer checked shard {i} "
        f"and saw the queue at {i * 7 % 1000} items.\n"
        for i in range(entries)
    )


REAL_WRITING = {
    "an environment pasted without a fence (123 KB)": _postmortem(
        "".join(f"SERVICE_{i}_MAX_POOL_SIZE=100\n" for i in range(4_000))
    ),
    "a log with a request_id on each line (730 KB)": _postmortem(
        "".join(
            f"2024-05-01 12:{i // 60 % 60:02d}:{i % 60:02d} INFO request_id={i:06d} "
            f"served /api/v1/items in {i % 97} ms\n"
            for i in range(10_000)
        )
    ),
    "a timeline of 4,000 headings without blank lines (346 KB)": _timeline(4_000),
}
"""Real writing the library renders in a third of a second at most. The first two
hold a ``_`` in a name on each line (``SERVICE_1_MAX``, ``request_id``): the emphasis
reader turns each down without copying anything (it returns no element, and the
library goes on from its end), but the budget charges it ``MATCHED`` and the copy of the
whole paragraph (``len(data) // COPIED``), as for a match taken. The third is a block
of a heading line and a line of text, 4,000 times: each heading is taken off the block
and the rest goes back, and the budget charges every block reader's test (a dozen of
them, most reading a line or two) a search of the whole rest of the block."""


@pytest.mark.parametrize("source", REAL_WRITING.values(), ids=REAL_WRITING.keys())
def test_real_writing_with_names_and_headings_is_not_flooded(
    monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    """Each is shown as plain text: its heading, links and emphasis are lost, though the
    library renders it in 0.1 to 0.4 s (the same as the counted renderer's own time to
    the flood). The docs promise "real writing uses a small part of it and renders byte
    for byte as the library renders it"."""
    counted, plain = MarkdownRenderer(), plain_renderer(monkeypatch)
    html = counted(source)
    assert html == plain(source)
    assert '<a href="https://example.com/' in html


NESTED = "- " * 1_000 + "a"
"""A list nested a thousand deep on one line (2 KB): the library nests it until the
stack is within 100 frames of Python's recursion limit, then reads the rest as text."""


def _deeper(frames: int, render: Callable[[], str]) -> str:
    return _deeper(frames - 1, render) if frames else render()


def test_the_same_text_renders_the_same_at_any_depth_of_the_stack() -> None:
    """``NESTED`` renders with 445 list items when converted from a shallow stack, 429
    when the same conversion starts 30 frames deeper, and 436 in a forked worker of
    :meth:`MarkdownRenderer.ahead` (measured from a script): how deep the library nests
    depends on the caller's stack, not on the text. A build with 500 texts or more
    converts them in workers, so its pages differ from a build that converts them here;
    generator/parallel.py promises "the output is the same as when they run here",
    and docs/security.md that "the same text renders the same on every machine"."""
    here = MarkdownRenderer()(NESTED)
    assert _deeper(40, lambda: MarkdownRenderer()(NESTED)) == here
    renderer = MarkdownRenderer()
    renderer.ahead([NESTED] + [f"Update {i}." for i in range(600)])
    assert renderer(NESTED) == here


def test_a_flood_leaves_nothing_to_the_next_text() -> None:
    """A list item followed by an indented block of 20,000 underlined headings (240 KB)
    is flooded while the library's parser reads the indented block, in its
    ``detabbed`` state: ``Flooded`` leaves that state on the parser (``parser.state``
    is never reset by ``Markdown.reset()``), and the renderer's next text, converted by
    the same Markdown instance, is read in it: its list item's second paragraph becomes
    a code block (``<li>item</li>`` then ``<pre><code>more of the item``), where a fresh
    renderer gives ``<li><p>item</p><p>more of the item</p></li>``. The same happens
    after a list nested deep is flooded (the parser left in 450 ``list`` states: the
    next text's paragraphs lose their ``<p>`` and their links). Each text must render
    as itself, whatever the renderer converted before (the renderer's memo and the
    build's workers assume it)."""
    flood = "- a\n\n" + "    a\n    -\n" * 40_000
    normal = "First paragraph.\n\n- item\n\n    more of the item\n"
    renderer = MarkdownRenderer()
    assert renderer(flood).startswith("<p>- a</p>")  # flooded: shown as plain text
    assert renderer(normal) == MarkdownRenderer()(normal)


FLOOD = "[a](" * 100_000
"""400 KB of link openers: a text holding it is shown as plain text."""


@pytest.mark.parametrize(
    "code",
    ["`<!--`", "\n\n    <!-- generated\n    x = 1\n\n"],
    ids=["a code span", "an indented code block"],
)
def test_a_flooded_text_hides_what_follows_a_comment_opener_even_in_code(code: str) -> None:
    """A ``<!--`` in a code span or an indented code block is code, shown as written
    (``<code>&lt;!--</code>``), but the plain text of a flooded text takes it for a
    comment never closed and drops everything after it: "The template cuts the summary
    at `<!--` and shows the rest. / The fix ships on Monday. / (400 KB)" becomes
    ``<p>The template cuts the summary at `</p>``, and the 400 KB are gone. The docs
    promise the text "shown as plain text, escaped, in its paragraphs"; only fenced
    code was kept (tests/test_attack_session22a.py).

    Since the fourth round (22d), the product chose (docs/security.md): the plain text of
    a flooded text leaves out whatever Markdown might hide, and more rather than less,
    since telling code from comment, or a definition from a sentence, means reading the
    text as the library does, which is what took too long. This test holds that choice:
    what comes before is shown, the rest is hidden, never a comment shown."""
    source = f"The template cuts the summary at {code} and shows the rest.\n\n"
    source += f"The fix ships on Monday.\n\n{FLOOD}"
    html = MarkdownRenderer()(source)
    assert html.startswith("<p>The template cuts the summary at"), html[:200]
    assert "The fix ships on Monday." not in html and "[a](" not in html


@pytest.mark.parametrize(
    "quoted",
    [
        "> [//]: # (ACME private: the customer was Initech)\n> Quoted.",
        "- [//]: # (ACME private: the customer was Initech)\n- An item.",
    ],
    ids=["in a quote", "in a list"],
)
def test_a_flooded_text_never_shows_notes_markdown_hides(quoted: str) -> None:
    """``[//]: # (a note)`` in a quote or a list item is a link definition there too: the
    library never shows it (``<blockquote><p>Quoted.</p></blockquote>``). The plain text
    of a flooded text leaves out only definitions at the start of a line, so this one is
    shown, with the note's words (a customer's name). The docs promise a flooded text
    "without its comments and link definitions (`[//]: # (a note)`)"."""
    assert "Initech" not in MarkdownRenderer()(quoted)
    html = MarkdownRenderer()(f"{quoted}\n\nHello.\n\n{FLOOD}")
    assert html.endswith("[a](</p>")  # flooded: shown as plain text
    assert "Initech" not in html
