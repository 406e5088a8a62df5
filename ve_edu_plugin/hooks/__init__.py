"""Extension points: the plugin's openedx-filters and openedx-events (``api.py`` is the entry)."""
