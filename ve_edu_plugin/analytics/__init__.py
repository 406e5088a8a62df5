"""Grading analytics: item analysis and knowledge-tracing fits computed from the attempt log."""
