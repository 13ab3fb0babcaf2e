"""An engine for any code of practice with a quality mark.

The package is the core: it loads and validates the content (the code in
``code/``, the case studies, the signatories' files), models it, scores the
mark and renders the HTML fragments, badges and data the site is made of. It
imports nothing from mkdocs; ``codemark.mkdocs`` is the thin plugin that
adapts it to an mkdocs build. Everything a particular code says (its levels,
kinds of body, areas, known bodies, words) is in that code's own site.
"""

__version__ = "0.2.0"
