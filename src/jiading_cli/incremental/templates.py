"""Compiled templates kept between builds: Jinja2's bytecode cache, in ``.jiading-cache/templates/``.

Jinja2 compiles every template it loads, lexer and parser included, which a build that makes a few pages pays
in full. Through Jinja2's bytecode cache interface this store keeps each template's compiled code (marshalled)
with the checksum of the source it was compiled from, so a template is compiled again whenever its source
differs, and keeps it as the other stores keep theirs: a file per template, replaced whole by rename, sealed by
a CRC-32 and headed by the environment's fingerprint (jiading's code, Python, the installed Jinja2). A file that
is missing, damaged or of another environment or source is a miss: the template is compiled from its source, as
without the store. What it holds is code, run as the site's own templates are: it is trusted as they are.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING

from jinja2 import BytecodeCache

from jiading_cli.config import Config
from jiading_cli.incremental import keys
from jiading_cli.incremental.pickles import UNREADABLE, opened, sealed

if TYPE_CHECKING:
    from jinja2.bccache import Bucket

FORMAT = b"jiading templates 1\0"


class Compiled(BytecodeCache):
    """The compiled templates of one site, for one run."""

    def __init__(self, config: Config) -> None:
        self.folder = keys.folder(config) / "templates"
        self.head = FORMAT + keys.environment()

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.jinja"

    def load_bytecode(self, bucket: Bucket) -> None:
        """The code compiled from the very source Jinja2 read now (its checksum), when kept; else nothing."""
        try:
            found = bytes(opened(keys.read_store(self._path(bucket))))
        except UNREADABLE:
            return
        head = self.head + bucket.checksum.encode("ascii") + b"\0"
        if not found.startswith(head):
            return
        try:
            code = marshal.loads(found[len(head) :])  # noqa: S302 - this store's own sealed file (see above)
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        data = self.head + bucket.checksum.encode("ascii") + b"\0" + marshal.dumps(bucket.code)
        try:
            keys.write_atomic(self._path(bucket), sealed(data))
        except OSError:
            return  # not kept: the next build compiles the template again
