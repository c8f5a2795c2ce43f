"""Every built page passes the Nu Html Checker, and the check fails on broken markup."""

from __future__ import annotations

from pathlib import Path

from .checks import vnu
from .checks.tools import NPM_HINT, VNU_JAR, need_file


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_passes_the_nu_html_checker(sample_site: Path, java: str) -> None:
    need_file(VNU_JAR, NPM_HINT)
    pages = html_pages(sample_site)
    assert len(pages) >= 14  # status, history, 404 and one page per incident
    found = vnu.errors(java, pages)
    shown = [line.replace(str(sample_site), "site") for line in found]
    assert shown == [], "\n".join(shown)


def test_the_html_check_fails_on_a_broken_page(broken_site: Path, java: str) -> None:
    need_file(VNU_JAR, NPM_HINT)
    found = vnu.errors(java, html_pages(broken_site))
    status_page = str(broken_site / "index.html")
    assert found, "vnu accepted a page with an image without alt and a div inside a ul"
    assert all(line.startswith(f"{status_page}:") for line in found), found
    text = "\n".join(found)
    assert "An “img” element must have an “alt” attribute" in text
    assert "Element “div” not allowed as child of element “ul”" in text
