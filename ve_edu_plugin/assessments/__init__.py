"""Timed assessments: sessions with a server deadline, saved answers, and finalisation exactly once."""
