"""
Demo data. ``course/`` is an unpacked Studio OLX export of "MSCE Mathematics, Forms 3-4", course-v1:VE-EDU+MATH34+2026.
It has 7 sections and 22 subsections (Forms 3-4 MSCE topics): short original lessons with worked examples, 11 problems.
For the outline sync: one subsection is hide_from_toc, one visible_to_staff_only; drafts/ holds an unpublished unit.
The capa problems cover the classic response types; one uses customresponse, which importers must report as unsupported.
curriculum_tags.json gives its sections and subsections the exam level, form and subject of their questions (the
dev host's setup applies it; the sync never sets tags). questions.json is the demo question bank.
Used by the dev host and the tests: point VE_EDU_OLX_EXPORTS at this directory (or at a .tar.gz of it) to load it.
"""
