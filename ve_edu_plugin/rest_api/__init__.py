"""The plugin's REST API, mounted at ``/api/ve-edu/`` in the LMS and Studio."""
