"""
JSON from clients (REST bodies, the blocks' handlers, authors' settings), parsed with the limits
the layers behind it need; pure Python, so the REST API and the blocks share it.

Python's parser lets through what those layers cannot take: a 5,000-deep array (``RecursionError``
in the parser, or in whatever walks it next), ``NaN``/``Infinity`` (refused by MariaDB's JSON
check), and lone UTF-16 surrogates from ``"\\ud800"`` escapes (they cannot be encoded, stored or
echoed in an error). Each is refused as ``malformed_request``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ve_edu_plugin import errors
from ve_edu_plugin.i18n import gettext

#: Deepest nesting of arrays and objects accepted; question bodies and policies need a handful.
MAX_JSON_DEPTH = 32


def _refuse_constant(name: str) -> Any:
    raise errors.MalformedRequestError(
        gettext("JSON parse error - %(name)s is not a number JSON allows.") % {"name": name}
    )


def load_json(raw: bytes | str) -> Any:
    """Parse ``raw`` as strict JSON, or raise ``malformed_request`` (too deep, NaN, lone surrogates)."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError as exc:
        raise errors.MalformedRequestError(
            gettext("JSON nested deeper than %(max_json_depth)s levels.") % {"max_json_depth": MAX_JSON_DEPTH}
        ) from exc
    except ValueError as exc:  # includes UnicodeDecodeError
        raise errors.MalformedRequestError(gettext("JSON parse error - %(exc)s") % {"exc": exc}) from exc
    check_plain_json(data)
    return data


def check_plain_json(data: Any) -> None:
    """Refuse nesting deeper than :data:`MAX_JSON_DEPTH` and strings that are not valid Unicode."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, (list, Mapping)):
            if depth > MAX_JSON_DEPTH:
                raise errors.MalformedRequestError(
                    gettext("JSON nested deeper than %(max_json_depth)s levels.") % {"max_json_depth": MAX_JSON_DEPTH}
                )
            if isinstance(value, Mapping):
                for key, item in value.items():
                    _check_text(str(key))
                    pending.append((item, depth + 1))
            else:
                pending.extend((item, depth + 1) for item in value)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise errors.MalformedRequestError(
            gettext("JSON text holds a lone UTF-16 surrogate, which is not text.")
        ) from exc
