"""Attack session 18b: today's update lint, the new evidence scanner and per-sentence
suppressions, as a hostile contributor and as a comms lead mid-incident.

Each test is one bug found in this session: it fails now and asserts what docs/lint.md
promises a user would see.
"""

from __future__ import annotations

from .conftest import MakeSite
from .test_attack_session18 import _incident, _lint


def _findings(make_site: MakeSite, text: str, config: str | None = None) -> list[str]:
    """The finding lines the lint prints for one content file."""
    project = make_site({"a.md": text}, config=config)
    _, out = _lint(project)
    return out.splitlines()[:-1]


# Suppressions that no longer silence (regressions) ---------------------------------


BLOCK_MESSAGE = """\
---
title: A
severity: SEV-3
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:00:00Z
    status: investigating
    message: |
      Some customers cannot sign in. We think it is caused by a bad deploy. <!-- statuspress-lint: disable=update-speculation -->
      Payments are not affected.
    next_update: 2026-11-28T11:00:00Z
---
"""


def test_a_comment_on_the_sentence_of_a_block_message_silences_the_update_finding(
    make_site: MakeSite,
) -> None:
    """An update written as a `message: |` block whose guessing sentence carries
    `<!-- statuspress-lint: disable=update-speculation -->` on its own line. Before
    today the comment silenced it (the update lint read the key's line and the next);
    now the update lint reads the `message:` key's line alone, so the writer still sees
    `notice: lint/update-speculation` on every check, build and preview rebuild, with
    no way to silence it inside the message. docs/lint.md: a comment silences the
    findings of the sentence (of the value) whose lines it is on."""
    found = _findings(make_site, BLOCK_MESSAGE)
    assert not [line for line in found if "update-speculation" in line], found


QUOTED_MESSAGE = """\
---
title: A
severity: SEV-3
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:00:00Z
    status: investigating
    message: "Some customers cannot sign in and some pods
      are restarting."  # statuspress-lint: disable=update-jargon
    next_update: 2026-11-28T11:00:00Z
---
"""


def test_a_yaml_comment_after_a_quoted_message_on_two_lines_silences_its_finding(
    make_site: MakeSite,
) -> None:
    """A double-quoted update message broken over two lines, with
    `# statuspress-lint: disable=update-jargon` after its closing quote (the only place
    a YAML comment can go). Before today it silenced the finding; now
    `notice: lint/update-jargon ... [[pods]]` is printed all the same, as only the
    `message:` key's line is read. docs/lint.md: a YAML `#` comment in front matter
    silences the findings of the value whose lines it is on."""
    found = _findings(make_site, QUOTED_MESSAGE)
    assert not [line for line in found if "update-jargon" in line], found


def test_an_html_comment_without_spaces_silences_its_rule(make_site: MakeSite) -> None:
    """`John was careless.<!--statuspress-lint: disable=character-->`, an HTML comment
    written without spaces (as many editors and linters write them): the rule is read as
    `character--`, so the finding stays, and the new unknown-rule report adds
    `notice: choice: statuspress-lint: expected a lint rule to disable, found
    'character--'`, telling the writer that a rule they spelled right does not exist.
    docs/lint.md: an HTML comment holding `statuspress-lint: disable=RULE` silences it."""
    text = (
        "---\ntitle: A\nseverity: SEV-3\nstarted: 2026-11-28T10:00:00Z\nupdates:\n"
        "  - at: 2026-11-28T10:00:00Z\n    status: resolved\n    message: Fixed.\n---\n"
        "John was careless.<!--statuspress-lint: disable=character-->\n"
    )
    found = _findings(make_site, text)
    assert found == [], found


# Update lint false alarms on ordinary public updates -------------------------------


def test_apple_pay_failures_as_the_impact_are_no_vendor_blame(make_site: MakeSite) -> None:
    """A merchant's update: "We are investigating Apple Pay failures for some customers."
    It says what customers see (paying with Apple Pay fails), and blames no one; the
    lint prints `notice: lint/update-blame: "We are investigating [[Apple Pay
    failures]] ..."`. docs/lint.md: update-blame is a vendor's trouble told as the
    explanation of the failure."""
    found = _findings(
        make_site, _incident("We are investigating Apple Pay failures for some customers.")
    )
    assert not [line for line in found if "update-blame" in line], found


