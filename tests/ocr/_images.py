"""Test images drawn at test time: printed questions in a CJK font, and hostile files."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

_FONTS = [
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian fonts-wqy-zenhei (./dev test installs it)
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # fonts-noto-cjk
]


def cjk_font(size: int) -> ImageFont.FreeTypeFont:
    for path in _FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    pytest.fail("no CJK font: install fonts-wqy-zenhei (./dev test does, through scripts/test-services.sh)")


def question(lines: list[str], *, size: int = 36, margin: int = 40) -> Image.Image:
    """Black text on white, one question line per text line, as printed on a worksheet."""
    font = cjk_font(size)
    width = margin * 2 + max(int(font.getlength(line)) for line in lines)
    height = margin * 2 + int(size * 1.8) * len(lines)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    for k, line in enumerate(lines):
        draw.text((margin, margin + k * int(size * 1.8)), line, font=font, fill="black")
    return img


def encode(img: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **options)
    return buf.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims `width`×`height` but carries almost no data: a bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def squash(text: str) -> str:
    """Whitespace-insensitive form for comparing recognised text."""
    return "".join(text.split())
