"""The rules of a signatory file and of the quality mark, written once.

Everything that judges answers reads its rules from here: the validator
(``codemark.signatories``), the scoring (``codemark.score``), the templates,
the scaffold and the checklist, the JSON Schema, and the sign-up form in the
browser, which receives them as data in ``form-data.json`` (``codemark.form``).

Rules are data where they can be: the statuses and what each requires, the
text patterns that are refused, the order of the checks that follow the
reading of a file. The few pure functions here (``satisfies``, ``reach``,
``alphabets``...) each have a twin of the same name in the form's evaluator
(``codemark/theme/assets/javascripts/codemark-rules.js``), and the parity tests run
both on the same files.

Patterns are written in the subset of regular expressions that Python and
JavaScript read alike: ASCII classes spelled out (``[0-9]``, never ``\\d``),
whitespace as ``SPACE`` (never ``\\s``, which the two languages define
differently, except in ``[\\s\\S]``, any character in both), no flags (letters in
either case are spelled ``[Mm]``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from codemark.model import Code, Criterion, Kind

# Text -------------------------------------------------------------------------

# What Python's str.isspace() and str.strip() take for whitespace, as a class.
SPACE = (
    "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000]"
)
NOT_SPACE = "[^" + SPACE[1:]


@dataclass(frozen=True)
class Pattern:
    """A regular expression that means the same in Python and in the form's JavaScript."""

    source: str
    compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Compiled once: the validator applies some of these to every value of every file.
        object.__setattr__(self, "compiled", re.compile(self.source, re.ASCII))

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        """A match at the start of the text."""
        return self.compiled.match(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)


def literal(text: str) -> str:
    """A pattern for ``text`` as written. Only the characters that need it are escaped:
    JavaScript's stricter mode, which JSON Schema tools use, refuses ``\\-`` and the like."""
    return re.sub(r"([\\^$.|?*+()\[\]{}])", r"\\\1", text)


def anycase(word: str) -> str:
    """A pattern for ``word`` in upper or lower case: ``mr`` becomes ``[Mm][Rr]``."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else literal(c) for c in word)


# How values are read: codemark reads every value as written, except these plain words.
YAML_NULLS = ("", "~", "null", "Null", "NULL")  # a value left empty
YAML_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
                 "FALSE": False}  # fmt: skip
YAML11_BOOLEANS = ("yes", "no", "on", "off", "y", "n")  # told apart in messages, never read
YAML_MAX_DEPTH = 1000  # lists and sections inside each other, as libyaml allows
# A value still the template's '...': nothing but '...', spaces, @ and brackets, and a dot.
_SET, _RUN, _ODD = "[ @\\[\\]]", "(?:\\.\\.\\.)+", "(?:\\.\\.\\.)*\\."
# Each run of dots is matched whole, so the pattern takes time in proportion to the text.
PLACEHOLDER = Pattern(
    f"^(?=[\\s\\S]*\\.\\.\\.){_SET}*(?:{_RUN}(?:{_SET}+|$))*"
    f"(?:{_ODD}(?:{_SET}+|$)(?:{_RUN}(?:{_SET}+|$))*)?$"
)

# Refused in every text field: they hide what the text says, or change what it does.
CONTROL = Pattern("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]")
DIRECTION = Pattern("[\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]")
HTML = Pattern("<[A-Za-z/!?]")
# Refused at the start of a one-line field: spreadsheets run it as a formula.
FORMULA = Pattern("[=+\\-@]")
LINE_BREAK = Pattern("[\\n\\r]")


@dataclass(frozen=True)
class Refusal:
    """Something a text field may not contain: ``find``; or, when ``allow`` is given,
    ``find`` followed by something (``capture``) that does not start with ``allow``.

    The message names what was captured, or found, in at most 60 characters.
    """

    message: str
    find: str
    capture: str = ""
    allow: str = ""

    @cached_property
    def pattern(self) -> Pattern:
        return Pattern(self.find + (f"({self.capture})" if self.capture else ""))

    @cached_property
    def allowed(self) -> Pattern:
        return Pattern(self.allow)

    @property
    def anywhere(self) -> str:
        """One pattern that finds any refused text, for the JSON Schema."""
        return f"{self.find}(?!{self.allow})" if self.allow else self.find


NOTE_REFUSALS = (
    Refusal("note-image", "!\\["),
    Refusal(
        "note-link",
        "\\]\\(" + SPACE + "*<?",
        capture="[^)" + SPACE[1:-1] + ">]*",
        allow=anycase("https://") + "|" + anycase("mailto:"),
    ),
)

# Web addresses and mailboxes.
WEB_ADDRESS = Pattern(
    "https://[A-Za-z0-9.-]+\\.[A-Za-z]{2,}(?::[0-9]+)?(?:[/?#]" + NOT_SPACE + "*)?"
)
WEB_ADDRESS_HTTP = Pattern(
    "https?://[A-Za-z0-9.-]+\\.[A-Za-z]{2,}(?::[0-9]+)?(?:[/?#]" + NOT_SPACE + "*)?"
)
HOST = Pattern("[A-Za-z]+://([^/:?#]*)")
MAILBOX = Pattern(
    "[A-Za-z0-9_%+'-]+(?:\\.[A-Za-z0-9_%+'-]+)*@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"
)
# A mailbox such as jane.smith@ is a person's; commissioning@ or vcs-team@ is a role's.
PERSONAL_MAILBOX = Pattern("[a-z]+[._-][a-z]+[0-9]*")
ROLE_WORDS = (
    "commission|procure|contract|enquir|info|contact|team|office|social|value|partner|"
    "community|communities|vcs|voluntary|secretariat|admin|service|support|help|grants?|"
    "funding|strategy|policy|corporate|governance|democratic|foi|feedback"
)


@lru_cache(maxsize=8)
def role_words(extra: tuple[str, ...] = ()) -> Pattern:
    """Words that make a mailbox a role's, with a code's own (``role_words`` in its index),
    such as the name of the place it covers: north.example@ is a team's, not a person's."""
    return Pattern("|".join([ROLE_WORDS, *(literal(word.lower()) for word in extra)]))


# A title before a name: the signer is named by role, never by name.
HONORIFIC = Pattern(
    "(?:"
    + "|".join(
        anycase(t) for t in ("mrs", "mr", "ms", "miss", "mx", "dr", "prof", "cllr", "sir", "dame")
    )
    + ")\\.?"
    + SPACE
)
IDENTIFIER = Pattern("[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9-]{1,30}")
DEMO_PREFIX = "ZZ-"  # identifiers kept for demonstration entries
MAX_BYTES = 256 * 1024  # the largest signatory file read


def host_of(address: str) -> str:
    """The host of a web address, in lower case, without a final dot."""
    found = HOST.search(address)
    return (found.group(1) if found else "").lower().rstrip(".")


def on_domain(host: str, domains: Iterable[str]) -> bool:
    """The host is one of the domains or under one of them."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


