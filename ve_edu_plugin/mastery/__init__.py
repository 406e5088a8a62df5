"""
Mastery per curriculum skill: knowledge tracing of each learner's answers, the policies that
decide when a skill counts as mastered, and the adaptive selection of the next practice question.
"""
