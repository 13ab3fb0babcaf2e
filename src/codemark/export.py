"""Open data: the register as JSON and CSV, each signatory as JSON, and an Atom feed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any, TextIO
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from codemark import urls
from codemark.history import Comparison
from codemark.model import Answer, Code, Level
from codemark.register import NO_LEVEL, Entry, Register
from codemark.score import STANDING_NAMES, STANDINGS
from codemark.statistics import Statistics
from codemark.text import long_date


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def _id(level: Level | None) -> str | None:
    return level.id if level else None


def _answers(answers: Iterable[Answer]) -> list[dict[str, Any]]:
    return [
        {"criterion": a.criterion.id, "status": a.status, "evidence": a.evidence, "note": a.note}
        for a in answers
    ]


def _changes(compared: Comparison | None) -> dict[str, Any] | None:
    """What changed since the assessment before, as the per-signatory JSON gives it."""
    if compared is None:
        return None
    return {
        "since": _iso(compared.since),
        "level_then": _id(compared.level_then),
        "level_now": _id(compared.level_now),
        "newly_met": [c.id for c in compared.newly_met],
        "no_longer_met": [c.id for c in compared.no_longer_met],
    }


def summary_record(entry: Entry, site_url: str) -> dict[str, Any]:
    """A signatory as a row of the register: who, its mark, and where to find more."""
    s, m = entry.signatory, entry.mark
    org = s.organisation
    # Dates that describe a current mark are left empty once it is not current,
    # so that no former or lapsed body's record reads as current.
    live = m.current
    return {
        "slug": s.slug,
        "name": org.name,
        "identifier": org.identifier,
        "kind": org.kind.id,
        "areas": list(org.areas),
        "website": org.website,
        "contact": org.contact,
        "demonstration": s.demonstration,
        "signed_on": _iso(s.signed_on),
        "code_version": s.code_version,
        "assessed_on": _iso(s.assessed_on),
        "level": m.level.id if m.level else None,
        "next_level": m.next_level.id if m.next_level else None,
        "progress": m.progress,
        "status": m.standing,
        "status_as_of": _iso(m.as_of),
        "status_text": m.summary,
        "current_from": _iso(m.current_from) if live else None,
        "current_to": _iso(m.current_to) if live else None,
        "renewal_from": _iso(m.renewal_from) if live else None,
        "held_level": m.held.id if m.held else None,
        "held_until": _iso(m.ended_on),
        "previous_level": _id(entry.history.previous_level),
        "withdrawn_on": _iso(s.withdrawn_on),
        "changed_since_review": _iso(m.changed_since_review),
        "page": site_url + urls.signatory_page(s.slug),
        "badge": site_url + urls.signatory_badge(s.slug),
        "data": site_url + urls.signatory_json(s.slug),
    }


def signatory_record(entry: Entry, site_url: str) -> dict[str, Any]:
    """Everything the signatory's file says, with its mark: the per-signatory JSON."""
    s = entry.signatory
    return {
        **summary_record(entry, site_url),
        "signed": {"date": _iso(s.signed_on), "by": s.signed_by, "decision": s.decision},
        "withdrawal_reason": s.withdrawal_reason,
        "answers": [
            {
                "criterion": a.criterion.id,
                "status": a.status,
                "evidence": a.evidence,
                "note": a.note,
                "satisfied": a.criterion.id in entry.mark.satisfied,
            }
            for a in s.answers
        ],
        "reviews": [
            {
                "date": _iso(r.date),
                "outcome": r.outcome,
                "by": r.by,
                "level": r.level,
                "note": r.note,
                "reviewed": r.reviewed,
            }
            for r in entry.reviews
        ],
        "changes_since_previous": _changes(entry.history.latest),
        "history": [
            {
                "code_version": past.assessment.code_version,
                "date": _iso(past.assessment.date),
                "level": _id(past.level),
                "current_to": _iso(past.current_to),
                "ended": "lapsed" if past.lapsed else "renewed",
                "replaced_on": _iso(past.replaced_on),
                "changes_since_previous": _changes(past.compared),
                "answers": _answers(past.assessment.answers),
            }
            for past in entry.history.past
        ],
    }


