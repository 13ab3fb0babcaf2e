"""Open data: the register as JSON and CSV, each signatory as JSON, and an Atom feed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, time
from typing import Any
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from codemark import urls
from codemark.model import Code
from codemark.register import Entry, Register
from codemark.score import STANDING_NAMES, STANDINGS
from codemark.statistics import Statistics
from codemark.text import long_date


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


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


def register_schema(code: Code, site_url: str) -> str:
    """The JSON Schema (draft-07) of register.json."""
    date_ = {"type": "string", "format": "date"}
    nullable_date = {"type": ["string", "null"], "format": "date"}
    levels = [level.id for level in code.levels]
    row = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "slug",
            "name",
            "identifier",
            "kind",
            "areas",
            "website",
            "contact",
            "demonstration",
            "signed_on",
            "code_version",
            "assessed_on",
            "level",
            "next_level",
            "progress",
            "status",
            "status_as_of",
            "status_text",
            "current_from",
            "current_to",
            "renewal_from",
            "held_level",
            "held_until",
            "withdrawn_on",
            "changed_since_review",
            "page",
            "badge",
            "data",
        ],
        "properties": {
            "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "name": {"type": "string"},
            "identifier": {"type": "string"},
            "kind": {"enum": [k.id for k in code.kinds]},
            "areas": {"type": "array", "items": {"type": "string"}},
            "website": {"type": "string", "format": "uri"},
            "contact": {"type": "string", "format": "email"},
            "demonstration": {"type": "boolean", "description": "A fictional sample entry"},
            "signed_on": date_,
            "code_version": {"type": "string"},
            "assessed_on": date_,
            "level": {
                "enum": [*levels, None],
                "description": "The level held on status_as_of; null when not current",
            },
            "next_level": {"enum": [*levels, None]},
            "progress": {
                "type": ["integer", "null"],
                "minimum": 0,
                "maximum": 100,
                "description": "Percent of the next level's criteria satisfied; null when not "
                "current",
            },
            "status": {"enum": list(STANDINGS)},
            "status_as_of": {**date_, "description": "The day the status was worked out"},
            "status_text": {
                "type": "string",
                "description": "In words: the level and until when it is current, or, when not "
                "current, what was held, until when, and why it ended",
            },
            "current_from": nullable_date,
            "current_to": {
                **nullable_date,
                "description": "The last day the assessment is current; null when not current",
            },
            "renewal_from": nullable_date,
            "held_level": {
                "enum": [*levels, None],
                "description": "When not current: the level held on the last current day",
            },
            "held_until": {
                **nullable_date,
                "description": "When not current: the last day the mark was current",
            },
            "withdrawn_on": nullable_date,
            "changed_since_review": {
                **nullable_date,
                "description": "The date of the secretariat's latest review, when the file has "
                "changed since it: a level that needs review is then not held",
            },
            "page": {"type": "string", "format": "uri"},
            "badge": {"type": "string", "format": "uri"},
            "data": {"type": "string", "format": "uri"},
        },
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
                "date": {**date_, "description": "The day the marks were worked out"},
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


ANSWERS_COLUMNS = ("identifier", "criterion", "level", "answer", "evidence", "note")


def answers_csv(register: Register) -> str:
    """Every body's answer to every criterion it answered, one row each, in register order."""
    return csv_text(
        ANSWERS_COLUMNS,
        (
            (
                entry.signatory.organisation.identifier,
                a.criterion.id,
                a.criterion.level.id,
                a.status,
                a.evidence,
                a.note,
            )
            for entry in register.entries
            for a in entry.signatory.answers
        ),
    )


def statistics_csv(figures: Statistics) -> dict[str, str]:
    """The statistics page's figures, one CSV file per chart, by their key in urls."""
    level_names = [held.name for held in figures.kinds[0].levels] if figures.kinds else []
    areas = figures.areas
    return {
        "over_time": csv_text(
            ("month_end", "signed", "current", "lapsed", "former"),
            ((m.end.isoformat(), m.signed, m.current, m.lapsed, m.former) for m in figures.months),
        ),
        "levels": csv_text(
            ("kind", *(name.lower().replace(" ", "_") for name in level_names), "all_current"),
            ((k.kind.id, *(held.count for held in k.levels), k.total) for k in figures.kinds),
        ),
        "criteria": csv_text(
            ("principle", "criterion", "title", "level", "meeting", "applies_to", "percent"),
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
        "areas": csv_text(
            ("area", "on_map", "current"),
            [
                (areas.whole_name, "all", areas.whole),
                *((t.name, "yes", t.count) for t in areas.tiles),
                *((name, "no", count) for name, count in areas.elsewhere),
            ],
        ),
    }


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
