"""What stands at a path, in the one set of words every message uses: a FIFO is "a FIFO" whether it stands where
an article, the config, a template, a store or an output folder should be, and a device is named as the kind it is;
and which names are articles' files, as the walk of the articles folder and the completion of paths both take them.
"""

from __future__ import annotations

import stat

KINDS = {
    stat.S_IFREG: "a file",
    stat.S_IFDIR: "a folder",
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def kind(mode: int) -> str:
    """What a file of ``mode`` (``st_mode``: of the path itself after ``lstat``, of what it leads to after ``stat``)
    is, in words."""
    return KINDS.get(stat.S_IFMT(mode), "something else")


def is_article_name(name: str) -> bool:
    """Whether a file of this name is an article: ``*.md`` in any case, not hidden."""
    return name.lower().endswith(".md") and not name.startswith(".") and len(name) > 3
