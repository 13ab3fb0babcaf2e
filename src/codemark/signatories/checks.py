"""The checks of a signatory file that need more than one field, or the code, or other data.

``codemark.rules.CHECKS`` says which checks run, in what order, on which
fields, with which message. This module is the validator's implementation
of each kind of check; the form's evaluator implements the same kinds.
A check returns what it finds; ``run`` reports it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from codemark import rules
from codemark.model import Code, Criterion, Kind, KnownBody
from codemark.problems import FieldPath, Reporter, Severity
from codemark.schema import Entries, Section
from codemark.signatories.fields import AnswerFields, SignatoryFile, identifier_example
from codemark.text import long_date, slugify


@dataclass(frozen=True)
class Finding:
    """A problem a check found: where, which message, with what in it."""

    line: int
    message: str
    params: Mapping[str, Any]
    field: FieldPath = ()  # the field it is about, when not the check's own
    at: FieldPath | None = None  # the field the message names, when not ``field``
    severity: Severity | None = None  # when not the check's own


STOP = object()  # a check that ends its group without a problem


@dataclass
class Context:
    """What the checks of one file need besides the file: worked out once for many files."""

    code: Code
    known: Mapping[str, KnownBody]
    today: date
    slug: str = ""  # the file's name without .yml
    known_names: dict[str, KnownBody] = field(default_factory=dict)
    criteria: dict[str, Criterion] = field(default_factory=dict)
    in_version: dict[str, frozenset[str]] = field(default_factory=dict)
    due: dict[tuple[str, str, date], list[Criterion]] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, Kind] = field(default_factory=dict)
    for_kind: dict[str, frozenset[str]] = field(default_factory=dict)
    identifier_example: str = ""  # a real identifier, in this code's own words
    role_words: rules.Pattern = field(default_factory=rules.role_words)

    def due_for(self, kind: str, version: str, assessed_on: date) -> list[Criterion]:
        """What a file must answer (codemark.rules.due), worked out once for many files."""
        key = (kind, version, assessed_on)
        if key not in self.due:
            self.due[key] = list(rules.due(self.code, self.kinds[kind], version, assessed_on))
        return self.due[key]

    def __post_init__(self) -> None:
        code = self.code
        self.known_names = {rules.fold(body.name): body for body in self.known.values()}
        self.criteria = {c.id: c for c in code.criteria}
        self.in_version = {v: frozenset(c.id for c in code.criteria_in(v)) for v in code.versions}
        self.kinds = {kind.id: kind for kind in code.kinds}
        self.for_kind = {
            kind.id: frozenset(c.id for c in code.criteria if kind in c.applies_to)
            for kind in code.kinds
        }
        self.order = {c.id: n for n, c in enumerate(code.criteria)}
        self.identifier_example = identifier_example(code)
        self.role_words = rules.role_words(code.role_words)


def value_at(doc: Section, path: FieldPath) -> Any:
    """The value of a field of a file; None when a section on the way is not given."""
    value: Any = doc
    for key in path:
        if value is None:
            return None
        value = value[key] if isinstance(value, Entries) else getattr(value, key)
    return value


def line_at(doc: Section, path: FieldPath) -> int:
    """The line of a field's name."""
    parent = value_at(doc, path[:-1])
    return int(parent.lines[path[-1]])


Found = Sequence[Finding] | object
CheckKind = Callable[[rules.Check, SignatoryFile, Context], Found]


def _one(check: rules.Check, doc: SignatoryFile, **params: Any) -> list[Finding]:
    return [Finding(line_at(doc, check.field), check.message, params)]


