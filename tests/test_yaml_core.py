"""Content files are read as YAML 1.2 (its core schema), as the web editor and JavaScript's
YAML libraries write them: ``No``, ``yes``, ``on`` and ``1:20`` are text, ``012`` is twelve,
and a boolean field written ``yes`` is refused with its line."""

from __future__ import annotations

import pytest
import yaml

from statuspress.load import ContentLoader
from statuspress.pipeline import load_site

from .conftest import MakeSite, at, run

NOW = "2026-11-28T12:00:00Z"
INCIDENT = """\
---
title: {title}
components: {{api: partial_outage}}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: {message}
---
"""


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("No", "No"),
        ("yes", "yes"),
        ("Off", "Off"),
        ("on", "on"),
        ("y", "y"),
        ("1:20", "1:20"),
        ("012", 12),
        ("0x1F", 31),
        ("-3", -3),
        ("1.5", 1.5),
        ("true", True),
        ("FALSE", False),
        ("~", None),
        ("2026-11-28", "2026-11-28"),
    ],
)
def test_plain_scalars_read_as_yaml_1_2_core_schema(written: str, read: object) -> None:
    assert yaml.load(f"k: {written}", Loader=ContentLoader) == {"k": read}


def test_a_title_and_message_that_yaml_1_1_would_read_as_booleans_are_text(
    make_site: MakeSite,
) -> None:
    project = make_site({"x.md": INCIDENT.format(title="No", message="yes")})
    out = project / "site"
    code, _, err = run("build", "--now", NOW, "-f", str(project / "mkdocs.yml"), "-d", str(out))
    assert code == 0, err
    page = (out / "incidents" / "x" / "index.html").read_text(encoding="utf-8")
    assert "<h1>No</h1>" in page or ">No<" in page
    assert "<p>yes</p>" in page


@pytest.mark.parametrize(("word", "counted"), [("yes", False), ("No", True), ("true", False)])
def test_a_yes_or_no_field_still_takes_yaml_1_1_words(
    make_site: MakeSite, word: str, counted: bool
) -> None:
    text = INCIDENT.format(title="Slow API", message="Requests are slow.")
    text = text.replace("started:", f"exclude_from_metrics: {word}\nstarted:")
    site = load_site((make_site({"x.md": text})) / "mkdocs.yml", at(NOW))[0]
    assert site is not None
    assert site.incidents[0].exclude_from_metrics is not counted


def test_a_boolean_field_written_otherwise_is_refused_with_its_line(make_site: MakeSite) -> None:
    text = INCIDENT.format(title="Slow API", message="Requests are slow.")
    text = text.replace("started:", "exclude_from_metrics: maybe\nstarted:")
    project = make_site({"x.md": text})
    code, out, err = run("check", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    assert (code, out) == (1, "")
    assert (
        "incidents/x.md:4:1: type: exclude_from_metrics: expected true or false, found 'maybe'"
        in err
    )
