"""The files of one page build as they are made: each page handed to the writer, or kept in place when made from the
same inputs as the file there; the sitemap's entries as they come."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jiading_cli.model.errors import JiadingError
from jiading_cli.pages.reuse import Reuse
from jiading_cli.pages.sitemap import Entry

if TYPE_CHECKING:
    from jiading_cli.pages.build import Record

Write = Callable[[str, bytes], None]  # a file of the site: its path relative to the output folder, its bytes


@dataclass
class Output:
    """The files of one build as they are made: each page made, or kept when made from the same inputs."""

    reuse: Reuse
    write: Write
    made: set[str] = field(default_factory=set)
    kept: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)  # of the sitemap

    def _free(self, path: str) -> None:
        if path in self.made or path in self.kept:
            raise JiadingError(f"{path}: two pages of the site have this path; change a slug or the permalink")

    def fresh(self, path: str, key: str) -> bool:
        """Whether the page must be made: not in place as made from ``key`` (then it is kept)."""
        self._free(path)
        self.keys[path] = key
        digest = self.reuse.known(path, key)
        if digest is not None:
            self.kept[path] = digest
        return digest is None

    def take(self, records: Sequence[Record]) -> str | None:
        """Keep each record's page as :meth:`fresh` keeps a page made from the same inputs, with its sitemap entry;
        the path of the first one not in place as it was made (None: all are)."""
        made, kept, keys, known = self.made, self.kept, self.keys, self.reuse.known
        for record in records:
            path, key = record[0], record[1]
            if path in made or path in kept:
                self._free(path)
            keys[path] = key
            digest = known(path, key)
            if digest is None:
                return path
            kept[path] = digest
        self.entries += [record.entry for record in records]
        return None

    def put(self, path: str, data: bytes) -> None:
        """A file made every time."""
        self._free(path)
        self.save(path, data)

    def save(self, path: str, data: bytes) -> None:
        """A page made, its path taken by :meth:`fresh`: handed to the writer at once."""
        self.made.add(path)
        self.write(path, data)
