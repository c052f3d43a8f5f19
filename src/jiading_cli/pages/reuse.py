"""Pages made from the same inputs as the last build's are left in place instead of being made again.

The pages say what each page is made from (its key); a :class:`Reuse` given by the use case answers
whether the page at a path was made from that key and is still in place, and with what digest.
:class:`NoReuse`, the slow and obvious answer, makes every page.

A key can be had two ways. The obvious one, :func:`key_of` over the records a page shows (the whole
article with its body, its language versions, its image, …), costs a ``repr`` and a digest of all of
them for every page of the site. The quick one, :class:`Inputs`, composes it from what those records
are made of: the digest of the bytes each article was read from (which whoever loaded it knows,
``Reuse.source``), the identity of its image file (its real path and the digest of its bytes,
:class:`Files`), and the few inputs shared across articles
(its language versions, its category's and tags' folders, the site's languages and feeds). Equal
quick keys mean equal records, hence equal pages (tests/test_page_key_property.py holds the quick key
to the obvious one); where a source is not known, the obvious key is used. What a list shows of each
article (its teaser) is kept the same way, by the digest of the article's inputs (``Reuse.views``).
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING, Protocol

from jiading_cli.config import Config
from jiading_cli.content.site import local_file
from jiading_cli.content.targets import is_local_reference, named_path
from jiading_cli.model.article import Article

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

Identity = tuple[object, ...]
View = tuple[str | None, ...]  # what a page shows of an article, field by field
DIGEST = 16  # bytes of an article's digest (:meth:`Inputs.article`)
RACY_NS = 2_000_000_000  # a file changed this recently may change again unseen by its stat
Stat = bytes  # a digest of a file's dev, ino, size, mtime_ns, ctime_ns, mode and real path (:func:`_stat`)


class Reuse(Protocol):
    def known(self, path: str, key: str) -> str | None:
        """The digest of the file at ``path`` if it was made from ``key`` and is as it was written; else None."""

    def stored(self, path: str) -> str | None:
        """The key the page at ``path`` was last recorded with; None when none was (it is made, whatever its key)."""

    def source(self, article: Article) -> bytes | None:
        """The digest of the bytes this very ``article`` was read from, when its loader kept it; else None."""

    @property
    def views(self) -> MutableMapping[bytes, View]:
        """What pages showed of each article (its teaser, its page's URL and path, the files it names), by the
        digest of its inputs (:meth:`Inputs.article`) and the kind: the last build's, to which this build adds
        its own; kept for the next build."""

    @property
    def digests(self) -> Digests:
        """The digest of the bytes of each file read settled, by its stat (:class:`Files`): the last build's, to
        which this build adds what it reads; what this build looked up is kept for the next."""

    @property
    def compiled(self) -> BytecodeCache | None:
        """Where the templates compiled by earlier builds are kept (None: each is compiled from its source)."""


class Digests:
    """The digests of files' bytes by their stat: ``last`` (the last build's) and ``seen`` (this build's)."""

    __slots__ = ("last", "seen")

    def __init__(self, last: Mapping[Stat, bytes] | None = None) -> None:
        self.last: Mapping[Stat, bytes] = last or {}
        self.seen: dict[Stat, bytes] = {}

    def get(self, key: Stat) -> bytes | None:
        found = self.seen.get(key)
        if found is None:
            found = self.last.get(key)
            if found is not None:
                self.seen[key] = found
        return found


class NoReuse:
    """Every page is made."""

    def __init__(self) -> None:
        self.views: dict[bytes, View] = {}
        self.digests = Digests()
        self.compiled: BytecodeCache | None = None

    def known(self, path: str, key: str) -> str | None:
        return None

    def stored(self, path: str) -> str | None:
        return None

    def source(self, article: Article) -> bytes | None:
        return None


def key_of(*parts: object) -> str:
    """What a page is made from, as one digest: the ``repr`` of records, deterministic by construction."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


class Inputs:
    """The quick parts of one build's page keys: each article's source and image, the site's shared inputs.

    ``languages`` and ``feeds``: the site's languages (key -> tag) and which kinds of feeds it writes, as
    every page's navigation and head show them. ``known``: the digests (:meth:`article`) of articles whose
    sources and images are known unchanged since the last build, by path, as that build computed them.
    """

    def __init__(
        self,
        config: Config,
        reuse: Reuse,
        languages: Mapping[str, str],
        feeds: Mapping[str, bool],
        known: Mapping[str, bytes] | None = None,
    ) -> None:
        self.config = config
        self.reuse = reuse
        self.known = known or {}
        self.site = key_of(sorted(languages.items()), sorted(feeds.items()))
        self.articles: dict[str, tuple[Article, bytes | None]] = {}  # by path: each article's, once
        # each known digest by its article object's id, the objects held in ``articles`` or ``alive`` for the
        # build (so no id is reused): a list page's articles are looked up by the thousand
        self.by_object: dict[int, bytes] = {}
        self.alive: list[Article] = []
        self.images: dict[tuple[str, str], Identity] = {}  # (article's folder, reference) -> the file's identity
        self.files = Files(reuse.digests)
        self.beside: dict[str, str] = {}  # an article's folder, as its path names it -> the folder in the site

    def article(self, article: Article) -> bytes | None:
        """A digest of everything an article's own records follow from: its path and source, and its image file
        as it is now; None when its source is not known."""
        found = self.articles.get(article.path)
        if found is not None and found[0] is article:
            return found[1]
        made = self.known.get(article.path)
        if made is None:
            source = self.reuse.source(article)
            made = None if source is None else _digest(repr((article.path, source, self.image(article))).encode())
        self.articles[article.path] = (article, made)
        if made is not None:
            self.by_object[id(article)] = made
            self.alive.append(article)
        return made

    def take(self, articles: Sequence[Article]) -> None:
        """:meth:`article` of each of ``articles``, all at once: those whose digest is ``known`` (by the thousand in
        an incremental build) without a call each."""
        held, known, by_object = self.articles, self.known, self.by_object
        for article in articles:
            path = article.path
            made = None if path in held else known.get(path)
            if made is None:
                self.article(article)
                continue
            held[path] = (article, made)
            by_object[id(article)] = made
        self.alive += articles

    def view(self, article: Article, make: Callable[[], View], kind: bytes = b"teaser") -> View:
        """``make()``: what pages show of the article (``kind``: its teaser, its page's URL and path, the files
        it names), or what the last build made of the same inputs."""
        digest = self.article(article)
        if digest is None:
            return make()
        found = self.reuse.views.get(digest + kind)
        if found is None:
            found = self.reuse.views[digest + kind] = make()
        return found

    def close(self) -> None:
        """Forget the views of articles this build did not see (an article edited or gone)."""
        seen = {digest for _, digest in self.articles.values()}
        views = self.reuse.views
        for key in [key for key in views if key[:DIGEST] not in seen]:
            del views[key]

    def sheets(self, header: object, parts: Sequence[tuple[object, Sequence[Article]]]) -> list[str | None]:
        """A key for each of ``parts`` (its own fields and its articles), from ``header`` and its own fields and the
        digests of its articles (:meth:`article`); None where one is not known. ``header`` is digested once."""
        base = hashlib.blake2b(repr((header, self.site)).encode("utf-8", "surrogatepass"), digest_size=20)
        by_object = self.by_object
        found: list[str | None] = []
        for own, articles in parts:
            try:  # a list page's articles were each digested already: looked up by object
                joined = b"".join([by_object[id(article)] for article in articles])
            except KeyError:
                digests = [self.article(article) for article in articles]
                known = [digest for digest in digests if digest is not None]
                if len(known) != len(digests):
                    found.append(None)
                    continue
                joined = b"".join(known)
            whole = base.copy()
            whole.update(repr(own).encode("utf-8", "surrogatepass") + b"\0" + joined)
            found.append(whole.hexdigest())
        return found

    def image(self, article: Article) -> Identity:
        """The lead image file's identity (its URL and size follow from it, :class:`Files`); () for none or a URL."""
        ref = article.image
        if not ref or not is_local_reference(ref):
            return ()  # the reference alone, in the article's source, decides what is shown
        where = (os.path.dirname(article.path), ref)
        found = self.images.get(where)
        if found is None:
            found = self.images[where] = self.files.identity(self._local(article, ref))
        return found

    def _local(self, article: Article, ref: str) -> str:
        """:func:`local_file` as a string, joined as strings where that gives what ``pathlib`` gives (plain
        names, ``..`` kept as it keeps them); anything else the ``pathlib`` way."""
        target = named_path(ref)
        names = target.split("/")
        if os.sep != "/" or target.startswith("/") or "" in names or "." in names or "\0" in target:
            return os.fspath(local_file(self.config, article, ref))
        head = os.path.dirname(article.path)
        folder = self.beside.get(head)
        if folder is None:
            folder = self.beside[head] = os.fspath((self.config.root / article.path).parent)
        return folder.rstrip("/") + "/" + target


class Files:
    """The identity of files (:meth:`identity`) for one build, each folder's real path looked up once.

    A file's identity is the digest of its bytes, always. Its stat (device, inode, size, mtime, ctime, mode,
    real path) only spares reading it: ``digests`` holds the digest of each file read when it was settled
    (changed at least ``RACY_NS`` before the build started), by that stat. A file changed more recently
    could be changed again within one tick of the file system's clock and keep its stat, so it is read
    every time and its digest not kept, as git's index treats a racily clean file.
    """

    def __init__(self, digests: Digests | None = None) -> None:
        self.folders: dict[str, str] = {}  # folder -> its real path
        self.digests = Digests() if digests is None else digests
        self.started = time.time_ns()

    def identity(self, path: str) -> Identity:
        """What a file's bytes follow from: its real path and the digest of its bytes (:meth:`_bytes`); its real
        path alone when it cannot be found."""
        folder, name = os.path.split(path)
        if name in ("", ".", ".."):
            return self._followed(path)
        real = self.folders.get(folder)
        if real is None:
            real = self.folders[folder] = os.path.realpath(folder)
        try:
            info = os.lstat(path)
        except OSError:
            return (real, name, None)
        if stat.S_ISLNK(info.st_mode):
            return self._followed(path)
        return (real, name, self._bytes(path, info, os.path.join(real, name)))

    def _followed(self, path: str) -> Identity:
        real = os.path.realpath(path)
        try:
            info = os.stat(path)
        except OSError:
            return (real, None)
        return (real, self._bytes(path, info, real))

    def _bytes(self, path: str, info: os.stat_result, real: str) -> Identity:
        """The digest of a file's bytes, as kept by its stat when it is settled; else read now."""
        key = _stat(info, real)
        settled = self.started - max(info.st_mtime_ns, info.st_ctime_ns) >= RACY_NS
        found = self.digests.get(key) if settled else None
        if found is not None:
            return ("bytes", found)
        try:
            digest, after = read_digest(path)
        except OSError:
            return ("unread", self.started)  # never equal to another build's: its pages are made again
        if settled and _stat(after, real) == key:  # not changed while read
            self.digests.seen[key] = digest
        return ("bytes", digest)


def _stat(info: os.stat_result, real: str) -> Stat:
    """The stat a file's digest is kept by, as a digest itself: a store of many files' stays small."""
    fields = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_mode)
    return _digest(b"%d %d %d %d %d %d " % fields + os.fsencode(real))


def read_digest(path: str) -> tuple[bytes, os.stat_result]:
    """The digest of the file's bytes, and its stat once read; opened without blocking, so that a file made a FIFO
    or a device since it was looked at raises (``base.files.NotRegularFile``) instead of waiting or never ending."""
    from jiading_cli.base.blocks import blocks
    from jiading_cli.base.files import open_regular

    opened = open_regular(path)
    if opened is None:
        raise FileNotFoundError(path)
    fd, info = opened
    try:
        found = hashlib.blake2b(digest_size=DIGEST)
        for chunk in blocks(fd, info.st_size):  # a block at a time: the file may be of any size
            found.update(chunk)
        return found.digest(), os.fstat(fd)
    finally:
        os.close(fd)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=DIGEST).digest()