def alphabet(letter: str) -> str:
    """The alphabet a letter belongs to: the first word of its Unicode name (LATIN, GREEK...)."""
    return unicodedata.name(letter, "?").split(" ")[0]


def alphabets(text: str) -> set[str]:
    """The alphabets the letters of a text come from."""
    return {alphabet(ch) for ch in text if ch.isalpha()}


@lru_cache(maxsize=1)
def alphabet_table() -> list[list[int | str]]:
    """Every letter's alphabet, as runs ``[first, last, alphabet]``, for the form.

    The form cannot ask the browser for a character's Unicode name, so it is
    given this table, made from the same function the validator uses.
    """
    runs: list[list[int | str]] = []
    for code in range(0x110000):
        letter = chr(code)
        if not letter.isalpha():
            continue
        name = alphabet(letter)
        if runs and runs[-1][2] == name and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code, name])
    return runs


def fold(name: str) -> str:
    """A name as compared with known bodies' names: compatible forms, lower case, single spaces.

    Lower case rather than ``casefold``: the browser has the one and not the other.
    """
    return " ".join(unicodedata.normalize("NFKC", name).lower().split())


# Answers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """What an answer must give, when the criterion's evidence rule says so."""

    field: str  # the answer's field: evidence or note
    when: str  # the evidence rule's flag: url_required or justification_required
    message: str


@dataclass(frozen=True)
class Status:
    """An answer a signatory can give for a criterion."""

    id: str
    name: str  # as the site shows it
    words: str  # as a sentence says it: "answered partly met"
    satisfies: bool  # counts towards a level, when its requirements are met
    only_if_na_allowed: bool  # allowed only where the criterion may be not applicable
    requires: tuple[Requirement, ...] = ()
    meaning: str = ""  # what the answer says about the body, for the data dictionary


