"""The ``codemark`` command: check signatory files, start a new one, write the JSON Schema."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from codemark import __version__, clock, guard
from codemark.content import load_code
from codemark.known import load_known_bodies
from codemark.model import Code
from codemark.problems import ContentError
from codemark.register import build_register
from codemark.report import FORMATS, RENDERERS, escape_data
from codemark.reviews import by_slug
from codemark.scaffold import new_signatory
from codemark.score import LAPSED, RENEWAL_DUE, STANDING_NAMES
from codemark.signatories import SCHEMA_FILE, json_schema_text, signatory_files
from codemark.site import check
from codemark.text import long_date, slugify


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"codemark: the code in {args.code} has problems; fix them first.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        print(
            f"codemark: something went wrong that should not have ({type(error).__name__}: "
            f"{error}). Please report it to the secretariat with the file you were checking.",
            file=sys.stderr,
        )
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="codemark",
        description="Check and create signatory files for the London Commissioning Code.",
    )
    parser.add_argument("--version", action="version", version=f"codemark {__version__}")
    parser.add_argument(
        "--code", type=Path, default=Path("code"), help="the folder of the code (default: code)"
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check signatory files and report every problem",
        description="Check signatory files and report every problem in every file at once.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path("signatories")],
        metavar="PATH",
        help="files or folders to check (default: signatories/)",
    )
    validate.add_argument("--format", choices=FORMATS, default="text", help="how to report")
    validate.add_argument(
        "--reviews",
        type=Path,
        default=Path("reviews"),
        help="the secretariat's review records, checked too if the folder exists",
    )
    validate.set_defaults(run=_validate)

    new = commands.add_parser(
        "new",
        help="write a new signatory file, listing every criterion to answer",
        description="Write a new signatory file from the current code.",
    )
    new.add_argument("--name", help="the body's official name")
    new.add_argument("--kind", help="the kind of body, such as local-authority")
    new.add_argument("--identifier", default="", help="the body's identifier, such as GB-LAE-ISL")
    new.add_argument(
        "--output",
        type=Path,
        default=Path("signatories"),
        help="the folder to write to (default: signatories/), or '-' for the screen",
    )
    new.set_defaults(run=_new)

    guard = commands.add_parser(
        "guard",
        help="check that a pull request changes only one signatory file",
        description="Check what a pull request from outside the secretariat changes, between "
        "its base and head commits.",
    )
    guard.add_argument("base", help="the base commit, such as origin/main")
    guard.add_argument("head", help="the head commit, such as HEAD")
    guard.add_argument("--repo", type=Path, default=Path("."), help="the repository")
    guard.add_argument("--github", action="store_true", help="report as workflow annotations")
    guard.set_defaults(run=_guard)

    renewals = commands.add_parser(
        "renewals",
        help="list assessments due for renewal or lapsed, as Markdown",
        description="List the assessments that are due for renewal or have lapsed.",
    )
    renewals.add_argument("--signatories", type=Path, default=Path("signatories"))
    renewals.add_argument("--reviews", type=Path, default=Path("reviews"))
    renewals.set_defaults(run=_renewals)

    schema = commands.add_parser(
        "schema",
        help="write the JSON Schema of a signatory file",
        description="Write the JSON Schema.",
    )
    schema.add_argument(
        "--output",
        type=Path,
        default=Path("signatories") / SCHEMA_FILE,
        help=f"where to write it (default: signatories/{SCHEMA_FILE})",
    )
    schema.set_defaults(run=_schema)
    return parser


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _validate(args: argparse.Namespace) -> int:
    code = load_code(args.code)
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"codemark: {path} does not exist.", file=sys.stderr)
    files = signatory_files(p for p in args.paths if p.exists())
    # Review records name signatories, so they are checked with the whole folder.
    whole_folder = args.reviews.is_dir() and args.paths == [Path("signatories")]
    checks = check(
        code,
        load_known_bodies(),
        clock.today(),
        [(path, _shown(path)) for path in files],
        args.reviews if whole_folder else None,
        _shown,
    )
    sys.stdout.write(RENDERERS[args.format](checks.files, code))
    return 1 if missing or checks.invalid else 0


def _new(args: argparse.Namespace) -> int:
    code = load_code(args.code)
    body = load_known_bodies().get(args.identifier) if args.identifier else None
    name = args.name or (body.name if body else "")
    kind = args.kind or (body.kind if body else "")
    kinds = [k.id for k in code.kinds]
    if not name or kind not in kinds:
        print(
            "codemark new: say which body the file is for, with --identifier (for a body in the "
            "known list, such as GB-LAE-ISL) or with --name and --kind. Kinds of body: "
            + ", ".join(kinds)
            + ".",
            file=sys.stderr,
        )
        return 1
    text = new_signatory(code, name, kind, args.identifier, body)
    if str(args.output) == "-":
        sys.stdout.write(text)
        return 0
    target = args.output / f"{slugify(name)}.yml" if args.output.is_dir() else args.output
    if target.exists():
        print(f"codemark new: {target} already exists; it was left as it is.", file=sys.stderr)
        return 1
    target.write_text(text, encoding="utf-8")
    print(f"Wrote {target}. Fill in every '...', then check it with: codemark validate {target}")
    return 0


def _guard(args: argparse.Namespace) -> int:
    refusals = guard.check(args.repo, args.base, args.head)
    for refusal in refusals:
        print(
            f"::error title=Pull request guard::{escape_data(refusal)}" if args.github else refusal
        )
    if refusals:
        print(
            f"\nThis pull request cannot be merged as it is ({len(refusals)} "
            f"{'reason' if len(refusals) == 1 else 'reasons'} above). The secretariat can help."
        )
        return 1
    print("OK: this pull request adds or changes one signatory file and nothing else.")
    return 0


def _renewals(args: argparse.Namespace) -> int:
    code = load_code(args.code)
    today = clock.today()
    files = [(path, _shown(path)) for path in signatory_files([args.signatories])]
    checks = check(code, load_known_bodies(), today, files, args.reviews, _shown)
    register = build_register(code, checks.valid, by_slug(checks.reviews), today)
    due = [e for e in register.entries if e.mark.standing in (RENEWAL_DUE, LAPSED)]
    print(f"Assessments due for renewal or lapsed, as of {long_date(today)}.\n")
    if not due:
        print("None: every current assessment runs for longer than the renewal window.")
    else:
        print("| Body | Status | Current to | File |\n|---|---|---|---|")
        for entry in sorted(due, key=lambda e: (e.mark.current_to, e.slug)):
            s = entry.signatory
            demo = " (demonstration)" if s.demonstration else ""
            name = _markdown_text(s.organisation.name)
            print(
                f"| {name}{demo} | {STANDING_NAMES[entry.mark.standing]} "
                f"| {entry.mark.current_to.isoformat()} | `{s.path}` |"
            )
        print(f"\n{len(due)} in all. This list is rebuilt every week.")
    # The same policy as the build: a file with problems is not in the register, so its
    # renewal cannot be worked out. It is listed, so that nobody is silently left out.
    if checks.invalid:
        print(
            "\n## Files with problems\n\nThese files could not be checked for renewal, "
            "because the register leaves them out until they are fixed:\n"
        )
        for result in checks.invalid:
            first = next(p for p in result.problems if p.severity == "error")
            where = f"{_markdown_text(result.path)} line {first.line}"
            print(f"- {where}: {_markdown_text(first.message)}")
    return 0


def _markdown_text(text: str) -> str:
    """Text that Markdown shows as written: no links, emphasis, HTML or table cells."""
    return re.sub(r"([\\`*_\[\]<>|#!])", r"\\\1", " ".join(text.split()))


def _schema(args: argparse.Namespace) -> int:
    code: Code = load_code(args.code)
    args.output.write_text(json_schema_text(code), encoding="utf-8")
    print(f"Wrote {args.output}")
    return 0
