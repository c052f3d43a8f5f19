"""Front-matter values an adversarial editor writes: each class is refused by one rule, once, on the field's line.

- A line break (every one ``str.splitlines`` knows that XML 1.0 can carry) in any field of one line
  (``model.fields.ONE_LINE``): ``JD141`` in the title and authors, ``JD142`` in tags, category and image_alt, the
  field's own rule in the fields that take no white space.
- An id that is no URI (a character no URI may hold, a UUID URN not in its 8-4-4-4-12 form), and two ids that differ
  only in case (``JD120``, ``JD121``).
- Translations that name no other article or no other language: the article's own id (``JD131``), a key in the
  article's own language (``JD132``), a key that is no language tag (``JD130`` alone).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GOOD_ID, OTHER_ID, Site, front, untimed
from jiading_cli.model.article import Article
from jiading_cli.model.fields import FIELDS, ONE_LINE
from jiading_cli.validate.fields import check_id

BREAKS = ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"]


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text)


def broken(name: str, at: str) -> dict[str, str]:
    """Front-matter fields with a line break ``at`` in field ``name``'s text (and what that field needs beside)."""
    values = {
        "id": {"id": quoted(f"urn:uuid:0b9a4b1e-6c57-4d8e{at}-9a5c-2f1f3c8e4a10")},
        "title": {"title": quoted(f"Open day{at}Bcc: everyone@example.com")},
        "authors": {"authors": f"[Newsroom, {quoted(f'Li{at}Wei')}]"},
        "tags": {"tags": f"[finance, {quoted(f'integrated{at}circuits')}]"},
        "category": {"category": quoted(f"News{at}Bcc: x@example.com")},
        "lang": {"lang": quoted(f"zh{at}CN")},
        "slug": {"slug": quoted(f"open{at}day")},
        "image": {"image": quoted(f"https://cdn.example.com/a{at}b.png"), "image_alt": "A park"},
        "image_alt": {"image": "https://cdn.example.com/a.png", "image_alt": quoted(f"A park{at}in Jiading")},
        "canonical_url": {"canonical_url": quoted(f"https://news.example.com/a{at}b")},
        "translations": {"translations": f"{{zh-CN: {quoted(f'urn:uuid:7d4c2f0a{at}-1e2b')}}}"},
    }
    return values[name]


CODES = {
    "id": "JD120",
    "title": "JD141",
    "authors": "JD141",
    "tags": "JD142",
    "category": "JD142",
    "lang": "JD130",
    "slug": "JD123",
    "image": "JD160",
    "image_alt": "JD142",
    "canonical_url": "JD170",
    "translations": "JD131",
}


def problems(site: Site) -> list[dict[str, object]]:
    result = site.run("validate", "--format", "json")
    found: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    return found


def test_every_one_line_field_is_swept() -> None:
    assert set(CODES) == ONE_LINE
    assert set(FIELDS) >= ONE_LINE


@pytest.mark.parametrize("at", BREAKS, ids=[f"U+{ord(b[-1]):04X}" for b in BREAKS])
@pytest.mark.parametrize("name", sorted(ONE_LINE))
def test_a_line_break_in_a_one_line_field_is_one_error_on_its_line(site: Site, name: str, at: str) -> None:
    fields = broken(name, at)
    text = front(**fields) + "Body.\n"
    site.write("articles/a.md", text)
    line = 1 + next(i for i, row in enumerate(text.split("\n")) if row.startswith(f"{name}:"))
    found = [p for p in problems(site) if p["severity"] != "info"]
    assert [(p["code"], p["field"], p["line"]) for p in found] == [(CODES[name], name, line)], found
    assert site.run("build").exit_code == 1
    assert not (site.root / "public").exists()


def test_a_line_break_in_a_tag_is_one_located_line_quoting_the_tag(site: Site) -> None:
    site.article(tags='[finance, "integrated\\ncircuits", "new\\u2028energy"]')
    result = site.run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "articles/a.md:6: error JD142 tags: expected one line of text, found a line break ('\\n') in "
        "'integrated\\ncircuits'"
    )


def test_a_block_scalar_for_a_category_and_a_long_alt_text_are_quoted_short(site: Site) -> None:
    alt = "A park " * 1500 + "\\u2029in Jiading"
    site.article(category="|\n  News\n  Jiading", image="https://cdn.example.com/a.png", image_alt=f'"{alt}"')
    shown = [line for line in site.run("validate").stdout.splitlines() if " JD142 " in line]
    assert shown == [
        "articles/a.md:6: error JD142 category: expected one line of text, found a line break ('\\n') in "
        "'News\\nJiading'",
        "articles/a.md:10: error JD142 image_alt: expected one line of text, found a line break ('\\u2029') in "
        "'…park A park A park A park A park A park \\u2029in Jiading'",
    ]


