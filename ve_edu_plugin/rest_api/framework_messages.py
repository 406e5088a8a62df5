"""
Django REST framework's own messages that the plugin's API answers with, marked for its catalogues.

DRF ships no Chichewa catalogue, so a serializer's "This field is required." would reach a Chichewa
reader in English. Django merges every catalogue of a language into one, so listing DRF's message ids
here (``gettext_noop``: marked, not translated here) lets ``make translations`` put them in the
plugin's ``ny`` catalogue, and DRF's own ``gettext`` then finds them. The texts must match DRF's
exactly (placeholders included); a test checks them against the installed DRF.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

#: Field and serializer validation messages of the field types the plugin's serializers use.
VALIDATION = (
    gettext_noop("This field is required."),
    gettext_noop("This field may not be null."),
    gettext_noop("This field may not be blank."),
    gettext_noop("Not a valid string."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("String value too large."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),
    gettext_noop("This list may not be empty."),
    gettext_noop("This selection may not be empty."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted data was not a file. Check the encoding type on the form."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("No filename could be determined."),
)

#: The ``default_detail`` of DRF's exceptions (authentication, permissions, parsing, routing).
EXCEPTIONS = (
    gettext_noop("Invalid input."),
    gettext_noop("Malformed request."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop("Not found."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("A server error occurred."),
)