def alphabets(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    name = value_at(doc, check.field)
    found = rules.alphabets(name)
    if len(found) < 2:
        return []
    names = ", ".join(sorted(alphabet.title() for alphabet in found))
    return _one(check, doc, name=name, alphabets=names)


def file_name(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    name = value_at(doc, check.field)
    expected = slugify(name)
    if context.slug == expected and expected:
        return []
    message = check.message if expected else "file-name-empty"
    params = {"slug": context.slug, "name": name, "expected": expected}
    return [Finding(line_at(doc, check.field), message, params, at=())]


def demonstration_prefix(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    identifier = value_at(doc, check.field)
    if doc.demonstration == identifier.startswith(rules.DEMO_PREFIX):
        return []
    message = "demonstration-identifier" if doc.demonstration else "reserved-identifier"
    params = {"prefix": rules.DEMO_PREFIX, "example": context.identifier_example}
    return [Finding(line_at(doc, check.field), message, params)]


def only_real_bodies(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    return STOP if doc.demonstration else []


def namesake(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    org = doc.organisation
    body = context.known_names.get(rules.fold(org.name))
    if body is None or body.identifier == org.identifier:
        return []
    return _one(check, doc, name=org.name, other=body.identifier, identifier=org.identifier)


def known_identifier(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    if not context.known:
        return STOP  # the site keeps no list of bodies, so there is nothing to look up
    identifier = doc.organisation.identifier
    if identifier in context.known:
        return []
    return _one(check, doc, identifier=identifier, bodies=context.code.bodies)


def known_name(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    """A known identifier is claimed under its body's own name, however it is typed."""
    org = doc.organisation
    body = context.known[org.identifier]
    if rules.fold(org.name) == rules.fold(body.name):
        return []
    params = {"identifier": org.identifier, "body": body.name, "file": slugify(body.name)}
    return _one(check, doc, name=org.name, **params)


def known_kind(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    org = doc.organisation
    body = context.known[org.identifier]
    if body.kind == org.kind:
        return []
    params = {"identifier": org.identifier, "body": body.name, "body_kind": body.kind}
    return _one(check, doc, kind=org.kind, **params)


def known_domain(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    params = check.params or {}
    body = context.known[doc.organisation.identifier]
    value = value_at(doc, check.field)
    host = rules.host_of(value) if params["host"] == "web" else value.rpartition("@")[2]
    domains = [d for name in params["lists"] for d in getattr(body, name)]
    if rules.on_domain(host, domains):
        return []
    return _one(check, doc, host=host, body=body.name, domains=", ".join(domains))


def personal_mailbox(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    contact = value_at(doc, check.field)
    mailbox = contact.rpartition("@")[0].lower()
    if rules.PERSONAL_MAILBOX.fullmatch(mailbox) and not context.role_words.search(mailbox):
        return _one(check, doc, contact=contact)
    return []


def refused(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    text = value_at(doc, check.field)
    pattern = rules.PATTERNS[str((check.params or {})["pattern"])]
    return _one(check, doc, text=text) if pattern.match(text) else []


def published(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    """Not before the version assessed was published; or the first version, with that param."""
    earliest = (check.params or {}).get("version") == "first"
    version = context.code.versions[0] if earliest else doc.assessment.code_version
    day = value_at(doc, check.field)
    published_on = context.code.published_on(version)
    if day >= published_on:
        return []
    params = {"version": version, "published": long_date(published_on)}
    return _one(check, doc, date=day.isoformat(), **params)


def not_before(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    """A date not before another of the file's; ``strictly`` after it, with that param."""
    params = check.params or {}
    day = value_at(doc, check.field)
    other = value_at(doc, tuple(params["other"]))
    if day is None or other is None or day > other or (day == other and not params.get("strictly")):
        return []
    return _one(check, doc, date=day.isoformat(), other=other.isoformat())


def answers(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    """Each answer: in the version assessed, for the body's kind, and giving what it must."""
    assessment = doc.assessment
    answered: Entries[AnswerFields] = assessment.criteria
    version, kind = assessment.code_version, doc.organisation.kind
    in_version = context.in_version[version]
    for_kind = context.for_kind[kind]
    found: list[Finding] = []
    for criterion_id, answer in answered.items():
        criterion = context.criteria[criterion_id]
        status = rules.STATUS[answer.status]
        if criterion_id in in_version and criterion_id in for_kind:
            allowed = criterion.na_allowed or not status.only_if_na_allowed
            if allowed and rules.unmet_requirement(status, criterion, answer.given) is None:
                continue  # the usual case: nothing to say
        at = (*check.field, criterion_id)
        line = answered.lines[criterion_id]
        if criterion_id not in in_version:
            params = {"id": criterion_id, "since": criterion.since, "version": version}
            found.append(Finding(line, "criterion-later-version", params, at))
            continue
        if criterion_id not in for_kind:
            params = {"id": criterion_id, "kinds": ", ".join(k.name for k in criterion.applies_to)}
            found.append(Finding(line, "criterion-other-kind", params, at))
            continue
        if status.only_if_na_allowed and not criterion.na_allowed:
            allowed_ids = rules.or_list([s.id for s in rules.allowed_statuses(criterion)])
            params = {"id": criterion_id, "status": status.id, "allowed": allowed_ids}
            found.append(
                Finding(answer.lines["status"], "status-not-allowed", params, (*at, "status"))
            )
            continue
        unmet = rules.unmet_requirement(status, criterion, answer.given)
        if unmet is not None:
            params = {"id": criterion_id, "words": status.words}
            found.append(
                Finding(answer.lines["status"], unmet.message, params, (*at, unmet.field), at)
            )
    return found


def due(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    """Every criterion due from the body, for the version it assessed, is answered."""
    assessment = doc.assessment
    answered = assessment.criteria
    due = context.due_for(doc.organisation.kind, assessment.code_version, assessment.date)
    missing = [c.id for c in due if c.id not in answered]
    if not missing:
        return []
    message = "not-answered" if len(missing) == 1 else "not-answered-many"
    params = {"count": len(missing), "listed": rules.listed(missing), "missing": missing}
    return [Finding(answered.line, message, params)]


def history(check: rules.Check, doc: SignatoryFile, context: Context) -> Found:
    """Earlier assessments: each dated on or after its version was published, before the one
    above it (the first, before the assessment) and not before the signing; each answer to a
    criterion of its version for the body's kind. Evidence and notes are not asked again."""
    params = check.params or {}
    kind, signed = doc.organisation.kind, doc.signed.date
    later, above = doc.assessment.date, 0  # 0: the assessment itself
    found: list[Finding] = []
    for number, item in enumerate(doc.history or (), start=1):
        at = (*check.field, f"item {number}")
        day, version = item.date, item.code_version
        line = item.lines["date"]
        published_on = context.code.published_on(version)
        date_at = (*at, "date")
        if day < published_on:
            more = {"date": day.isoformat(), "version": version}
            more["published"] = long_date(published_on)
            found.append(Finding(line, params["published"], more, date_at))
        if day >= later:
            message = check.message if above else params["first"]
            more = {"date": day.isoformat(), "above": str(above), "other": later.isoformat()}
            found.append(Finding(line, message, more, date_at))
        elif day < signed:
            more = {"date": day.isoformat(), "other": signed.isoformat()}
            found.append(Finding(line, params["signed"], more, date_at))
        later, above = day, number
        in_version, for_kind = context.in_version[version], context.for_kind[kind]
        for criterion_id in item.criteria:
            criterion = context.criteria[criterion_id]
            where = (*at, "criteria", criterion_id)
            answer_line = item.criteria.lines[criterion_id]
            if criterion_id not in in_version:
                more = {"id": criterion_id, "since": criterion.since, "version": version}
                found.append(Finding(answer_line, params["version"], more, where))
            elif criterion_id not in for_kind:
                kinds = ", ".join(k.name for k in criterion.applies_to)
                more = {"id": criterion_id, "kinds": kinds}
                found.append(Finding(answer_line, params["kind"], more, where))
    return found


KINDS: dict[str, CheckKind] = {
    "alphabets": alphabets,
    "file-name": file_name,
    "demonstration-prefix": demonstration_prefix,
    "only-real-bodies": only_real_bodies,
    "namesake": namesake,
    "known-identifier": known_identifier,
    "known-name": known_name,
    "known-kind": known_kind,
    "known-domain": known_domain,
    "personal-mailbox": personal_mailbox,
    "refused": refused,
    "published": published,
    "not-before": not_before,
    "answers": answers,
    "due": due,
    "history": history,
}


def run(doc: SignatoryFile, context: Context, reporter: Reporter) -> None:
    """Run every check in order, each group stopping at its first problem where it should."""
    stopped: set[str] = set()
    for check in rules.CHECKS:
        if check.group in stopped:
            continue
        found = KINDS[check.kind](check, doc, context)
        if found is STOP:
            stopped.add(check.group)
            continue
        assert isinstance(found, Sequence)
        for finding in found:
            reporter.report(
                finding.line,
                finding.message,
                severity=finding.severity or check.severity,  # type: ignore[arg-type]
                field=finding.field or check.field,
                at=finding.at,
                **finding.params,
            )
        if found and check.stops:
            stopped.add(check.group)