def _dump(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def register_json(register: Register, site_url: str) -> str:
    return _dump(
        {
            "$schema": site_url + urls.REGISTER_SCHEMA,
            "code": {"name": register.code.name, "version": register.code.version},
            "date": register.today.isoformat(),
            "count": len(register.entries),
            "counts": counts_record(register),
            "signatories": [summary_record(e, site_url) for e in register.entries],
        }
    )


COUNTS = {
    "entries": "Every entry, former signatories included",
    "current": "Current signatories, those due for renewal included",
    "renewal_due": "Current signatories due for renewal",
    "lapsed": "Entries whose assessment has lapsed",
    "former": "Former signatories: withdrawn or suspended",
    "demonstration": "Fictional sample entries, among all entries",
    "current_demonstration": "Fictional sample entries, among current signatories",
}


def counts_record(register: Register) -> dict[str, Any]:
    """The register's counts; the schema says what each counts."""
    c = register.counts
    return {name: getattr(c, name) for name in COUNTS} | {
        "levels": {level: count for level, _, count in c.levels}
    }


def names_json(register: Register) -> str:
    """Every entry's name, page (from the site's root) and mark in a few words, in register
    order: what the register's search looks through as a reader types. Compact, as it is
    fetched whole."""
    rows = [
        [
            e.signatory.organisation.name,
            urls.signatory_page(e.slug),
            f"{e.mark.level.name if e.mark.level else 'No level'}, "
            f"{STANDING_NAMES[e.mark.standing].lower()}",
        ]
        for e in register.entries
    ]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def signatory_json(entry: Entry, site_url: str) -> str:
    # Compact: there is one per signatory, and the C encoder only works without indent.
    return json.dumps(signatory_record(entry, site_url), ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Field:
    """One field of the open data: its name, its JSON Schema, and what it means in words.

    The JSON Schema of register.json and the data dictionary on the Open data page are both
    made from these, so they cannot disagree.
    """

    name: str
    schema: dict[str, Any]
    meaning: str


_DATE = {"type": "string", "format": "date"}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
_URI = {"type": "string", "format": "uri"}


def summary_fields(code: Code) -> tuple[Field, ...]:
    """The fields of a row of the register, in order (register.json and register.csv)."""
    levels = [level.id for level in code.levels]
    level_or_none = {"enum": [*levels, None]}
    return (
        Field("slug", {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
              "The name of the entry's file, without .yml. Its page is register/<slug>.html."),
        Field("name", {"type": "string"}, "The body's official name."),
        Field("identifier", {"type": "string"},
              "The body's identifier in the org-id style, such as GB-LAE-ISL. Identifiers "
              "starting ZZ- are fictional demonstration entries."),
        Field("kind", {"enum": [k.id for k in code.kinds]},
              "The kind of body: " + ", ".join(f"{k.id} ({k.name})" for k in code.kinds) + "."),
        Field("areas", {"type": "array", "items": {"type": "string"}},
              "The areas the body serves, as it names them (in the CSV, separated by "
              "semicolons)."),
        Field("website", _URI, "The body's website."),
        Field("contact", {"type": "string", "format": "email"},
              "A shared public mailbox for questions about the entry."),
        Field("demonstration", {"type": "boolean"},
              "true for a fictional sample entry, listed to show how the register works. "
              "Leave these out of any analysis."),
        Field("signed_on", _DATE, "The day the body decided to sign the code."),
        Field("code_version", {"type": "string"},
              "The version of the code the latest self-assessment answers."),
        Field("assessed_on", _DATE, "The date of the latest self-assessment."),
        Field("level", {**level_or_none,
                        "description": "The level held on status_as_of; null when not current"},
              "The level the body holds on status_as_of: "
              + ", ".join(level.id for level in code.levels)
              + ". Empty when it holds none yet, and always empty when it is not current."),
        Field("next_level", level_or_none,
              "The next level up, when current and not at the top. Empty otherwise."),
        Field("progress", {"type": ["integer", "null"], "minimum": 0, "maximum": 100,
                           "description": "Percent of the next level's criteria satisfied; "
                           "null when not current"},
              "The percentage of the next level's criteria the body satisfies. Empty when "
              "not current."),
        Field("status", {"enum": list(STANDINGS)},
              "The body's status on status_as_of; the table of statuses says what each "
              "means."),
        Field("status_as_of", {**_DATE, "description": "The day the status was worked out"},
              "The day the status was worked out: the day the site was built."),
        Field("status_text", {"type": "string",
                              "description": "In words: the level and until when it is "
                              "current, or, when not current, what was held, until when, and "
                              "why it ended"},
              "The status in words: the level and until when it is current or, for a body "
              "no longer current, what it held, until when, and why it ended."),
        Field("current_from", _NULLABLE_DATE,
              "The first day the latest self-assessment counts. Empty when not current."),
        Field("current_to", {**_NULLABLE_DATE,
                             "description": "The last day the assessment is current; null "
                             "when not current"},
              "The last day the latest self-assessment is current, unless renewed. Empty "
              "when not current."),
        Field("renewal_from", _NULLABLE_DATE,
              "The day the assessment is due for renewal from. Empty when not current."),
        Field("held_level", {**level_or_none,
                             "description": "When not current: the level held on the last "
                             "current day"},
              "For a body no longer current: the level it held on its last current day."),
        Field("held_until", {**_NULLABLE_DATE,
                             "description": "When not current: the last day the mark was "
                             "current"},
              "For a body no longer current: the last day its mark was current."),
        Field("previous_level", level_or_none,
              "The level the body's previous self-assessment reached, as its history records "
              "it. Empty when it has no earlier assessment, or that one reached no level."),
        Field("withdrawn_on", _NULLABLE_DATE, "The day the body withdrew, if it did."),
        Field("changed_since_review", {**_NULLABLE_DATE,
                                       "description": "The date of the secretariat's latest "
                                       "review, when the file has changed since it: a level "
                                       "that needs review is then not held"},
              "The date of the secretariat's latest review, when the file has changed since: "
              "until it is reviewed again, no level that needs a review is held."),
        Field("page", _URI, "The entry's page on this site."),
        Field("badge", _URI, "The entry's badge, an SVG image that always shows its status."),
        Field("data", _URI, "The entry in full, as JSON: every answer and its history."),
    )  # fmt: skip


def register_schema(code: Code, site_url: str) -> str:
    """The JSON Schema (draft-07) of register.json."""
    fields = summary_fields(code)
    row = {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields],
        "properties": {f.name: f.schema for f in fields},
    }
    return _dump(
        {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$id": site_url + urls.REGISTER_SCHEMA,
            "title": f"Register of signatories of {code.name}",
            "type": "object",
            "required": ["code", "date", "count", "counts", "signatories"],
            "properties": {
                "$schema": {"type": "string"},
                "code": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "version": {"type": "string"}},
                },
                "date": {**_DATE, "description": "The day the marks were worked out"},
                "count": {"type": "integer", "description": "Every entry, former included"},
                "counts": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [*COUNTS, "levels"],
                    "properties": {
                        **{
                            name: {"type": "integer", "minimum": 0, "description": description}
                            for name, description in COUNTS.items()
                        },
                        "levels": {
                            "type": "object",
                            "description": "Current signatories holding each level; 'none': "
                            "current signatories with no level yet",
                            "additionalProperties": {"type": "integer", "minimum": 0},
                        },
                    },
                },
                "signatories": {"type": "array", "items": row},
            },
        }
    )


