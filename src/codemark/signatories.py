"""Load and check signatory files (``signatories/<slug>.yml``) and the secretariat's reviews.

A signatory file is written by an officer of a public body, not a developer,
and comes from outside the project: everything in it is checked, and every
problem is reported in words that say where it is and how to put it right.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from codemark import schema as s
from codemark.load import parse_yaml, read_text
from codemark.model import (
    STATUSES,
    Answer,
    Assessment,
    Code,
    Criterion,
    KnownBody,
    Organisation,
    Review,
    Signatory,
    version_key,
)
from codemark.problems import Problem, Severity
from codemark.score import VERIFYING
from codemark.text import long_date, slugify

MAX_BYTES = 256 * 1024
SCHEMA_FILE = "signatory.schema.json"
DEMO_PREFIX = "ZZ-"  # identifiers reserved for demonstration entries
REVIEW_OUTCOMES = ("verified", "suspended", "reinstated", "withdrawn")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ROLE_WORDS = re.compile(
    r"commission|procure|contract|enquir|info|contact|team|office|social|value|partner|"
    r"community|communities|vcs|voluntary|secretariat|admin|service|support|help|grants?|"
    r"funding|strategy|policy|corporate|governance|democratic|foi|feedback|london",
    re.IGNORECASE,
)
_HONORIFIC = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|cllr|sir|dame)\.?\s", re.IGNORECASE)


class _CriterionId(s.Choice):
    """A criterion id, with a message that points to the principle's real criteria."""

    def __init__(self, code: Code) -> None:
        super().__init__(values=[c.id for c in code.criteria], noun="criterion")
        self.code = code

    def convert(self, node: yaml.ScalarNode, text: str, r: s.Reader, where: str) -> Any:
        if text in self._allowed:
            return text
        prefix = text.split(".")[0]
        siblings = [c.id for c in self.code.criteria if c.principle_id == _int(prefix)]
        if siblings:
            hint = f"Principle {prefix} has criteria {siblings[0]} to {siblings[-1]}."
        else:
            hint = f"Criteria are numbered 1.1 to {self.code.criteria[-1].id}."
        return r.report(node, where, f"'{text}' is not a criterion of the code. {hint}")


class _Note(s.Text):
    """A note in the Markdown subset the site renders: no images, links to https or mailto only."""

    def __init__(self) -> None:
        super().__init__(multiline=True, max_length=2000)

    def convert(self, node: yaml.ScalarNode, text: str, r: s.Reader, where: str) -> Any:
        text = super().convert(node, text, r, where)
        if text is s.INVALID:
            return text
        if "![" in text:
            return r.report(node, where, "images cannot be shown in notes. Link to them instead.")
        for target in re.findall(r"\]\(\s*<?([^)\s>]*)", text):
            if not target.lower().startswith(("https://", "mailto:")):
                return r.report(
                    node,
                    where,
                    f"the link to '{target[:60]}' cannot be shown: links in notes must start "
                    "https:// or mailto:.",
                )
        return text

    def json_schema(self) -> dict[str, Any]:
        # The same two refusals, so the form and editors apply them too.
        schema = super().json_schema()
        https = "[Hh][Tt][Tt][Pp][Ss]://|[Mm][Aa][Ii][Ll][Tt][Oo]:"
        schema["not"]["pattern"] += f"|!\\[|\\]\\(\\s*<?(?!{https})"
        return schema


def _scripts(text: str) -> set[str]:
    """The alphabets (Latin, Greek, Cyrillic...) that the letters of a text come from."""
    return {unicodedata.name(ch, "?").split(" ")[0] for ch in text if ch.isalpha()}


def _int(text: str) -> int:
    return int(text) if text.isdigit() else -1


