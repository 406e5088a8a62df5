"""What can start an outline sync (stored in ``SyncRun.trigger``)."""

COURSE_PUBLISHED = "course_published"
XBLOCK_PUBLISHED = "xblock_published"
COURSE_IMPORT = "course_import"
COURSE_RERUN = "course_rerun"
MANUAL = "manual"
COMMAND = "command"
