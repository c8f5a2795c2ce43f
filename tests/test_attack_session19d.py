"""Attack session 19d: a hostile tester on the fifth attack's fixes (the update lint's
reading of a message as its reader reads it, vendors as objects or product names,
apologies; the subscribers' list loader).

Each test is one bug found in this session: it fails now and asserts what the
documentation promises a user or a reader would see. Update messages are written as
real companies write them on their status pages.
"""

from __future__ import annotations

import time

import pytest

from .conftest import MakeSite, notified_repo
from .test_attack_session19a import invoke, no_traceback
from .test_lint import PROMISE, _incident

NOW = "2026-11-28T12:00:00Z"


def _findings(make_site: MakeSite, message: str) -> list[str]:
    """The update lint's output lines for one open incident (investigating) whose only
    update is ``message``, with a promised next update."""
    project = make_site({"a.md": _incident(message, extra=PROMISE)})
    result = invoke("lint", "-f", str(project / "mkdocs.yml"))
    no_traceback(result)
    return result.stdout.splitlines()[:-1]


def _rules(make_site: MakeSite, message: str) -> list[str]:
    return sorted(line.split(": ")[2] for line in _findings(make_site, message))


# The update lint: guesses ------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "This issue is likely caused by a faulty switch and affects some customers.",
        "We think the issue with logins is caused by an expired certificate, affecting all users.",
        "Sign-ins fail for some users; the problem appears to be caused by a DNS change that "
        "affects some regions.",
    ],
)
def test_a_guess_about_the_issue_s_cause_is_still_a_guess(
    make_site: MakeSite, message: str
) -> None:
    """While investigating, "This issue is likely caused by a faulty switch and affects
    some customers." is a guess at the cause: `update-speculation` flagged it until the
    last change. Now the lint says nothing: to let "We apologize for any impact this may
    have caused" pass, the apology's nouns became "impact", "issue", "problem" within 25
    characters before "cause", and every guess whose subject is "the issue" or "the
    problem" ("the problem appears to be caused by...") is read as an apology. An
    apology is one; "the issue is likely caused by" is a guess, and should be flagged."""
    assert "lint/update-speculation" in _rules(make_site, message)


# The update lint: vendors ------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "We are aware of issues with AWS S3 impacting file uploads.",
        "Some sites are slow. There are issues with Cloudflare Workers impacting some customers.",
        "We are seeing degradation in Google Cloud Storage affecting exports.",
    ],
)
def test_a_vendor_s_product_in_trouble_before_a_verb_is_still_the_vendor_s(
    make_site: MakeSite, message: str
) -> None:
    """ "We are aware of issues with AWS S3 impacting file uploads." places the trouble
    with AWS ("capacity issues in AWS" is the documented example), and `update-blame`
    flagged it before the last change. Now it passes: a vendor's product name followed by
    a lowercase word is read as a feature of ours ("Google Calendar sync"), and here the
    lowercase word is the verb of the sentence ("impacting", "affecting"), not a noun of
    ours. It should be flagged as it was."""
    assert "lint/update-blame" in _rules(make_site, message)


@pytest.mark.parametrize(
    "message",
    [
        "Users signing in with Microsoft Azure AD are experiencing errors.",
        "Customers deploying to AWS Elastic Beanstalk are experiencing failed deployments.",
        "Customers hosted in AWS are experiencing elevated latency.",
        "Sites behind Cloudflare are experiencing intermittent errors.",
    ],
)
def test_a_vendor_where_customers_are_is_not_the_subject_of_the_trouble(
    make_site: MakeSite, message: str
) -> None:
    """ "Users signing in with Microsoft Azure AD are experiencing errors." is flagged
    `update-blame`, marked `Microsoft [[Azure AD are experiencing]] errors`: the vendor
    after "with" is read as the object only when the match starts just after the
    preposition, and a product name of three words is matched again from its second
    ("Azure AD", "Elastic Beanstalk"). "hosted in AWS" and "Sites behind Cloudflare"
    are flagged too, "in" and "behind" not being read as prepositions. The users are the
    subject, as in "Customers deploying to AWS are experiencing failed deployments",
    which passes since the last change; these should pass as well."""
    assert _rules(make_site, message) == []