CSV_COLUMNS = (
    "name",
    "identifier",
    "kind",
    "areas",
    "level",
    "progress",
    "status",
    "status_as_of",
    "status_text",
    "current_from",
    "current_to",
    "held_level",
    "held_until",
    "previous_level",
    "signed_on",
    "code_version",
    "demonstration",
    "website",
    "contact",
    "page",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading = + - @ tab or CR is quoted."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(value: object) -> str:
    if value is None:
        return ""
    return spreadsheet_safe(str(value).lower() if isinstance(value, bool) else str(value))


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV file with a header row, every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue()


def register_csv(register: Register, site_url: str) -> str:
    def row(entry: Entry) -> list[object]:
        record = summary_record(entry, site_url)
        record["areas"] = "; ".join(record["areas"])
        return [record[c] for c in CSV_COLUMNS]

    return csv_text(CSV_COLUMNS, map(row, register.entries))


ANSWERS_FIELDS = (
    Field("identifier", {}, "The body's identifier, as in register.csv."),
    Field("criterion", {}, "The criterion's number, such as 4.2."),
    Field("level", {}, "The level of the mark the criterion belongs to (not the body's level)."),
    Field("answer", {}, "The body's answer: met, partly, not-met or n/a."),
    Field("evidence", {}, "A link to public evidence, when given."),
    Field("note", {}, "The body's note, in simple Markdown, when given."),
)
ANSWERS_COLUMNS = tuple(f.name for f in ANSWERS_FIELDS)


def write_answers_csv(register: Register, handle: TextIO) -> None:
    """Every body's answer to every criterion it answered, one row each, in register order.

    The largest file the site has (about 10 KB a signatory), so it is written as it is made,
    never held whole. Cells are written as they are where the validator already guarantees
    they are safe (identifiers, criterion numbers, levels, statuses and https links cannot
    start a formula); only notes, which can, are made safe.
    """
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(ANSWERS_COLUMNS)
    for entry in register.entries:
        identifier = entry.signatory.organisation.identifier
        writer.writerows(
            (
                identifier,
                a.criterion.id,
                a.criterion.level.id,
                a.status,
                a.evidence or "",
                spreadsheet_safe(a.note) if a.note else "",
            )
            for a in entry.signatory.answers
        )


CRITERIA_FIELDS = (
    Field("principle", {}, "The principle's number."),
    Field("criterion", {}, "The criterion's number, such as 4.2."),
    Field("title", {}, "What the criterion asks, in a few words."),
    Field("level", {}, "The level of the mark it belongs to."),
    Field("applies_to", {}, "The kinds of body it applies to, separated by semicolons, or all."),
    Field("since", {}, "The version of the code that added it."),
    Field("effective", {}, "The day it starts to count, when that is later than its version's "
          "publication."),
    Field("text", {}, "The criterion in full."),
)  # fmt: skip


def criteria_csv(code: Code) -> str:
    """The code's criteria, for reading the answers: one row each, in the code's order."""
    return csv_text(
        [f.name for f in CRITERIA_FIELDS],
        (
            (
                c.principle_id,
                c.id,
                c.title,
                c.level.id,
                "all" if c.applies_to_all else "; ".join(k.id for k in c.applies_to),
                c.since,
                _iso(c.effective),
                c.text,
            )
            for c in code.criteria
        ),
    )


# The statistics page's CSV files, by chart: each column and what it means.
STATISTICS_FIELDS: dict[str, tuple[Field, ...]] = {
    "over_time": (
        Field("month_end", {}, "The last day of the month, or the day of the build for this "
              "month."),
        Field("signed", {}, "Bodies that had signed by then, former signatories included."),
        Field("current", {}, "Of those, bodies whose self-assessment was current that day."),
        Field("lapsed", {}, "Bodies that had signed, had not left, but had no current "
              "self-assessment that day."),
        Field("former", {}, "Bodies that had withdrawn or been suspended by then."),
    ),
    "levels": (
        Field("kind", {}, "The kind of body."),
        Field("<level>", {}, "One column per level, and no_level_yet: how many current "
              "signatories of the kind hold it."),
        Field("all_current", {}, "Current signatories of the kind."),
    ),
    "criteria": (
        Field("principle", {}, "The principle's number."),
        Field("criterion", {}, "The criterion's number."),
        Field("title", {}, "What the criterion asks, in a few words."),
        Field("level", {}, "The level of the mark the criterion belongs to."),
        Field("meeting", {}, "Current signatories that satisfy it: met with the evidence the "
              "code asks for, or validly not applicable."),
        Field("applies_to", {}, "Current signatories it counts for: those of the kinds it "
              "applies to, once it is in effect."),
        Field("percent", {}, "meeting as a percentage of applies_to, rounded."),
    ),
    "areas": (
        Field("area", {}, "An area, as the map names it, or as a signatory wrote it."),
        Field("on_map", {}, "yes for an area on the map, all for the whole region, no for "
              "another area a signatory named."),
        Field("current", {}, "Current signatories that serve it; a body serving several "
              "areas is counted in each."),
    ),
}  # fmt: skip


# The fields of a signatory's own JSON record beyond its register row.
RECORD_FIELDS = (
    Field(
        "signed",
        {},
        "When and by whom (a role) the body signed, and a link to the "
        "decision: date, by, decision.",
    ),
    Field("withdrawal_reason", {}, "The reason the body gave for withdrawing, if it did."),
    Field(
        "answers",
        {},
        "The latest self-assessment: for each criterion, its number "
        "(criterion), short title (title), the answer (status), evidence and note, and "
        "whether it counts as satisfied (met with the evidence the code asks for, or validly "
        "not applicable).",
    ),
    Field(
        "reviews",
        {},
        "The secretariat's reviews of the entry: date, outcome, by (a role), "
        "the level reviewed, a note, and the review hash of the file reviewed.",
    ),
    Field(
        "history",
        {},
        "Earlier self-assessments, newest first: each one's date, code "
        "version, the level it reached and until when it was current, how it ended "
        "(renewed or lapsed), its answers, and what changed in the assessment after it "
        "(criteria newly met and no longer met).",
    ),
)
NAMES_FIELDS = (
    Field("name", {}, "The body's name."),
    Field("page", {}, "Its page, from the site's root."),
    Field("mark", {}, "Its level and status, in a few words."),
)  # fmt: skip


def data_dictionary(code: Code) -> list[tuple[str, str, tuple[Field, ...]]]:
    """Every file of the open data and its fields: (heading, files, fields)."""
    return [
        ("The register", f"{urls.REGISTER_JSON}, {urls.REGISTER_CSV}", summary_fields(code)),
        ("One signatory in full", "register/<slug>.json: as a register row, and", RECORD_FIELDS),
        ("Every answer", urls.ANSWERS_CSV, ANSWERS_FIELDS),
        ("The criteria", urls.CRITERIA_CSV, CRITERIA_FIELDS),
        *(
            (f"Statistics: {STATISTICS_TITLES[key]}", urls.STATISTICS_CSV[key], fields)
            for key, fields in STATISTICS_FIELDS.items()
            if key != "areas" or code.areas
        ),
        ("Names, for finding a body", f"{urls.NAMES} (a list of lists)", NAMES_FIELDS),
    ]


STATISTICS_TITLES = {
    "over_time": "signatories over time",
    "levels": "levels by kind of body",
    "criteria": "criteria met",
    "areas": "where signatories work",
}


def statistics_csv(figures: Statistics) -> dict[str, str]:
    """The statistics page's figures, one CSV file per chart, by their key in urls."""
    levels = [held.level for held in figures.kinds[0].levels] if figures.kinds else []
    level_columns = ["no_level_yet" if level == NO_LEVEL else level for level in levels]
    areas = figures.areas
    columns = {key: [f.name for f in fields] for key, fields in STATISTICS_FIELDS.items()}
    columns["levels"][1:2] = level_columns
    files = {
        "over_time": csv_text(
            columns["over_time"],
            ((m.end.isoformat(), m.signed, m.current, m.lapsed, m.former) for m in figures.months),
        ),
        "levels": csv_text(
            columns["levels"],
            ((k.kind.id, *(held.count for held in k.levels), k.total) for k in figures.kinds),
        ),
        "criteria": csv_text(
            columns["criteria"],
            (
                (
                    group.principle.id,
                    share.criterion.id,
                    share.criterion.title,
                    share.criterion.level.id,
                    share.meeting,
                    share.counted,
                    share.percent,
                )
                for group in figures.principles
                for share in group.shares
            ),
        ),
    }
    if areas is not None:
        files["areas"] = csv_text(
            columns["areas"],
            [
                (areas.whole_name, "all", areas.whole),
                *((t.name, "yes", t.count) for t in areas.tiles),
                *((name, "no", count) for name, count in areas.elsewhere),
            ],
        )
    return files


def atom_feed(register: Register, site_url: str, limit: int = 50) -> str:
    """New and renewed signatories, newest first. Entry ids are stable tag URIs."""
    host = urlsplit(site_url).hostname or "localhost"
    code = register.code
    # Former signatories stay in: they did sign, and the feed is a record.
    events = sorted(
        register.entries, key=lambda e: (e.signatory.assessed_on, e.slug), reverse=True
    )[:limit]
    feed = FeedGenerator()
    feed.id(f"tag:{host},{code.published.isoformat()}:register")
    feed.title(f"New and renewed signatories of the {code.short_name}")
    feed.link(href=site_url + urls.FEED, rel="self")
    feed.link(href=site_url + urls.REGISTER, rel="alternate")
    feed.author({"name": f"The {code.short_name} secretariat"})
    feed.language("en-GB")
    feed.generator("codemark")
    latest = max((e.signatory.assessed_on for e in events), default=code.published)
    feed.updated(datetime.combine(latest, time(), UTC))
    for entry in reversed(events):  # feedgen puts the last added first
        s, m = entry.signatory, entry.mark
        renewed = s.assessed_on > s.signed_on
        demo = "[Demonstration] " if s.demonstration else ""
        item = feed.add_entry()
        item.id(
            f"tag:{host},{s.signed_on.isoformat()}:signatory/{s.slug}/{s.assessed_on.isoformat()}"
        )
        item.title(
            f"{demo}{s.organisation.name} "
            f"{'renewed its self-assessment' if renewed else 'signed the code'}"
        )
        item.link(href=site_url + urls.signatory_page(s.slug))
        item.updated(datetime.combine(s.assessed_on, time(), UTC))
        item.published(datetime.combine(s.signed_on, time(), UTC))
        item.summary(
            f"{s.organisation.name} ({s.organisation.kind.in_a_sentence}) "
            f"{'renewed its' if renewed else 'published its first'} self-assessment on "
            f"{long_date(s.assessed_on)}. Status as of {long_date(m.as_of)}: {m.summary}."
        )
    return str(feed.atom_str(pretty=True).decode("utf-8"))
