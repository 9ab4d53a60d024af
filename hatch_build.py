"""Hatch build hook: the wheel carries the page's browser libraries (KaTeX, markdown-it, DOMPurify, JSXGraph).

They come from npm, pinned by package-lock.json; nothing built is committed. Building a wheel runs
`npm ci` in a scratch folder (never the checkout's node_modules) and copies the files the page
loads, with each library's licence, into `zuoye/web/vendor/<name>/` inside the wheel — the list is
`zuoye.web._vendor.LIBRARIES`, the same one the server reads.

Without npm the build fails and says so, on purpose: a wheel without these files installs fine
and then shows a page that cannot render a single answer. Editable installs (`pip install -e`,
what `./dev` does) skip all this: they serve the checkout's node_modules, which `./dev` keeps in
step with the lock file.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

NPM_HELP = (
    "building zuoye's wheel needs npm: the wheel carries the web page's KaTeX, markdown-it, "
    "DOMPurify and JSXGraph, installed by `npm ci` from package-lock.json. Install Node.js and npm "
    "(Debian/Ubuntu: apt-get install npm; otherwise https://nodejs.org) and build again."
)


class VendorHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        vendor = _load_vendor_table(root / "src" / "zuoye" / "web" / "_vendor.py")
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(NPM_HELP)
        self._scratch = Path(tempfile.mkdtemp(prefix="zuoye-npm-"))
        for name in ("package.json", "package-lock.json"):
            shutil.copy2(root / name, self._scratch / name)
        self.app.display_info(
            "npm ci: the page's KaTeX, markdown-it, DOMPurify and JSXGraph (package-lock.json)"
        )
        # --ignore-scripts: these libraries need no install scripts, and a build should run none.
        done = subprocess.run(  # noqa: S603 (npm found on PATH, fixed arguments)
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=self._scratch,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"`npm ci` failed while building zuoye's wheel:\n{done.stderr or done.stdout}")
        modules = self._scratch / "node_modules"
        include = build_data.setdefault("force_include", {})
        for lib in vendor.LIBRARIES:
            dist = modules / lib.dist
            for pattern in lib.files:
                found = sorted(p for p in dist.glob(pattern) if p.is_file())
                if not found:
                    raise RuntimeError(
                        f"npm's {lib.name} has no {lib.dist}/{pattern}: package-lock.json changed?"
                    )
                for path in found:
                    include[str(path)] = f"zuoye/web/vendor/{lib.name}/{path.relative_to(dist).as_posix()}"
            package = modules / lib.name
            licence = next((package / n for n in vendor.LICENCE_NAMES if (package / n).is_file()), None)
            if licence is None:
                raise RuntimeError(f"npm's {lib.name} has no licence file to ship with it")
            include[str(licence)] = f"zuoye/web/vendor/{lib.name}/{licence.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _load_vendor_table(path: Path) -> Any:
    """zuoye.web._vendor by path: the build environment has hatchling, not zuoye's dependencies."""
    spec = importlib.util.spec_from_file_location("_zuoye_vendor_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module