def signatory_schema(code: Code) -> s.Record:
    """The fields of a signatory file, with the code's kinds, versions and criteria."""
    answer = s.Record(
        {
            "status": s.Prop(
                s.Choice(values=STATUSES, noun="status"),
                description="met, partly, not-met or n/a (not applicable)",
                example="met",
            ),
            "evidence": s.Prop(
                s.Url(),
                required=False,
                description="A public web page that shows the criterion is met",
            ),
            "note": s.Prop(
                _Note(),
                required=False,
                description="Plain text or simple Markdown: what you do, or why not",
            ),
        }
    )
    return s.Record(
        {
            "demonstration": s.Prop(
                s.Boolean(),
                required=False,
                description="true only for the site's fictional sample entries",
            ),
            "organisation": s.Prop(
                s.Record(
                    {
                        "name": s.Prop(
                            s.Text(max_length=150), description="The body's official name"
                        ),
                        "kind": s.Prop(
                            s.Choice(values=[k.id for k in code.kinds], noun="kind of body"),
                            example="local-authority",
                        ),
                        "identifier": s.Prop(
                            s.Text(
                                max_length=40,
                                pattern=r"[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9-]{1,30}",
                                pattern_hint=(
                                    "an org-id style identifier such as GB-LAE-ISL: the country, "
                                    "the register and the body's code, joined by hyphens, with "
                                    "the country and register in capitals"
                                ),
                            ),
                            description="org-id style identifier, such as GB-LAE-ISL",
                            example="GB-LAE-ISL",
                        ),
                        "area": s.Prop(
                            s.ListOf(
                                s.Text(max_length=80),
                                min_items=1,
                                unique=True,
                                example="[Islington]",
                            ),
                            description="The London boroughs the body serves, or London-wide",
                        ),
                        "website": s.Prop(s.Url(), example="https://www.islington.gov.uk"),
                        "contact": s.Prop(
                            s.Email(),
                            description="A shared, public mailbox; never a person's own address",
                            example="commissioning@islington.gov.uk",
                        ),
                    }
                )
            ),
            "signed": s.Prop(
                s.Record(
                    {
                        "date": s.Prop(s.Date(not_future=True), example="2026-03-02"),
                        "by": s.Prop(
                            s.Text(max_length=100),
                            description="The role of the person who signed, not their name",
                            example="Chief Executive",
                        ),
                        "decision": s.Prop(
                            s.Url(),
                            required=False,
                            description="A link to the decision to sign, such as cabinet minutes",
                        ),
                    }
                )
            ),
            "assessment": s.Prop(
                s.Record(
                    {
                        "code_version": s.Prop(
                            s.Choice(values=code.versions, noun="version of the code"),
                            example=code.version,
                        ),
                        "date": s.Prop(s.Date(not_future=True), example="2026-03-02"),
                        "criteria": s.Prop(s.MapOf(_CriterionId(code), answer)),
                    }
                )
            ),
            # Earlier assessments, newest first, as they were filed: a renewal moves the one
            # it replaces here. Their versions are checked after reading, so that one from a
            # version the code does not have yet gets a message that says so.
            "history": s.Prop(
                s.ListOf(
                    s.Record(
                        {
                            "code_version": s.Prop(s.Version(), example="1.0.0"),
                            "date": s.Prop(s.Date(not_future=True), example="2025-03-02"),
                            "criteria": s.Prop(s.MapOf(_CriterionId(code), answer)),
                        }
                    )
                ),
                required=False,
                description="Earlier self-assessments, newest first, kept as they were filed "
                "when the body renewed ('codemark renew' writes it)",
            ),
            "withdrawn": s.Prop(
                s.Record(
                    {
                        "date": s.Prop(s.Date(not_future=True)),
                        "reason": s.Prop(s.Text(multiline=True, max_length=1000)),
                    }
                ),
                required=False,
                description="Added by the body when it leaves; it is then a former signatory",
            ),
        }
    )


