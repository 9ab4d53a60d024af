"""Why a file could not be read or written (or a port listened on), said in the reader's language.

`OSError.strerror` is the C library's English ("No such file or directory") whatever the locale, so a
Chinese sentence around it read half in English; the common causes are said from the catalogue, and
the library's words stay only for a rare one."""

from __future__ import annotations

import errno

from zuoye.messages import say

# Catalogue keys by errno: what a student or teacher can act on (a typo, a folder, permissions, space).
_REASONS: dict[int, str] = {
    errno.ENOENT: "cli.file.not_found",
    errno.EISDIR: "cli.file.is_directory",
    errno.ENOTDIR: "cli.file.not_directory",
    # Only where a folder is made on the way to a file (mkdir(parents=True)): a file stands in its path.
    errno.EEXIST: "cli.file.not_directory",
    errno.EACCES: "cli.file.permission",
    errno.EPERM: "cli.file.permission",
    errno.EROFS: "cli.file.read_only",
    errno.ENOSPC: "cli.file.no_space",
    errno.ENAMETOOLONG: "cli.file.name_too_long",
    errno.EADDRINUSE: "cli.port_in_use",  # zuoye serve / zuoye emulator --port
    errno.EADDRNOTAVAIL: "cli.no_such_address",
}


def reason(exc: OSError) -> str:
    """What went wrong with the file (or port), in the reader's language when it is a common cause."""
    key = _REASONS.get(exc.errno or 0)
    if key is not None:
        return say(key)
    return exc.strerror or str(exc)
