"""tta-timeline: a development-timeline tracker with gated phase advancement."""

__version__ = "0.1.0"