def json_schema(code: Code, schema_id: str = "") -> dict[str, Any]:
    """The JSON Schema (draft-07) of a signatory file, from the same rules the validator applies.

    The checks that depend on a criterion (may it be n/a, must a met answer
    link to evidence, must a partly or n/a answer explain) are spelled out
    per criterion, so an editor or a form can apply them too.
    """
    document = signatory_schema(code).json_schema()
    criteria = document["properties"]["assessment"]["properties"]["criteria"]
    answer = criteria.pop("additionalProperties")
    criteria["properties"] = {c.id: _answer_schema(answer, c) for c in code.criteria}
    criteria["additionalProperties"] = False
    criteria.pop("propertyNames")
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        **({"$id": schema_id} if schema_id else {}),
        "title": f"Signatory self-assessment for {code.name}",
        "description": (
            f"One public body's self-assessment against version {code.version} of the code. "
            "Check a file with 'codemark validate', which also applies the rules that "
            "depend on dates and on other files."
        ),
        **document,
    }


def _answer_schema(answer: dict[str, Any], criterion: Criterion) -> dict[str, Any]:
    statuses = [x for x in STATUSES if criterion.na_allowed or x != "n/a"]
    rules: list[dict[str, Any]] = []
    if criterion.evidence.url_required:
        rules.append({"if": _status_in(["met"]), "then": {"required": ["evidence"]}})
    if criterion.evidence.justification_required:
        rules.append({"if": _status_in(["partly", "n/a"]), "then": {"required": ["note"]}})
    properties = {**answer["properties"], "status": {"type": "string", "enum": statuses}}
    result = {**answer, "description": criterion.text, "properties": properties}
    if rules:
        result["allOf"] = rules
    return result


def _status_in(statuses: list[str]) -> dict[str, Any]:
    return {"properties": {"status": {"enum": statuses}}, "required": ["status"]}


def json_schema_text(code: Code, schema_id: str = "") -> str:
    return json.dumps(json_schema(code, schema_id), indent=2) + "\n"


# Known bodies ---------------------------------------------------------------


def load_known_bodies(path: Path | None = None) -> dict[str, KnownBody]:
    """The known public bodies, by identifier. The list shipped with codemark by default."""
    if path is None:
        text = resources.files("codemark").joinpath("data/known-bodies.yml").read_text("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    return {
        entry["identifier"]: KnownBody(
            entry["identifier"],
            entry["name"],
            entry["kind"],
            tuple(entry.get("domains", ())),
            tuple(entry.get("mail_domains", ())),
        )
        for entry in data["bodies"]
    }


