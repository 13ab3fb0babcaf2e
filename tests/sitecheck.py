"""Read a built site: the ids and links of each page, and whether every internal link resolves."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class PageInfo:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info = PageInfo()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.info.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.info.links.append(values["href"] or "")
        if tag == "img" and values.get("src"):
            self.info.images.append(values["src"] or "")

    def handle_data(self, data: str) -> None:
        self.info.text.append(data)


def read_page(path: Path) -> PageInfo:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.info


def page_file(site: Path, url: str) -> Path:
    """The file a site-relative URL such as ``code/04-x/`` is served from."""
    target = site / url
    return target / "index.html" if url.endswith("/") or not url else target


def broken_links(site: Path) -> list[str]:
    """Every internal link, in every page, whose file or #fragment does not exist."""
    pages = {p.relative_to(site).as_posix(): read_page(p) for p in site.rglob("*.html")}
    broken = []
    for name, info in pages.items():
        for href in info.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            base = posixpath.dirname(name)
            path = (
                posixpath.normpath(posixpath.join(base, unquote(parts.path)))
                if parts.path
                else name
            )
            if path == ".":
                path = ""
            target = (
                path
                if path.endswith(".html") or "." in posixpath.basename(path)
                else posixpath.join(path, "index.html")
            )
            target = target.lstrip("/")
            if not (site / target).exists():
                broken.append(f"{name}: {href} (no file {target})")
            elif parts.fragment and target.endswith(".html"):
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{name}: {href} (no #{parts.fragment} in {target})")
    return broken
