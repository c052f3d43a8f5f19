"""A YAML merge key (``<<``) anywhere in front matter is one JD114 line on its line, whatever its value; every field
written out is still read, so no other line is said about the fields it would have brought in or beside.

The rules page and ``jiading rule JD114`` refuse merge keys, but only ``<<: *alias`` was: ``<<: {title: B}`` beside
``title: A`` was read with the merged title first ("field given twice (first on line 7, which is used)", said on
line 3), ``<<: x`` made the whole front matter a JD101 of PyYAML's words over three lines (``\\n``-escaped, its
line numbers counted from the front matter) with id, title and date said missing, and a merge key inside
``share`` or a ``syndication`` record was taken as written out.
"""

from __future__ import annotations

import pytest

from conftest import Site

MERGED = "expected the fields written out, found a YAML merge key (<<), which copies fields from its value"
ALIAS = "expected the value written out, found a YAML alias (*name) of a value given before"
PLACES = {  # the extra front matter (after the four fields of front(): from line 6), and the field it is in
    "an inline mapping": ("<<: {category: Parks}\n", ""),
    "beside the field it merges": ("<<: {title: Another title}\n", ""),
    "a list of mappings": ("<<: [{category: Parks}, {tags: [a]}]\n", ""),
    "a block mapping": ("<<:\n  category: Parks\n", ""),
    "a scalar": ("<<: Parks\n", ""),
    "nothing": ("<<:\n", ""),
    "an alias": ("base: &b {category: Parks}\n<<: *b\n", ""),
    "quoted": ("'<<': {category: Parks}\n", None),  # text, not a merge key: an unknown field
    "in share": ("share: {<<: {facebook: Hello}}\n", "share"),
    "in a syndication record": ("syndication:\n  - <<: {network: facebook}\n    id: '1_2'\n", "syndication"),
    "in a list of tags": ("tags:\n  - <<: {a: b}\n", "tags"),
}


@pytest.mark.parametrize("fast", ["on", "off"])
@pytest.mark.parametrize("place", PLACES)
def test_a_merge_key_is_one_jd114_line_on_its_line(site: Site, place: str, fast: str) -> None:
    extra, field = PLACES[place]
    site.write(
        "articles/en/a.md",
        f"---\nid: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\ntitle: A park opens\n"
        f"date: 2017-07-03T18:00:00+08:00\nsummary: A new industrial park opens in Jiading today.\n{extra}---\nBody.\n",
    )
    env = {"JIADING_FAST_FRONT": fast, "JIADING_CACHE": "off"}
    checked = site.run("validate", env=env)
    said = [line for line in checked.stdout.splitlines() if " JD" in line]
    if field is None:
        assert checked.exit_code == 0 and [" JD105 " in line for line in said] == [True], said
        return
    rows = extra.split("\n")
    line = 6 if field else 6 + rows.index(next(row for row in rows if "<<" in row))  # in a field: on the field's line
    named = f"{field}: " if field else ""
    assert checked.exit_code == 1
    if place == "an alias":  # said as the alias it holds, as before: one line, the field 'base' beside it unknown
        assert said[-1] == f"articles/en/a.md:{line}: error JD114 {ALIAS}", said
    else:
        assert said == [f"articles/en/a.md:{line}: error JD114 {named}{MERGED}"], said
    assert not [row for row in said if " JD101 " in row or " JD103 " in row or " JD106 " in row]
    built = site.run("build", env=env)
    assert built.exit_code == 1 and not (site.root / "public").exists(), built.output


TEXTS = {  # a plain '=' or '<<' as a value, which YAML 1.1 types (value, merge) and PyYAML cannot build
    "title": ("<<", "&lt;&lt;"),
    "category": ("=", "="),
    "tags": ("[=, <<, news]", "="),
    "share": ("{facebook: =}", None),
}


@pytest.mark.parametrize("fast", ["on", "off"])
@pytest.mark.parametrize("field", TEXTS)
def test_a_plain_equals_sign_or_merge_mark_as_a_value_is_text(site: Site, field: str, fast: str) -> None:
    """Said before as 'could not determine a constructor for the tag 'tag:yaml.org,2002:value'; expected a plain value
    without a YAML tag, got '='', of a value written without a tag."""
    value, shown = TEXTS[field]
    site.article("en/a.md", **{field: value})
    env = {"JIADING_FAST_FRONT": fast, "JIADING_CACHE": "off"}
    checked = site.run("validate", env=env)
    assert checked.exit_code == 0 and " JD1" not in checked.stdout, checked.stdout
    assert site.run("build", env=env).exit_code == 0
    if shown is not None:
        assert shown in (site.root / "public/en/news/2017/07/a/index.html").read_text(encoding="utf-8")
