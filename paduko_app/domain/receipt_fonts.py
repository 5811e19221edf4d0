"""The receipt's fonts, read and parsed once per process instead of once per PDF.

fpdf2's `add_font` parses the whole TrueType file for every document (DejaVu Sans has about
6,000 glyphs), and its output step subsets a font that still carries OpenType layout tables
(GSUB, GPOS, GDEF, kern, MATH) only to drop them from the embedded subset. The receipt spent most
of its CPU there (docs/BENCHMARKS.md, "Where the server's CPU goes under load"). Here each font
file is read once, without those tables, and parsed once; every document gets a light copy of
the parsed font (sharing what rendering only reads, as fpdf2's own `TTFFont.__deepcopy__` does)
with its own subset map and its own fontTools font, unpickled from one parsed once, because
fpdf2's output subsets that object in place. The PDF is byte for byte the same as with
`FPDF.add_font` (tests/unit/test_receipt.py).
"""

from __future__ import annotations

import copy
import functools
import io
import pickle
import threading
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

# Tables fpdf2's output drops from the embedded subset (fpdf2 reads them only for text shaping,
# which the receipt does not use); removed once here instead of parsed and subset per document.
UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "kern", "MATH", "FFTM")

_lock = threading.Lock()  # handler threads may render receipts at the same time


@functools.lru_cache(maxsize=None)
def font_bytes(path: str) -> bytes:
    """The font file without the tables a PDF does not use (read once)."""
    font = ttLib.TTFont(path, recalcTimestamp=False)
    for tag in UNUSED_TABLES:
        if tag in font:
            del font[tag]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


# The tables fpdf2's output reads and subsets; parsed once, then each document unpickles a copy
# (about half the CPU of parsing them again).
_PARSED_TABLES = ("head", "hhea", "maxp", "OS/2", "name", "post", "cmap", "hmtx", "loca", "glyf")


@functools.lru_cache(maxsize=None)
def _pickled(path: str) -> bytes:
    font = ttLib.TTFont(io.BytesIO(font_bytes(path)), recalcTimestamp=False, lazy=True)
    for tag in _PARSED_TABLES:
        if tag in font:
            font[tag]  # noqa: B018 - reading a table parses it
    font.getGlyphOrder()
    return pickle.dumps(font, protocol=pickle.HIGHEST_PROTOCOL)


def _open(path: str) -> ttLib.TTFont:
    """A font of its own for one document: fpdf2's output subsets it in place."""
    return pickle.loads(_pickled(path))  # our own bytes, made above from the font file


@functools.lru_cache(maxsize=None)
def _parsed(path: str, fontkey: str, style: str) -> TTFFont:
    """fpdf2's parsed font (widths, cmap, glyph ids, descriptor), made once per process."""
    return TTFFont(FPDF(), io.BytesIO(font_bytes(path)), fontkey, style)


def add_font(pdf: FPDF, family: str, style: str, path: Path) -> None:
    """What `pdf.add_font(family, style, path)` does, from the parse made once."""
    fontkey = f"{family.lower()}{style}"
    with _lock:
        parsed = _parsed(str(path), fontkey, style)
    font = copy.copy(parsed)  # shares cmap, widths, glyph ids and descriptor: rendering only reads them
    font.i = len(pdf.fonts) + 1
    font.ttfont = _open(str(path))  # subsetting at output changes this object: one per document
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    pdf.fonts[fontkey] = font
