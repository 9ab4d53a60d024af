"""OCR cost: cold start, per image warm, the phone-photo path, and memory.

Runs in a fresh child process so the cold start is real (imports, model load) and the peak
RSS is OCR's own, not the bench runner's. Images are drawn at run time with a CJK font, as
in tests/ocr: a two-line printed question (small PNG) and a 12 MP phone photo (JPEG).
The phone photo is also read at a lower `max_side`, side by side, to show what the default
(1600 px) costs against a cheaper setting.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import io, json, resource, statistics, sys, time
    from pathlib import Path
    from PIL import Image, ImageDraw, ImageFont

    def rss_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    fonts = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
    font_path = next(f for f in fonts if Path(f).exists())

    def draw(size, lines, font_size, origin):
        img = Image.new("RGB", size, "white")
        d = ImageDraw.Draw(img)
        font = ImageFont.truetype(font_path, font_size)
        for k, line in enumerate(lines):
            d.text((origin[0], origin[1] + k * int(font_size * 1.8)), line, font=font, fill="black")
        return img

    def encode(img, fmt, **kw):
        buf = io.BytesIO(); img.save(buf, fmt, **kw); return buf.getvalue()

    lines = ["解方程 2x+3=7", "计算 1/2+1/3"]
    small = encode(draw((640, 220), lines, 36, (40, 40)), "PNG")
    photo = encode(draw((4032, 3024), lines + ["已知 x²-5x+6=0，求 x 的值"], 110, (500, 1000)), "JPEG", quality=88)
    base_rss = rss_mb()

    t0 = time.perf_counter()
    from zuoye.ocr import OcrLimits, preload, recognize
    from zuoye.ocr._image import load_image
    preload()
    cold = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter(); first = recognize(small); first_ms = (time.perf_counter() - t0) * 1000

    def median_ms(data, n, limits=None):
        times = []
        for _ in range(n):
            t = time.perf_counter(); r = recognize(data, limits=limits); times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times), r

    small_ms, small_r = median_ms(small, 5)
    photo_ms, photo_r = median_ms(photo, 3)
    cheap_ms, cheap_r = median_ms(photo, 3, OcrLimits(max_side=960))
    t0 = time.perf_counter()
    for _ in range(5):
        load_image(photo, OcrLimits())
    decode_ms = (time.perf_counter() - t0) * 1000 / 5
    squash = lambda s: "".join(s.split())
    print(json.dumps({
        "cold": cold, "first": first_ms, "small": small_ms, "photo": photo_ms, "cheap": cheap_ms,
        "decode": decode_ms, "base_rss": base_rss, "peak_rss": rss_mb(),
        "small_ok": squash(small_r.text) == squash("".join(lines)),
        "photo_text": photo_r.text, "cheap_text": cheap_r.text, "photo_bytes": len(photo),
    }))
    """
)


def run() -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=False, timeout=600
    )
    if proc.returncode != 0:
        raise RuntimeError(f"OCR bench child failed:\n{proc.stderr[-3000:]}")
    m = json.loads(proc.stdout.strip().splitlines()[-1])
    same = "".join(m["photo_text"].split()) == "".join(m["cheap_text"].split())
    return [
        {"bench": "ocr", "metric": "cold start (import + load models)", "value": m["cold"], "unit": "ms"},
        {"bench": "ocr", "metric": "first question (640×220 PNG)", "value": m["first"], "unit": "ms"},
        {
            "bench": "ocr",
            "metric": "warm question (640×220 PNG), median of 5",
            "value": m["small"],
            "unit": "ms",
            "goal": "< 1000",
            "note": "text correct" if m["small_ok"] else "TEXT WRONG",
        },
        {
            "bench": "ocr",
            "metric": f"warm 12 MP photo ({m['photo_bytes'] // 1024} KB JPEG), default max_side 1600",
            "value": m["photo"],
            "unit": "ms",
        },
        {
            "bench": "ocr",
            "metric": "same photo, max_side 960",
            "value": m["cheap"],
            "unit": "ms",
            "note": f"default is {m['photo'] / m['cheap']:.1f}× this; text {'identical' if same else 'differs'}",
        },
        {
            "bench": "ocr",
            "metric": "validate + decode + downscale the photo",
            "value": m["decode"],
            "unit": "ms",
        },
        {
            "bench": "ocr",
            "metric": "peak RSS (process, after all of the above)",
            "value": m["peak_rss"],
            "unit": "MB",
            "note": f"{m['peak_rss'] - m['base_rss']:.0f} MB above Python + Pillow",
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
