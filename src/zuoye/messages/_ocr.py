"""Why a photo could not be read (zuoye.ocr), in words a student can act on."""

from __future__ import annotations

from zuoye.messages._text import Text

OCR: dict[str, Text] = {
    "ocr.empty": Text(
        "图片是空的（0 字节），请重新选择照片。", "The image is empty (0 bytes): choose the photo again."
    ),
    "ocr.too_large": Text(
        "图片太大（{size}，上限 {limit}），请压缩或截取题目部分后再试。",
        "The image is too large ({size}; the limit is {limit}): send a smaller photo or crop it to the question.",
    ),
    "ocr.unsupported.gif": Text(
        "不支持 GIF 动图，请截图或另存为 PNG/JPEG。",
        "GIF images are not supported: take a screenshot or save it as PNG or JPEG.",
    ),
    "ocr.unsupported.heic": Text(
        "不支持 iPhone 的 HEIC 格式，请在“设置 → 相机 → 格式”中选“兼容性最佳”，或导出为 JPEG。",
        "HEIC photos are not supported: set Settings → Camera → Formats → Most Compatible, or export as JPEG.",
    ),
    "ocr.unsupported.avif": Text(
        "不支持 AVIF 格式，请导出为 JPEG 或 PNG。", "AVIF images are not supported: export as JPEG or PNG."
    ),
    "ocr.unsupported.pdf": Text(
        "PDF 不是图片，请对题目截图后上传。", "A PDF is not an image: take a screenshot of the question."
    ),
    "ocr.unsupported.tiff": Text(
        "不支持 TIFF 格式，请另存为 PNG 或 JPEG。", "TIFF images are not supported: save as PNG or JPEG."
    ),
    "ocr.unsupported.svg": Text(
        "不支持 SVG 矢量图，请截图后上传。", "SVG drawings are not supported: take a screenshot."
    ),
    "ocr.unsupported.other": Text(
        "无法识别的文件类型，请上传 PNG、JPEG、WebP 或 BMP 格式的照片。",
        "This is not a supported image: upload a PNG, JPEG, WebP or BMP photo.",
    ),
    "ocr.damaged": Text(
        "图片（{kind}）已损坏或不完整，无法打开，请重新拍照或重新上传。",
        "The {kind} image could not be decoded (damaged or only partly uploaded): take the photo again "
        "or upload it again.",
    ),
    "ocr.too_many_pixels": Text(
        "图片像素过多（{size}上限 {limit} 百万），请缩小后再试。",
        "The image has too many pixels ({size}the limit is {limit} MP): resize it and try again.",
    ),
    "ocr.pixels_size": Text("{width}×{height}，约 {mp} 百万像素，", "{width}×{height}, {mp} MP; "),
    "ocr.too_small": Text(
        "图片太小（{width}×{height}，至少 {min_side} 像素），看不清文字，请靠近题目重新拍照。",
        "The image is too small to read ({width}×{height}; at least {min_side} pixels a side): take the "
        "photo closer to the question.",
    ),
    "ocr.no_text": Text(
        "没有在图片中识别到文字：请让题目清晰、光线充足、占满画面后重新拍照，或直接输入题目。",
        "No text was found in the image: make sure the question is sharp, well lit and fills the frame, "
        "or type it in.",
    ),
    "ocr.unavailable": Text(
        "拍照识题（OCR）不可用：{reason}。请安装：pip install 'zuoye[ocr]'",
        "Photo recognition (OCR) is unavailable: {reason}. Install it with: pip install 'zuoye[ocr]'",
    ),
}
