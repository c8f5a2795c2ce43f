"""Attack session 22e: the Markdown budget (generator/render/budget.py) against its own
estimator of the sanitiser's work, ``nesting()``, which moves every formatting element
left open above an end tag off the stack and back on, once per end tag (its own work
quadratic, before anything is spent); the fenced code reader's ``hl_lines="`` option,
whose lazy ``.*?`` crosses lines and tries a code block after every quote of the rest
of the text (the estimator charges each opener once); a paragraph of a few hundred
links, real writing now shown as plain text; and a plain-text fallback that shows a
link definition written over three lines, processing instructions and CDATA sections
(which every other output drops as comments), and the insides of ``<script>`` and
``<style>``.

As in the earlier rounds (tests/test_attack_session22a.py, 22c, 22d), work is counted
deterministically, never in seconds. docs/security.md promises that long text "is read
in linear time" (a content file of 1 MB in at most some 10 s), that real writing "renders
byte for byte as the library renders it", and that a flooded text is shown "leaving out
whatever Markdown might hide, and more rather than less"; MarkdownRenderer promises that
"HTML comments never reach any output", and text.py counts as comments "what a browser
reads as one (``<?x>``, ``<!x>``, ``<![CDATA[x]]>``)".
"""

from __future__ import annotations

import re
import sys
from types import FrameType
from typing import Any

import pytest
from markdown.extensions.fenced_code import FencedBlockPreprocessor

from statuspress.render import text
from statuspress.render.text import MarkdownRenderer

from .test_attack_session22c import _bound, _counter, _fence_search, _within

FLOOD = "[a](" * 100_000
"""400 KB of link openers: a text holding it is shown as plain text."""


def test_the_sanitiser_estimators_own_work_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """A raw HTML block of 3,000 ``<span>``, then 3,000 ``<b>``, then 3,000 ``</span>``
    (48 KB; allowed and unknown inline tags, nothing nested deep in block tags). The
    library reads it in linear time and spends 0.2 million of its 4.9-million budget.
    Then ``nesting()``, the budget's own estimate of the sanitiser's work, reads each
    ``</span>``: it pops the 3,000 ``<b>`` above it off its stack into ``kept`` (the
    parser would open them again) and pushes them all back, for each of the 3,000 end
    tags: 9 million elements moved twice, in a Python loop, before the work is spent
    (so the budget cannot stop it). Measured, in ``nesting()`` alone: 2,000 of each
    (32 KB) 0.46 s, 4,000 1.35 s, 8,000 (128 KB) 5.0 s; 1 MB would take some five
    minutes. (The sanitiser itself closes the ``<b>`` at the first ``</span>`` and
    reads the rest in linear time.) Counted here: the calls of Python's list and dict
    methods ``nesting()`` makes (one per element moved, looked up or counted), within
    the budget the docs promise for every text."""
    m = 3_000
    source = "<div>\n" + "<span>" * m + "<b>" * m + "</span>" * m + "\n</div>\n\nAfter."
    limit = _bound(source)
    total, add = _counter(limit)
    real = text.nesting

    def profiled(frame: FrameType, event: str, arg: Any) -> None:
        if event == "c_call" and frame.f_code is real.__code__:
            add(1)

    def counting(markup: str) -> int:
        sys.setprofile(profiled)
        try:
            return real(markup)
        finally:
            sys.setprofile(None)

    monkeypatch.setattr(text, "nesting", counting)
    _within(lambda: MarkdownRenderer()(source), total, limit)


_HL_OPENER = re.compile(r"^(?:~{3,}|`{3,})[ ]*(?:\.?[\w#.+-]*[ ]*)?hl_lines=([\"'])", re.M)


def _hl_search(source: str, index: int) -> int:
    """What ``FENCED_BLOCK_RE.search(source, index)`` reads, as 22c counts it
    (``_fence_search``: each opener to its closing fence or the end of the text), and
    besides, for an opener with ``hl_lines="`` whose quote the line does not close: the
    expression's ``(?P<hl_lines>.*?)(?P=quot)`` is lazy and crosses lines (``re.DOTALL``),
    so it stops at every later quote followed by the end of a line and, from there,
    reads a code block to its closing fence or to the end of the text (none here)."""
    read = _fence_search(source, index)
    for opener in _HL_OPENER.finditer(source, index):
        quote = re.escape(opener.group(1))
        for end in re.compile(rf"{quote}[ ]*\n").finditer(source, opener.end()):
            read += len(source) - end.end()
    return read


