"""The copy of a photo that is kept with its question: small, upright, and saying nothing but the picture.

A phone's photo is 3–12 MB and carries EXIF: the camera, the time and often the GPS position — where
a child does their homework. What the student looks back at needs none of that: a JPEG of at most
KEPT_SIDE px a side is a few hundred KB and still shows every line of a page. The original is read
(OCR or the vision model) and then dropped with the request; only this copy is stored.

The image goes through the same checks as recognition (`load_image`: type, pixel count against
decompression bombs, a decoder that only accepts what it was told), so a file that is not a photo
gets the same `OcrError` a student can act on.

The colour profile is the one thing kept besides the pixels: a phone photographs in Display P3,
and the same numbers read as sRGB look washed out to the teacher. It says how to show colours,
nothing about who, when or where.
"""

from __future__ import annotations

import io
from dataclasses import replace

from zuoye.ocr._image import OcrLimits, load_image

# Long side of the kept copy: an A4 page at ~170 dpi, more than any phone screen shows unzoomed.
KEPT_SIDE = 2000
# JPEG quality: printed and handwritten text stays sharp, at about a tenth of the camera's bytes.
KEPT_QUALITY = 85
KEPT_MEDIA_TYPE = "image/jpeg"
# Phones' and cameras' profiles are 0.5–4 KB (matrix) or up to a few hundred KB (tables); a bigger
# one would outweigh the picture it describes, and is dropped (the colours are then read as sRGB).
KEPT_PROFILE_BYTES = 1024 * 1024


def kept_copy(data: bytes, limits: OcrLimits | None = None) -> bytes | None:
    """The JPEG to store for the photo `data`: EXIF orientation applied, at most KEPT_SIDE px a side,
    with its RGB colour profile and no other metadata (no EXIF, GPS, XMP, comment). An `OcrError`
    for a file that is not a usable image. None when Pillow (the `ocr` extra) is not installed: the original's metadata
    cannot be removed then, so nothing may be kept."""
    try:
        from PIL import Image
    except ImportError:
        return None
    img = load_image(data, replace(limits or OcrLimits(), max_side=KEPT_SIDE))
    # A new image holds the pixels only: the decoded one's `info` (EXIF, XMP, comment) may be
    # written back by the encoder, and must not be. The profile is handed over by name alone.
    clean = Image.new("RGB", img.size)
    clean.paste(img)
    profile = img.info.get("icc_profile")
    if profile is not None and len(profile) > KEPT_PROFILE_BYTES:
        profile = None
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=KEPT_QUALITY, optimize=True, icc_profile=profile)
    return out.getvalue()
