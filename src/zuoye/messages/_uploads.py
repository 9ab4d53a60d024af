"""What the web API says when a multipart upload (a photo, a worksheet) did not arrive as a file:
no file at all, or the file under another form field, or text where the file should be."""

from __future__ import annotations

from zuoye.messages._text import Text

UPLOADS: dict[str, Text] = {
    "web.invalid.upload": Text(
        "没有收到文件：请选择一个文件，放在表单字段 {field} 里上传（multipart/form-data）",
        "No file arrived: choose a file and send it in the form field {field} (multipart/form-data)",
    ),
}
