"""
What the answer path tells the capabilities above it, without importing them.

``answer_recorded`` is sent inside the answer's transaction for every new graded answer (not for a
resent copy), with ``course_key``; a receiver that acts on it should wait for the commit. Analytics
connects to it to schedule its debounced recompute, so the attempts capability, which analytics
reads, does not import analytics.
"""

from __future__ import annotations

from django.dispatch import Signal

#: Sent with ``course_key`` (a ``CourseKey``) after a new graded answer is stored.
answer_recorded = Signal()
