"""Statuspress: a static public status page built from Markdown incident files."""

from __future__ import annotations

__version__ = "0.2.0"
