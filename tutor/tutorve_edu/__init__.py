"""Tutor plugin ``ve-edu``: installs and configures ve-edu-plugin in a Tutor Open edX deployment."""
