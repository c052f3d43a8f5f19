"""Link cards as Facebook, LinkedIn, X and WeChat lay them out, and where each network will do badly.

Each network shows a shared link as a card: an image cropped to its ratio, a title and sometimes a
description cut where the card runs out of room, and a domain line. :data:`CARDS` holds what each
card does; lengths are counted in columns, a Latin letter one, a Chinese character two (each is
about twice as wide), and a text is cut at a word or after a Chinese character, ending in '…'.
The networks do not publish these numbers and change them; they are those of their desktop feeds.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from jiading_cli.share.opengraph import Image
from jiading_cli.share.text import Fitted, fit


@dataclass(frozen=True, slots=True)
class Spec:
    """How one network lays out a link card."""

    network: str
    name: str
    ratio: tuple[int, int]  # the image is cropped to width:height (CSS aspect-ratio)
    large: tuple[int, int]  # an image smaller than this is shown as a small thumbnail instead
    smallest: tuple[int, int]  # an image smaller than this is not shown at all
    title: int  # columns of title shown
    description: int | None  # columns of description shown; None: not shown
    domain: str  # how the domain line is written: "upper", "plain" or "from"
    webp: bool = True  # whether the network shows a WebP image


CARDS: tuple[Spec, ...] = (
    Spec("facebook", "Facebook", (191, 100), (600, 315), (200, 200), 88, 155, "upper"),
    Spec("linkedin", "LinkedIn", (191, 100), (1200, 627), (200, 110), 70, None, "plain", webp=False),
    Spec("x", "X", (2, 1), (300, 157), (144, 144), 70, 200, "from"),
    Spec("wechat", "WeChat", (1, 1), (300, 300), (100, 100), 64, 80, "none"),
)


@dataclass(frozen=True, slots=True)
class Card:
    """One network's card for one article, as the preview page draws it."""

    network: str
    name: str
    title: Fitted
    description: Fitted | None  # None where the card shows none
    domain: str  # the domain line as written on the card; "" where it shows none
    image: str | None  # the link to the image, None where the card shows no image
    ratio: str  # CSS aspect-ratio of the image, "1.91 / 1"
    large: bool  # a large image above the text, else a thumbnail beside it


@dataclass(frozen=True, slots=True)
class Warning:
    network: str  # facebook, linkedin, x, wechat, email, or "all"
    message: str


def columns(text: str) -> int:
    """The width of ``text`` in columns: wide (East Asian) characters count two, others one."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def domain_line(url: str, style: str) -> str:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return {"upper": host.upper(), "plain": host, "from": f"From {host}"}.get(style, "")


def _ratio(spec: Spec) -> str:
    width, height = spec.ratio
    return f"{width / height:.2f}".rstrip("0").rstrip(".") + " / 1"


def _fits(image: Image, size: tuple[int, int]) -> bool:
    return image.width is None or image.height is None or (image.width >= size[0] and image.height >= size[1])


def card(spec: Spec, title: str, description: str, url: str, image: Image | None, image_link: str | None) -> Card:
    """``spec``'s card for a page with this title, description, canonical URL and image."""
    shown = image is not None and _fits(image, spec.smallest) and (spec.webp or image.mime != "image/webp")
    large = shown and image is not None and _fits(image, spec.large) and spec.ratio != (1, 1)
    limit = spec.description
    if spec.network == "x" and large:
        limit = None  # a large X card shows the title on the image and no description
    return Card(
        network=spec.network,
        name=spec.name,
        title=fit(title, spec.title, columns),
        description=fit(description, limit, columns) if limit is not None and description else None,
        domain=domain_line(url, spec.domain),
        image=image_link if shown else None,
        ratio=_ratio(spec) if large else "1 / 1",
        large=large,
    )


def _size(image: Image) -> str:
    return f"{image.width}×{image.height} px"


def image_warnings(image: Image | None) -> list[Warning]:
    """Where an article's image will let a network down: missing, too small, WebP, no alt text."""
    if image is None:
        return [Warning("all", "no image: every card shows text only (set image: in the front matter)")]
    found: list[Warning] = []
    if image.width is None or image.height is None:
        found.append(Warning("all", f"the size of {image.url} is not known (a remote image): check it is 1200×630 px"))
    for spec in CARDS:
        if not spec.webp and image.mime == "image/webp":
            found.append(Warning(spec.network, f"{spec.name} does not show WebP images: use JPEG or PNG"))
        elif not _fits(image, spec.smallest):
            least = f"{spec.smallest[0]}×{spec.smallest[1]}"
            found.append(
                Warning(spec.network, f"{spec.name} shows no image under {least} px; this one is {_size(image)}")
            )
        elif not _fits(image, spec.large) and spec.ratio != (1, 1):
            least = f"{spec.large[0]}×{spec.large[1]}"
            found.append(
                Warning(
                    spec.network, f"{spec.name} shows an image under {least} px as a small thumbnail ({_size(image)})"
                )
            )
    if not image.alt:
        found.append(Warning("all", "the image has no alt text (image_alt): screen readers read nothing for it"))
    return found


def cut_warnings(cards: list[Card]) -> list[Warning]:
    """A warning for each title and description a card will cut."""
    found = []
    for made in cards:
        for what, text in (("title", made.title), ("description", made.description)):
            if text is not None and text.cut:
                found.append(
                    Warning(made.network, f"{made.name} will cut the {what} at {text.limit} columns: {text.text}")
                )
    return found
