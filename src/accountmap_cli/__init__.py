"""accountmap: map the buying side of B2B deals."""

__version__ = "0.1.0"
