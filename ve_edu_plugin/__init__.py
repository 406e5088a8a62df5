"""VE-EDU: mastery-based adaptive practice and assessment for Open edX."""

__version__ = "0.1.0"
