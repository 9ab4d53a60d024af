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
    # -- doubts: what the student should check against the photo before it is asked --
    "ocr.doubt.exponent_unconfirmed": Text(
        "“{text}”中的上标（指数）没有核实，请对照照片核对。",
        "The exponent in “{text}” could not be confirmed: check it against the photo.",
    ),
    "ocr.doubt.low_confidence": Text(
        "“{text}”识别把握不大，请对照照片核对。",
        "“{text}” was read with low confidence: check it against the photo.",
    ),
    "ocr.doubt.one_sided_bar": Text(
        "有一条横线只有一侧有字，可能是没拍全的分数，请对照照片核对。",
        "A line has writing on one side only — perhaps a fraction not fully in the photo: check it against "
        "the photo.",
    ),
    "ocr.doubt.fraction_part": Text(
        "有一个分数的分子或分母没有认出来，请对照照片补全。",
        "A fraction's numerator or denominator could not be read: complete it from the photo.",
    ),
    "ocr.doubt.raised_mark": Text(
        "“{text}”中有一个小而高的记号没有认出来（可能是指数），请对照照片核对。",
        "“{text}” has a small raised mark that could not be read (perhaps an exponent): check it against "
        "the photo.",
    ),
    "ocr.doubt.exponent_read_as": Text(
        "“{text}”中有上标（指数），读作“{placed}”，请核对。",
        "“{text}” has a raised exponent, read as “{placed}”: check it.",
    ),
    "ocr.doubt.root_argument": Text(
        "“{text}”中的根号下是什么没有读准，请对照照片核对。",
        "What stands under the root sign in “{text}” was not read for certain: check it against the photo.",
    ),
    "ocr.doubt.root": Text(
        "“{text}”中有根号，请对照照片核对根号下的部分。",
        "“{text}” has a square root: check what stands under it against the photo.",
    ),
    "ocr.doubt.sign": Text(
        "“{text}”中的运算符号（如负号、除号）可能没有读对，请对照照片核对。",
        "A sign in “{text}” (a minus, a division sign) may have been misread: check it against the photo.",
    ),
    "ocr.doubt.times_by_letter": Text(
        "“{text}”中的 × 紧挨着字母，可能是乘号，也可能是字母 x，请核对。",
        "In “{text}” a × stands next to a letter: it may be a times sign or the letter x — check it.",
    ),
    "ocr.doubt.vision_unsure": Text(
        "视觉模型有看不清的地方（标为 {mark}），请对照照片补全。",
        "The vision model could not read part of the photo (marked {mark}): complete it from the photo.",
    ),
    "ocr.doubt.vision_failed": Text(
        "视觉模型 {model} 没能读这张照片（{reason}），这是本机识别的结果，请仔细核对。",
        "The vision model {model} could not read the photo ({reason}); this is the local reading: check it "
        "carefully.",
    ),
    "ocr.doubt.vision_unusable": Text(
        "视觉模型 {model} 不可用，这是本机识别的结果，请仔细核对。",
        "The vision model {model} is not usable; this is the local reading: check it carefully.",
    ),
    "ocr.vision_refused": Text("视觉模型拒绝读这张照片。", "the vision model refused to read the photo"),
}