def test_a_line_separator_in_the_title_is_refused_as_an_email_header_would(site: Site) -> None:
    site.article(title='"Open day\\u2028Bcc: everyone@example.com"')
    result = site.run("validate")
    assert result.stdout.splitlines()[0] == (
        "articles/a.md:3: error JD141 title: expected one line of plain text (it goes into an email header), "
        "found a line break ('\\u2028')"
    )


@pytest.mark.parametrize("text", ["integrated circuits", "tab\there", "金融", "=? is fine in a tag"])
def test_one_line_text_is_left_alone(site: Site, text: str) -> None:
    site.article(
        tags=f"[{quoted(text)}]", category=quoted(text), image="https://cdn.example.com/a.png", image_alt=quoted(text)
    )
    assert [p["code"] for p in problems(site)] == []


def test_summary_and_share_texts_may_hold_several_lines(site: Site) -> None:
    site.article(summary='"Jiading signed a memorandum\\nof strategic cooperation on finance."', share='{x: "a\\nb"}')
    assert [p["code"] for p in problems(site)] == []


# ---------------------------------------------------------------- translations name another article


def translated(site: Site, mapping: str, lang: str = "en") -> None:
    site.article("a.md", translations=mapping, lang=lang)
    site.article("b.md", id=OTHER_ID, lang="zh-CN", slug="b")
    site.article("c.md", id="urn:uuid:3f1e2d4c-5b6a-4798-8a7b-6c5d4e3f2a10", lang="en", slug="c")


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        (f"{{zh-CN: {OTHER_ID}}}", []),
        (
            f"{{zh-CN: {GOOD_ID}}}",
            [
                ("JD131", f"expected the id of another article for 'zh-CN', got '{GOOD_ID}' (this article's own id)"),
            ],
        ),
        (
            "{en: urn:uuid:3f1e2d4c-5b6a-4798-8a7b-6c5d4e3f2a10}",
            [("JD132", "expected a language other than this article's own ('en'), got 'en'")],
        ),
        (
            "{EN: urn:uuid:3f1e2d4c-5b6a-4798-8a7b-6c5d4e3f2a10}",
            [("JD132", "expected a language other than this article's own ('en'), got 'EN'")],
        ),
        (
            f'{{"": {OTHER_ID}}}',
            [("JD130", "expected a BCP 47 language tag in the IANA registry, such as 'en' or 'zh-CN', got ''")],
        ),
        (
            f"{{cn: {OTHER_ID}}}",
            [
                (
                    "JD130",
                    "expected a BCP 47 language tag in the IANA registry, such as 'en' or 'zh-CN' "
                    "(did you mean 'zh-CN'?), got 'cn'",
                )
            ],
        ),
    ],
    ids=["fine", "itself", "own-language", "own-language-case", "empty-key", "bad-key"],
)
def test_a_translation_names_another_article_in_another_language_once(
    site: Site, mapping: str, expected: list[tuple[str, str]]
) -> None:
    translated(site, mapping)
    found = [(p["code"], p["message"]) for p in problems(site) if p["path"] == "articles/a.md"]
    assert found == expected
    assert all(p["line"] == 6 for p in problems(site) if p["path"] == "articles/a.md")


def test_a_translation_of_itself_is_one_located_line(site: Site) -> None:
    site.article(translations=f"{{zh-CN: {GOOD_ID}}}")
    result = site.run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"articles/a.md:6: error JD131 translations: expected the id of another article for 'zh-CN', got '{GOOD_ID}' "
        "(this article's own id)"
    )


# ---------------------------------------------------------------- ids are URIs, one per article in any case

NOT_IN_URI = [" ", '"', "<", ">", "\\", "^", "`", "{", "|", "}", "%", "%g0", "\u2028", "\u3000"]


@pytest.mark.parametrize("bad", NOT_IN_URI)
def test_an_id_holding_what_no_uri_may_hold_says_what_to_write(site: Site, bad: str) -> None:
    site.article(id=quoted(f"tag:example.com,2017:open{bad}-day"))
    found = problems(site)
    assert [(p["code"], p["line"]) for p in found] == [("JD120", 2)]
    written = quote(bad[0], safe="")
    assert str(found[0]["message"]).endswith(f", where {bad[0]!r} cannot be in a URI (write it as {written})")


