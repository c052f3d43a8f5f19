"""A U+FEFF at a line's start of front matter, read as the text holds it: libyaml skips one there as a byte-order
mark, so a field name pasted with one (``\ufefftitle:``) was read a column in, as no key at all. The loader
(:mod:`.safeyaml`) and share's records' writer (:mod:`jiading_cli.share.records`) both read the text with a
stand-in for each (:func:`stood_in`), a private-use character of the same length, so every mark's index is the
text's own, and give the values their U+FEFF back (:func:`put_back`)."""

from __future__ import annotations

import re

import yaml

LINE_START_BOM = re.compile("(?:^|(?<=[\r\x85\u2028\u2029]))\ufeff", re.MULTILINE)  # as libyaml's lines start


def stood_in(text: str, stand_in: str | None) -> str:
    """``text`` as :func:`.safeyaml.compose` gives it to libyaml: each U+FEFF at a line's start read as
    ``stand_in`` (from :func:`bom_stand_in`; None: ``text`` as it is). Of the same length, so every mark's index is
    the text's own."""
    return text if stand_in is None else LINE_START_BOM.sub(stand_in, text)


def bom_stand_in(front: str) -> str | None:
    """For a text with a U+FEFF at a line's start, a private-use character it does not hold, to read in its place;
    else None. libyaml skips a U+FEFF at a line's start as a byte-order mark, so a field name pasted with one
    (``\ufefftitle:``) was read a column in, as no key at all: read as the stand-in, it is the name it holds, which
    the unknown-field check then names with its invisible character, as it does one held anywhere else."""
    if LINE_START_BOM.search(front) is None:
        return None
    return next((chr(c) for c in range(0xE000, 0xF900) if chr(c) not in front), None)


def put_back(root: yaml.Node, stand_in: str) -> None:
    """Every U+FEFF read as ``stand_in`` made U+FEFF again, in every scalar of ``root`` (one walk, no recursion)."""
    stack, seen = [root], {id(root)}
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            node.value = node.value.replace(stand_in, "\ufeff")
            continue
        inner = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
        for each in inner:
            if id(each) not in seen:
                seen.add(id(each))
                stack.append(each)
