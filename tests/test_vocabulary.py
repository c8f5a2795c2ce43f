"""The vocabulary (statuses, severities, impacts and their labels) is spelled out once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import statuspress
from statuspress import vocabulary as v
from statuspress.i18n import language

PACKAGE = Path(statuspress.__file__).parent

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "component statuses": v.COMPONENT_STATUSES,
    "incident statuses": v.INCIDENT_STATUSES,
    "maintenance statuses": v.MAINTENANCE_STATUSES,
    "impacts": v.INDICATORS,
    "severities": v.SEVERITY_ORDER,
    "postmortem statuses": v.POSTMORTEM_STATUSES,
    "postmortem kinds": v.POSTMORTEM_KINDS,
    "action statuses": v.ACTION_STATUSES,
    "detections": v.DETECTIONS,
    "roles": v.ROLES,
}
NAMES = {
    name
    for node in ast.parse((PACKAGE / "vocabulary.py").read_text()).body
    if isinstance(node, ast.Assign)
    for target in node.targets
    if isinstance(target, ast.Name)
    for name in [target.id]
}


def _collections(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """Each literal tuple, list or set, and each dict's keys, as the strings they hold."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        words = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
        found.append((node.lineno, words))
    return found


def spelled_out(source: str, shown: str) -> list[str]:
    """Where ``source`` writes two or more words of one vocabulary in one literal (a list
    of statuses, a mapping keyed by impact...), or takes a vocabulary from the model."""
    tree = ast.parse(source)
    problems = []
    for line, words in _collections(tree):
        for name, vocabulary in VOCABULARIES.items():
            hits = sorted({w for w in words if w in vocabulary})
            if len(hits) >= 2:
                problems.append(f"{shown}:{line}: {name} spelled out: {', '.join(hits)}")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("model"):
            borrowed = [a.name for a in node.names if a.name in NAMES]
            if borrowed:
                problems.append(f"{shown}:{node.lineno}: from the model: {', '.join(borrowed)}")
    return problems


def test_no_module_but_the_vocabulary_spells_it_out() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "vocabulary.py":
            continue
        problems += spelled_out(path.read_text(), str(path.relative_to(PACKAGE)))
    assert problems == []


@pytest.mark.parametrize(
    ("source", "complaint"),
    [
        ('LIVE = ("investigating", "identified")', "x.py:1: incident statuses spelled out"),
        ('if s in ["major_outage", "partial_outage"]: pass', "component statuses spelled out"),
        ('COLOURS = {"minor": "#fa0", "critical": "#f00"}', "impacts spelled out"),
        ('ORDER = ("SEV-1", "SEV-2")', "severities spelled out"),
        ("from .model import IMPACTS, Site", "x.py:1: from the model: IMPACTS"),
        ("from ..model import STATUS_LABELS", "from the model: STATUS_LABELS"),
    ],
)
def test_the_check_finds_a_vocabulary_spelled_out(source: str, complaint: str) -> None:
    assert any(complaint in p for p in spelled_out(source, "x.py")), spelled_out(source, "x.py")


@pytest.mark.parametrize(
    "source",
    [
        'if status == "resolved": pass',  # one word is a use, not a list
        'TYPES = ("incident", "maintenance", "postmortem", "component")',
        "from .vocabulary import IMPACTS\nfrom .model import Site",
    ],
)
def test_the_check_lets_a_use_pass(source: str) -> None:
    assert spelled_out(source, "x.py") == []


def test_the_model_still_offers_what_it_offered() -> None:
    from statuspress import model

    assert model.IMPACTS is v.IMPACTS
    assert model.STATUS_LABELS is v.STATUS_LABELS


def test_each_word_has_its_labels_and_its_order() -> None:
    # and the status pages show for a maintenance called off (never written in a file)
    statuses = {*v.COMPONENT_STATUSES, *v.INCIDENT_STATUSES, *v.MAINTENANCE_STATUSES}
    statuses.add(v.CALLED_OFF)
    assert v.CALLED_OFF not in v.MAINTENANCE_STATUSES
    assert set(v.STATUS_LABELS) == set(v.STATUS_WORDS) == statuses
    assert set(v.IMPACT_LABELS) == set(v.INDICATOR_DESCRIPTIONS) == set(v.INDICATOR_WORDS)
    assert set(v.IMPACT_LABELS) == set(v.INDICATORS) == {*v.IMPACTS, v.MAINTENANCE}
    assert set(v.ACTION_LABELS) == set(v.ACTION_STATUSES)
    assert set(v.IMPACT_OF_STATUS) == set(v.COMPONENT_STATUSES)
    assert set(v.IMPACT_OF_STATUS.values()) <= set(v.INDICATORS)
    assert set(v.SEVERITIES.values()) <= set(v.IMPACTS)
    # Worst first for severities; least first for impacts: SEV-1 is the worst impact.
    assert [v.SEVERITIES[s] for s in v.SEVERITIES] == sorted(
        v.SEVERITIES.values(), key=v.IMPACTS.index, reverse=True
    )
    assert (*v.SEVERITIES, v.NO_SEVERITY) == v.SEVERITY_ORDER


def test_the_labels_are_translated() -> None:
    german = language("de")
    for labels in (v.STATUS_LABELS, v.IMPACT_LABELS, v.INDICATOR_DESCRIPTIONS, v.ACTION_LABELS):
        for msgid in labels.values():
            assert german.gettext(msgid) != msgid, msgid