@pytest.mark.parametrize(
    "good", ["tag:example.com,2017:open-day", "https://news.example.com/a?b=1#c", "tag:例子.cn,2017:文章"]
)
def test_an_id_that_is_a_uri_or_an_iri_is_taken(site: Site, good: str) -> None:
    site.article(id=quoted(good))
    assert problems(site) == []


def spellings(made: uuid.UUID) -> list[str]:
    """The ways ``uuid.UUID`` reads a UUID that are not the URN's 8-4-4-4-12 form."""
    return [made.hex, f"urn:uuid:{made}", str(made).replace("-", "", 1), made.hex.upper()]


@settings(max_examples=20)
@given(st.uuids())
def test_a_uuid_urn_takes_only_the_8_4_4_4_12_form(made: uuid.UUID) -> None:
    for written in [str(made), str(made).upper()]:
        assert check_id(_article(f"urn:uuid:{written}")) == []
    for written in spellings(made):
        found = check_id(_article(f"urn:uuid:{written}"))
        assert [p.code for p in found] == ["JD120"], written
        assert found[0].message.endswith(f", got {written!r} (did you mean 'urn:uuid:{made}'?)")


def _article(id_: str) -> Article:
    return Article(
        "a.md",
        id_,
        "T",
        dt.datetime(2017, 7, 3, tzinfo=dt.UTC),
        None,
        "",
        (),
        (),
        None,
        "en",
        "a",
        None,
        None,
        False,
        None,
        {},
        {},
        (),
        "Body.",
        7,
        {"id": 2},
    )


def test_a_uuid_urn_without_its_hyphens_is_one_line_saying_the_form(site: Site) -> None:
    site.article(id="urn:uuid:0b9a4b1e6c574d8e9a5c2f1f3c8e4a10")
    assert site.run("validate").stdout.splitlines()[0] == (
        "articles/a.md:2: error JD120 id: expected a UUID of 32 hex digits in groups of 8-4-4-4-12 after "
        "'urn:uuid:', got '0b9a4b1e6c574d8e9a5c2f1f3c8e4a10' (did you mean "
        f"'{GOOD_ID}'?)"
    )


CAFE = "tag:example.com,2017:caf\u00e9"  # é as one character (NFC)


@pytest.mark.parametrize(
    ("first", "other"),
    [
        (GOOD_ID, GOOD_ID.upper()),
        (GOOD_ID, "URN:UUID:" + GOOD_ID[9:]),
        (GOOD_ID, GOOD_ID[:9] + GOOD_ID[9:].upper()),
        (CAFE, "tag:example.com,2017:cafe\u0301"),  # e and a combining accent (NFD)
        (CAFE, "tag:example.com,2017:CAF\u00c9"),
    ],
)
def test_two_ids_that_differ_only_in_case_or_unicode_form_are_one_id(site: Site, first: str, other: str) -> None:
    site.article("a.md", slug="a", id=quoted(first))
    site.article("b.md", slug="b", id=quoted(other))
    result = site.run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "articles/b.md:2: error JD121 id: expected a unique id, but articles/a.md has the same but for case or "
        f"Unicode form: {first}"
    )


# ---------------------------------------------------------------- an empty value is read one way


@pytest.mark.parametrize("name", sorted(name for name, spec in FIELDS.items() if not spec.required))
def test_an_empty_field_is_read_alike_written_as_nothing_null_or_quotes(site: Site, name: str) -> None:
    """``tags:`` (YAML's null), ``tags: null`` and ``tags: ''`` are one value: one answer, at most one line."""
    found = []
    for empty in ["", "null", "''"]:
        site.write("articles/a.md", front(**{name: empty}).replace(f"{name}: \n", f"{name}:\n") + "Body.\n")
        found.append([(p["code"], p["field"]) for p in problems(site)])
    assert found[0] == found[1] == found[2]
    assert len(found[0]) <= 1


@pytest.mark.parametrize("name", ["summary", "authors", "tags", "translations", "share", "updated"])
def test_an_optional_field_left_empty_by_a_template_is_no_error(site: Site, name: str) -> None:
    site.write("articles/a.md", front(**{name: None}).replace("---\n", f"---\n{name}:\n", 1) + "Body.\n")
    expected = [("JD150", "summary")] if name == "summary" else []
    assert [(p["code"], p["field"]) for p in problems(site)] == expected
    assert site.run("build").exit_code == 0


