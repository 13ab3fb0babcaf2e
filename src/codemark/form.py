"""The rules, exported for the sign-up form (``sign/form-data.json``).

The form's script (``codemark/theme/assets/javascripts/codemark-rules.js``) is a
generic evaluator: it reads a file by the fields declared in
``codemark.signatories.fields``, runs the checks declared in
``codemark.rules.CHECKS`` with the data they need, and words every problem
from ``codemark.messages``. All of that comes from here, so the form applies
the validator's rules and says what the validator says.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from codemark import rules
from codemark.messages import MESSAGES, say
from codemark.model import Code, KnownBody, Principle
from codemark.register import Register
from codemark.schema import Choice, Email, MapOf, Prop, Record, Text
from codemark.signatories.fields import identifier_example, lists, signatory_file
from codemark.signatories.json_schema import SCHEMA_FILE
from codemark.text import long_date


def form_rules(code: Code, known: dict[str, KnownBody], register: Register) -> dict[str, Any]:
    """Everything the evaluator needs to check a signatory file as the validator does."""
    names = sorted({str(run[2]) for run in rules.alphabet_table()})
    index = {name: number for number, name in enumerate(names)}
    return {
        "messages": {key: dataclasses.asdict(message) for key, message in MESSAGES.items()},
        "file": signatory_file(code).export(lists(code)),
        "yaml": {
            "nulls": list(rules.YAML_NULLS),
            "booleans": rules.YAML_BOOLEANS,
            "yaml11_booleans": list(rules.YAML11_BOOLEANS),
            "max_depth": rules.YAML_MAX_DEPTH,
        },
        "text": {
            "space": rules.SPACE,
            "placeholder": rules.PLACEHOLDER.source,
            "control": rules.CONTROL.source,
            "direction": rules.DIRECTION.source,
            "html": rules.HTML.source,
            "formula": rules.FORMULA.source,
            "line_break": rules.LINE_BREAK.source,
        },
        "patterns": {
            "date": "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            "host": rules.HOST.source,
            "personal_mailbox": rules.PERSONAL_MAILBOX.source,
            "role_words": rules.role_words(code.role_words).source,
            **{name: pattern.source for name, pattern in rules.PATTERNS.items()},
        },
        "checks": [dataclasses.asdict(check) for check in rules.CHECKS],
        "claims_check": dataclasses.asdict(rules.CLAIMS),
        "statuses": [dataclasses.asdict(status) for status in rules.STATUSES],
        "levels": [
            {
                "id": lvl.id,
                "name": lvl.name,
                "rank": lvl.rank,
                "review_required": lvl.review_required,
            }
            for lvl in code.levels
        ],
        "version_order": list(code.versions),
        "versions": {
            v: {"date": code.published_on(v).isoformat(), "text": long_date(code.published_on(v))}
            for v in code.versions
        },
        "in_version": {v: [c.id for c in code.criteria_in(v)] for v in code.versions},
        "criteria": [
            {
                "id": c.id,
                "principle": c.principle_id,
                "level": c.level.id,
                "rank": c.level.rank,
                "applies_to": [k.id for k in c.applies_to],
                "applies_to_names": [k.name for k in c.applies_to],
                "na_allowed": c.na_allowed,
                "url_required": c.url_required,
                "justification_required": c.justification_required,
                "since": c.since,
                "effective": c.effective.isoformat() if c.effective else None,
                "counts_from": rules.counts_from(code, c).isoformat(),
            }
            for c in code.criteria
        ],
        "known": {
            body.identifier: {
                "name": body.name,
                "kind": body.kind,
                "domains": list(body.domains),
                "mail_domains": list(body.mail_domains),
            }
            for body in known.values()
        },
        "known_names": {rules.fold(body.name): body.identifier for body in known.values()},
        # The register as published: the form tells a new file that claims a listed body.
        "claims": {e.signatory.organisation.identifier: e.signatory.path for e in register.entries},
        "alphabets": {
            "names": names,
            "runs": [[run[0], run[1], index[str(run[2])]] for run in rules.alphabet_table()],
        },
        "demo_prefix": rules.DEMO_PREFIX,
        "identifier_example": identifier_example(code),
        "bodies": code.bodies,
        "max_bytes": rules.MAX_BYTES,
        "schema_file": SCHEMA_FILE,
    }


@dataclass(frozen=True)
class FormField:
    """One input of the form: the field's path in the file, its words, and its kind of input."""

    path: str
    label: str
    hint: str
    input: str  # text, url, email, date, select, textarea; hidden for a field not asked
    value: str = ""  # a hidden field's value


