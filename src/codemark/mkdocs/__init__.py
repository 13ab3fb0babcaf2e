"""The mkdocs plugin: a thin adapter from an mkdocs build to the codemark core."""