class _CountingHlFences:
    def __init__(self, real: re.Pattern[str], add: Any) -> None:
        self.real = real
        self.add = add

    def search(self, source: str, index: int = 0) -> re.Match[str] | None:
        self.add(_hl_search(source, index))
        return self.real.search(source, index)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_a_fence_opener_with_an_open_hl_lines_quote_is_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """````` ```hl_lines=" ````` and 5,000 lines ``x"`` (15 KB, no closing fence): the
    fenced code reader's expression takes ``hl_lines="`` to each later ``"`` at the end
    of a line in turn, and from each reads the rest of the text for a closing fence:
    quadratic in one search. The estimator (``_Fences._spend``) charges the opener once,
    to the end of the text, and the text renders as a paragraph, spending 24,000 of a
    1.6-million budget. Measured: 1,000 lines (3 KB) 0.05 s, 2,000 0.21 s, 4,000 (12 KB)
    0.81 s, these 5,000 1.1 s; a MB of them would take over an hour. Counted as 22c counts fences (one per
    four characters the expression reads), 15 KB reads some six times the budget the
    docs promise for every text."""
    source = '```hl_lines="\n' + 'x"\n' * 5_000 + "\nAfter."
    limit = _bound(source, per=4)
    total, add = _counter(limit)
    monkeypatch.setattr(
        FencedBlockPreprocessor,
        "FENCED_BLOCK_RE",
        _CountingHlFences(FencedBlockPreprocessor.FENCED_BLOCK_RE, add),
    )
    _within(lambda: MarkdownRenderer()(source), total, limit)


def test_a_flooded_text_never_shows_a_definition_written_over_three_lines() -> None:
    """A link definition may put its address on the line after its label and its title
    on the line after that (``[runbook]:`` / ``  https://wiki.example/initech`` /
    ``  "Internal runbook: Initech outage"``): the library reads the three lines as one
    definition and shows none of them, in a quote too. The plain text of a flooded text
    leaves out the label's line, takes the address's line for text (no title follows a
    label alone) and then the title's line too: ``<p>https://wiki.example/initech
    "Internal runbook: Initech outage"</p>``. The docs promise the plain text leaves out
    "every line that looks like a link definition ... with a title on the line after
    it"."""
    for written in (
        '[runbook]:\n  https://wiki.example/initech\n  "Internal runbook: Initech outage"',
        '> [runbook]:\n> https://wiki.example/initech\n> "Internal runbook: Initech outage"',
    ):
        source = f"{written}\n\nHello."
        assert "Initech" not in MarkdownRenderer()(source)
        html = MarkdownRenderer()(f"{source}\n\n{FLOOD}")
        assert html.endswith("[a](</p>")  # flooded: shown as plain text
        assert "Initech" not in html, html[:200]


@pytest.mark.parametrize(
    "hidden",
    [
        "<?note ACME private: the customer was Initech ?>",
        "<![CDATA[ ACME private: the customer was Initech ]]>",
        "Text <?note the customer was Initech ?> more.",
        "<script>\n// ACME private: the customer was Initech\n</script>",
        "<style>\n/* ACME private: the customer was Initech */\n</style>",
    ],
    ids=["a processing instruction", "a CDATA section", "an inline one", "a script", "a style"],
)
def test_a_flooded_text_never_shows_what_the_sanitiser_drops(hidden: str) -> None:
    """A processing instruction or a CDATA section is a comment to the sanitiser (and to
    a browser: text.py's ``_COMMENT`` leaves them out of unsanitised HTML for that
    reason), and the sanitiser drops a script or a style with its content: the page
    shows none of ``ACME private: the customer was Initech``. The plain text of a
    flooded text hides ``<!--...-->`` only, and shows each of these escaped, words and
    all (``<p>&lt;?note ACME private: the customer was Initech ?&gt;</p>``). Each is
    closed here: tests/test_attack_session22a.py keeps the text after a ``<?php`` that no
    ``>`` closes. The docs promise it leaves out whatever Markdown might hide, more rather than less, and
    MarkdownRenderer that comments never reach any output."""
    source = f"{hidden}\n\nHello."
    assert "Initech" not in MarkdownRenderer()(source)
    html = MarkdownRenderer()(f"{source}\n\n{FLOOD}")
    assert html.endswith("[a](</p>")  # flooded: shown as plain text
    assert "Initech" not in html, html[:200]
