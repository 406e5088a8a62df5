"""The colours in a PNG screenshot (Chromium's: 8-bit RGB or RGBA, not interlaced), without an image library.

Browser tests check that a chart was *drawn* (its colours are on the screen), not only that its
markup is in the page.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

_CHANNELS = {2: 3, 6: 4}  # PNG colour type -> channels


def pixels(png: bytes) -> np.ndarray:
    """The image as a ``(height, width, channels)`` array of bytes."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, data, header = 8, b"", b""
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        chunk = png[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            data += chunk
        offset += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in _CHANNELS and not interlace, (depth, colour_type, interlace)
    channels = _CHANNELS[colour_type]
    stride = width * channels
    raw = np.frombuffer(zlib.decompress(data), dtype=np.uint8).reshape(height, stride + 1)
    image = np.zeros((height, stride), dtype=np.int32)
    previous = np.zeros(stride, dtype=np.int32)
    for row in range(height):
        kind, line = raw[row, 0], raw[row, 1:].astype(np.int32)
        if kind == 0:
            current = line
        elif kind == 2:  # up
            current = (line + previous) & 0xFF
        else:  # sub, average, paeth: each byte depends on the one to its left
            current = np.zeros(stride, dtype=np.int32)
            for i in range(stride):
                left = current[i - channels] if i >= channels else 0
                up = previous[i]
                if kind == 1:
                    guess = left
                elif kind == 3:
                    guess = (left + up) // 2
                else:
                    corner = previous[i - channels] if i >= channels else 0
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    guess = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                current[i] = (line[i] + guess) & 0xFF
        image[row] = current
        previous = current
    return image.reshape(height, width, channels).astype(np.uint8)


def share_of_colour(png: bytes, hex_colour: str, tolerance: int = 12) -> float:
    """Share of the pixels within ``tolerance`` (per channel) of ``#rrggbb``."""
    image = pixels(png)[..., :3].astype(np.int32)
    target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    close = (np.abs(image - target) <= tolerance).all(axis=-1)
    return float(close.mean())
