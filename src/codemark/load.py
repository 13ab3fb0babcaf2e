"""Read content files: bytes to text, text to front matter and body, YAML to nodes.

Values are never constructed by PyYAML. We keep its node tree, which is
composed by libyaml and carries a line and column for every value, and the
text exactly as written: ``4.10`` stays ``"4.10"`` and ``No`` stays ``"No"``.
``codemark.schema`` then reads each value as the type the field expects, so
YAML 1.1's guesses (booleans, sexagesimal numbers, floats) never apply.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import frontmatter.default_handlers
import yaml

from codemark.problems import Problem, problem

try:  # libyaml makes parsing about ten times faster; PyYAML wheels ship with it.
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - only on a PyYAML built without libyaml
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _Composer(Loader):
    """libyaml's composer without YAML 1.1's guessing of types.

    PyYAML asks a Python resolver to guess the type of every plain value
    (``no`` a boolean, ``1.10`` a number). We read every value as written,
    so the guess would be wasted work: a third of the time spent parsing.
    """

    def resolve(self, kind: type[yaml.Node], value: object, implicit: object) -> str:
        return _TAGS[kind]


_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\]}]")
_FRONT_MATTER = frontmatter.default_handlers.YAMLHandler()


@dataclass(frozen=True)
class Document:
    """A file's YAML, as a node tree, and the Markdown after its front matter, if any."""

    path: str
    node: yaml.Node | None
    first_line: int  # the file line on which the YAML starts
    body: str = ""
    body_line: int = 1  # the file line on which the body starts


def read_text(path: Path, shown_as: str, max_bytes: int | None = None) -> str | Problem:
    """Read a UTF-8 text file; return a problem, not an exception, when it cannot be read.

    Only ordinary files are read. A symbolic link could show another file's
    contents in a message (``/etc/passwd``) or never end (``/dev/zero``), and
    a folder or a device is no content at all. At most ``max_bytes`` + 1
    bytes are read, so a huge file costs no memory.
    """
    data = _read_regular(path, shown_as, max_bytes)
    if isinstance(data, Problem):
        return data
    return decode_text(data, shown_as)


def decode_text(data: bytes, shown_as: str) -> str | Problem:
    """Bytes as UTF-8 text, or a problem that says where they stop being UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return problem(shown_as, 1, "utf-16")
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark is harmless
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return problem(
            shown_as,
            line,
            "not-utf-8",
            column=column,
            byte=f"{data[error.start]:02x}",
            column_number=column,
        )


def _read_regular(path: Path, shown_as: str, max_bytes: int | None) -> bytes | Problem:
    try:
        # O_NOFOLLOW refuses a link at the last step; O_NONBLOCK keeps a named
        # pipe from waiting for a writer. fstat then says what was opened.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP or path.is_symlink():
            return problem(shown_as, 1, "symbolic-link")
        return problem(shown_as, 1, "unreadable", reason=error.strerror)
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(status.st_mode) else "a special file"
        return problem(shown_as, 1, "not-a-file", what=what)
    with os.fdopen(fd, "rb") as handle:
        if max_bytes is None:
            return handle.read()
        data = handle.read(max_bytes + 1)
    if max(len(data), status.st_size) > max_bytes:
        return too_big(shown_as, max(len(data), status.st_size), max_bytes)
    return data


def too_big(shown_as: str, size: int, max_bytes: int) -> Problem:
    """The file is larger than ``max_bytes``: its size rounds to whole KiB."""
    return problem(shown_as, 1, "too-big", size=f"{size / 1024:,.0f}", limit=max_bytes // 1024)


def parse_yaml(text: str, shown_as: str, first_line: int = 1) -> yaml.Node | Problem | None:
    """Compose YAML text into nodes. Returns None for an empty document.

    Anchors, aliases and more than one document are refused: content files
    are read by people, and every value should be written where it applies.
    Aliases would also let a small file expand into a huge one.
    """
    try:
        composer = _Composer(text)
        try:
            node = composer.get_single_node()
        finally:
            composer.dispose()
    except yaml.MarkedYAMLError as error:
        return _syntax_problem(error, text, shown_as, first_line)
    except yaml.YAMLError as error:  # pragma: no cover - libyaml always gives a mark
        return problem(shown_as, first_line, "yaml-error", error=error)
    if node is None:
        return None
    # Anchors are rare, so the events are read again only when the text
    # could hold one. (Duplicate keys are found by codemark.schema, which
    # reads every mapping anyway.)
    if _MAYBE_ANCHOR.search(text):
        for event in yaml.parse(text, Loader=Loader):
            anchor = getattr(event, "anchor", None)
            mark = event.start_mark
            if anchor is not None and mark is not None:
                kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
                sign = "*" if kind == "alias" else "&"
                return problem(
                    shown_as,
                    mark.line + first_line,
                    "yaml-anchor",
                    column=mark.column + 1,
                    kind=kind,
                    sign=sign,
                    name=anchor,
                )
    return node


def split_front_matter(text: str, shown_as: str) -> tuple[str, int, str, int] | Problem:
    """Split a Markdown file into (front matter, its first line, body, its first line)."""
    if not _FRONT_MATTER.detect(text):
        return problem(shown_as, 1, "no-front-matter")
    try:
        meta, body = _FRONT_MATTER.split(text)
    except ValueError:
        return problem(shown_as, 1, "front-matter-not-closed")
    # Line numbers in messages must be the file's, so count where each part starts.
    meta_line = text[: text.index(meta)].count("\n") + 1 if meta else 2
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return meta, meta_line, body, body_line


def load_markdown(path: Path, shown_as: str) -> Document | Problem:
    """Read a Markdown file with YAML front matter."""
    text = read_text(path, shown_as)
    if isinstance(text, Problem):
        return text
    parts = split_front_matter(text, shown_as)
    if isinstance(parts, Problem):
        return parts
    meta, meta_line, body, body_line = parts
    node = parse_yaml(meta, shown_as, meta_line)
    if isinstance(node, Problem):
        return node
    return Document(shown_as, node, meta_line, body, body_line)


def _syntax_problem(
    error: yaml.MarkedYAMLError, text: str, shown_as: str, first_line: int
) -> Problem:
    mark = error.problem_mark or error.context_mark
    what = (error.problem or "it cannot be read").rstrip(".")
    unclosed = error.context is not None and "quoted scalar" in error.context
    if unclosed and error.context_mark is not None:
        mark = error.context_mark  # where the quote opens, not where the file ends
    line = mark.line if mark else 0
    column = mark.column + 1 if mark else 0
    lines = text.splitlines()
    offending = lines[line] if line < len(lines) else ""
    if unclosed:
        what = "a quoted value is not closed"
        hint = "Add the closing quotation mark at the end of the value."
    elif "\t" in offending or "'\\t'" in what:
        hint = "Indent with spaces, not tabs."
    elif "mapping values are not allowed" in what:
        hint = "If a value contains a colon followed by a space, put the value in quotes."
    elif "nesting depth" in what:
        what = "lists or sections are nested too deeply"
        hint = "A signatory file needs only a few levels: check the brackets and indentation."
    elif "another document" in what:
        what = "the file holds more than one document"
        hint = "Remove this '---' line, and anything after it that does not belong."
    else:
        hint = "Check the indentation and quotes on this line and the one before."
    return problem(shown_as, line + first_line, "yaml-syntax", column=column, what=what, hint=hint)
