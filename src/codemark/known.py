"""The public bodies a site's secretariat knows of: their identifiers, names, kinds and domains.

The list is the site's own (``data/known-bodies.yml`` by default), never the
engine's: each code of practice has its own bodies and its own identifier
scheme. A site without the file keeps no list, and its signatories' identifiers
are not looked up.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from codemark.model import KnownBody

KNOWN_BODIES = "data/known-bodies.yml"  # where a site keeps its list, from its root


def parse_known_bodies(text: str) -> dict[str, KnownBody]:
    """The known bodies in a list's text, by identifier.

    The list is the secretariat's own file, not a signatory's, so it is read
    plainly rather than checked field by field.
    """
    data = yaml.load(text, Loader=yaml.CSafeLoader) or {}
    return {
        entry["identifier"]: KnownBody(
            entry["identifier"],
            entry["name"],
            entry["kind"],
            tuple(entry.get("domains", ())),
            tuple(entry.get("mail_domains", ())),
        )
        for entry in data.get("bodies") or ()
    }


def load_known_bodies(path: Path | None) -> dict[str, KnownBody]:
    """The known bodies listed in ``path``; none when there is no list."""
    if path is None or not path.is_file():
        return {}
    return parse_known_bodies(path.read_text(encoding="utf-8"))
