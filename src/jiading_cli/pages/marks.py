"""Where the words of a page's catalogue say their language: the smallest element holding them carries the
catalogue's ``lang`` and ``dir`` whenever the element around it is of another language.

A page whose language has a catalogue of its own (``en``, ``zh-CN``, ``zh-TW``) needs nothing of this: its
words are in its language, and its elements are written as they always were. On a page in ``fr`` or ``ar``
the words are English: the share bar, the masthead's navigation, the footer's feeds, the breadcrumb, a
label, the page links each say ``lang="en" dir="ltr"``, and the article's own text in such an element (the
title in the breadcrumb, a tag's name in a heading) says the page's language again. The templates reach this
through the filters ``chrome_lang``, ``text_lang`` and ``named``; the pages written directly through the same
functions.

An attribute cannot say a language of its own: an accessible name (``aria-label``, ``title``, ``alt``) is read in
the language of its element. So an element whose name is the catalogue's words says the catalogue's language, and
what it shows of another language (a language version's name, an article's title) is a child element saying its
own: the name is the element's text, the catalogue's words of it in a visually hidden ``<span>`` where they are
not shown (:func:`named`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from string import Formatter
from typing import Any

from markupsafe import Markup, escape

from jiading_cli.content.messages import Messages, catalogue_name, filling, foreign, marks
from jiading_cli.model.languages import direction


@lru_cache(maxsize=1024)
def _said(tag: str | None) -> Markup:
    return Markup("") if tag is None else Markup(' lang="%s" dir="%s"') % (tag, direction(tag))  # messages.said


@lru_cache(maxsize=1024)
def chrome_lang(around: str, page: str | None = None) -> Markup:
    """The attributes of an element holding words of the catalogue of a page in ``page`` (by default ``around``)
    inside an element of language ``around``: ``' lang="en" dir="ltr"'``, or nothing when ``around`` speaks them."""
    return _said(marks(catalogue_name(around if page is None else page), around))


@lru_cache(maxsize=1024)
def text_lang(lang: str, page: str | None = None) -> Markup:
    """The attributes of an element holding text in ``lang`` inside one that holds the catalogue's words of a page
    in ``page`` (by default ``lang``: the page's own text): ``lang`` and its direction when those words said another
    language around them (:func:`chrome_lang`), else nothing."""
    return _said(lang if lang and chrome_lang(lang, page) else None)


HIDDEN = "visually-hidden"  # the stylesheet's class of text a screen reader reads and a screen does not show
_SLOT = re.compile("\x00([0-9]+)\x00")


def named(t: Callable[..., str], key: str, **values: Any) -> Markup:
    """The content of an element whose accessible name is the catalogue's text ``key`` filled with ``values``,
    and which shows the values alone: each run of the catalogue's text a ``<span class="visually-hidden">`` (in
    the element's language, which is the catalogue's), each value a ``<span>`` saying its language when it has
    one (a value with ``text`` and ``lang``, a language version's link), else the value as text. ``t`` is the
    page's catalogue (``t("read_in", language=…)``): ``Read this article in`` hidden, ``简体中文`` shown, said
    ``zh-CN``; the name a screen reader reads, ``Read this article in 简体中文``, each part in its language."""
    shown = list(values.values())
    slots = {name: f"\x00{n}\x00" for n, name in enumerate(values)}
    out = []
    for n, part in enumerate(_SLOT.split(t(key, **slots))):
        if n % 2 == 0:
            out.append(Markup('<span class="%s">%s</span>') % (HIDDEN, part) if part else Markup(""))
            continue
        value = shown[int(part)]
        lang = getattr(value, "lang", None)
        text = getattr(value, "text", value)
        filling(key, list(values)[int(part)], text)
        out.append(Markup("<span%s>%s</span>") % (_said(lang), text) if lang else escape(text))
    return Markup("").join(out)


def marked(t: Messages, lang: str, key: str, **values: str) -> str:
    """``t.text(key, **values)`` for a page of ``lang``: as it is when the catalogue speaks ``lang``; else HTML
    (marked safe) whose every run of the catalogue's text is a ``<span>`` saying the catalogue's language and
    every value one saying ``lang`` (a value already marked safe is placed as it is)."""
    text = t.text(key, **values)  # a key or value missing: the catalogue's error
    tag = foreign(lang)
    if tag is None:
        return text
    own = _said(lang)
    out = []
    for literal, field, _, _ in Formatter().parse(t.raw(key)):
        if literal:
            out.append(Markup("<span%s>%s</span>") % (_said(tag), literal))
        if field is not None:
            value = values[field]
            out.append(value if isinstance(value, Markup) else Markup("<span%s>%s</span>") % (own, value))
    return Markup("").join(out) if out else escape("")
