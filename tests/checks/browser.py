"""Headless Chromium through Playwright: Debian's browser, never a downloaded one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .tools import CHROMIUM

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

# Flags that work as root on these machines; the background-networking ones keep
# Chromium from calling outside hosts (the network reaches none of them anyway).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
]

DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}


def launch(playwright: Playwright) -> Browser:
    """Chromium from ``/usr/bin/chromium``, headless.

    Playwright gives every launch a fresh temporary profile (``--user-data-dir``)
    and refuses the flag itself.
    """
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