def _on_domain(host: str, domains: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


# Checking -------------------------------------------------------------------


@dataclass
class Checked:
    """The result of checking one file: the signatory when valid, and every problem found."""

    path: str
    signatory: Signatory | None = None
    problems: list[Problem] = field(default_factory=list)
    identifier_line: int = 1

    @property
    def valid(self) -> bool:
        return self.signatory is not None and not any(p.severity == "error" for p in self.problems)


class Checker:
    """Checks signatory files against one version of the code. Build once, use for many files."""

    def __init__(self, code: Code, known: dict[str, KnownBody], today: date) -> None:
        self.code = code
        self.known = known
        self.today = today
        self.record = signatory_schema(code)
        self.known_names = {
            unicodedata.normalize("NFKC", body.name).casefold(): body for body in known.values()
        }
        self.criteria = {c.id: c for c in code.criteria}
        # What each (kind of body, version) must answer, worked out once for all files.
        self.due: dict[tuple[str, str], list[Criterion]] = {
            (kind.id, version): [c for c in code.criteria_in(version) if kind in c.applies_to]
            for kind in code.kinds
            for version in code.versions
        }
        self.in_version = {v: {c.id for c in code.criteria_in(v)} for v in code.versions}
        self.order = {c.id: n for n, c in enumerate(code.criteria)}

    def check_file(self, path: Path, shown_as: str) -> Checked:
        """Check one file on its own."""
        result = Checked(shown_as)
        if path.suffix != ".yml":
            fix = f"Rename it to {path.stem}.yml." if path.suffix == ".yaml" else ""
            result.problems.append(
                Problem(shown_as, 1, f"signatory files end in .yml. {fix}".strip(), 1)
            )
            return result
        text = read_text(path, shown_as, MAX_BYTES)
        if isinstance(text, Problem):
            result.problems.append(text)
            return result
        node = parse_yaml(text, shown_as)
        if isinstance(node, Problem):
            result.problems.append(node)
            return result
        if node is None:
            result.problems.append(
                Problem(
                    shown_as,
                    1,
                    "the file is empty. Start from the template: run 'codemark new'.",
                    1,
                )
            )
            return result
        reader = s.Reader(shown_as, 1, self.today)
        values = self.record.read(node, reader, "")
        result.problems.extend(reader.problems)
        if reader.problems or not isinstance(values, s.Values):
            return result
        result.identifier_line = values["organisation"].lines["identifier"]
        result.signatory = self._build(path.stem, shown_as, values, result.problems)
        return result

    def check_files(self, files: Sequence[tuple[Path, str]]) -> list[Checked]:
        """Check many files, then what no file shows alone: two claiming one identifier."""
        results = [self.check_file(path, shown) for path, shown in files]
        claims: dict[str, list[Checked]] = {}
        for result in results:
            if result.signatory is not None:
                claims.setdefault(result.signatory.organisation.identifier, []).append(result)
        # Which file is the impostor is not ours to know: each is told of the others.
        for identifier, claimants in claims.items():
            for result in claimants if len(claimants) > 1 else ():
                others = ", ".join(other.path for other in claimants if other is not result)
                result.problems.append(
                    Problem(
                        result.path,
                        result.identifier_line,
                        f"organisation › identifier: {identifier} is also claimed by {others}. "
                        "Each body has one file: keep the body's details in one of them, and "
                        "correct the identifier in the other.",
                        1,
                    )
                )
        return results

    def _build(
        self, slug: str, shown_as: str, values: s.Values, problems: list[Problem]
    ) -> Signatory | None:
        org, signed, assessment = values["organisation"], values["signed"], values["assessment"]

        def problem(line: int, message: str, severity: Severity = "error") -> None:
            problems.append(Problem(shown_as, line, message, 1, severity))

        self._check_name(slug, org, problem)
        demonstration = values.get("demonstration", False)
        self._check_identity(org, demonstration, problem)
        if _HONORIFIC.match(signed["by"]):
            problem(
                signed.lines["by"],
                f"signed › by: write the role of the person who signed, such as 'Chief "
                f"Executive', not their name ('{signed['by']}').",
            )
        version = assessment["code_version"]
        published = self.code.published_on(version)
        if assessment["date"] < published:
            problem(
                assessment.lines["date"],
                f"assessment › date: {assessment['date']} is before version {version} of the "
                f"code was published ({long_date(published)}). Check the date and the version.",
            )
        withdrawn = values.get("withdrawn")
        for rule in DATE_RULES:
            found = rule(self.code, values)
            if found:
                problem(*found)
        kind = next(k for k in self.code.kinds if k.id == org["kind"])
        answers = self._check_answers(kind.id, version, assessment, problem)
        history = self._check_history(kind.id, values, problem)
        if any(p.severity == "error" for p in problems):
            return None
        return Signatory(
            slug=slug,
            path=shown_as,
            demonstration=demonstration,
            organisation=Organisation(
                org["name"],
                kind,
                org["identifier"],
                tuple(org["area"]),
                org["website"],
                org["contact"],
            ),
            signed_on=signed["date"],
            signed_by=signed["by"],
            decision=signed.get("decision"),
            code_version=version,
            assessed_on=assessment["date"],
            answers=answers,
            withdrawn_on=withdrawn["date"] if withdrawn else None,
            withdrawal_reason=withdrawn["reason"] if withdrawn else None,
            history=history,
        )

    def _check_history(self, kind: str, values: s.Values, problem: Any) -> tuple[Assessment, ...]:
        """Earlier assessments: each answers a version of the code that existed on its date,
        they go newest first, each before the one above it and none before the signing, and
        each answer is to a criterion of its version for the body's kind.

        The rules for evidence and notes are not applied again: an earlier assessment was
        checked when it was filed, and the code may have asked for less then.
        """
        earlier: list[Assessment] = []
        later, where_later = values["assessment"]["date"], "the assessment above it"
        signed = values["signed"]["date"]
        for position, item in enumerate(values.get("history") or [], start=1):
            where = f"history › item {position}"
            version, day = item["code_version"], item["date"]
            if version not in self.code.versions:
                newest = self.code.version
                problem(
                    item.lines["code_version"],
                    f"{where} › code_version: version {version} is newer than the code, whose "
                    f"latest version is {newest}. An earlier assessment answers a version "
                    "published before it: check the version."
                    if version_key(version) > version_key(newest)
                    else f"{where} › code_version: {version} is not a version of the code. "
                    f"Use one of: {', '.join(self.code.versions)}.",
                )
                version = ""
            elif day < self.code.published_on(version):
                problem(
                    item.lines["date"],
                    f"{where} › date: {day} is before version {version} of the code was "
                    f"published ({long_date(self.code.published_on(version))}). Check the date "
                    "and the version.",
                )
            if day >= later:
                problem(
                    item.lines["date"],
                    f"{where} › date: {day} is not before {where_later} ({later}). Earlier "
                    "assessments go newest first, each dated before the one above it.",
                )
            elif day < signed:
                problem(
                    item.lines["date"],
                    f"{where} › date: {day} is before the body signed ({signed}). An "
                    "assessment is made on or after the day of signing: check both dates.",
                )
            later, where_later = day, f"item {position} above it"
            if version:
                answers = self._history_answers(kind, version, item, where, problem)
                earlier.append(Assessment(version, day, answers))
        return tuple(earlier)

    def _history_answers(
        self, kind: str, version: str, item: s.Values, where: str, problem: Any
    ) -> tuple[Answer, ...]:
        answered: s.Values = item["criteria"]
        answers = []
        for criterion_id, values in answered.items():
            criterion = self.criteria[criterion_id]
            line, at = answered.lines[criterion_id], f"{where} › criteria › {criterion_id}"
            if criterion_id not in self.in_version[version]:
                problem(
                    line,
                    f"{at}: criterion {criterion_id} was added in version {criterion.since} of "
                    f"the code, after the version this assessment answers ({version}).",
                )
            elif not any(k.id == kind for k in criterion.applies_to):
                names = ", ".join(k.name for k in criterion.applies_to)
                problem(
                    line,
                    f"{at}: criterion {criterion_id} applies only to these kinds of body: "
                    f"{names}. Your body is not one of them.",
                )
            else:
                answers.append(
                    Answer(criterion, values["status"], values.get("evidence"), values.get("note"))
                )
        return tuple(sorted(answers, key=lambda a: self.order[a.criterion.id]))

    def _check_name(self, slug: str, org: s.Values, problem: Any) -> None:
        scripts = _scripts(org["name"])
        if len(scripts) > 1:
            problem(
                org.lines["name"],
                f"organisation › name: '{org['name']}' mixes letters from different alphabets "
                f"({', '.join(sorted(s.title() for s in scripts))}), which can make it look like "
                "another body's name. Type the name again using one alphabet.",
            )
            return
        expected = slugify(org["name"])
        if slug != expected:
            fix = f"Rename the file to {expected}.yml" if expected else "Give the body its name"
            problem(
                org.lines["name"],
                f"the file name '{slug}.yml' does not match the organisation's name "
                f"'{org['name']}'. {fix}, so that each body's file is easy to find.",
            )

    def _check_identity(self, org: s.Values, demonstration: bool, problem: Any) -> None:
        identifier = org["identifier"]
        line = org.lines["identifier"]
        if demonstration != identifier.startswith(DEMO_PREFIX):
            if demonstration:
                fix = (
                    f"a demonstration entry's identifier starts with {DEMO_PREFIX}, such as "
                    "ZZ-DEMO-EXAMPLE, so it cannot be mistaken for a real body."
                )
            else:
                fix = (
                    f"identifiers starting {DEMO_PREFIX} are kept for demonstration entries. "
                    "Use the body's real identifier, such as GB-LAE-ISL."
                )
            problem(line, f"organisation › identifier: {fix}")
            return
        if demonstration:
            return
        namesake = self.known_names.get(unicodedata.normalize("NFKC", org["name"]).casefold())
        if namesake is not None and namesake.identifier != identifier:
            problem(
                org.lines["name"],
                f"organisation › name: '{org['name']}' is the name of {namesake.identifier}, "
                f"but this file gives the identifier {identifier}. A body can only sign for "
                "itself: correct the name or the identifier.",
            )
            return
        body = self.known.get(identifier)
        if body is None:
            problem(
                line,
                f"organisation › identifier: {identifier} is not in the list of known public "
                "bodies. Check it; if it is right, the secretariat will add the body to the list.",
                "warning",
            )
            return
        if not _same_name(org["name"], body.name):
            problem(org.lines["name"], _not_the_known_name(org["name"], identifier, body))
            return
        if body.kind != org["kind"]:
            problem(
                org.lines["kind"],
                f"organisation › kind: {identifier} is {body.name}, a {body.kind}, not a "
                f"{org['kind']}. Check the identifier: a body can only sign for itself.",
            )
            return
        host = urlsplit(org["website"]).hostname or ""
        if not _on_domain(host, body.domains):
            problem(
                org.lines["website"],
                f"organisation › website: {host} is not one of {body.name}'s own domains "
                f"({', '.join(body.domains)}). Give the body's own website, so readers can "
                "trust that the body itself signed.",
                "warning",
            )
        mailbox, _, mail_host = org["contact"].rpartition("@")
        if not _on_domain(mail_host, body.domains + body.mail_domains):
            problem(
                org.lines["contact"],
                f"organisation › contact: {mail_host} is not one of {body.name}'s own domains "
                f"({', '.join(body.domains + body.mail_domains)}). Use a mailbox on the "
                "body's own domain.",
                "warning",
            )
        if re.fullmatch(r"[a-z]+[._-][a-z]+\d*", mailbox.lower()) and not _ROLE_WORDS.search(
            mailbox
        ):
            problem(
                org.lines["contact"],
                f"organisation › contact: {org['contact']} looks like a person's own address. "
                "Give a shared mailbox, such as commissioning@..., that outlasts staff changes.",
                "warning",
            )

    def _check_answers(
        self, kind: str, version: str, assessment: s.Values, problem: Any
    ) -> tuple[Answer, ...]:
        answered: s.Values = assessment["criteria"]
        in_version = self.in_version[version]
        answers = []
        for criterion_id, values in answered.items():
            line = answered.lines[criterion_id]
            where = f"assessment › criteria › {criterion_id}"
            criterion = self.criteria[criterion_id]
            if criterion_id not in in_version:
                problem(
                    line,
                    f"{where}: criterion {criterion_id} was added in version {criterion.since} "
                    f"of the code, after the version this assessment answers ({version}). "
                    f"Remove it, or assess against version {criterion.since} or later.",
                )
                continue
            if not any(k.id == kind for k in criterion.applies_to):
                names = ", ".join(k.name for k in criterion.applies_to)
                problem(
                    line,
                    f"{where}: criterion {criterion_id} applies only to these kinds of body: "
                    f"{names}. Your body is not one of them, so remove it.",
                )
                continue
            status, evidence, note = values["status"], values.get("evidence"), values.get("note")
            rule = criterion.evidence
            if status == "n/a" and not criterion.na_allowed:
                problem(
                    values.lines["status"],
                    f"{where} › status: criterion {criterion_id} cannot be answered n/a: it "
                    "applies to every body of your kind. Answer met, partly or not-met.",
                )
            elif status == "met" and rule.url_required and not evidence:
                problem(
                    values.lines["status"],
                    f"{where}: criterion {criterion_id} is answered met, so it needs a link to "
                    "public evidence. Add a line 'evidence: https://...' under it.",
                )
            elif status in ("partly", "n/a") and rule.justification_required and not note:
                word = "partly met" if status == "partly" else "not applicable"
                problem(
                    values.lines["status"],
                    f"{where}: criterion {criterion_id} is answered {word}, so it needs a note "
                    "saying why. Add a line 'note: ...' under it.",
                )
            answers.append(Answer(criterion, status, evidence, note))
        # A criterion published ahead of its effective date is due from an assessment made
        # on or after that date. An earlier file stays valid when the date passes (the site is
        # rebuilt daily, and must not stop): its mark counts the criterion as not met.
        assessed_on = assessment["date"]
        due = [
            c
            for c in self.due[(kind, version)]
            if c.id not in answered and (c.effective is None or c.effective <= assessed_on)
        ]
        if due:
            listed = ", ".join(c.id for c in due[:12]) + (" and more" if len(due) > 12 else "")
            problem(
                answered.line,
                f"assessment › criteria: {len(due)} "
                f"{'criterion applies' if len(due) == 1 else 'criteria apply'} to your body but "
                f"{'is' if len(due) == 1 else 'are'} not answered: {listed}. Add "
                f"{'it' if len(due) == 1 else 'each'} with its status; 'codemark new' writes a "
                "file that lists them all.",
            )
        return tuple(sorted(answers, key=lambda a: self.order[a.criterion.id]))


def _same_name(written: str, known: str) -> bool:
    """The same name, whatever the case, spacing or Unicode form it is typed in."""

    def plain(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    return plain(written) == plain(known)


def _not_the_known_name(name: str, identifier: str, body: KnownBody) -> str:
    return (
        f"organisation › name: {identifier} is the identifier of {body.name}, so the name must be "
        f"'{body.name}', not '{name}'. An identifier can only be claimed under its body's own "
        "name: if you are signing for "
        f"{body.name}, use that name (and name the file {slugify(body.name)}.yml); if not, "
        "correct the identifier."
    )


# Rules on dates: each takes the code and a file's values and returns the line
# and message of a problem, or None.
DateRule = Callable[[Code, s.Values], tuple[int, str] | None]


def signed_after_first_publication(code: Code, values: s.Values) -> tuple[int, str] | None:
    """Nobody can sign a code before it exists: this catches 1900 and other slips."""
    signed = values["signed"]
    first = code.published_on(code.versions[0])
    if signed["date"] >= first:
        return None
    return (
        signed.lines["date"],
        f"signed › date: {signed['date']} is before the code was first published "
        f"({long_date(first)}). Give the date your body decided to sign.",
    )


def assessed_on_or_after_signing(code: Code, values: s.Values) -> tuple[int, str] | None:
    """An assessment answers the code a body has signed, so it cannot come first."""
    signed, assessment = values["signed"], values["assessment"]
    if assessment["date"] >= signed["date"]:
        return None
    return (
        assessment.lines["date"],
        f"assessment › date: {assessment['date']} is before the body signed "
        f"({signed['date']}). The assessment is made on or after the day of signing: "
        "check both dates.",
    )


def withdrawn_after_signing(code: Code, values: s.Values) -> tuple[int, str] | None:
    withdrawn, signed = values.get("withdrawn"), values["signed"]
    if not withdrawn or withdrawn["date"] > signed["date"]:
        return None
    return (
        withdrawn.lines["date"],
        f"withdrawn › date: a body withdraws after the day it signed ({signed['date']}), "
        "so this date must be later. Check the date.",
    )


# Dates in the future are refused where each date is read (schema.Date).
DATE_RULES: tuple[DateRule, ...] = (
    signed_after_first_publication,
    assessed_on_or_after_signing,
    withdrawn_after_signing,
)


def signatory_files(paths: Iterable[Path]) -> list[Path]:
    """The files to check: each file named, and the .yml and .yaml files in each folder named."""
    files: list[Path] = []
    for path in paths:
        # A link to a folder is not a folder of signatories: it is checked, and
        # refused, as a file. So is anything in a folder that is not a file.
        if path.is_dir() and not path.is_symlink():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yml", ".yaml")))
        else:
            files.append(path)
    return files


# Reviews --------------------------------------------------------------------

REVIEW_SCHEMA = s.Record(
    {
        "reviews": s.Prop(
            s.ListOf(
                s.Record(
                    {
                        "date": s.Prop(s.Date(not_future=True)),
                        "outcome": s.Prop(s.Choice(values=REVIEW_OUTCOMES, noun="review outcome")),
                        "by": s.Prop(s.Text(max_length=100), description="A role, not a name"),
                        "level": s.Prop(s.Slug(), required=False),
                        "reviewed": s.Prop(
                            s.Text(
                                max_length=71,
                                pattern=r"sha256:[0-9a-f]{64}",
                                pattern_hint="a review hash: 'sha256:' and 64 letters and "
                                "digits, as 'codemark review-hash' prints it",
                            ),
                            required=False,
                            description="The review hash of the file reviewed",
                        ),
                        "note": s.Prop(s.Text(multiline=True, max_length=2000), required=False),
                    }
                ),
                min_items=1,
            )
        )
    }
)


def load_reviews(
    folder: Path, shown: Any, code: Code, slugs: Iterable[str], today: date
) -> tuple[dict[str, tuple[Review, ...]], list[Problem]]:
    """The secretariat's review records, by signatory slug, and any problems with them."""
    reviews: dict[str, tuple[Review, ...]] = {}
    problems: list[Problem] = []
    known_slugs = set(slugs)
    levels = {level.id for level in code.levels}
    if not folder.is_dir():
        return reviews, problems
    for path in sorted(folder.glob("*.yml")):
        shown_as = shown(path)
        text = read_text(path, shown_as, MAX_BYTES)
        node = text if isinstance(text, Problem) else parse_yaml(text, shown_as)
        if isinstance(node, Problem) or node is None:
            problems.append(node or Problem(shown_as, 1, "the review record is empty.", 1))
            continue
        reader = s.Reader(shown_as, 1, today)
        values = REVIEW_SCHEMA.read(node, reader, "")
        problems.extend(reader.problems)
        if reader.problems:
            continue
        if path.stem not in known_slugs:
            problems.append(
                Problem(
                    shown_as,
                    1,
                    f"there is no signatory file {path.stem}.yml for this review record. "
                    "Name the record after the signatory's file.",
                    1,
                )
            )
            continue
        entries = []
        for item in values["reviews"]:
            if item.get("level") and item["level"] not in levels:
                problems.append(
                    Problem(
                        shown_as,
                        item.lines["level"],
                        f"level: '{item['level']}' is not a level of the code.",
                        1,
                    )
                )
            if item["outcome"] in VERIFYING and not item.get("reviewed"):
                # A review that vouches for a level must say which file it vouched for.
                problems.append(
                    Problem(
                        shown_as,
                        item.line,
                        f"reviews: the {item['outcome']} review of {item['date']} does not say "
                        "what it reviewed. Run 'codemark review-hash "
                        f"signatories/{path.stem}.yml' and add the line 'reviewed: sha256:...' "
                        "it prints.",
                        1,
                    )
                )
            entries.append(
                Review(
                    item["date"],
                    item["outcome"],
                    item["by"],
                    item.get("level"),
                    item.get("note"),
                    item.get("reviewed"),
                )
            )
        reviews[path.stem] = tuple(sorted(entries, key=lambda r: r.date))
    return reviews, problems
