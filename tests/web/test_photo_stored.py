"""What is stored of a photo: a small upright copy with no EXIF — never the phone's upload with its GPS
position — and a file that is not a usable image is refused with what to do, never a 500."""

from __future__ import annotations

import io
import sys

import httpx
import pytest
from PIL import Image, ImageCms, ImageDraw

from tests.ocr._images import encode, png_header
from zuoye.ocr import kept_copy
from zuoye.ocr._kept import KEPT_PROFILE_BYTES
from zuoye.store import Store
from zuoye.store.photos import PhotoRow

pytestmark = pytest.mark.anyio

ORIENTATION, GPS_IFD = 0x0112, 0x8825
UPRIGHT = (2400, 3200)  # portrait, as the student held the phone


def _phone_photo() -> bytes:
    """A 7.7 MP camera JPEG: stored landscape with EXIF orientation 6 (turn right to view), and
    the GPS position of where it was taken."""
    w, h = UPRIGHT
    grain = Image.merge("RGB", [Image.effect_noise(UPRIGHT, 40) for _ in range(3)])  # a camera's noise
    page = Image.blend(Image.new("RGB", UPRIGHT, "white"), grain, 0.35)
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, w, h // 8), fill=(220, 0, 0))  # the top of the page, when upright, is red
    for y in range(h // 4, h, 120):
        draw.line((100, y, w - 100, y), fill="black", width=8)
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (39.0, 54.0, 26.0), 3: "E", 4: (116.0, 23.0, 29.0)})
    # Saved turned: exif_transpose turns orientation 6 back with ROTATE_270.
    return encode(page.transpose(Image.Transpose.ROTATE_90), "JPEG", quality=95, exif=exif)


async def test_a_phone_photo_is_kept_small_upright_and_without_its_location(
    client: httpx.AsyncClient, store: Store
) -> None:
    upload = _phone_photo()
    sent = Image.open(io.BytesIO(upload))
    assert sent.size == (3200, 2400) and sent.getexif().get_ifd(GPS_IFD)  # what a phone sends
    assert len(upload) > 3_000_000

    r = await client.post("/api/photo", files={"file": ("IMG_0001.jpg", upload, "image/jpeg")})
    assert r.status_code == 200, r.text
    photo_id = r.json()["photo_id"]
    with store.session() as s:
        row = s.get(PhotoRow, photo_id)
        assert row is not None
        stored, media_type = row.data, row.media_type
    assert media_type == "image/jpeg" and len(stored) < len(upload) // 4

    kept = Image.open(io.BytesIO(stored))
    assert kept.format == "JPEG" and kept.size == (1500, 2000)  # upright portrait, long side 2000
    exif = kept.getexif()
    assert not exif.get_ifd(GPS_IFD) and ORIENTATION not in exif and "exif" not in kept.info
    assert "icc_profile" not in kept.info  # the phone sent none; none is made up
    # upright: the red band is at the top, not on a side
    top, left = kept.getpixel((750, 50)), kept.getpixel((50, 1000))
    assert isinstance(top, tuple) and isinstance(left, tuple)
    assert top[0] > 150 and top[1] < 100 and left[1] > 100

    # the page's photo endpoint serves that copy
    await client.post("/api/ask", json={"question": r.json()["text"], "photo_id": photo_id})
    cid = (await client.get("/api/conversations")).json()["conversations"][0]["id"]
    url = (await client.get(f"/api/conversations/{cid}")).json()["turns"][0]["photo_url"]
    got = await client.get(url)
    assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
    assert got.content == stored


