"""Host app standing in for the platform's ``plugins`` app, plus the dev host's setup command."""
