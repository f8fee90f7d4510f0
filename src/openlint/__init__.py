"""openlint: a linter for AI model releases."""

__version__ = "0.1.0"
