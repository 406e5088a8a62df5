"""The attempt log: every answer a learner sends, idempotent on a client key."""
