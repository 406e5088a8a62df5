"""Adaptive practice: the learner's progress over a block's subtopics and the next question."""
