"""The page (GET /): static/index.html in the request's language.

index.html names its words as `{{page.key}}` (and its language as `{{lang}}`); they are filled
from the message catalogue here, escaped for HTML. The page's scripts get the `page.*` table as
inline JSON (`<script type="application/json" id="page-messages">`): data, not code, so the
Content-Security-Policy's `script-src 'self'` still holds, and both the modules and the classic
loader.js (which runs when the modules cannot) read it synchronously, with no extra request.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

from zuoye.messages import CATALOGUE, Lang, language

STATIC = Path(__file__).with_name("static")
PLACEHOLDER = re.compile(r"\{\{([a-z][a-z0-9_.]*)\}\}")
HTML_LANG: dict[Lang, str] = {"zh": "zh-CN", "en": "en"}
# the same address answers in either language
HEADERS = {"vary": "Accept-Language"}


def page_messages(lang: Lang) -> dict[str, str]:
    """The page's words in `lang` (placeholders such as {count} left for the scripts to fill)."""
    return {
        key: (text.en if lang == "en" else text.zh)
        for key, text in CATALOGUE.items()
        if key.startswith("page.")
    }


@functools.cache
def render(lang: Lang) -> str:
    """index.html with its words in `lang` (the file does not change while the server runs)."""
    words = page_messages(lang)
    # `<` escaped so that no text can close the script element the table sits in.
    table = json.dumps(words, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "lang":
            return HTML_LANG[lang]
        if name == "messages":
            return table
        # an unknown key shows as itself rather than failing the page (tests/messages checks them)
        return html.escape(_unescape_braces(words.get(name, name)))

    return PLACEHOLDER.sub(fill, (STATIC / "index.html").read_text(encoding="utf-8"))


def _unescape_braces(text: str) -> str:
    return text.replace("{{", "{").replace("}}", "}")


def current_page() -> str:
    """The page in the current request's language."""
    return render(language())
