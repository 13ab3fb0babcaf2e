"""Options of the codemark plugin, set under ``plugins: - codemark:`` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CodemarkConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off, for example to build only the hand-written pages."""

    code_dir = c.Type(str, default="code")
    """The folder holding the code of practice, relative to mkdocs.yml."""

    case_studies_dir = c.Type(str, default="case-studies")
    """The folder of case studies, relative to docs_dir."""

    signatories_dir = c.Type(str, default="signatories")
    """The folder of signatory files, relative to mkdocs.yml."""

    reviews_dir = c.Type(str, default="reviews")
    """The folder of the secretariat's review records, relative to mkdocs.yml."""

    repo_branch = c.Type(str, default="main")
    """The branch that source links on signatory pages point to."""
