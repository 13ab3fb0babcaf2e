"""Start a new code of practice: ``codemark init DIR --name "Fair Tenancy Charter"``.

Writes a whole working site: mkdocs.yml with the plugin, a code with an index,
its levels and two sample principles, the hand-written pages, a demonstration
signatory, the JSON Schema, the workflows, CODEOWNERS, a Makefile and a README.
It asks nothing: every choice is an argument with a default (``Choices``). The
site builds strictly and its files validate as soon as it is written.

The files that do not depend on the choices are kept in ``skeleton/`` inside
the package, with ``{{name}}``-style marks for the few words that do; the code
and the sample signatory are made here, as data, so that they always match the
choices.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from codemark import __version__, rules
from codemark.text import long_date, slugify

# Files in the skeleton that a package cannot carry under their own names.
_RENAMED = {"dot-github": ".github", "dot-gitignore": ".gitignore"}
_DEMO_DOMAIN = "example.org"


@dataclass(frozen=True)
class Choices:
    """Everything ``codemark init`` can be told; each has a default that builds."""

    name: str
    short_name: str = ""
    kinds: tuple[str, ...] = ("Public body", "Voluntary or community organisation", "Business")
    # Examples of the areas signatories serve; none for a code without areas.
    areas: tuple[str, ...] = ("Northside", "Southside")
    levels: tuple[str, ...] = ("Foundation", "Established", "Leading")
    validity_months: int = 12
    renewal_window_days: int = 60
    contact: str = "secretariat@example.org"
    site_url: str = "https://example.org/"
    repo_url: str = "https://github.com/your-organisation/your-code"
    team: str = "your-organisation/secretariat"
    today: date = field(default_factory=date.today)

    @property
    def short(self) -> str:
        return self.short_name or self.name


class InitError(Exception):
    """A choice that cannot make a working site, or a folder that is not empty."""


def check_choices(choices: Choices) -> None:
    """Raise InitError, saying what to change, for a choice that would not build."""
    if not choices.name.strip():
        raise InitError("Give the code a name with --name, such as 'Fair Tenancy Charter'.")
    for what, values, example in (
        ("kinds", choices.kinds, "Landlord, Letting agent"),
        ("levels", choices.levels, "Committed, Exemplary"),
    ):
        ids = [slugify(value) for value in values]
        if not values or not all(ids) or len(set(ids)) != len(ids):
            raise InitError(
                f"--{what} needs one or more different names, separated by commas, such as "
                f"'{example}'."
            )
    if not 1 <= choices.validity_months <= 60:
        raise InitError("--validity-months must be from 1 to 60.")
    if not rules.MAILBOX.fullmatch(choices.contact):
        raise InitError(f"--contact must be an email address, not '{choices.contact}'.")


def init_site(folder: Path, choices: Choices) -> list[Path]:
    """Write a new site into ``folder``, which must be empty or new; return what was written."""
    check_choices(choices)
    if folder.exists() and any(folder.iterdir()):
        raise InitError(f"{folder} is not empty. Choose a new folder for the new code.")
    files = {**_skeleton(choices), **_code(choices)}
    files[f"signatories/{_demo_slug(choices)}.yml"] = _demo_signatory(choices)
    files["requirements.txt"] = _requirements()
    for path, text in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    # The schema is made from the code just written, as `codemark schema` makes it.
    from codemark.content import load_code
    from codemark.signatories import SCHEMA_FILE, json_schema_text

    schema = folder / "signatories" / SCHEMA_FILE
    schema.write_text(json_schema_text(load_code(folder / "code")), encoding="utf-8")
    return sorted([folder / path for path in files] + [schema])


def _skeleton(choices: Choices) -> dict[str, str]:
    words = {
        "name": choices.name,
        "short_name": choices.short,
        "site_url": choices.site_url,
        "contact": choices.contact,
        "repo_url": choices.repo_url,
        "team": choices.team,
        "validity_months": str(choices.validity_months),
        "top_level": slugify(choices.levels[-1]),
    }
    files: dict[str, str] = {}

    def walk(node: Traversable, at: str) -> None:
        for child in node.iterdir():
            name = _RENAMED.get(child.name, child.name)
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, f"{at}{name}/")
                continue
            text = child.read_text(encoding="utf-8")
            for key, value in words.items():
                text = text.replace("{{" + key + "}}", value)
            files[f"{at}{name}"] = text

    walk(resources.files("codemark") / "skeleton", "")
    return files


class _Dumper(yaml.SafeDumper):
    """Writes every value out: codemark refuses YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)


def _front_matter(data: dict[str, Any], comment: str, body: str) -> str:
    dumped = _dump(data)
    return f"---\n{comment}{dumped}---\n\n{body.strip()}\n"


