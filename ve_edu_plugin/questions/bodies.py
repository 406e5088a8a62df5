"""
The body schemas now live with the graders (:mod:`ve_edu_plugin.grading.bodies`); re-exported here.

Kept so code that imported them from the question bank keeps working; import from grading in new code.
"""

from ve_edu_plugin.grading.bodies import *  # noqa: F403