@pytest.mark.parametrize(
    "message",
    [
        "Some customers cannot sign in due to an outage at _Okta_.",
        'Some customers cannot sign in due to an outage at [Okta](https://status.okta.com "Okta'
        ' status").',
        "Some customers cannot sign in due to an outage at [**Okta**](https://status.okta.com).",
    ],
    ids=["underscore-emphasis", "link-with-title", "bold-inside-link"],
)
def test_every_link_and_emphasis_is_read_as_its_words(make_site: MakeSite, message: str) -> None:
    """The docs: the blame check reads "a link's text without its address and no emphasis
    marks (`[Okta](...)` and `**Okta**` are Okta)". The page shows "due to an outage at
    Okta" for each of these, yet none is flagged: `_Okta_` (Markdown's other emphasis) is
    not removed; a link with a title (`[Okta](url "Okta status")`, the form the reader
    itself means to handle) is not read as a link, its title being blanked as a
    quotation first; and in `[**Okta**](url)` the link's text keeps its `**`. Each should
    be flagged `update-blame` as "due to an outage at Okta" is."""
    assert "lint/update-blame" in _rules(make_site, message)


@pytest.mark.parametrize(
    ("message", "marked"),
    [
        (
            "Some customers cannot sign in due to an outage at Okta.",
            "due to an [[outage at Okta]].",
        ),
        (
            "Some payments fail due to an ongoing incident at Stripe.",
            "ongoing [[incident at Stripe]].",
        ),
    ],
)
def test_the_mark_of_a_blamed_vendor_ends_at_its_name(
    make_site: MakeSite, message: str, marked: str
) -> None:
    """`statuspress lint` marks the words that triggered a finding in `[[...]]`. For
    "due to an outage at Okta." it prints `due to an [[outage at Okta.]]`: the full stop
    of the sentence inside the mark (the name is read as `Okta.` and its stop dropped for
    the checks, but not for the mark). The mark should end at the name: `[[outage at
    Okta]].`."""
    (line,) = _findings(make_site, message)
    assert marked in line, line


def test_a_long_dotted_name_is_linted_in_a_moment(make_site: MakeSite) -> None:
    """An update with a long run of capitalised words joined by dots (a pasted class path
    or dotted key list, 50 KB, outside backticks) takes seconds in the blame check
    (`\\b[A-Z][\\w&.-]*'s`: each capital after a dot is tried to the end of the run, in
    time that grows with the square of its length). `update` and `check` print the lint's
    advice, so each waits. It should take a fraction of a second, as a 50 KB log does."""
    message = "Some customers see errors: " + ".".join(["Billing", "Api", "Service"] * 5500)
    started = time.perf_counter()
    _findings(make_site, message)
    assert time.perf_counter() - started < 1.5  # it takes about 7 s


# notify: the subscribers' list ----------------------------------------------------------


@pytest.mark.parametrize(
    "subscribers",
    [
        "email:\n  - address: ana@example.org\n    components: [" + "9" * 5000 + "]\n",
        "email:\n  - address: !!int abc\n",
        "email:\n  - address: ana@example.org\n    components: [2026-13-45]\n",
    ],
    ids=["long-number", "int-tag", "impossible-date"],
)
def test_a_subscribers_list_with_a_value_yaml_cannot_build_is_a_line_not_a_traceback(
    make_site: MakeSite, subscribers: str
) -> None:
    """The subscribers' list is now read with YAML's safe loader (for merge keys) instead
    of the content loader. A value the safe loader cannot build ends `notify` in a Python
    traceback: `ValueError: Exceeds the limit (4300 digits) for integer string
    conversion` for a long number, `invalid literal for int()` for `!!int abc`, `month
    must be in 1..12` for `2026-13-45`. The content loader reported the first two on one
    line ("expected a number of at most 4300 digits ... put it in quotes") and read the
    date as text. `notify` should say what is wrong with the list on a line, never a
    traceback, and nobody left unnotified without a word."""
    repo = notified_repo(make_site, "  - at: 2026-11-28T10:30:00Z\n    status: identified\n"
                                    "    message: A bad deploy; rolling back.\n")  # fmt: skip
    result = invoke(
        "notify", "--subscribers-env", "S", "--since", "HEAD~1", "--dry-run",
        "--now", NOW, "-f", str(repo / "mkdocs.yml"), env={"S": subscribers},
    )  # fmt: skip
    no_traceback(result)
