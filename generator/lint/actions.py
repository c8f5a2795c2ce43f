"""The action-item rules of a postmortem: controls, not exhortations; specific,
bounded, owned and dated."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..load import SourceFile
from ..vocabulary import FINISHED
from .rules import Finding, Rule, rules
from .text import silences


@cache
def _patterns(rule: Rule) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in rule.patterns)


def lint_actions(source: SourceFile, raw: list[str], disabled: frozenset[str]) -> list[Finding]:
    actions = source.data.get("action_items")
    if not isinstance(actions, list):
        return []
    found = []
    for index, item in enumerate(actions):
        if isinstance(item, dict):
            found += _lint_action(source.line_of("action_items", index), item, raw, disabled)
    return found


def _lint_action(
    line: int, item: dict[str, Any], raw: list[str], disabled: frozenset[str]
) -> list[Finding]:
    title = item["title"] if isinstance(item.get("title"), str) else ""
    done = item.get("status") in FINISHED
    found = []
    for rule in rules():
        if rule.where != "action" or rule.id in disabled:
            continue
        if rule.check is not None:
            if done or item.get(rule.check):
                continue
            finding = Finding(rule, line, title)
        else:
            match = next((m for p in _patterns(rule) if (m := p.search(title))), None)
            if not title or match is None:
                continue
            finding = Finding(rule, line, title, match.start(), match.end())
        if not silences(raw[line - 1 : line], rule.id):
            found.append(finding)
    return found
