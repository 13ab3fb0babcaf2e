"""Publish a code of practice for socially responsible commissioning and run its quality mark.

The package is the core: it loads and validates the content (the code in
``code/``, the case studies), models it and renders the HTML fragments the
site is made of. It imports nothing from mkdocs; ``codemark.mkdocs`` is the
thin plugin that adapts it to an mkdocs build.
"""

__version__ = "0.1.0"