@dataclass(frozen=True)
class FormTask:
    """One task of the form's task list, shown on a view of its own."""

    id: str  # the view's name in the page's address: #task-<id>
    title: str
    fields: list[FormField]  # the body's details it asks; none for a principle's task
    principle: Principle | None = None  # a principle's task asks its criteria


@dataclass(frozen=True)
class FormPage:
    """What the form's template shows, made from the declaration of a signatory file."""

    tasks: list[FormTask]  # in the order of the task list, before "Check your answers"
    hidden: list[FormField]  # fields the form fills in itself: the version of the code
    answer: list[FormField]  # an answer's fields, paths relative to the criterion
    notes: dict[str, str]  # beside a field: what the form cannot check as fully as the validator
    kind_path: str  # the field that says which criteria apply: the kind of body
    version_path: str  # the field that says which version of the code is answered
    assessed_path: str  # the date of the assessment, from which criteria are due


def _input(prop: Prop) -> str:
    if isinstance(prop.field, Email):
        return "email"
    if isinstance(prop.field, Text) and prop.field.multiline:
        return "textarea"
    return {"url": "url", "date": "date", "choice": "select"}.get(prop.field.kind, "text")


def form_page(code: Code, register: Register | None) -> FormPage:
    """A task per section of the file the officer writes, then one per principle.

    The section that holds the answers is not a task of its own: its own fields
    (the date of the assessment) are asked in the task before it, so that each
    principle's task is all answers, as an officer thinks of them.
    """
    code_lists = lists(code)
    tasks: list[FormTask] = []
    hidden: list[FormField] = []
    answer: list[FormField] = []
    kind_path = version_path = assessed_path = ""
    for section, section_prop in signatory_file(code).props.items():
        if not section_prop.required or not isinstance(section_prop.field, Record):
            continue  # demonstration and withdrawn are not asked for
        fields = []
        holds_answers = False
        for key, prop in section_prop.field.props.items():
            if isinstance(prop.field, MapOf) and isinstance(prop.field.value, Record):
                holds_answers = True
                answer = [
                    FormField(name, inner.label, inner.hint, _input(inner))
                    for name, inner in prop.field.value.props.items()
                ]
                continue
            path = f"{section}.{key}"
            if isinstance(prop.field, Choice) and prop.field.values == "kinds":
                kind_path = path
            if isinstance(prop.field, Choice) and prop.field.values == "versions":
                version_path = path
            if not prop.label:  # not asked: the version of the code is the current one
                hidden.append(FormField(path, "", "", "hidden", prop.field.example_for(code_lists)))
                continue
            fields.append(FormField(path, prop.label, prop.hint, _input(prop)))
        if holds_answers and tasks:
            tasks[-1].fields.extend(fields)
            assessed_path = next(f.path for f in fields if f.input == "date")
        else:
            tasks.append(FormTask(section, section_prop.label, fields))
    tasks += [FormTask(f"principle-{p.id}", p.heading, [], p) for p in code.principles]
    notes = {}
    if register is not None:
        path = ".".join(rules.CLAIMS.field)
        notes[path] = say("claims-in-browser", date=long_date(register.today))
    return FormPage(tasks, hidden, answer, notes, kind_path, version_path, assessed_path)


def form_data(
    code: Code, known: dict[str, KnownBody], register: Register, new_file_url: str
) -> str:
    """The JSON the form loads."""
    document = {**form_rules(code, known, register), "new_file_url": new_file_url}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
