"""elqnt-scaffold: one command for all four layers of an Eloquent endpoint."""

__version__ = "0.1.0"
