"""Reading a signatory file: a path becomes a YAML node, or the problem that stops it."""

from __future__ import annotations

from pathlib import Path

import yaml

from codemark.load import parse_yaml, read_text
from codemark.problems import Problem, problem
from codemark.rules import MAX_BYTES

SUFFIX = ".yml"


def read_signatory(path: Path, shown_as: str) -> yaml.Node | Problem:
    """The YAML of a signatory file, or why it cannot be read."""
    if path.suffix != SUFFIX:
        if path.suffix == ".yaml":
            return problem(shown_as, 1, "wrong-suffix-yaml", column=1, stem=path.stem)
        return problem(shown_as, 1, "wrong-suffix", column=1)
    text = read_text(path, shown_as, MAX_BYTES)
    if isinstance(text, Problem):
        return text
    node = parse_yaml(text, shown_as)
    if node is None:
        return problem(shown_as, 1, "empty-file", column=1)
    return node
