"""Signatory files made by changing valid samples field by field, for the parity tests.

Each case starts from a valid file and changes one field (then, for a seeded
hundred more, two or three at once) to a value an officer or an attacker might
write: web addresses, mailboxes, names, dates, identifiers, statuses, notes,
and the structure of the file itself.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from codemark.content import load_code
from codemark.load import parse_yaml

from .conftest import DATA, ROOT

REAL_CODE = ROOT / "code"
ICB = DATA / "signatories" / "valid" / "nhs-north-central-london-integrated-care-board.yml"
TEST_CODE = DATA / "code"


class Raw(str):
    """Written into the YAML as it is: a plain scalar, a block or a list."""


@dataclass(frozen=True)
class Case:
    label: str  # what was changed
    code: Path  # the code it is checked against
    name: str  # the file name it is checked under
    data: bytes


def dump(value: Any, indent: str = "") -> str:
    """YAML for a sample: sections as blocks, text double-quoted so it is read as written."""
    if isinstance(value, dict):
        if not value:
            return " {}\n"
        lines = [""]
        for key, item in value.items():
            key_text = key if isinstance(key, Raw) else json.dumps(str(key))
            lines.append(f"{indent}{key_text}:{dump(item, indent + '  ')}".rstrip("\n"))
        return "\n".join(lines) + "\n"
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        # A list of sections, as a block: each item's first field after "- ".
        lines = [""]
        for item in value:
            text = dump(item, indent + "  ").lstrip("\n").rstrip("\n")
            lines.append(indent + "- " + text[len(indent) + 2 :] if isinstance(item, dict) else
                         indent + "-" + dump(item).rstrip("\n"))  # fmt: skip
        return "\n".join(lines) + "\n"
    if isinstance(value, list):
        return " [" + ", ".join(dump(item).strip() for item in value) + "]\n"
    if value is None:
        return "\n"
    if isinstance(value, Raw):
        return " " + value + "\n"
    if isinstance(value, bool):
        return " " + ("true" if value else "false") + "\n"
    return " " + json.dumps(str(value), ensure_ascii=False) + "\n"


def data_of(node: yaml.Node) -> Any:
    """A YAML node as sample data: text stays text, plain words stay plain."""
    if isinstance(node, yaml.MappingNode):
        return {Raw(k.value) if not k.style else k.value: data_of(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [data_of(item) for item in node.value]
    return node.value if node.style else Raw(node.value)


def load_sample(path: Path) -> Any:
    node = parse_yaml(path.read_text("utf-8"), path.name)
    assert isinstance(node, yaml.Node)
    return data_of(node)


def real_body() -> dict[str, Any]:
    """A complete, valid file for a real body: every criterion for a local authority, met."""
    code = load_code(REAL_CODE)
    criteria = {
        c.id: {"status": "met", "evidence": f"https://www.islington.gov.uk/code/{c.anchor}"}
        for c in code.criteria
        if any(k.id == "local-authority" for k in c.applies_to)
    }
    return {
        "organisation": {
            "name": "London Borough of Islington",
            "kind": "local-authority",
            "identifier": "GB-LAE-ISL",
            "area": ["Islington"],
            "website": "https://www.islington.gov.uk",
            "contact": "commissioning@islington.gov.uk",
        },
        "signed": {
            "date": "2026-03-02",
            "by": "Chief Executive",
            "decision": "https://democracy.islington.gov.uk/cabinet/2026-02-20",
        },
        "assessment": {"code_version": "1.0.0", "date": "2026-03-02", "criteria": criteria},
    }


URLS = [
    "https://intranet",
    "https://localhost/x",
    "https://192.168.1.10/plan",
    "https://www.islington.gov.uk/our plan",
    "https://user:pass@www.islington.gov.uk/",
    "http://www.islington.gov.uk/plan",
    "https://www.islington.gov.uk:8443/plan",
    "HTTPS://WWW.ISLINGTON.GOV.UK/PLAN",
    "https://www.islington.gov.uk/" + "a" * 480,
    "javascript:alert(1)",
    "https://www.islington.gov.uk/a\u00a0b",
    "https://xn--bcher-kva.example/",
    "https://islington-council.example.com/",
    "ftp://www.islington.gov.uk/",
    "//www.islington.gov.uk/",
    "  https://www.islington.gov.uk/plan  ",
    "https://www.islington.gov.uk/<script>",
    "https://www.islington.gov.uk/\u202eplan",
    "https://WWW.Islington.GOV.uk",
    "https://www.camden.gov.uk",
    "https://x.islington.gov.uk/\ufeff",
    Raw("https://www.islington.gov.uk"),
    Raw("~"),
    Raw(""),
    "",
    "...",
    "https://...",
]
MAILBOXES = [
    "jane.smith@islington.gov.uk",
    "commissioning@gmail.com",
    "a@b",
    "commissioning@islington",
    "x@@islington.gov.uk",
    "o'brien@islington.gov.uk",
    "vcs.team@islington.gov.uk",
    "Commissioning@Islington.GOV.UK",
    "commissioning@nhs.net",
    "=cmd@islington.gov.uk",
    "mailto:commissioning@islington.gov.uk",
    "jane.smith2@islington.gov.uk",
    "commissioning@sub.islington.gov.uk",
    "...@islington.gov.uk",
    "commissioning@islington.gov.uk ",
    "commissioning@islington.gov.uk\u200f",
    "john_doe@islington.gov.uk",
    "info.point@islington.gov.uk",
]
NAMES = [
    "A",
    "Islington Council",
    "London Borough of Camden",
    "Mr Smith",
    "L\u043endon Borough of Islington",
    "LONDON BOROUGH OF ISLINGTON",
    "London  Borough of Islington",
    " London Borough of Islington ",
    "London Borough of Islington\u200f",
    "<b>London</b>",
    "=London",
    "x" * 151,
    Raw("~"),
    Raw(""),
    Raw("No"),
    Raw("[a, b]"),
    "...",
    "\u039b\u039f\u039d\u0394\u039f\u039d",
    "London Borough of Islington\nTwo",
    "London Borough of \u00cdsl\u0131ngton",
    "\uff2c\uff4f\uff4e",
    "London Borough of Islington\u00a0",
    "city of westminster",
    "London Borough of Isl\u0131ngton",
]
DATES = [
    "2026-02-30",
    "2026-13-01",
    "2099-01-01",
    "1900-01-01",
    "26-03-02",
    "2026-3-2",
    "2026-03-02T10:00:00",
    "today",
    "0000-01-01",
    "\u0662\u0660\u0662\u0666-\u0660\u0663-\u0660\u0662",
    Raw("2026-03-02"),
    " 2026-03-02 ",
    "2025-01-01",
    "2025-06-01",
    "2026-11-25",
    "2026-11-26",
    Raw("2026-06-30"),
    Raw("2026-07-01"),
]
ROLES = [
    "Mr John Smith",
    "Dr. Jones",
    "Cllr Ann Lee",
    "Mrs. Brown",
    "Misses Board",
    "Prof",
    "chief executive",
    Raw("|\n    Chief\n    Executive"),
    "Chief\nExecutive",
    "<i>CEO</i>",
    "@CEO",
    "x" * 101,
    "Chief Executive\u0007",
    "Directeur g\u00e9n\u00e9ral",
    "\u0414\u0438\u0440\u0435\u043a\u0442\u043e\u0440",
    "DR Who",
    "Sir\u00a0Ian",
    "Chief Executive\r",
    "-Chief",
]
IDENTIFIERS = [
    "GB-LAE-CMD",
    "gb-lae-isl",
    "ZZ-DEMO-ISL",
    "GB-LAE-ISL-2",
    "GB-COH-01234567",
    "GB-NHS-QMJ",
    "12345",
    " GB-LAE-ISL ",
    "GB-LAE-",
    "GB-lae-ISL",
    Raw("GB-LAE-ISL # kept"),
    "GB-LAE-WSM",
]
KINDS = [
    "nhs-commissioner",
    "council",
    "Local-Authority",
    "local authority",
    "housing-association",
    Raw("[local-authority]"),
    "local-authorty",
]
VERSIONS = ["2.0.0", "1.0", Raw("1.0"), "v1.0.0", Raw("1.0.0")]
STATUSES = [
    "partly",
    "not-met",
    "n/a",
    "done",
    "Met",
    "yes",
    Raw("yes"),
    "N/A",
    "na",
    Raw("~"),
    Raw("[met]"),
    "met ",
    "partial",
    "not met",
]
NOTES = [
    "x",
    "See ![plan](https://www.islington.gov.uk/a.png)",
    "[plan](http://www.islington.gov.uk)",
    "[plan](mailto:a@b.example)",
    "[plan](HTTPS://WWW.ISLINGTON.GOV.UK)",
    "<script>alert(1)</script>",
    "note \u202e",
    "=1+1",
    "x" * 2001,
    "line one\nline two",
    "[a](javascript:alert(1))",
    "[a]( <https://x.example>)",
    "...",
    "\t",
    Raw("No"),
    Raw("|\n        Line one\n        Line two"),
    "a < b",
    "[a](\u00a0javascript:x)",
    "",
]
AREAS = [
    Raw("[]"),
    ["Islington", "Islington"],
    ["<b>x</b>"],
    "Islington",
    [""],
    ["=A"],
    ["x" * 81],
    Raw("~"),
    ["Islington", "Camden"],
    ["Islington", Raw("~")],
    Raw("[[a]]"),
]
BOOLEANS = [Raw("true"), Raw("false"), Raw("yes"), "true", Raw("True"), Raw("~")]

Mutation = Callable[[dict[str, Any]], None]


def setter(path: tuple[str, ...], value: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}  # an earlier change made it something else
            target = target[key]
        target[path[-1]] = copy.deepcopy(value)

    return mutate


def dropper(path: tuple[str, ...]) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            target = target.get(key) if isinstance(target, dict) else None
        if isinstance(target, dict):
            target.pop(path[-1], None)

    return mutate


def single_changes(
    doc: dict[str, Any], code_dir: Path, every: int = 1
) -> Iterator[tuple[str, Mutation]]:
    """One change at a time, to every kind of field the file has; ``every`` other value."""
    code = load_code(code_dir)
    answered = doc["assessment"]["criteria"]
    ids = list(answered)
    criteria = {c.id: c for c in code.criteria}
    fields: dict[tuple[str, ...], list[Any]] = {
        ("organisation", "name"): NAMES,
        ("organisation", "kind"): KINDS,
        ("organisation", "identifier"): IDENTIFIERS,
        ("organisation", "area"): AREAS,
        ("organisation", "website"): URLS,
        ("organisation", "contact"): MAILBOXES,
        ("signed", "date"): DATES,
        ("signed", "by"): ROLES,
        ("signed", "decision"): URLS[:10],
        ("assessment", "code_version"): VERSIONS,
        ("assessment", "date"): DATES,
        ("demonstration",): BOOLEANS,
    }
    picked = [ids[0], *[i for i in ids if criteria[i].na_allowed][:1]]
    for criterion in picked:
        at = ("assessment", "criteria", criterion)
        fields[(*at, "status")] = STATUSES
        fields[(*at, "evidence")] = URLS[::3]
        fields[(*at, "note")] = NOTES
    for path, values in fields.items():
        for value in values[::every]:
            yield f"{'.'.join(path)} = {value[:40]!r}", setter(path, value)
    for path in [
        ("organisation", "name"),
        ("signed",),
        ("assessment", "criteria"),
        ("organisation",),
        ("signed", "by"),
        ("assessment", "criteria", ids[0], "status"),
        ("assessment", "criteria", ids[0], "evidence"),
        ("assessment", "criteria", ids[0]),
    ]:
        yield f"without {'.'.join(path)}", dropper(path)
    others = [c.id for c in code.criteria if c.id not in answered]
    extra = {"status": "met", "evidence": "https://www.islington.gov.uk/x"}
    for key in [*others[:2], "99.9", "1.01", "01.1", Raw("1.10"), Raw("13.50"), "4.2.1", "x"]:
        yield f"criterion {key} added", setter(("assessment", "criteria", key), extra)
    yield "unknown field", setter(("organisation", "nmae"), "x")
    yield "unknown section", setter(("organization",), {"name": "x"})
    yield "withdrawn", setter(("withdrawn",), {"date": "2026-10-01", "reason": "Merged."})
    yield "withdrawn before signing", setter(("withdrawn",), {"date": "2020-01-01", "reason": "x"})
    yield "withdrawn without reason", setter(("withdrawn",), {"date": "2026-10-01"})
    signed_on = doc["signed"]["date"]
    yield "withdrawn on signing", setter(("withdrawn",), {"date": signed_on, "reason": "x"})
    yield "assessed before signing", setter(("assessment", "date"), "2025-07-01")
    yield "criteria as a list", setter(("assessment", "criteria"), ids[:2])
    yield "no criteria answered", setter(("assessment", "criteria"), {})
    yield "one criterion answered", setter(("assessment", "criteria"), {ids[0]: answered[ids[0]]})
    yield "organisation as text", setter(("organisation",), "Islington")
    yield from history_changes(doc, code)
    yield "answer as text", setter(("assessment", "criteria", ids[0]), "met")


def history_changes(doc: dict[str, Any], code: Any) -> Iterator[tuple[str, Mutation]]:
    """Earlier assessments, well and badly kept. The body is made to sign early enough for
    one a year before the assessment to be in order."""
    version = doc["assessment"]["code_version"]
    ids = list(doc["assessment"]["criteria"])
    kind = doc["organisation"]["kind"]
    other_kind = next((c.id for c in code.criteria if all(k.id != kind for k in c.applies_to)), "")

    def earlier(day: str, **changes: Any) -> dict[str, Any]:
        item = {"code_version": version, "date": day, "criteria": {ids[0]: {"status": "partly"}}}
        return {**item, **changes}

    def with_history(items: Any, signed: str = "2025-06-02") -> Mutation:
        def mutate(changed: dict[str, Any]) -> None:
            setter(("signed", "date"), signed)(changed)
            setter(("history",), items)(changed)

        return mutate

    year = earlier("2025-06-02")
    yield "history: one earlier assessment", with_history([year])
    yield "history: two, newest first", with_history([earlier("2025-09-01"), year])
    yield "history: two, oldest first", with_history([year, earlier("2025-09-01")])
    yield "history: dated with the assessment", with_history([earlier(doc["assessment"]["date"])])
    yield "history: before signing", with_history([year], signed="2025-07-01")
    yield "history: before the code", with_history([earlier("2020-01-01")], signed="2019-01-01")
    yield "history: in the future", with_history([earlier("2099-01-01")])
    yield "history: a future version", with_history([earlier("2025-06-02", code_version="2.0.0")])
    yield "history: without a date", with_history([{"code_version": version, "criteria": {}}])
    yield "history: an unknown field", with_history([earlier("2025-06-02", level="gold")])
    yield (
        "history: a status not known",
        with_history([earlier("2025-06-02", criteria={ids[0]: {"status": "done"}})]),
    )
    yield (
        "history: an answer with a script",
        with_history(
            [earlier("2025-06-02", criteria={ids[0]: {"status": "met", "note": "<script>x"}})]
        ),
    )
    yield (
        "history: another kind's criterion",
        with_history([earlier("2025-06-02", criteria={other_kind: {"status": "met"}})]),
    )
    yield "history: an item as text", with_history(["last year"])
    yield "history: as text", with_history("last year")
    yield "history: empty", with_history([])


TEXT_CHANGES: list[tuple[str, Callable[[str], bytes]]] = [
    (
        "a key twice",
        lambda t: t.replace('\n  "kind":', '\n  "name": "Twice"\n  "kind":', 1).encode(),
    ),
    ("tabs", lambda t: t.replace("\n  ", "\n\t", 1).encode()),
    ("an anchor", lambda t: t.replace('"kind":', '"kind": &k', 1).encode()),
    ("a byte-order mark", lambda t: b"\xef\xbb\xbf" + t.encode()),
    ("Windows line ends", lambda t: t.replace("\n", "\r\n").encode()),
    ("UTF-16", lambda t: t.encode("utf-16")),
    ("Latin-1", lambda t: (t + "# caf\u00e9\n").encode("latin-1", "replace")),
    ("two documents", lambda t: (t + "---\na: b\n").encode()),
    ("an unclosed quote", lambda t: (t + 'x: "open\n').encode()),
    ("nothing but a comment", lambda t: b"# nothing\n"),
    ("a list", lambda t: b"- a\n- b\n"),
    ("just a document marker", lambda t: b"---\n"),
    ("a null byte", lambda t: t.replace('"Chief', '"Chi\\u0000ef', 1).encode()),
    ("a line separator", lambda t: t.replace('"Chief', '"Chief\\u2028', 1).encode()),
    # Long runs that make careless patterns take time in proportion to their square.
    ("a long run of spaces", lambda t: t.replace('"Chief', '"' + " " * 200_000 + "x", 1).encode()),
    ("a long run of dots", lambda t: t.replace('"Chief', '"' + "... " * 50_000 + "x", 1).encode()),
    ("many comments", lambda t: ("# # # # # # #" * 5000 + "\nx: y\n").encode()),
]


def bases() -> list[tuple[str, Path, str, dict[str, Any]]]:
    """(label, code, file name, data) of each valid sample changed."""
    return [
        ("real body", REAL_CODE, "london-borough-of-islington.yml", real_body()),
        (
            "demonstration",
            REAL_CODE,
            "demo-housing-association.yml",
            load_sample(ROOT / "signatories" / "demo-housing-association.yml"),
        ),
        (
            "test code",
            TEST_CODE,
            ICB.name,
            load_sample(ICB),
        ),
    ]


def cases(combinations: int = 60, seed: int = 2026) -> list[Case]:
    """Every single change of every base, then ``combinations`` seeded mixes of two or three."""
    found: list[Case] = []
    pool: list[tuple[str, Path, str, dict[str, Any], str, Mutation]] = []
    for label, code_dir, name, doc in bases():
        found.append(Case(f"{label}: as it is", code_dir, name, dump(doc).lstrip("\n").encode()))
        # The real body meets every rule about identity; the others, half the values.
        for change, mutate in single_changes(doc, code_dir, 1 if label == "real body" else 2):
            changed = copy.deepcopy(doc)
            mutate(changed)
            text = dump(changed).lstrip("\n")
            found.append(Case(f"{label}: {change}", code_dir, name, text.encode()))
            pool.append((label, code_dir, name, doc, change, mutate))
        text = dump(doc).lstrip("\n")
        for change, rewrite in TEXT_CHANGES:
            found.append(Case(f"{label}: {change}", code_dir, name, rewrite(text)))
    rng = random.Random(seed)
    for _ in range(combinations):
        label, code_dir, name, doc, _, _ = rng.choice(pool)
        mine = [p for p in pool if p[0] == label]
        picked = rng.sample(mine, rng.choice([2, 3]))
        changed = copy.deepcopy(doc)
        for *_, mutate in picked:
            mutate(changed)
        what = " and ".join(p[4] for p in picked)
        found.append(Case(f"{label}: {what}", code_dir, name, dump(changed).lstrip("\n").encode()))
    return found
