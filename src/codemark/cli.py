"""The ``codemark`` command: check signatory files, start a new one, write the JSON Schema."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from codemark import __version__, clock, guard, owners
from codemark.content import load_code
from codemark.fingerprint import review_hash
from codemark.init import Choices, InitError, init_site, summary
from codemark.known import KNOWN_BODIES, load_known_bodies
from codemark.model import Code
from codemark.problems import ContentError
from codemark.register import Entry, build_register
from codemark.renew import RenewError, renew
from codemark.report import FORMATS, RENDERERS, escape_data, github_plain
from codemark.reviews import by_slug
from codemark.scaffold import new_signatory
from codemark.score import LAPSED, RENEWAL_DUE, STANDING_NAMES
from codemark.signatories import SCHEMA_FILE, Checker, json_schema_text, signatory_files
from codemark.site import check
from codemark.text import long_date, markdown_literal, slugify


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
        description="Check and create signatory files for a code of practice, and start a "
        "new code's site.",
    )
    parser.add_argument("--version", action="version", version=f"codemark {__version__}")
    parser.add_argument(
        "--code", type=Path, default=Path("code"), help="the folder of the code (default: code)"
    )
    parser.add_argument(
        "--known-bodies",
        type=Path,
        default=Path(KNOWN_BODIES),
        help=f"the site's list of known bodies, if it keeps one (default: {KNOWN_BODIES})",
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
    validate.add_argument(
        "--owners",
        type=Path,
        default=Path(owners.FOLDER),
        help="the secretariat's records of who may change each entry, checked too if there",
    )
    validate.set_defaults(run=_validate)

    new = commands.add_parser(
        "new",
        help="write a new signatory file, listing every criterion to answer",
        description="Write a new signatory file from the current code.",
    )
    new.add_argument("--name", help="the body's official name")
    new.add_argument("--kind", help="the kind of body, one of the kinds in the code's index")
    new.add_argument(
        "--identifier",
        default="",
        help="the body's identifier, as the site's list of known bodies gives it",
    )
    new.add_argument(
        "--output",
        type=Path,
        default=Path("signatories"),
        help="the folder to write to (default: signatories/), or '-' for the screen",
    )
    new.set_defaults(run=_new)

    guard = commands.add_parser(
        "guard",
        help="check what a pull request changes, and that its author may change it",
        description="Check what a pull request changes between its base and head commits, and "
        "that its author may change it. Run it as the base revision's code: "
        "scripts/check-pull-request does.",
    )
    guard.add_argument("base", help="the base commit, such as origin/main")
    guard.add_argument("head", help="the head commit, such as HEAD")
    guard.add_argument("--repo", type=Path, default=Path("."), help="the repository")
    guard.add_argument("--author", help="the GitHub login of the pull request's author")
    guard.add_argument(
        "--team",
        action="append",
        default=[],
        metavar="ORG/TEAM",
        help="a team the author is known to be in (repeat for more); see owners/README.md",
    )
    guard.add_argument("--format", choices=("text", "github"), default="text", help="how to report")
    guard.set_defaults(run=_guard)

    renew = commands.add_parser(
        "renew",
        help="start a renewal: keep the assessment in the file's history and date a new one",
        description="Renew a signatory file: its assessment moves, unchanged, to the top of "
        "'history:', and a new assessment dated today takes its place, starting from the same "
        "answers for you to update. The file is edited in place, comments and all.",
    )
    renew.add_argument("path", type=Path, metavar="FILE")
    renew.set_defaults(run=_renew)

    renewals = commands.add_parser(
        "renewals",
        help="list assessments due for renewal or lapsed, and entries changed since review",
        description="List, as Markdown, the assessments that are due for renewal or have "
        "lapsed, and the entries whose file has changed since the secretariat's review.",
    )
    renewals.add_argument("--signatories", type=Path, default=Path("signatories"))
    renewals.add_argument("--reviews", type=Path, default=Path("reviews"))
    renewals.set_defaults(run=_renewals)

    review_hash = commands.add_parser(
        "review-hash",
        help="print the review hash of signatory files, for a review record",
        description="Print the review hash of each signatory file: the line 'reviewed: "
        "sha256:...' that a review record in reviews/ uses to name what it reviewed. "
        "Comments and layout do not change it; any value in the file does.",
    )
    review_hash.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    review_hash.set_defaults(run=_review_hash)

    init = commands.add_parser(
        "init",
        help="start a new code of practice: write a whole working site into a new folder",
        description="Write a new code's site into FOLDER: mkdocs.yml, the code with its "
        "levels and two sample principles, the pages, a demonstration signatory, the "
        "workflows, CODEOWNERS, a Makefile and a README. It asks nothing; every choice is "
        "an option with a default, and the site builds as soon as it is written.",
    )
    defaults = Choices(name="")
    init.add_argument("folder", type=Path, metavar="FOLDER", help="a new or empty folder")
    init.add_argument(
        "--name", required=True, help="the code's name, such as 'Fair Tenancy Charter'"
    )
    init.add_argument("--short-name", default="", help="a short name (default: the name)")
    init.add_argument(
        "--kinds",
        type=_names,
        default=defaults.kinds,
        help=f"the kinds of body that can sign, separated by commas "
        f"(default: {', '.join(defaults.kinds)})",
    )
    areas = init.add_mutually_exclusive_group()
    areas.add_argument(
        "--areas",
        type=_names,
        default=defaults.areas,
        help="examples of the areas signatories serve, separated by commas "
        f"(default: {', '.join(defaults.areas)})",
    )
    areas.add_argument(
        "--no-areas",
        dest="areas",
        action="store_const",
        const=(),
        help="signatories do not say which areas they serve",
    )
    init.add_argument(
        "--levels",
        type=_names,
        default=defaults.levels,
        help=f"the levels of the mark, lowest first (default: {', '.join(defaults.levels)})",
    )
    init.add_argument(
        "--validity-months",
        type=int,
        default=defaults.validity_months,
        help=f"how long an assessment stays current (default: {defaults.validity_months})",
    )
    init.add_argument("--contact", default=defaults.contact, help="the secretariat's mailbox")
    init.add_argument("--site-url", default=defaults.site_url, help="where the site is published")
    init.add_argument("--repo-url", default=defaults.repo_url, help="the site's repository")
    init.add_argument(
        "--team", default=defaults.team, help="the secretariat's GitHub team, organisation/team"
    )
    init.set_defaults(run=_init)

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
    # absolute(), not resolve(): a symbolic link is named as itself, not as its target.
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _validate(args: argparse.Namespace) -> int:
    code = load_code(args.code)
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"codemark: {path} does not exist.", file=sys.stderr)
    files = signatory_files(p for p in args.paths if p.exists())
    # Review and owner records name signatories, so they are checked with the whole folder.
    whole_folder = args.paths == [Path("signatories")]
    checks = check(
        code,
        load_known_bodies(args.known_bodies),
        clock.today(),
        [(path, _shown(path)) for path in files],
        args.reviews if whole_folder else None,
        _shown,
        args.owners if whole_folder else None,
    )
    sys.stdout.write(RENDERERS[args.format](checks.files, code))
    return 1 if missing or checks.invalid else 0


def _new(args: argparse.Namespace) -> int:
    code = load_code(args.code)
    body = load_known_bodies(args.known_bodies).get(args.identifier) if args.identifier else None
    name = args.name or (body.name if body else "")
    kind = args.kind or (body.kind if body else "")
    kinds = [k.id for k in code.kinds]
    if not name or kind not in kinds:
        print(
            "codemark new: say which body the file is for, with --identifier (for a body in the "
            "site's list of known bodies) or with --name and --kind. Kinds of body: "
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


def _renew(args: argparse.Namespace) -> int:
    code = load_code(args.code)
    today = clock.today()
    checker = Checker(code, load_known_bodies(args.known_bodies), today)
    before = checker.check_file(args.path, _shown(args.path))
    if not before.valid:
        print(RENDERERS["text"]([before], code), end="", file=sys.stderr)
        print(
            f"codemark renew: {before.path} has problems (above). Fix them first, so that the "
            "assessment kept in its history is a valid one.",
            file=sys.stderr,
        )
        return 1
    try:
        renewed = renew(args.path.read_text(encoding="utf-8"), today, code.version)
    except RenewError as error:
        print(f"codemark renew: {before.path}: {error}", file=sys.stderr)
        return 1
    args.path.write_text(renewed.text, encoding="utf-8")
    print(
        f"Renewed {before.path}: the assessment of {renewed.kept} is kept, unchanged, at the top "
        f"of 'history:', and the assessment is now dated {today.isoformat()} against version "
        f"{code.version} of the code. Its answers are still those of the one kept: update "
        f"each, then check the file with: codemark validate {before.path}"
    )
    return 0


def _guard(args: argparse.Namespace) -> int:
    verdict = guard.check(args.repo, args.base, args.head, args.author, args.team)
    github = args.format == "github"
    lines = [*verdict.refusals, *(f"Note: {note}" for note in verdict.notes)]
    if github:
        # Each reason as an annotation; the plain text after them only sums up.
        for kind, messages in (("error", verdict.refusals), ("notice", verdict.notes)):
            for message in messages:
                print(f"::{kind} title=Pull request guard::{escape_data(message)}")
        lines = []
    if verdict.refusals:
        count = len(verdict.refusals)
        lines.append(
            f"This pull request cannot be merged as it is ({count} "
            f"{'reason' if count == 1 else 'reasons'} above). The secretariat can help."
        )
    else:
        lines.append("OK: what this pull request changes, its author may change.")
    text = "\n\n".join(lines) + "\n"
    sys.stdout.write(github_plain(text) if github else text)
    return 1 if verdict.refusals else 0


def _renewals(args: argparse.Namespace) -> int:
    code = load_code(args.code)
    today = clock.today()
    files = [(path, _shown(path)) for path in signatory_files([args.signatories])]
    checks = check(code, load_known_bodies(args.known_bodies), today, files, args.reviews, _shown)
    register = build_register(code, checks.valid, by_slug(checks.reviews), today)
    due = [e for e in register.entries if e.mark.standing in (RENEWAL_DUE, LAPSED)]
    print(f"Assessments due for renewal or lapsed, as of {long_date(today)}.\n")
    if not due:
        print("None: every current assessment runs for longer than the renewal window.")
    else:
        print(
            "To renew, run 'codemark renew FILE' (or load the file into the form): the current\n"
            "assessment is kept in the file's history, and a new one takes its place.\n"
        )
        print(
            "| Body | Status | Current to | Assessments on record | File |\n|---|---|---|---|---|"
        )
        for entry in sorted(due, key=lambda e: (e.mark.current_to, e.slug)):
            print(
                f"| {_name(entry)} | {STANDING_NAMES[entry.mark.standing]} "
                f"| {entry.mark.current_to.isoformat()} "
                f"| {len(entry.signatory.assessments)} | {_path(entry)} |"
            )
        print(f"\n{len(due)} in all.")
    changed = [e for e in register.entries if e.mark.changed_since_review and not e.mark.former]
    print("\n## Changed since the secretariat's review\n")
    if not changed:
        print("None: every reviewed entry is as the secretariat reviewed it.")
    else:
        print(
            "These files have changed since their last review, so they show only the level\n"
            "they reach as a self-assessment. Review each one and record the review with the\n"
            "hash that 'codemark review-hash FILE' prints.\n"
        )
        print("| Body | Reviewed on | File |\n|---|---|---|")
        for entry in changed:
            reviewed_on = entry.mark.changed_since_review
            assert reviewed_on is not None
            print(f"| {_name(entry)} | {reviewed_on.isoformat()} | {_path(entry)} |")
        print(f"\n{len(changed)} in all.")
    # The same policy as the build: a file with problems is not in the register, so its
    # renewal cannot be worked out. It is listed, so that nobody is silently left out.
    if checks.invalid:
        print(
            "\n## Files with problems\n\nThese files could not be checked for renewal, "
            "because the register leaves them out until they are fixed:\n"
        )
        for result in checks.invalid:
            first = next(p for p in result.problems if p.severity == "error")
            print(
                f"- {markdown_literal(result.path)} line {first.line}: "
                f"{markdown_literal(first.message)}"
            )
    print("\nThis list is rebuilt every week.")
    return 0


# Names and paths come from signatories: shown literally, they cannot link, mention or refer.
def _name(entry: Entry) -> str:
    demo = " (demonstration)" if entry.signatory.demonstration else ""
    return markdown_literal(entry.signatory.organisation.name, table=True) + demo


def _path(entry: Entry) -> str:
    return markdown_literal(entry.signatory.path, table=True)


def _review_hash(args: argparse.Namespace) -> int:
    code = load_code(args.code)
    checker = Checker(code, load_known_bodies(args.known_bodies), clock.today())
    results = [checker.check_file(path, _shown(path)) for path in args.paths]
    for result in results:
        if result.valid and result.signatory:
            print(f"{result.path}\n  reviewed: {review_hash(result.signatory)}")
    invalid = [r for r in results if not r.valid]
    if invalid:
        sys.stderr.write(RENDERERS["text"](invalid, code))
        print(
            "codemark review-hash: only a valid file can be reviewed; fix the problems above.",
            file=sys.stderr,
        )
        return 1
    return 0


def _names(text: str) -> tuple[str, ...]:
    """Names separated by commas: ``Landlord, Letting agent``."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _init(args: argparse.Namespace) -> int:
    choices = Choices(
        name=args.name,
        short_name=args.short_name,
        kinds=args.kinds,
        areas=args.areas,
        levels=args.levels,
        validity_months=args.validity_months,
        contact=args.contact,
        site_url=args.site_url,
        repo_url=args.repo_url,
        team=args.team,
        today=clock.today(),
    )
    try:
        written = init_site(args.folder, choices)
    except InitError as error:
        print(f"codemark init: {error}", file=sys.stderr)
        return 1
    print(summary(args.folder, written))
    return 0


def _schema(args: argparse.Namespace) -> int:
    code: Code = load_code(args.code)
    args.output.write_text(json_schema_text(code), encoding="utf-8")
    print(f"Wrote {args.output}")
    return 0