def test_a_shopping_day_named_after_a_vendor_is_no_vendor_blame(make_site: MakeSite) -> None:
    """ "Orders may be delayed due to Amazon Prime Day volumes." is a load that came with
    a shopping day, like Black Friday; the lint flags `[[due to Amazon Prime Day]]` as
    blame of a vendor. docs/lint.md: a day ("due to Black Friday traffic") is not
    blamed."""
    found = _findings(
        make_site, _incident("Orders may be delayed due to Amazon Prime Day volumes.")
    )
    assert not [line for line in found if "update-blame" in line], found


def test_our_own_integration_named_after_a_vendor_is_no_vendor_blame(
    make_site: MakeSite,
) -> None:
    """ "Our Microsoft Teams integration outage means some customers do not get alerts."
    is about the site's own product; `update-blame` flags `[[Microsoft Teams integration
    ...]]` as a vendor's trouble. docs/lint.md: not a name of the site's own ("our
    Android app")."""
    message = "Our Microsoft Teams integration outage means some customers do not get alerts."
    found = _findings(make_site, _incident(message))
    assert not [line for line in found if "update-blame" in line], found


def test_a_firmware_version_is_not_an_ip_address(make_site: MakeSite) -> None:
    """ "Printers on firmware 10.2.0.1 cannot connect." names the firmware customers run,
    which is what they need to know; the lint flags `[[10.2.0.1]]` as an internal
    identifier and rewrites it to "Printers on firmware one of our servers cannot
    connect." docs/lint.md: not a version number ("version 4.2.1.0")."""
    found = _findings(make_site, _incident("Printers on firmware 10.2.0.1 cannot connect."))
    assert not [line for line in found if "update-internal-id" in line], found


FRENCH = """\
site_name: Exemple
site_url: https://status.example.com/
docs_dir: pages
theme:
  name: material
  language: {language}
  font: false
plugins:
  - statuspress:
      time_zone: UTC
      components:
        - id: api
          name: API
"""


def test_a_french_time_of_day_is_read_as_the_promised_next_update(make_site: MakeSite) -> None:
    """On a French site (`theme.language: fr`), the latest update says
    "Certains clients ne peuvent pas se connecter. Prochaine mise à jour à 15h." - 15h is
    how French (and Brazilian Portuguese, "às 15h") write three o'clock - and the lint
    prints `notice: lint/update-next-update` asking for a next-update time. docs/lint.md:
    on a site in another language a message that names a time of day is taken as a
    promise."""
    message = "Certains clients ne peuvent pas se connecter. Prochaine mise à jour à 15h."
    found = _findings(make_site, _incident(message, extra=""), config=FRENCH.format(language="fr"))
    assert not [line for line in found if "update-next-update" in line], found


def test_a_brazilian_time_of_day_is_read_as_the_promised_next_update(
    make_site: MakeSite,
) -> None:
    """On a site in Brazilian Portuguese (`theme.language: pt-BR`), "Alguns clientes não
    conseguem entrar. Próxima atualização às 15h." gets `notice:
    lint/update-next-update`, though it names the time of the next update."""
    message = "Alguns clientes não conseguem entrar. Próxima atualização às 15h."
    found = _findings(
        make_site, _incident(message, extra=""), config=FRENCH.format(language="pt-BR")
    )
    assert not [line for line in found if "update-next-update" in line], found


BLOCK_BLAME = """\
---
title: A
severity: SEV-3
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:00:00Z
    status: identified
    message: |
      Some customers cannot sign in.
      The on-call engineer forgot to run the migration script.
    next_update: 2026-11-28T11:00:00Z
---
"""


def test_a_finding_in_a_block_message_is_on_the_line_of_its_words(make_site: MakeSite) -> None:
    """A blameful sentence on the second line of a `message: |` block was reported on
    the block's first line of text, or on the key's line, one or two lines from the
    words: the writer's editor jumped to the wrong line."""
    found = _findings(make_site, BLOCK_BLAME)
    assert [line.split(": ")[0] for line in found] == ["incidents/a.md:10"], found


def test_a_comment_in_a_block_message_silences_a_blameless_finding(make_site: MakeSite) -> None:
    """A comment on the line of a blameful sentence in a `message: |` block silences
    it, now that the block's findings are placed by their words (a guard: it did before)."""
    text = BLOCK_BLAME.replace(
        "migration script.", "migration script.  <!-- statuspress-lint: disable=counterfactual -->"
    )
    assert _findings(make_site, text) == []
