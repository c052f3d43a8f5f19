"""Names a checkout of the site on Windows or macOS cannot hold as they are (``JD117``).

A site's articles live in git, and the people who edit them may work on Windows or macOS. Git for Windows refuses
to check out a path holding a name Windows keeps for a device (``CON``, ``PRN``, ``AUX``, ``NUL``, ``COM0``–``COM9``,
``LPT0``–``LPT9``, with any extension: ``aux.md`` too), a name ending in a dot or a space, or a name holding one of
``< > : " \\ | ? *``. And Windows and macOS find a file by its name whatever its case (macOS whatever its Unicode
form too), so two names of one folder that differ only so are one file there: a checkout keeps one of the two.
Control characters and names that are not UTF-8 are ``JD100``'s, as no system here reads them either.

The walk of the articles folder (:mod:`.walk`) asks :func:`odd_names` of each folder it reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from jiading_cli.base.alike import folded

PORTS = frozenset(f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789¹²³")
DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}) | PORTS
FORBIDDEN = frozenset('<>:"\\|?*')


def unportable(name: str) -> str | None:
    """Why a checkout on Windows cannot hold a file or folder called ``name`` as it is; None when it can."""
    device = name.split(".", 1)[0].rstrip(" ").upper()
    if device in DEVICES:
        return f"{device} is a device name on Windows, whatever the extension: git cannot check it out there"
    if name.endswith((".", " ")):
        return "Windows drops a dot or a space at the end of a name: git cannot check it out there"
    forbidden = sorted(FORBIDDEN.intersection(name))
    if forbidden:
        return f"Windows allows no {' '.join(forbidden)} in a name: git cannot check it out there"
    return None


def odd_names(names: Iterable[str]) -> list[tuple[str, str]]:
    """Each of one folder's ``names`` that a checkout on Windows or macOS cannot hold as it is, with why, in the
    names' sorted order: a name :func:`unportable` refuses, and each name that is another's of the folder but for
    case or Unicode form (the first of them in sorted order is kept; those after it are named)."""
    found: list[tuple[str, str]] = []
    first: dict[str, str] = {}
    for name in sorted(names):
        why = unportable(name)
        kept = first.setdefault(folded(name), name)
        if why is None and kept != name:
            why = (
                f"'{kept}' in the same folder differs from it only in case or Unicode form, which Windows and macOS "
                "do not tell apart: a checkout there keeps one of the two"
            )
        if why is not None:
            found.append((name, why))
    return found
