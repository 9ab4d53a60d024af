"""The page's browser libraries (KaTeX, markdown-it, DOMPurify, JSXGraph): which files, and where they are.

npm installs them from package-lock.json; nothing built is committed. They are found in one of:

1. `ZUOYE_NODE_MODULES`, a node_modules folder (for operators who keep their own);
2. the installed package's `zuoye/web/vendor/<name>/` — a wheel carries them there (the build hook,
   hatch_build.py, runs `npm ci` and copies `FILES` in);
3. the checkout's node_modules (`./dev` runs `npm ci`; an editable install reads it in place).

This module uses only the standard library: the build hook loads it by path, before zuoye's
dependencies exist, so the wheel's list of files and the server's list are one list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGED = Path(__file__).with_name("vendor")
CHECKOUT_NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"


@dataclass(frozen=True, slots=True)
class Library:
    name: str  # the npm package, and the URL prefix /vendor/<name>/
    dist: str  # its distribution folder inside the npm package: the only part ever served
    files: tuple[str, ...]  # what the page loads from `dist` (globs); the first ones must exist
    required: tuple[str, ...]  # without these the page cannot start


LIBRARIES = (
    # KaTeX's stylesheet names its fonts (woff2, then woff and ttf for old browsers): all of them.
    Library("katex", "katex/dist", ("katex.mjs", "katex.min.css", "fonts/*"), ("katex.mjs", "katex.min.css")),
    Library(
        "markdown-it", "markdown-it/dist/browser", ("markdown-it.esm.min.mjs",), ("markdown-it.esm.min.mjs",)
    ),
    Library("dompurify", "dompurify/dist", ("purify.es.mjs",), ("purify.es.mjs",)),
    # Graphs of answers (static/figure.js): loaded only when an answer has a figure, so a page
    # without it still starts (nothing required) and shows the figure's key points as text.
    Library("jsxgraph", "jsxgraph/distrib", ("jsxgraphcore.mjs", "jsxgraph.css"), ()),
)
# Each library's licence travels with its files (all ask for it; JSXGraph is MIT or LGPL: MIT).
LICENCE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENSE.MIT")


def folders() -> dict[str, Path]:
    """Where each library's files are served from (the folder may be missing: see `missing`)."""
    env = os.environ.get("ZUOYE_NODE_MODULES")
    if env:
        return {lib.name: Path(env) / lib.dist for lib in LIBRARIES}
    if PACKAGED.is_dir():
        return {lib.name: PACKAGED / lib.name for lib in LIBRARIES}
    return {lib.name: CHECKOUT_NODE_MODULES / lib.dist for lib in LIBRARIES}


def missing() -> list[str]:
    """The libraries whose required files are not where `folders` says."""
    where = folders()
    return [lib.name for lib in LIBRARIES if not all((where[lib.name] / f).is_file() for f in lib.required)]


def installed_from_checkout() -> bool:
    """Whether this zuoye runs from a checkout (editable), where `npm ci` is the remedy."""
    return not PACKAGED.is_dir() and (CHECKOUT_NODE_MODULES.parent / "package-lock.json").is_file()


def problem() -> str | None:
    """What is wrong and what to do, Chinese first — or None when every library is there."""
    names = missing()
    if not names:
        return None
    listed = ", ".join(names)
    if os.environ.get("ZUOYE_NODE_MODULES"):
        zh_fix = "请检查环境变量 ZUOYE_NODE_MODULES 指向的 node_modules 目录（在其上级目录运行 npm ci）"
        en_fix = "check the node_modules folder ZUOYE_NODE_MODULES names (run npm ci next to it)"
    elif installed_from_checkout():
        zh_fix = "请在项目目录运行 npm ci（./dev zuoye serve 会自动运行）"
        en_fix = "run npm ci in the checkout (./dev zuoye serve does it)"
    else:
        zh_fix = "这个 zuoye 安装不完整，请重新安装：pip install --force-reinstall zuoye"
        en_fix = (
            "this zuoye installation is incomplete: reinstall it with pip install --force-reinstall zuoye"
        )
    return (
        f"页面缺少前端库（{listed}），无法显示公式和回答。{zh_fix}，然后重启 zuoye serve 并刷新页面。 / "
        f"The page's libraries are missing ({listed}), so it cannot show answers: {en_fix}, "
        "then restart zuoye serve and reload the page."
    )