def test_an_empty_summary_is_one_warning_not_also_a_type_error(site: Site) -> None:
    site.write("articles/a.md", front(summary=None).replace("---\n", "---\nsummary:\n", 1) + "Body.\n")
    assert site.run("validate").stdout.splitlines()[0] == (
        "articles/a.md:2: warning JD150 summary: expected one or two sentences (20-300 characters) for feeds and "
        "share cards"
    )


def test_a_language_given_twice_in_other_case_is_one_warning(site: Site) -> None:
    translated(site, f"{{zh-CN: {OTHER_ID}, zh-cn: {OTHER_ID}}}")
    assert [(p["code"], p["line"], p["message"]) for p in problems(site) if p["path"] == "articles/a.md"] == [
        ("JD132", 6, "expected one translation per language, got 'zh-cn' and 'zh-CN'")
    ]


# ---------------------------------------------------------------- files an article names have printable names

CONTROLS = [chr(c) for c in [*range(1, 32), 127, 0x85, 0x9B]]


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_a_named_file_whose_name_holds_a_control_character_is_refused(site: Site, control: str) -> None:
    (site.root / "articles" / f"a{control}b.png").write_bytes(b"PNG")
    written = quote(f"a{control}b.png")
    site.article(image=written, image_alt="A park", body=f"See ![the park]({written}).\n")
    reason = f"it holds U+{ord(control):04X}, a control character, which no published file's name may"
    assert [(p["code"], p["line"], p["message"]) for p in problems(site)] == [
        ("JD160", 6, f"expected a file name, got {written!r}: {reason}"),
        ("JD163", 9, f"expected a URL or a file name, got {written!r}: {reason}"),
    ]
    assert site.run("build").exit_code == 1
    assert not (site.root / "public").exists()


def test_an_image_with_a_raw_line_break_says_so_not_how_to_write_a_url(site: Site) -> None:
    (site.root / "articles" / "a\nb.png").write_bytes(b"PNG")
    site.article(image='"a\\nb.png"', image_alt="A park")
    assert site.run("validate").stdout.splitlines()[0] == (
        "articles/a.md:6: error JD160 image: expected a file name, got 'a\\nb.png': it holds U+000A, a control "
        "character, which no published file's name may"
    )


# ---------------------------------------------------------------- an edit is not in the future


@pytest.mark.parametrize(
    ("fields", "codes"),
    [
        ({"updated": "2062-07-03T18:00:00+08:00"}, ["JD115"]),
        ({"updated": "2026-11-27T12:00:01+08:00"}, ["JD115"]),
        ({"updated": "2026-11-27T04:00:00Z"}, []),  # the time of the run (conftest.NOW), in another offset
        ({"updated": "2062-07-03T18:00:00+08:00", "draft": "true"}, []),
        ({"date": "2030-01-01T00:00:00+08:00", "updated": "2062-07-03T18:00:00+08:00"}, ["JD112"]),
    ],
)
def test_an_edit_after_the_run_of_an_article_out_is_warned_about(
    site: Site, fields: dict[str, str], codes: list[str]
) -> None:
    site.article(**fields)
    assert [p["code"] for p in problems(site)] == codes


def test_an_edit_in_the_future_is_one_located_line(site: Site) -> None:
    site.article(updated="2062-07-03T18:00:00+08:00")
    result = site.run("validate", "--strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "articles/a.md:6: warning JD115 updated: expected a time no later than now, "
        "got 2062-07-03T18:00:00+08:00: every feed would say it changed then"
    )


# ---------------------------------------------------------------- the same with the site's cache and without


def test_every_class_above_is_reported_alike_with_the_cache_and_without(site: Site) -> None:
    site.article("a.md", slug="a", tags='["integrated\\ncircuits"]', translations=f"{{zh-CN: {GOOD_ID}}}")
    site.article("b.md", slug="b", id=GOOD_ID.upper(), updated="2062-07-03T18:00:00+08:00", tags="")
    site.article("c.md", slug="c", id="'tag:example.com,2017:<c>'", body="![x](a%0Ab.png)\n")
    (site.root / "articles" / "a\nb.png").write_bytes(b"PNG")
    shown = [untimed(site.run("validate", env={"JIADING_CACHE": "off"}).stdout)]
    shown += [untimed(site.run("validate", env={"JIADING_JOBS": "2"}).stdout) for _ in range(2)]  # filled, then read
    assert shown[0] == shown[1] == shown[2]
    assert [line.split(" ", 3)[2] for line in shown[0].splitlines() if " JD" in line] == [
        "JD142",
        "JD131",
        "JD121",
        "JD115",
        "JD120",
        "JD163",
    ]