def _code(choices: Choices) -> dict[str, str]:
    """The code's index and two sample principles, one criterion per level in each."""
    levels = [slugify(level) for level in choices.levels]
    published = choices.today
    index = {
        "name": choices.name,
        "short_name": choices.short[:40],
        "version": "1.0.0",
        "published": published,
        "validity_months": choices.validity_months,
        "renewal_window_days": choices.renewal_window_days,
        "levels": [
            {
                "id": level_id,
                "name": name,
                "description": f"A body at this level meets every {name} criterion"
                + (" and every one below it." if rank else "."),
                # The highest level of several is shown only once the secretariat reviews it.
                "review_required": rank == len(levels) - 1 and rank > 0,
            }
            for rank, (level_id, name) in enumerate(zip(levels, choices.levels, strict=True))
        ],
        "kinds": [
            {"id": slugify(kind), "name": kind, "in_a_sentence": _with_article(kind)}
            for kind in choices.kinds
        ],
        "areas": bool(choices.areas),
        **(
            {
                "signatory_fields": {
                    "organisation.area": {
                        "example": f"[{choices.areas[0]}]",
                        "hint": f"The areas you serve, separated by commas, such as "
                        f"{rules.or_list(list(choices.areas))}.",
                        "template": f"the areas you serve, such as [{choices.areas[0]}]",
                    }
                }
            }
            if choices.areas
            else {}
        ),
        "references": [
            {
                "id": "founding-document",
                "title": f"The founding document of {choices.name}",
                "publisher": f"The {choices.short} secretariat",
                "series": "Founding document",
                "date": long_date(choices.today).split(" ", 1)[1],
                "url": choices.site_url,
            }
        ],
        "sources": [
            {"id": "commitment", "group": "The founding document", "label": "The commitment"},
            {"id": "voice", "group": "The founding document", "label": "Listening to people"},
        ],
        "changelog": [
            {"version": "1.0.0", "date": published, "changes": ["First published version."]}
        ],
    }
    comment = (
        "# The code's index: its name, version, the levels of the quality mark, the kinds\n"
        "# of body that can sign, and the sources its principles cite. Every field is\n"
        "# described in codemark's reference of a code's index.\n"
    )
    files = {
        "code/index.md": _front_matter(
            index,
            comment,
            f"{choices.name} is a set of commitments that bodies make and show they keep. "
            "Write here what the code is for, who wrote it and who can sign it.",
        )
    }
    samples = [
        (
            "01-make-the-commitment.md",
            "Make the commitment public",
            "The body says in public that it follows the code, and who answers for it.",
            "commitment",
        ),
        (
            "02-listen-to-people.md",
            "Listen to the people the code serves",
            "The body asks the people its work affects what they think, and acts on it.",
            "voice",
        ),
    ]
    for number, (file_name, title, summary, source) in enumerate(samples, start=1):
        criteria = [
            {
                "id": f"{number}.{rank}",
                "title": f"{title[:45]}: {choices.levels[rank - 1]}"[:60],
                "text": f"{title}: what a body does at the {choices.levels[rank - 1]} level. "
                "Replace this with the criterion's own words.",
                "level": level_id,
                "evidence": {
                    "url": "required",
                    "justification": "required",
                    "guide": "A link to a public page that shows it.",
                },
                # The first criterion of each principle allows no 'not applicable'.
                "na_allowed": rank > 1,
                "applies_to": "all",
                "since": "1.0.0",
            }
            for rank, level_id in enumerate(levels, start=1)
        ]
        front = {
            "id": number,
            "title": title,
            "summary": summary,
            "sources": [source],
            "criteria": criteria,
        }
        files[f"code/{file_name}"] = _front_matter(
            front,
            "",
            "## Why it matters\n\nSay why this principle matters, citing the founding "
            "document.\n\n## What it means in practice\n\nGive guidance for each role.",
        )
    return files


def _with_article(kind: str) -> str:
    """``a public body``, ``an employer``: one body of the kind, in running text."""
    words = kind[:1].lower() + kind[1:]
    return ("an " if words[:1] in "aeiou" else "a ") + words


def _demo_slug(choices: Choices) -> str:
    return slugify(f"Example {choices.kinds[0]}")


def _demo_signatory(choices: Choices) -> str:
    """A fictional body that meets every criterion: the register shows what an entry looks
    like, and the validator has a file to pass from the first build."""
    name = f"Example {choices.kinds[0]}"
    signed = choices.today
    criteria = {
        f"{number}.{rank}": {
            "status": "met",
            "evidence": f"https://www.{_DEMO_DOMAIN}/commitments/{number}-{rank}",
            "note": "A fictional answer, to show how an entry looks.",
        }
        for number in (1, 2)
        for rank in range(1, len(choices.levels) + 1)
    }
    organisation: dict[str, Any] = {
        "name": name,
        "kind": slugify(choices.kinds[0]),
        "identifier": f"{rules.DEMO_PREFIX}DEMO-EXAMPLE",
    }
    if choices.areas:
        organisation["area"] = [choices.areas[0]]
    organisation |= {
        "website": f"https://www.{_DEMO_DOMAIN}",
        "contact": f"enquiries@{_DEMO_DOMAIN}",
    }
    data = {
        "demonstration": True,
        "organisation": organisation,
        "signed": {"date": signed, "by": "Chief Executive"},
        "assessment": {"code_version": "1.0.0", "date": signed, "criteria": criteria},
    }
    body = _dump(data)
    # Criterion numbers quoted, as other YAML tools read 1.10 as a number.
    for criterion in criteria:
        body = body.replace(f"    '{criterion}':", f'    "{criterion}":')
    return (
        "# yaml-language-server: $schema=signatory.schema.json\n"
        "# A fictional body, shown as a demonstration. Remove it when real bodies sign.\n" + body
    )


def _requirements() -> str:
    """The engine at this version, with the versions of mkdocs and its theme it runs with here."""
    lines = [f"codemark[mkdocs]=={__version__}"]
    for package in ("mkdocs", "mkdocs-material"):
        with suppress(metadata.PackageNotFoundError):  # else codemark's own range for it
            lines.append(f"{package}=={metadata.version(package)}")
    return "\n".join(lines) + "\n"


def summary(folder: Path, written: list[Path]) -> str:
    """What to do next, for the command line."""
    return (
        f"Wrote a new code's site in {folder} ({len(written)} files).\n\n"
        f"  cd {folder}\n  make site     # build it into site/\n"
        "  make test     # check every signatory file and build strictly\n\n"
        "Next: write your principles in code/, then set contact, repo_url and site_url in "
        "mkdocs.yml. README.md lists the rest."
    )
