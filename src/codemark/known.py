"""The public bodies the secretariat knows of: their identifiers, names, kinds and domains."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from codemark.model import KnownBody


def load_known_bodies(path: Path | None = None) -> dict[str, KnownBody]:
    """The known public bodies, by identifier. The list shipped with codemark by default.

    The list is the secretariat's own file, not a signatory's, so it is read
    plainly rather than checked field by field.
    """
    if path is None:
        text = resources.files("codemark").joinpath("data/known-bodies.yml").read_text("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    return {
        entry["identifier"]: KnownBody(
            entry["identifier"],
            entry["name"],
            entry["kind"],
            tuple(entry.get("domains", ())),
            tuple(entry.get("mail_domains", ())),
        )
        for entry in data["bodies"]
    }
