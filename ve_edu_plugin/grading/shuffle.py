"""
Per-learner choice order.

Shuffling makes answer-copying between neighbours harder, but a learner who reloads the page must
see the same order, so the order is a pure function of the question and a per-learner seed
(``random.Random(seed)``). Choices marked ``fixed`` at the start or end stay there (capa's
``fixed="true"``), so "None of the above" stays last.
"""

from __future__ import annotations

import random

from ve_edu_plugin.grading.bodies import Choice


def shuffle_choice_ids(choices: tuple[Choice, ...], seed: int | str | bytes) -> tuple[str, ...]:
    """
    Choice ids in display order.

    Fixed choices before the first movable one keep their places; other fixed choices go to the
    end in their order (capa does the same with a fixed choice in the middle).
    """
    head: list[str] = []
    middle: list[str] = []
    tail: list[str] = []
    at_head = True
    for choice in choices:
        if at_head and choice.fixed:
            head.append(choice.id)
            continue
        at_head = False
        (tail if choice.fixed else middle).append(choice.id)
    random.Random(seed).shuffle(middle)
    return (*head, *middle, *tail)
