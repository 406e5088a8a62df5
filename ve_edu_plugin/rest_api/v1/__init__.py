"""Version 1 of the plugin's REST API: ``/api/ve-edu/v1/``."""
