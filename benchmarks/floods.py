"""How long one text flooded with Markdown's openers takes to render.

    python benchmarks/floods.py [--runs 3] [--sizes 60000 1000000] [--without 60000]

For each flood (one paragraph of one unit repeated to the size), prints the median
seconds of the renderer as it is (its work counted against a budget), and, for sizes
up to ``--without``, of the same renderer with nothing counted: the Markdown library
alone, which is quadratic in these inputs (minutes from 100 KB; leave it at 0 to skip).
"""

from __future__ import annotations

import argparse
import statistics
import time

from statuspress.render import text

FLOODS = {
    "link openers": "[a](",
    "image openers": "![a](",
    "unclosed tags": "<a ",
    "unclosed autolinks": "<http://a ",
    "end tags": "</a ",
    "escapes": "\\[a](",
    "hard line breaks": "a  \n",
    "code spans": "`a ",
    "emphasis": "*a ",
    "brackets": "[[[[",
    "rules in one block": "***\n",
    "underlined headings": "a\n-\n",
    "processing instructions": "<?\n\n",
    "nested lists in HTML": "<ul><li>",
    "nested divs": "<div>",
    "fences never closed": "```a\n",
    "a list nested deep": "- ",
    "reference openers": "[a][",
    "headings in one block": "#### 12:00\ntext\n",
}
"""Each repeated to the size, as one paragraph or block."""


def flood(name: str, size: int) -> str:
    """One flood of about ``size`` characters."""
    if name == "code spans never closed":  # runs of 1, 2, 3... backticks
        runs, length = [], 1
        while sum(map(len, runs)) < size:
            runs.append("`" * length + "a")
            length += 1
        return "".join(runs)
    if name == "table pipes after code spans":
        return "`a` " * (size // 8) + "|" * (size // 2) + "\nand a second line"
    unit = FLOODS[name]
    return unit * (size // len(unit))


class Unlimited:
    """A budget never spent: the Markdown library alone."""

    def start(self, source: str) -> None:
        pass

    def spend(self, work: int) -> None:
        pass


def seconds(renderer: text.MarkdownRenderer, source: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        renderer._convert(source)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[60_000, 1_000_000])
    parser.add_argument("--without", type=int, default=0)
    options = parser.parse_args()
    counted = text.MarkdownRenderer()
    counting = text.counted
    text.counted = lambda md: Unlimited()  # type: ignore[assignment,return-value]
    alone = text.MarkdownRenderer()
    text.counted = counting
    print(f"{'flood':20} {'size':>9} {'counted s':>10} {'library alone s':>16}")
    for name in [*FLOODS, "code spans never closed", "table pipes after code spans"]:
        for size in options.sizes:
            source = flood(name, size)
            ours = seconds(counted, source, options.runs)
            theirs = (
                f"{seconds(alone, source, options.runs):16.2f}"
                if size <= options.without
                else f"{'':16}"
            )
            print(f"{name:20} {len(source):9} {ours:10.2f} {theirs}", flush=True)


if __name__ == "__main__":
    main()
