"""
The plugin's mirror of each course's published outline: a Topic per section (chapter) and a
Subtopic per subsection (sequential), kept in step with Studio by a plan-then-apply sync.
"""
