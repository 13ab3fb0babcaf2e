"""Signatories' notes: a small Markdown subset, rendered and then sanitised.

A note may use paragraphs, lists, emphasis and links (https or mailto).
Anything else, HTML included, does not survive: the rendered HTML goes
through nh3 (the Ammonia sanitiser) with an allow-list. This is the only
place signatory text becomes markup; everywhere else it is escaped.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"https", "mailto"}
# Text with none of these characters renders as one plain paragraph.
_MARKDOWN_SYNTAX = re.compile(r"[*_\[\]<>&`\\#]|^\s*(?:[-+]|\d+[.)])\s|\n\s*\n", re.MULTILINE)
_markdown = markdown.Markdown(extensions=[], output_format="html")


@lru_cache(maxsize=4096)
def note_html(text: str) -> Markup:
    """The HTML of a note, safe to put in a page."""
    if not _MARKDOWN_SYNTAX.search(text):
        # Most notes are plain sentences: skip Markdown, and escaping is enough.
        return Markup("<p>") + escape(" ".join(text.split())) + Markup("</p>")
    _markdown.reset()
    html = _markdown.convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )
    return Markup(clean.strip())
