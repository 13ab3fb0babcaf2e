"""Every message a content file can get, in one place, by id.

The validator, the loaders and the sign-up form all word their problems from
this catalogue: the form receives it in ``form-data.json`` and fills in the
same templates, so an officer reads the same sentence in the browser as in
``codemark validate``. Templates use ``{name}`` placeholders, and
``{name:,}`` for a number with thousands separators; nothing else, so the
form's evaluator can fill them in too.

A message may have a ``form`` wording as well, used beside a field of the
form where the file's wording would talk about lines of YAML. The checks
always produce the file's wording; the form chooses which one to show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Message:
    file: str  # the wording for a file, as codemark validate prints it
    form: str = ""  # the wording beside a field of the form, when it must differ


MESSAGES: Mapping[str, Message] = {
    # Reading a file ------------------------------------------------------------
    "unreadable": Message("the file cannot be read ({reason})."),
    "symbolic-link": Message(
        "the file is a symbolic link (a pointer to another file or folder). Links are not "
        "followed: put the file itself here instead."
    ),
    "not-a-file": Message("this is {what}, not an ordinary file. Put the file here."),
    "too-big": Message(
        "the file is {size} KiB, more than the limit of {limit} KiB. "
        "Remove what does not belong in it."
    ),
    "utf-16": Message("the file is saved as UTF-16. Save it as UTF-8 text instead."),
    "not-utf-8": Message(
        "the file is not UTF-8 text: the byte 0x{byte} at column {column_number} cannot be "
        "read. Save the file as UTF-8."
    ),
    "yaml-syntax": Message("this is not valid YAML ({what}). {hint}"),
    "yaml-error": Message("this is not valid YAML: {error}"),
    "yaml-anchor": Message(
        "the YAML {kind} '{sign}{name}' is not allowed here. Write the value out in full instead."
    ),
    "no-front-matter": Message(
        "the file has no front matter. Start it with a line '---', then the "
        "fields in YAML, then another line '---'."
    ),
    "front-matter-not-closed": Message(
        "the front matter is not closed. Add a line '---' after the fields."
    ),
    "wrong-suffix": Message("signatory files end in .yml."),
    "wrong-suffix-yaml": Message("signatory files end in .yml. Rename it to {stem}.yml."),
    "empty-file": Message("the file is empty. Start from the template: run 'codemark new'."),
    # Fields --------------------------------------------------------------------
    "found-section": Message("a section of fields"),
    "found-list": Message("a list"),
    "found-nothing": Message("nothing"),
    "found-value": Message("'{value}'"),
    "expected": Message("expected {expected}, found {found}."),
    "no-value": Message("has no value. Write {expected} after the colon.", "{prompt}."),
    "placeholder": Message(
        "still has the template's '...'. Replace it with {expected}.", "{prompt}."
    ),
    "empty-text": Message("is empty. Write the text after the colon.", "{prompt}."),
    "control-character": Message(
        "contains an invisible control character (U+{code}) at character {position}. "
        "Remove it; it often comes from copying and pasting."
    ),
    "direction-character": Message(
        "contains a character that changes the direction of the text (U+{code}) at character "
        "{position}, which can make it read differently from what it is. Remove it."
    ),
    "html": Message("looks like HTML ('{snippet}'). Write plain text."),
    "html-in-notes": Message(
        "looks like HTML ('{snippet}'). Write plain text; notes may use simple Markdown such "
        "as *emphasis* and [links](https://...)."
    ),
    "formula": Message(
        "starts with '{first}', which spreadsheets take for the start of a formula. "
        "Start with a letter or a number."
    ),
    "too-long": Message("is {length:,} characters long; the limit is {limit:,}. Shorten it."),
    "single-line": Message("must be a single line. Remove the line breaks."),
    "pattern": Message("'{text}' is not {hint}."),
    "not-integer": Message("expected a whole number, found {found}."),
    "out-of-range": Message("{number} is out of range: use {minimum} to {maximum}."),
    "not-boolean": Message("expected true or false, found {found}."),
    "not-boolean-yaml11": Message(
        "expected true or false, found {found} ('yes', 'no', 'on' and 'off' are not used)."
    ),
    "not-date": Message(
        "{found} is not a real date. Write it as year-month-day, for example 2026-03-02."
    ),
    "future-date": Message("{text} is in the future. Use a date on or before {today}."),
    "not-url": Message(
        "'{text}' is not a web address starting {scheme}. Copy the full address from your "
        "browser's address bar."
    ),
    "not-choice": Message("'{text}' is not a {noun}. Use one of: {allowed}."),
    "not-choice-close": Message(
        "'{text}' is not a {noun}. Did you mean '{suggestion}'? Use one of: {allowed}."
    ),
    "not-criterion-in-principle": Message(
        "'{text}' is not a criterion of the code. Principle {principle} has criteria {first} "
        "to {last}."
    ),
    "not-criterion": Message(
        "'{text}' is not a criterion of the code. Criteria are numbered {first} to {last}."
    ),
    "not-list": Message(
        "expected a list, found {found}. Write it as a list, for example {example}."
    ),
    "too-few-items": Message("the list needs {count} items."),
    "no-items": Message("the list needs at least one item.", "{prompt}."),
    "listed-twice": Message("'{value}' is listed twice. Remove one."),
    "not-all-or-list": Message("expected 'all' or a list, found {found}."),
    "not-section": Message("expected a section of fields ({fields}), found {found}."),
    "key-not-plain": Message("a field name must be a plain word. Use one of: {fields}."),
    "unknown-field": Message("'{key}' is not a field used here. The fields are: {fields}."),
    "unknown-field-close": Message(
        "'{key}' is not a field used here. Did you mean '{suggestion}'? The fields are: {fields}."
    ),
    "duplicate-key": Message(
        "'{key}' appears twice in the same section (first on line {first}). Keep one of them."
    ),
    "missing-field": Message(
        "'{key}' is missing. Add a line such as '{key}: {example}'.", "{prompt}."
    ),
    "not-map": Message("expected a section of {noun}s, found {found}."),
    "key-not-id": Message("each entry must start with a {noun}."),
    "note-image": Message("images cannot be shown in notes. Link to them instead."),
    "note-link": Message(
        "the link to '{found}' cannot be shown: links in notes must start https:// or mailto:."
    ),
    # A signatory file as a whole -------------------------------------------------
    "mixed-alphabets": Message(
        "'{name}' mixes letters from different alphabets ({alphabets}), which can make it look "
        "like another body's name. Type the name again using one alphabet."
    ),
    "file-name": Message(
        "the file name '{slug}.yml' does not match the organisation's name '{name}'. Rename the "
        "file to {expected}.yml, so that each body's file is easy to find.",
        "",
    ),
    "file-name-empty": Message(
        "the file name '{slug}.yml' does not match the organisation's name '{name}'. Give the "
        "body its name, so that each body's file is easy to find.",
        "Write the name in letters A to Z, so that the file can be named after it.",
    ),
    "demonstration-identifier": Message(
        "a demonstration entry's identifier starts with {prefix}, such as ZZ-DEMO-EXAMPLE, so it "
        "cannot be mistaken for a real body."
    ),
    "reserved-identifier": Message(
        "identifiers starting {prefix} are kept for demonstration entries. Use the body's real "
        "identifier, such as {example}."
    ),
    "namesake": Message(
        "'{name}' is the name of {other}, but this file gives the identifier {identifier}. "
        "A body can only sign for itself: correct the name or the identifier."
    ),
    "unknown-identifier": Message(
        "{identifier} is not in the list of known {bodies}. Check it; if it is right, the "
        "secretariat will add the body to the list."
    ),
    "not-the-known-name": Message(
        "{identifier} is the identifier of {body}, so the name must be '{body}', not '{name}'. "
        "An identifier can only be claimed under its body's own name: if you are signing for "
        "{body}, use that name (and name the file {file}.yml); if not, correct the identifier."
    ),
    "wrong-kind": Message(
        "{identifier} is {body}, a {body_kind}, not a {kind}. Check the identifier: a body can "
        "only sign for itself."
    ),
    "website-domain": Message(
        "{host} is not one of {body}'s own domains ({domains}). Give the body's own website, "
        "so readers can trust that the body itself signed."
    ),
    "contact-domain": Message(
        "{host} is not one of {body}'s own domains ({domains}). Use a mailbox on the body's "
        "own domain."
    ),
    "personal-mailbox": Message(
        "{contact} looks like a person's own address. Give a shared mailbox, such as "
        "commissioning@..., that outlasts staff changes."
    ),
    "honorific": Message(
        "write the role of the person who signed, such as 'Chief Executive', not their name "
        "('{text}')."
    ),
    "before-version": Message(
        "{date} is before version {version} of the code was published ({published}). Check the "
        "date and the version."
    ),
    "signed-before-code": Message(
        "{date} is before the code was first published ({published}). Give the date your body "
        "decided to sign."
    ),
    "assessed-before-signing": Message(
        "{date} is before the body signed ({other}). The assessment is made on or after the day "
        "of signing: check both dates."
    ),
    "withdrawn-not-after-signing": Message(
        "a body withdraws after the day it signed ({other}), so this date must be later. "
        "Check the date."
    ),
    "criterion-later-version": Message(
        "criterion {id} was added in version {since} of the code, after the version this "
        "assessment answers ({version}). Remove it, or assess against version {since} or later."
    ),
    "criterion-other-kind": Message(
        "criterion {id} applies only to these kinds of body: {kinds}. Your body is not one of "
        "them, so remove it."
    ),
    "status-not-allowed": Message(
        "criterion {id} cannot be answered {status}: it applies to every body of your kind. "
        "Answer {allowed}."
    ),
    "needs-evidence": Message(
        "criterion {id} is answered {words}, so it needs a link to public evidence. Add a line "
        "'evidence: https://...' under it.",
        "Criterion {id} is answered {words}, so give a link to public evidence.",
    ),
    "needs-note": Message(
        "criterion {id} is answered {words}, so it needs a note saying why. Add a line "
        "'note: ...' under it.",
        "Criterion {id} is answered {words}, so give a note saying why.",
    ),
    "not-answered": Message(
        "{count} criterion applies to your body but is not answered: {listed}. Add it with its "
        "status; 'codemark new' writes a file that lists them all.",
        "Choose an answer for criterion {listed}.",
    ),
    "not-answered-many": Message(
        "{count} criteria apply to your body but are not answered: {listed}. Add each with its "
        "status; 'codemark new' writes a file that lists them all.",
        "{count} criteria are not answered yet: {listed}. Choose an answer for each.",
    ),
    "not-answered-each": Message(
        "criterion {id} is not answered.", "Choose an answer for criterion {id}."
    ),
    "history-out-of-order": Message(
        "{date} is not before item {above} above it ({other}). Earlier assessments go newest "
        "first, each dated before the one above it."
    ),
    "history-after-assessment": Message(
        "{date} is not before the assessment above it ({other}). Earlier assessments go newest "
        "first, each dated before the one above it."
    ),
    "identifier-claimed": Message(
        "{identifier} is also claimed by {others}. Each body has one file: keep the body's "
        "details in one of them, and correct the identifier in the other."
    ),
    # The sign-up form ------------------------------------------------------------
    "claims-in-browser": Message(
        "This form checks that no other entry claims this identifier against the register as "
        "published on {date}. Your pull request is checked again against every file."
    ),
    "level-choose-kind": Message("Choose your kind of body to see which criteria apply."),
    "level-none": Message("These answers do not reach a level yet."),
    "level-held": Message("These answers reach the {level} level."),
    "level-held-review": Message(
        "These answers reach the {level} level, once the secretariat has reviewed the evidence."
    ),
    "level-next": Message("For {level}, still needed: {listed}."),
    "level-next-more": Message("For {level}, still needed: {listed} and {count} more."),
    "form-valid": Message("Your self-assessment is complete and valid."),
    "form-error": Message("Error: "),
    "form-warning": Message("Warning: "),
    "form-warnings": Message("Please look at the warnings above."),
    # The sign-up form's task list, drafts and renewals -------------------------
    "task-not-started": Message("Not started"),
    "task-in-progress": Message("In progress"),
    "task-completed": Message("Completed"),
    "task-cannot-start": Message("Cannot start yet"),
    "tasks-completed": Message("You have completed {done} of {count} tasks."),
    "task-now": Message("{task}: {status}."),
    "task-unchanged": Message(
        "{unchanged} of {count} answers unchanged since your last assessment"
    ),
    "unchanged": Message("Unchanged since your last assessment"),
    "not-answered-yet": Message("Not answered"),
    "draft-comment": Message(
        "DRAFT, not finished: do not send it. To carry on, load this file into the sign-up form."
    ),
    "draft-unnamed": Message("a signatory not named yet"),
    "draft-for": Message("Draft for {name}"),
    "draft-changed": Message("Last changed {when}."),
    "draft-restored": Message("Your draft for {name} is open again."),
    "draft-deleted": Message("The draft for {name} has been deleted from this computer."),
    "draft-confirm": Message(
        "This deletes the draft for {name} from this computer. Its answers cannot be brought "
        "back, unless you saved a copy."
    ),
    "copy-loaded": Message("Your saved copy is loaded: every answer in it is back."),
    "renewal-loaded": Message(
        "The answers of your last assessment are filled in. Each task marks what is unchanged."
    ),
    "storage-failed": Message(
        "This browser is not saving your answers, so they will be lost when you close this "
        "page. This happens in private browsing, when the browser's storage is full, or when it "
        "is turned off. Use 'Save a copy' to keep your answers in a file."
    ),
    # The code and case studies ---------------------------------------------------
    "principle-file-name": Message(
        "a principle's file name must be its number, a hyphen and a short name in lowercase, "
        "such as 04-anchor-organisations.md. Rename the file."
    ),
    "no-principles": Message("there are no principle files in this folder."),
    "empty-front-matter": Message("the front matter is empty."),
    "no-changelog-entry": Message(
        "there is no entry for the current version {version}. Add one saying what changed."
    ),
    "declared-twice": Message(
        "{what} '{id}' is declared twice (first on line {first}). Give each {what} its own id."
    ),
    "principle-number": Message(
        "the principle's id is {id} but its file name starts with {prefix}. Make them agree."
    ),
    "criterion-twice": Message(
        "criterion {id} is already defined on line {first}. Give each criterion its own id."
    ),
    "criterion-prefix": Message(
        "'{id}' does not belong to principle {principle}. Criterion ids start with the "
        "principle's number, such as {example}."
    ),
    "no-guidance": Message(
        "the text has no guidance for {role}. Add a heading '### For {role}' under "
        "'## Guidance', with guidance below it."
    ),
    "principle-twice": Message(
        "principle {id} is also defined in {other}. Give each principle its own number."
    ),
    "source-not-cited": Message(
        "source '{id}' ({label}) is cited by no principle. Cite it in the 'sources' of the "
        "principle that carries it."
    ),
    # Owner records ---------------------------------------------------------------
    "record-empty": Message("the record is empty."),
    "owners-without-signatory": Message(
        "there is no signatory file {slug}.yml for this owner record. Name the record after "
        "the signatory's file."
    ),
    "no-owners": Message(
        "no owner is recorded for this entry yet, so only the secretariat can change it. The "
        "secretariat records who may: add {folder}/{slug}.yml (see owners/README.md)."
    ),
    # Review records ------------------------------------------------------------
    "review-empty": Message("the review record is empty."),
    "review-without-signatory": Message(
        "there is no signatory file {slug}.yml for this review record. Name the record after "
        "the signatory's file."
    ),
    "review-level": Message("'{level}' is not a level of the code."),
    "review-without-hash": Message(
        "the {outcome} review of {date} does not say what it reviewed. Run 'codemark "
        "review-hash signatories/{slug}.yml' and add the line 'reviewed: sha256:...' it prints."
    ),
}


_PLACEHOLDER = re.compile(r"\{(\w+)(:,)?\}")


def fill(template: str, params: Mapping[str, Any]) -> str:
    """A template with its placeholders filled in; the form does exactly the same."""

    def value(match: re.Match[str]) -> str:
        found = params[match.group(1)]
        return f"{found:,}" if match.group(2) else str(found)

    return _PLACEHOLDER.sub(value, template)


def say(message_id: str, **params: Any) -> str:
    """The file's wording of a message."""
    return fill(MESSAGES[message_id].file, params)