def _profile(space: bytes = b"RGB ", pad: int = 0) -> bytes:
    """An ICC colour profile built at run time (littlecms' sRGB), its colour space set to `space`."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return srgb[:16] + space + srgb[20:] + b"\0" * pad


def _located(mode: str, size: tuple[int, int], icc_profile: bytes) -> bytes:
    """A JPEG with a colour profile and the GPS position where it was taken."""
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (39.0, 54.0, 26.0), 3: "E", 4: (116.0, 23.0, 29.0)})
    img = Image.new(mode, size, "red" if mode == "RGB" else 90)
    return encode(img, "JPEG", exif=exif, icc_profile=icc_profile)


async def test_a_photo_keeps_its_colour_profile_but_not_its_location(
    client: httpx.AsyncClient, store: Store
) -> None:
    # A phone photographs in Display P3: without its profile the stored copy is shown as sRGB and
    # looks washed out. The profile stays; the EXIF with the GPS position still goes.
    profile = _profile()
    upload = _located("RGB", (2600, 1950), profile)
    assert Image.open(io.BytesIO(upload)).info["icc_profile"] == profile

    r = await client.post("/api/photo", files={"file": ("IMG_0002.jpg", upload, "image/jpeg")})
    assert r.status_code == 200, r.text
    with store.session() as s:
        row = s.get(PhotoRow, r.json()["photo_id"])
        assert row is not None
        stored = row.data
    kept = Image.open(io.BytesIO(stored))
    assert kept.size == (2000, 1500) and kept.info.get("icc_profile") == profile
    assert not kept.getexif().get_ifd(GPS_IFD) and "exif" not in kept.info
    assert b"GPS" not in stored and b"Exif" not in stored


@pytest.mark.parametrize(
    ("mode", "profile"),
    [
        ("L", _profile(b"GRAY")),  # describes grey pixels, not the RGB ones that are kept
        ("RGB", _profile(b"CMYK")),
        ("RGB", _profile(pad=KEPT_PROFILE_BYTES)),  # bigger than any camera's: not worth keeping
    ],
    ids=["grey-profile", "cmyk-profile", "oversized"],
)
def test_a_profile_that_does_not_fit_the_kept_copy_is_dropped(mode: str, profile: bytes) -> None:
    upload = _located(mode, (400, 300), profile)
    assert Image.open(io.BytesIO(upload)).info["icc_profile"] == profile
    kept_bytes = kept_copy(upload)
    assert kept_bytes is not None
    kept = Image.open(io.BytesIO(kept_bytes))
    assert kept.mode == "RGB" and kept.size == (400, 300)
    assert "icc_profile" not in kept.info and "exif" not in kept.info


def _truncated_jpeg() -> bytes:
    whole = encode(Image.new("RGB", (400, 300), "white"), "JPEG")
    return whole[: len(whole) // 2]


@pytest.mark.parametrize(
    ("content", "status", "code", "says"),
    [
        (_truncated_jpeg(), 422, "image_decode_failed", "已损坏或不完整"),
        (b"\xff\xd8\xff" + b"not a jpeg at all" * 20, 422, "image_decode_failed", "已损坏或不完整"),
        (png_header(30_000, 30_000), 422, "image_dimensions", "像素过多"),
        (png_header(8_000, 6_000), 422, "image_dimensions", "像素过多"),
    ],
    ids=["truncated", "jpeg-magic-only", "decompression-bomb", "too-many-pixels"],
)
async def test_an_image_that_cannot_be_kept_is_refused_saying_what_to_do(
    client: httpx.AsyncClient, store: Store, content: bytes, status: int, code: str, says: str
) -> None:
    # The recognizer in these tests reads anything; the kept copy still decodes the whole image.
    r = await client.post("/api/photo", files={"file": ("q.jpg", content, "image/jpeg")})
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["code"] == code and says in error["message"]
    assert "\u4e00" <= error["message"][0] <= "\u9fff"  # Chinese first
    with store.session() as s:
        assert s.query(PhotoRow).count() == 0


async def test_without_pillow_a_photo_is_read_but_not_kept(
    client: httpx.AsyncClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A server without the ocr extra can read photos with a vision model; it cannot remove their
    # EXIF, so it keeps none (the question goes without its picture).
    photo = _phone_photo_small()
    monkeypatch.setitem(sys.modules, "PIL", None)
    r = await client.post("/api/photo", files={"file": ("q.jpg", photo, "image/jpeg")})
    assert r.status_code == 200, r.text
    assert r.json()["photo_id"] is None and r.json()["text"]
    with store.session() as s:
        assert s.query(PhotoRow).count() == 0


def _phone_photo_small() -> bytes:
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (39.0, 54.0, 26.0)})
    return encode(Image.new("RGB", (320, 240), "white"), "JPEG", exif=exif)
