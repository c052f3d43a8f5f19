"""Where the words of a page's catalogue say their language: the smallest element holding them carries the
catalogue's ``lang`` and ``dir`` whenever the element around it is of another language.

A page whose language has a catalogue of its own (``en``, ``zh-CN``, ``zh-TW``) needs nothing of this: its
words are in its language, and its elements are written as they always were. On a page in ``fr`` or ``ar``
the words are English: the share bar, the masthead's navigation, the footer's feeds, the breadcrumb, a
label, the page links each say ``lang="en" dir="ltr"``, and the article's own text in such an element (the
title in the breadcrumb, a tag's name in a heading) says the page's language again. The templates reach this
through the filters ``chrome_lang`` and ``text_lang``; the pages written directly through the same functions.
"""

from __future__ import annotations

from functools import lru_cache
from string import Formatter

from markupsafe import Markup, escape

from jiading_cli.content.messages import Messages, catalogue_name, foreign, marks
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
def text_lang(lang: str) -> Markup:
    """The attributes of an element holding text in ``lang`` (a page's own language) inside one that holds its
    catalogue's words: ``lang`` and its direction when the catalogue is not in ``lang``, else nothing."""
    return _said(None if not lang or foreign(lang) is None else lang)


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