_NOTE = Requirement("note", "justification_required", "needs-note")
STATUSES: tuple[Status, ...] = (
    Status(
        "met",
        "Met",
        "met",
        True,
        False,
        (Requirement("evidence", "url_required", "needs-evidence"),),
        "The body does what the criterion asks, and links to public evidence where the code "
        "asks for it.",
    ),
    Status(
        "partly",
        "Partly met",
        "partly met",
        False,
        False,
        (_NOTE,),
        "The body does some of what the criterion asks; its note says how far it has got.",
    ),
    Status(
        "not-met",
        "Not met",
        "not met",
        False,
        False,
        (),
        "The body does not yet do what the criterion asks.",
    ),
    Status(
        "n/a",
        "Not applicable",
        "not applicable",
        True,
        True,
        (_NOTE,),
        "The criterion does not apply to the body, for the reason its note gives. Only some "
        "criteria can be answered so.",
    ),
)
STATUS_MEANINGS = {status.id: status.meaning for status in STATUSES}
STATUS = {status.id: status for status in STATUSES}
STATUS_NAMES = {status.id: status.name for status in STATUSES}


class AnswerRules(Protocol):
    """What a criterion says about its answers (``codemark.model.Criterion`` says it)."""

    @property
    def na_allowed(self) -> bool: ...
    @property
    def url_required(self) -> bool: ...
    @property
    def justification_required(self) -> bool: ...


def allowed_statuses(criterion: AnswerRules) -> tuple[Status, ...]:
    """The statuses a criterion can be answered with."""
    return tuple(s for s in STATUSES if criterion.na_allowed or not s.only_if_na_allowed)


def needing(field: str) -> str:
    """The statuses whose answers may have to give ``field``: ``partly met or not applicable``."""
    return or_list([s.words for s in STATUSES if any(r.field == field for r in s.requires)])


def or_list(words: Sequence[str]) -> str:
    """``met, partly or not-met``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def unmet_requirement(
    status: Status, criterion: AnswerRules, given: Callable[[str], object]
) -> Requirement | None:
    """The first thing the answer should give, by the criterion's rule, and does not."""
    for requirement in _requirements(
        status, criterion.url_required, criterion.justification_required
    ):
        if not given(requirement.field):
            return requirement
    return None


@cache
def _requirements(status: Status, url: bool, note: bool) -> tuple[Requirement, ...]:
    """What a status requires of an answer to a criterion with these evidence rules."""
    flags = {"url_required": url, "justification_required": note}
    return tuple(r for r in status.requires if flags[r.when])


@cache
def _accepted(na: bool, url: bool, note: bool) -> Mapping[str, tuple[str, ...]]:
    flags = {"na_allowed": na, "url_required": url, "justification_required": note}
    return {
        status.id: tuple(r.field for r in status.requires if flags[r.when])
        for status in STATUSES
        if status.satisfies and (na or not status.only_if_na_allowed)
    }


def accepted(criterion: AnswerRules) -> Mapping[str, tuple[str, ...]]:
    """Each status that satisfies the criterion, with the fields the answer must then give."""
    return _accepted(criterion.na_allowed, criterion.url_required, criterion.justification_required)


def satisfies(criterion: AnswerRules, status: str, given: Callable[[str], object]) -> bool:
    """An answer counts towards a level: its status does, is allowed, and gives what it must."""
    needs = accepted(criterion).get(status)
    return needs is not None and all(given(name) for name in needs)


@dataclass(frozen=True)
class Reached:
    """How far a set of answers goes through the levels."""

    held: int  # how many levels are held, from the first
    next_missing: tuple[str, ...]  # the criteria still needed for the next level
    awaiting_review: bool  # the next level's criteria are all satisfied; its review is not


def reach(
    ranks: Sequence[tuple[int, bool]],
    counted: Sequence[tuple[str, int]],
    satisfied: frozenset[str] | set[str],
    reviewed: Sequence[bool],
) -> Reached:
    """The levels held, in order: a level is held when every counted criterion at it and below
    is satisfied and, where the level requires it, the secretariat has reviewed it.

    ``ranks``: each level's (rank, review required); ``counted``: (criterion id, level rank);
    ``reviewed``: for each level, whether a review covers it.
    """
    for number, (rank, review_required) in enumerate(ranks):
        missing = tuple(c for c, at in counted if at <= rank and c not in satisfied)
        if missing:
            return Reached(number, missing, False)
        if review_required and not reviewed[number]:
            return Reached(number, (), True)
    return Reached(len(ranks), (), False)


def counts_from(code: Code, criterion: Criterion) -> date:
    """When a criterion starts to count: its own date, or the day its version was published."""
    return criterion.effective or code.published_on(criterion.since)


