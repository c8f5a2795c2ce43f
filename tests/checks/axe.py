"""axe-core, injected into a page that Playwright has open."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .tools import AXE_JS

if TYPE_CHECKING:
    from playwright.sync_api import Page

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN = """tags => axe
  .run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(result => result.violations)"""


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations of WCAG 2.1 A and AA on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(RUN, WCAG_21_AA)
    return found


def describe(found: list[dict[str, Any]]) -> list[str]:
    """One line per failing element: rule, impact, element and what to fix."""
    lines = []
    for violation in found:
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(
                f"{violation['id']} ({violation['impact']}): {' '.join(node['html'].split())}"
                f" -- {summary}"
            )
    return lines