def counted(code: Code, kind: Kind, today: date) -> tuple[Criterion, ...]:
    """The criteria that count towards a body's level today: those for its kind that are in
    effect. A criterion added after the version assessed counts once its effective date comes;
    a criterion published ahead of its effective date counts from then."""
    return tuple(c for c in code.criteria if kind in c.applies_to and counts_from(code, c) <= today)


def due(code: Code, kind: Kind, version: str, assessed_on: date) -> tuple[Criterion, ...]:
    """The criteria a file must answer: those of the version it assesses, for its kind of body,
    except any that takes effect after the assessment. A file made before that date stays
    valid when the date passes (the site is rebuilt daily, and must not stop); its mark counts
    the criterion as not met."""
    return tuple(
        c
        for c in code.criteria_in(version)
        if kind in c.applies_to and (c.effective is None or c.effective <= assessed_on)
    )


def listed(ids: Sequence[str], most: int = 12) -> str:
    """Ids for a message, the first ``most`` of them: ``1.1, 1.2 and more``."""
    return ", ".join(ids[:most]) + (" and more" if len(ids) > most else "")


# The checks after a file's fields are read --------------------------------------


@dataclass(frozen=True)
class Check:
    """One check of a signatory file that needs more than one field, or other data.

    Checks run in the order written, once every field has been read without a
    problem. Checks of one ``group`` stop at the first that finds a problem,
    when it ``stops``: once a name is in the wrong alphabet, whether the file
    is named after it is beside the point.
    """

    kind: str  # what the check does; the validator and the form each implement every kind
    group: str
    field: tuple[str, ...]  # the field it is about
    message: str = ""
    severity: str = "error"
    stops: bool = True
    params: Mapping[str, Any] | None = None


ORG = ("organisation",)
CHECKS: tuple[Check, ...] = (
    Check("alphabets", "name", (*ORG, "name"), "mixed-alphabets"),
    Check("file-name", "name", (*ORG, "name"), "file-name"),
    Check("demonstration-prefix", "identity", (*ORG, "identifier")),
    Check("only-real-bodies", "identity", ("demonstration",)),
    Check("namesake", "identity", (*ORG, "name"), "namesake"),
    Check("known-identifier", "identity", (*ORG, "identifier"), "unknown-identifier", "warning"),
    Check("known-name", "identity", (*ORG, "name"), "not-the-known-name"),
    Check("known-kind", "identity", (*ORG, "kind"), "wrong-kind"),
    Check(
        "known-domain", "identity", (*ORG, "website"), "website-domain", "warning",
        stops=False, params={"lists": ["domains"], "host": "web"},
    ),
    Check(
        "known-domain", "identity", (*ORG, "contact"), "contact-domain", "warning",
        stops=False, params={"lists": ["domains", "mail_domains"], "host": "mail"},
    ),
    Check(
        "personal-mailbox", "identity", (*ORG, "contact"), "personal-mailbox", "warning",
        stops=False,
    ),
    Check("refused", "signed", ("signed", "by"), "honorific", params={"pattern": "honorific"}),
    Check("published", "dates", ("assessment", "date"), "before-version"),
    # Nobody signs a code before it exists: this catches 1900 and other slips.
    Check(
        "published", "signed-date", ("signed", "date"), "signed-before-code",
        params={"version": "first"},
    ),
    # An assessment answers the code a body has signed, so it cannot come first.
    Check(
        "not-before", "assessed-date", ("assessment", "date"), "assessed-before-signing",
        params={"other": ["signed", "date"]},
    ),
    Check(
        "not-before", "withdrawn", ("withdrawn", "date"), "withdrawn-not-after-signing",
        params={"other": ["signed", "date"], "strictly": True},
    ),
    Check("answers", "answers", ("assessment", "criteria")),
    Check("due", "answers", ("assessment", "criteria")),
    # Earlier assessments: each dated after its version was published, before the one above
    # it and not before the signing, answering criteria of its version for the body's kind.
    # The messages are those of the assessment's own checks, but for the order's.
    Check(
        "history", "history", ("history",), "history-out-of-order", stops=False,
        params={"published": "before-version", "signed": "assessed-before-signing",
                "version": "criterion-later-version", "kind": "criterion-other-kind",
                "first": "history-after-assessment"},
    ),
)  # fmt: skip
# Checked across files: no two files claim one body. The form checks against
# the register as it was published.
CLAIMS = Check("claims", "claims", (*ORG, "identifier"), "identifier-claimed")
PATTERNS: Mapping[str, Pattern] = {"honorific": HONORIFIC}
