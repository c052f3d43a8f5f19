"""Values of jiading.toml an adversarial user would try: each key takes what it documents or refuses the value with
one line naming the key; nothing it takes can split a header, a title or a file name, or name a request, a time zone
or a wait no one means."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.config import SECTIONS, parse_config
from jiading_cli.model.errors import ConfigError
from jiading_cli.share.registry import BUILT_IN

PLUGINS = BUILT_IN.plugins()
ALL_SECTIONS: dict[str, type] = {**SECTIONS, **PLUGINS.sections}
KEYS = [(section, spec.name) for section, cls in ALL_SECTIONS.items() for spec in fields(cls)]
SITE = {"title": '"T"', "base_url": '"https://news.example.com"'}

MULTI_LINE = {
    "site.description",
    "share.x_template",
    "share.weibo_template",
    "share.mailto_template",
    "facebook.template",
    "linkedin.template",
    "email.template",
}
"""The keys whose text may span lines: a description and the texts of posts and messages. Every other string is a
name, a title, a header, an id, a URL or a folder, which a line break would split or forge."""

FREE_TEXT = {"site.description", "site.copyright", "share.utm_source", "share.utm_medium", "share.utm_campaign"}
"""The keys whose text may be left blank (it is written as it is, or left out)."""

BREAKS = ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"]
BLANKS = ["   ", "\u200b", " \ufeff ", "\u3000", "\u0301\u0302"]  # the last: marks with nothing to sit on


def toml_string(value: str) -> str:
    return '"' + "".join(f"\\U{ord(c):08x}" if not c.isprintable() or c in '"\\' else c for c in value) + '"'


def config_text(section: str, name: str, value: str) -> str:
    """A config with ``section.name = value`` (TOML), the required keys of [site] beside it."""
    site = dict(SITE)
    if section == "site":
        site[name] = value
    text = "[site]\n" + "".join(f"{k} = {v}\n" for k, v in site.items())
    if section != "site":
        text += f"[{section}]\n{name} = {value}\n"
    return text


def load(section: str, name: str, value: str) -> Any:
    """The key's value as loaded, or the ConfigError; any other exception fails the test."""
    try:
        config = parse_config(config_text(section, name, value), Path("/site/jiading.toml"), PLUGINS)
    except ConfigError as exc:
        return exc
    loaded = getattr(config, section) if section in SECTIONS else config.sections[section]
    return getattr(loaded, name)


def one_line_problems(error: ConfigError, key: str) -> list[str]:
    lines = [p.render() for p in error.problems]
    assert all("\n" not in line and "\r" not in line for line in lines), lines
    assert any(key in line for line in lines), lines
    return lines


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [s for item in value for s in strings(item)]
    return []


@pytest.mark.parametrize(("section", "name"), KEYS, ids=[f"{s}.{n}" for s, n in KEYS])
@pytest.mark.parametrize("brk", BREAKS, ids=[f"U+{ord(b[0]):04X}" for b in BREAKS])
def test_a_line_break_is_refused_by_every_key_of_one_line(section: str, name: str, brk: str) -> None:
    key = f"{section}.{name}"
    for value in (f"a{brk}b", f"News <news@example.com>{brk}Bcc: x@example.org", f"{{title}}{brk}Bcc: x"):
        for written in (toml_string(value), f"[{toml_string(value)}]"):
            found = load(section, name, written)
            if isinstance(found, ConfigError):
                one_line_problems(found, key)
            elif key not in MULTI_LINE:
                assert not any(re.search("[\n\r\x85\u2028\u2029]", s) for s in strings(found)), (key, found)


@pytest.mark.parametrize(("section", "name"), KEYS, ids=[f"{s}.{n}" for s, n in KEYS])
@pytest.mark.parametrize(
    "char", ["\x00", "\x1b", "\x7f", "\ufffe", "\u202e", "\u2066"], ids=["NUL", "ESC", "DEL", "U+FFFE", "RLO", "LRI"]
)
def test_a_character_no_page_can_carry_is_one_line_for_its_key(section: str, name: str, char: str) -> None:
    """Its checker's refusal (JD002) or the character's (JD006), never both for one value."""
    key = f"{section}.{name}"
    for value in (f"Asia/Shanghai{char}", f"https://news.example.com/{char}", f"News{char}"):
        for written in (toml_string(value), f"[{toml_string(value)}]"):
            found = load(section, name, written)
            if isinstance(found, ConfigError):
                one_line_problems(found, key)
                assert len([p for p in found.problems if p.field.startswith(key)]) == 1, found.problems


@pytest.mark.parametrize(("section", "name"), KEYS, ids=[f"{s}.{n}" for s, n in KEYS])
def test_a_blank_value_is_refused_or_means_nothing(section: str, name: str) -> None:
    """A value showing nothing ('   ', a zero-width space) is never taken as a title, a name, a host or a header."""
    key = f"{section}.{name}"
    for blank in BLANKS:
        found = load(section, name, toml_string(blank))
        if isinstance(found, ConfigError):
            one_line_problems(found, key)
        elif key not in FREE_TEXT:
            assert found in ("", None, ()), (key, blank, found)


WAITS_AND_PORTS = {"feeds.ping_timeout", "share.attempts", "email.smtp_port"}


@pytest.mark.parametrize(("section", "name"), KEYS, ids=[f"{s}.{n}" for s, n in KEYS])
@pytest.mark.parametrize("number", [0, -1, 10**12, 2**63 - 1, 1.5, 1e300])
def test_a_number_out_of_range_is_one_line_naming_the_key(section: str, name: str, number: float) -> None:
    key = f"{section}.{name}"
    found = load(section, name, repr(number))
    if isinstance(found, ConfigError):
        one_line_problems(found, key)
    elif key in WAITS_AND_PORTS:
        pytest.fail(f"{key} took {number}")


WRONG_TYPES = ["[1, 2]", '["a", ["b"]]', "{a = 1}", "2026-01-01", "2026-01-01T00:00:00Z", "12:00:00", "true", "nan"]


@pytest.mark.parametrize(("section", "name"), KEYS, ids=[f"{s}.{n}" for s, n in KEYS])
def test_a_value_of_the_wrong_type_is_one_line_naming_the_key(section: str, name: str) -> None:
    for value in WRONG_TYPES:
        found = load(section, name, value)
        if isinstance(found, ConfigError):
            one_line_problems(found, f"{section}.{name}")


TOML_VALUES = st.recursive(
    st.one_of(
        st.text(max_size=30).map(toml_string),
        st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.booleans().map(lambda b: "true" if b else "false"),
        st.dates().map(lambda d: d.isoformat()),
    ),
    lambda inner: st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
    max_leaves=4,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(KEYS), TOML_VALUES)
def test_any_value_of_any_key_is_taken_or_refused_in_one_line(key: tuple[str, str], value: str) -> None:
    section, name = key
    found = load(section, name, value)
    if isinstance(found, ConfigError):
        one_line_problems(found, f"{section}.{name}")
    elif f"{section}.{name}" not in MULTI_LINE:
        assert not any(re.search("[\n\r\x85\u2028\u2029]", s) for s in strings(found)), (key, found)


URL_KEYS = [key for key in KEYS if not isinstance(load(*key, '"https://api.example.com"'), ConfigError)]
URL_KEYS = [key for key in URL_KEYS if isinstance(load(*key, '"https://api.example.com"'), str)]
URL_KEYS = [key for key in URL_KEYS if isinstance(load(*key, '"not a url"'), ConfigError)]


def test_the_url_keys_are_found() -> None:
    assert {f"{s}.{n}" for s, n in URL_KEYS} == {
        "site.base_url",
        "site.icon",
        "site.logo",
        "feeds.websub_hub",
        "feeds.preview_url",
        "pages.home_url",
        "facebook.api_base",
        "linkedin.api_base",
    }


@pytest.mark.parametrize(("section", "name"), URL_KEYS, ids=[f"{s}.{n}" for s, n in URL_KEYS])
def test_no_url_of_the_config_names_a_user(section: str, name: str) -> None:
    """A user name (and password) in a URL is a secret in the file, and would be written into feeds and requests."""
    for url in ("https://user:secret@api.example.com", "https://user@api.example.com/x", "https://:@api.example.com"):
        found = load(section, name, toml_string(url))
        assert isinstance(found, ConfigError), (section, name, found)
        one_line_problems(found, f"{section}.{name}")


BASES = [("feeds", "websub_hub"), ("feeds", "preview_url"), ("facebook", "api_base"), ("linkedin", "api_base")]


@pytest.mark.parametrize(("section", "name"), BASES, ids=[f"{s}.{n}" for s, n in BASES])
@pytest.mark.parametrize(
    "url",
    [
        "https://api.example.com/?x=1",
        "https://api.example.com/#x",
        "https://api.example.com?",
        "https://api.example.com/a b",
        "ftp://api.example.com",
        "https://api..example.com",
    ],
)
def test_a_base_that_paths_are_added_to_has_no_query_or_fragment(section: str, name: str, url: str) -> None:
    found = load(section, name, toml_string(url))
    assert isinstance(found, ConfigError), (url, found)
    one_line_problems(found, f"{section}.{name}")


@st.composite
def _origins(draw: st.DrawFn) -> tuple[str, str, str]:
    """A URL of an origin written as a browser reads the same (its host's letters in any case, its scheme's own
    port written or not, padded with zeros or a bare ``:``), its scheme, and the one way it is read."""
    scheme = draw(st.sampled_from(["https", "http"]))
    host = draw(st.sampled_from(["api.example.com", "xn--bcher-kva.example", "[2001:db8::1]", "192.0.2.7"]))
    cased = "".join(draw(st.sampled_from([c.lower(), c.upper()])) for c in host)
    own = "443" if scheme == "https" else "80"
    port = draw(st.sampled_from(["", ":", f":{own}", f":0{own}", ":8443", ":8080"]))
    path = draw(st.sampled_from(["", "/", "/V2", "/a/B/"]))
    kept = port if port in (":8443", ":8080") else ""
    return (
        f"{draw(st.sampled_from([scheme, scheme.upper()]))}://{cased}{port}{path}",
        scheme,
        f"{scheme}://{host}{kept}",
    )


@settings(max_examples=80)
@given(_origins(), st.sampled_from(BASES))
def test_a_base_is_read_with_its_host_in_lowercase_and_without_its_schemes_port_as_the_base_url_is(
    spelled: tuple[str, str, str], where: tuple[str, str]
) -> None:
    """``feeds.preview_url`` (the preview's feeds name themselves there), the hub and the networks' API bases are
    read by the one function ``site.base_url`` is: ``https://Preview.Example.COM:443`` is ``https://preview.example.com``,
    another port stays."""
    url, scheme, origin = spelled
    section, name = where
    path = url.split("://", 1)[1].partition("/")[2]
    assert load(section, name, toml_string(url)) == (f"{origin}/{path}" if path else origin).rstrip("/")
    if scheme == "https":
        assert load("site", "base_url", toml_string(url)).rstrip("/") == load(section, name, toml_string(url))


@pytest.mark.parametrize(
    "zone",
    [
        "localtime",
        "posixrules",
        "Factory",
        "right/UTC",
        "posix/UTC",
        "UTC+8",
        "../../etc/passwd",
        "/etc/localtime",
        "zone.tab",
        "Asia",
        "asia/shanghai",
        "Asia/Shangai",
        "America/New York",
        "Europe/Londn",
        "Asia/" + "x" * 100_000,
        "",
        " ",
    ],
)
def test_a_time_zone_is_a_zone_of_the_iana_database_by_its_name(zone: str) -> None:
    """A name the database does not have in that very case and spelling is refused (a case-insensitive file system
    would find 'asia/shanghai', and a site would build on one machine and not on another), with the zone it is
    nearest to when there is one."""
    found = load("site", "timezone", toml_string(zone))
    assert isinstance(found, ConfigError), (zone, found)
    near = ZONE_HINTS.get(zone)
    hint = f" (did you mean {near!r}?)" if near else ""
    [line] = [p.render() for p in found.problems]
    assert line.startswith(
        f"/site/jiading.toml:4: error JD002 site.timezone: expected an IANA time zone name such as 'Asia/Shanghai'"
        f"{hint}, got "
    ), line


ZONE_HINTS = {
    "asia/shanghai": "Asia/Shanghai",
    "Asia/Shangai": "Asia/Shanghai",
    "America/New York": "America/New_York",
    "Europe/Londn": "Europe/London",
}


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "Etc/GMT-14", "America/Argentina/Buenos_Aires", "EST5EDT"])
def test_every_zone_of_the_database_is_taken(zone: str) -> None:
    assert load("site", "timezone", toml_string(zone)) == zone


@pytest.mark.parametrize(
    "host",
    [
        "smtp.example.com:25",
        "smtp://smtp.example.com",
        "user@smtp.example.com",
        "smtp.example.com/x",
        "smtp..example.com",
        "-smtp.example.com",
        "smtp\texample.com",
        "smtp.\u202eexample.com",
        "::1::2",
        "[smtp]",
        "[::1",
        "::1]",
        "[::1]:25",
        "[192.0.2.1]",
        "fe80::1%",
        "fe80::1%eth 0",
    ],
)
def test_the_smtp_host_is_a_host_alone(host: str) -> None:
    found = load("email", "smtp_host", toml_string(host))
    assert isinstance(found, ConfigError), (host, found)
    one_line_problems(found, "email.smtp_host")


@pytest.mark.parametrize(
    "host",
    ["localhost", "smtp.example.com", "127.0.0.1", "::1", "[::1]", "[2001:DB8::1]", "fe80::1%eth0", "邮件.例子.测试"],
)
def test_a_host_name_or_address_is_taken_as_the_smtp_host(host: str) -> None:
    assert load("email", "smtp_host", toml_string(host)) == host


@pytest.mark.parametrize(
    "sender",
    [
        "not an address",
        "a@example.com, b@example.com",
        "=?utf-8?b?QWRtaW4=?= <news@example.com>",
        "News <news@example.com> x",
        "News\t<news@example.com>",
        "<>",
        "News <news@example.com",
    ],
)
def test_the_sender_is_one_address(sender: str) -> None:
    found = load("email", "sender", toml_string(sender))
    assert isinstance(found, ConfigError), (sender, found)
    one_line_problems(found, "email.sender")


@pytest.mark.parametrize("sender", ["news@example.com", "News <news@example.com>", '"Doe, Jane" <news@example.com>'])
def test_a_sender_as_documented_is_taken(sender: str) -> None:
    assert load("email", "sender", toml_string(sender)) == sender


@pytest.mark.parametrize(
    ("section", "name", "value"),
    [
        ("facebook", "page_id", "../me/feed?x="),
        ("facebook", "page_id", "1234/feed"),
        ("facebook", "page_id", "a%2fb"),
        ("facebook", "page_id", ".."),
        ("linkedin", "organization", "123 4"),
        ("linkedin", "organization", "１２３"),
    ],
)
def test_an_account_id_cannot_change_the_path_of_a_request(section: str, name: str, value: str) -> None:
    found = load(section, name, toml_string(value))
    assert isinstance(found, ConfigError), (value, found)
    one_line_problems(found, f"{section}.{name}")


def test_a_day_of_toml_is_taken_where_a_day_is_meant() -> None:
    assert load("share", "since", "2026-12-01") == dt.date(2026, 12, 1)


# What the user sees.


def write_config(site: Site, extra: str) -> None:
    site.write("jiading.toml", '[site]\ntitle = "T"\nbase_url = "https://news.example.com"\n' + extra)


@pytest.mark.parametrize(
    ("extra", "line"),
    [
        (
            '[email]\nsender = "News <news@example.com>\\nBcc: all@example.org"\n',
            "Error: jiading.toml:5: error JD002 email.sender: expected one line of text, "
            "got 'News <news@example.com>\\nBcc: all@example.org'",
        ),
        (
            '[email]\nsender = "=?utf-8?b?QWRtaW4=?= <news@example.com>"\n',
            "Error: jiading.toml:5: error JD002 email.sender: expected one line of plain text for an email header, "
            "without control characters or '=?', got '=?utf-8?b?QWRtaW4=?= <news@example.com>'",
        ),
        (
            '[email]\nsender = "a@example.com, b@example.com"\n',
            "Error: jiading.toml:5: error JD002 email.sender: expected one address such as "
            "'News <news@example.com>' or 'news@example.com', got 'a@example.com, b@example.com'",
        ),
        (
            '[email]\nsmtp_host = "smtp.example.com:25"\n',
            "Error: jiading.toml:5: error JD002 email.smtp_host: expected a host name or IP address such as "
            "'smtp.example.com', without a scheme, port or path, got 'smtp.example.com:25'",
        ),
        (
            '[email]\nto = ["news@example.com", "desk@example.com", "News@Example.com"]\n',
            "Error: jiading.toml:5: error JD002 email.to: expected each address once, "
            "got 'news@example.com' and 'News@Example.com'",
        ),
        (
            "[email]\nsmtp_port = 100000\n",
            "Error: jiading.toml:5: error JD002 email.smtp_port: expected a port number from 1 to 65535, "
            "got int 100000",
        ),
        (
            '[email]\nsubject = "{title}\\r\\nBcc: all@example.org"\n',
            "Error: jiading.toml:5: error JD002 email.subject: expected one line of text, "
            "got '{title}\\r\\nBcc: all@example.org'",
        ),
        (
            '[email]\nsite_titles = {en = "A", EN = "B"}\n',
            "Error: jiading.toml:5: error JD002 email.site_titles.EN: expected each language once, got 'en' and 'EN'",
        ),
        (
            "[feeds]\nping_timeout = 100000000000\n",
            "Error: jiading.toml:5: error JD002 feeds.ping_timeout: expected a number of seconds from 1 to 3600, "
            "got int 100000000000",
        ),
        (
            "[share]\nattempts = 1000000000\n",
            "Error: jiading.toml:5: error JD002 share.attempts: expected a whole number from 1 to 20, "
            "got int 1000000000",
        ),
        (
            '[facebook]\npage_id = "../me"\n',
            "Error: jiading.toml:5: error JD002 facebook.page_id: expected a Page id or user name of letters, digits "
            "and '.', such as '1234567890', got '../me'",
        ),
        (
            '[facebook]\napi_base = "https://graph.facebook.com/?access_token=x"\n',
            "Error: jiading.toml:5: error JD002 facebook.api_base: expected an absolute http:// or https:// URL "
            "without a user name, '?' or '#', such as 'https://api.example.com', "
            "got 'https://graph.facebook.com/?access_token=x'",
        ),
        (
            "[validate]\nsummary_min = 400\n",
            "Error: jiading.toml:5: error JD002 validate.summary_min: expected at most validate.summary_max (300), "
            "got 400: no summary could be long enough and short enough",
        ),
        (
            'timezone = "localtime"\n',
            "Error: jiading.toml:4: error JD002 site.timezone: expected an IANA time zone name such as "
            "'Asia/Shanghai', got 'localtime'",
        ),
        (
            'phone = "\\u200b"\n',
            "Error: jiading.toml:4: error JD002 site.phone: expected a non-empty string, got '\\u200b'",
        ),
        (
            'phone = "0086-10-53270173 ext. 5"\n',
            "Error: jiading.toml:4: error JD002 site.phone: expected a phone number: ASCII digits, with spaces, '-', "
            "'.' or brackets between them and '+' or '00' before a country code, such as '+86 10 5327 0173' or "
            "'(+86) 10 5327 0173', got '0086-10-53270173 ext. 5'",
        ),
        (
            'output_dir = "pub\\u200blic"\n',
            "Error: jiading.toml:4: error JD002 site.output_dir: expected a folder path inside the site of "
            "characters that show, such as 'public', got 'pub\\u200blic'",
        ),
    ],
)
def test_each_command_refuses_the_value_in_one_line(site: Site, extra: str, line: str) -> None:
    write_config(site, extra)
    for command in ("validate", "build", "share"):
        result = site.run(command)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.splitlines() == [line], command
    assert not (site.root / "public").exists()


def test_a_title_of_two_lines_is_refused_before_anything_is_written(site: Site) -> None:
    site.article()
    site.write("jiading.toml", '[site]\ntitle = """Invest\nin Jiading"""\nbase_url = "https://news.example.com"\n')
    result = site.run("build")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: jiading.toml:2: error JD002 site.title: expected one line of text, got 'Invest\\nin Jiading'\n"
    )
    assert not (site.root / "public").exists()


PERMALINK_PARTS = st.sampled_from(
    ["/", "//", "{slug}", "{lang}", "{year}", "{category}", ".", "..", "news", "?x", "#", "%", "%2e", "\\", " ", "-"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PERMALINK_PARTS, min_size=1, max_size=8).map(lambda parts: "/" + "".join(parts)))
def test_a_permalink_taken_names_one_folder_of_the_site_as_written(pattern: str) -> None:
    """A permalink taken, filled in, is a path whose folders are its own: no empty, '.' or '..' one (two articles in
    one file), and nothing a URL reads as the end of the path or an escape."""
    found = load("site", "permalink", toml_string(pattern))
    if isinstance(found, ConfigError):
        one_line_problems(found, "site.permalink")
        return
    path = found.format(lang="en", year="2026", month="12", day="01", slug="a", category="c")
    assert posixpath.normpath(path) == path.rstrip("/") and not path.startswith("//"), path
    assert not set(path) & set("?#%\\ "), path


def test_a_permalink_that_climbs_out_of_its_folder_is_refused_in_one_line(site: Site) -> None:
    write_config(site, 'permalink = "/{lang}/{slug}/../index/"\n')
    for command in ("validate", "build", "share"):
        result = site.run(command)
        assert result.exit_code == 2
        assert result.stderr == (
            "Error: jiading.toml:4: error JD002 site.permalink: expected a path of folder names such as "
            "'/{lang}/news/{year}/{month}/{slug}/', without an empty, '.' or '..' folder, '?', '#', '%', '\\' or "
            "spaces, got '/{lang}/{slug}/../index/'\n"
        )


@pytest.mark.parametrize(("section", "name"), URL_KEYS, ids=[f"{s}.{n}" for s, n in URL_KEYS])
@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://api.example.com:0/x", "where its port is 0"),
        ("https://api.example.com/a%zz", "where a '%' in it is not followed by two hexadecimal digits"),
        ("https://api.example.com/a%2", "where a '%' in it is not followed by two hexadecimal digits"),
    ],
)
def test_no_url_of_the_config_names_a_port_or_escape_no_request_can_use(
    section: str, name: str, url: str, why: str
) -> None:
    found = load(section, name, toml_string(url))
    assert isinstance(found, ConfigError), (url, found)
    assert why in one_line_problems(found, f"{section}.{name}")[0]


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/a/../b",
        "https://news.example.com/./",
        "https://news.example.com//",
        "https://news.example.com/a//b",
        "https://news.example.com/news/%2e%2e/",  # '..' to a browser, as '%2E' is '.'
        "https://news.example.com/%2E",
        "https://news.example.com/a/.%2e",
    ],
)
def test_the_base_url_path_has_folders_of_its_own(url: str) -> None:
    """base_url + permalink is every article's URL: a '..' or '//' in it is a URL that is not the page's."""
    found = load("site", "base_url", toml_string(url))
    assert isinstance(found, ConfigError), (url, found)
    assert [p.render() for p in found.problems] == [
        "/site/jiading.toml:3: error JD002 site.base_url: expected an absolute https:// URL whose path has no empty, "
        f"'.' or '..' folder (nor one written '%2e' or '%2e%2e'), such as 'https://www.example.com/news', got {url!r}"
    ]


@pytest.mark.parametrize(
    "url", ["https://news.example.com", "https://news.example.com/", "https://news.example.com/news/"]
)
def test_a_base_url_with_a_plain_path_is_taken(url: str) -> None:
    assert load("site", "base_url", toml_string(url)) == url


WAYS_TO_WRITE = [
    '[site]\ntitle = "T"\nbase_url = "http://news.example.com"\n',
    '[site]\ntitle = "T"\n  base_url   =  "http://news.example.com"\n',
    "[site]\ntitle = 'T'\n'base_url' = 'http://news.example.com'\n",
    '[site]\ntitle = "T"\n"base\\u005furl" = "http://news.example.com"\n',
    '[ "site" ]\ntitle = "T"\nbase_url = "http://news.example.com"\n',
    'title = 0\nsite.title = "T"\nsite.base_url = "http://news.example.com"\n',
    'title = 0\nsite = {title = "T", base_url = "http://news.example.com"}\n',
    '[site]\ntitle = "T"\ndescription = """\nbase_url = 1\n"""\nbase_url = "http://news.example.com"\n',
]


@pytest.mark.parametrize("text", WAYS_TO_WRITE)
def test_a_problem_names_the_line_of_its_key_however_the_key_is_written(text: str) -> None:
    """Quoted, dotted or inline, a key's problem names its line (a key-like line inside a multi-line string is not
    one)."""
    with pytest.raises(ConfigError) as caught:
        parse_config(text, Path("/site/jiading.toml"), PLUGINS)
    errors = [p for p in caught.value.problems if p.severity == "error"]
    assert len(errors) == 1
    assert errors[0].render() == (
        f"/site/jiading.toml:{text.count(chr(10), 0, text.index('http://')) + 1}: error JD002 site.base_url: "
        "expected an absolute https:// URL, got 'http://news.example.com', where its scheme is 'http:', not 'https:'"
    )


@pytest.mark.parametrize(
    ("written", "taken"),
    [("EN", "en"), ("en", "en"), ("zh-cn", "zh-CN"), ("ZH-hans-cn", "zh-Hans-CN"), ("es-419", "es-419")],
)
def test_a_language_is_taken_in_the_case_bcp47_writes_it(written: str, taken: str) -> None:
    """'EN' and 'en' are one language: a new article, a feed and a page name it one way."""
    assert load("site", "language", toml_string(written)) == taken
    assert load("email", "site_titles", f"{{{written} = 'T'}}") == ((taken, "T"),)


def test_a_new_article_names_the_site_language_as_bcp47_writes_it(site: Site) -> None:
    write_config(site, 'language = "ZH-cn"\n')
    result = site.run("new-article", "Hello")
    assert result.exit_code == 0, result.output
    written = (site.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert "\nlang: zh-CN\n" in written


@pytest.mark.parametrize("version", ["202613", "202600", "000000", "20261", "2026-10"])
def test_a_linkedin_version_names_a_month(version: str) -> None:
    found = load("linkedin", "api_version", toml_string(version))
    assert isinstance(found, ConfigError), (version, found)
    assert [p.render() for p in found.problems] == [
        f"/site/jiading.toml:5: error JD002 linkedin.api_version: expected a version such as '202610', got {version!r}"
    ]


SECRET_NAMES = ["password", "smtp_password", "api_key", "apikey", "FACEBOOK_TOKEN", "client_secret", "passwd"]
PLACES = [
    ("{name} = 'x'\n", "{name}"),
    ("[deploy]\n{name} = 'x'\n", "deploy.{name}"),
    ("[email.relay]\n{name} = 'x'\n", "email.relay.{name}"),
    ("[[mirrors]]\nhost = 'a'\n{name} = 'x'\n", "mirrors.{name}"),
    ("[site]\ntitle = 'T'\nbase_url = 'https://news.example.com'\nextra = {{ {name} = 'x' }}\n", "site.extra.{name}"),
]


@pytest.mark.parametrize("secret", SECRET_NAMES)
@pytest.mark.parametrize(("place", "path"), PLACES)
def test_a_secret_is_refused_wherever_it_is_written(secret: str, place: str, path: str) -> None:
    """Secrets never go in jiading.toml: not at its top, in a table jiading does not know, or in a table inside one it
    knows; each is an error naming its key and line, not a warning about an unknown key."""
    text = place.format(name=secret)
    site = "[site]\ntitle = 'T'\nbase_url = 'https://news.example.com'\n"
    if "[site]" not in text:
        text = site + text if text.startswith("[") else text + site
    with pytest.raises(ConfigError) as caught:
        parse_config(text, Path("/site/jiading.toml"), PLUGINS)
    errors = [p for p in caught.value.problems if p.severity == "error"]
    key = path.format(name=secret)
    assert [(p.code, p.field, p.line) for p in errors] == [("JD005", key, text.count("\n", 0, text.index(secret)) + 1)]
    assert not [p for p in caught.value.problems if p.code == "JD003" and SECRET_NAMES[0] in p.field]


def test_a_secret_outside_the_sections_ends_every_command(site: Site) -> None:
    write_config(site, '[deploy]\nhost = "example.com"\npassword = "hunter2"\n')
    for command in ("validate", "build", "share"):
        result = site.run(command)
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [
            "Warning: jiading.toml:4: warning JD003 deploy: unknown key; known keys: site, validate, feeds, markdown, "
            "pages, share, facebook, linkedin, email",
            "Error: jiading.toml:6: error JD005 deploy.password: secrets never go in jiading.toml; remove it and set "
            "JIADING_FACEBOOK_TOKEN, JIADING_LINKEDIN_TOKEN or JIADING_SMTP_PASSWORD in the environment",
        ]


@pytest.mark.parametrize(
    "text",
    ['[site]\ntitle = "T"\ndescription = """a\nb\n', '[site]\ntitle = "T"\nauthors = ["a",\n', "[site]\ntitle ="],
)
def test_toml_that_ends_too_soon_names_the_last_line(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, Path("/site/jiading.toml"), PLUGINS)
    [problem] = caught.value.problems
    assert problem.render().startswith(f"/site/jiading.toml:{len(text.splitlines())}: error JD001 invalid TOML: ")
    assert problem.render().endswith("(at end of document)")


BAD_ITEMS = ["not an address", "a@b", "x@y.org\nBcc: z@y.org", "<a@b.org>", "a b@c.org"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["news@example.com", "a@b.org", "编辑@example.com", "x.y@example.cn"]), max_size=4),
    st.sampled_from(BAD_ITEMS),
    st.integers(min_value=0, max_value=4),
)
def test_a_bad_address_in_a_list_is_named_with_its_place(good: list[str], bad: str, at: int) -> None:
    """A list with one bad item says which: the item and its place, not the list's length."""
    items = list(dict.fromkeys(good))  # each address once (an address twice is its own error)
    at = min(at, len(items))
    items.insert(at, bad)
    found = load("email", "to", "[" + ", ".join(toml_string(item) for item in items) + "]")
    assert isinstance(found, ConfigError)
    (line,) = one_line_problems(found, "email.to")
    assert line.endswith(f"got {bad!r} (item {at + 1} of {len(items)})"), line


NOT_CARRIED = st.one_of(
    st.sampled_from([*map(chr, range(0x7F, 0xA0)), *map(chr, range(0xFDD0, 0xFDF0))]),
    st.integers(min_value=0, max_value=16).map(lambda plane: chr(plane * 0x10000 + 0xFFFE)),
    st.integers(min_value=0, max_value=16).map(lambda plane: chr(plane * 0x10000 + 0xFFFF)),
    st.sampled_from([*map(chr, range(0x01, 0x09)), "\x0b", "\x0c", *map(chr, range(0x0E, 0x20))]),
)


@settings(max_examples=80, deadline=None)
@given(NOT_CARRIED, st.sampled_from(["site.title", "site.description", "email.subject", "share.utm_source"]))
def test_a_character_no_page_or_feed_can_carry_is_refused_in_every_config_string(char: str, key: str) -> None:
    """What JD140 refuses in an article, JD006 refuses in jiading.toml: the config's strings reach pages and feeds."""
    section, name = key.split(".")
    found = load(section, name, toml_string(f"Invest{char} in Jiading"))
    assert isinstance(found, ConfigError)
    kind = "noncharacters" if char > "\x9f" else "control characters"
    (line,) = one_line_problems(found, key)  # the key's checker's refusal, when it has one, else JD006's
    if "JD006" in line:
        said = f"expected text without {kind} (no page or feed can carry them), found U+{ord(char):04X} at character 7"
        assert said in line
    else:
        assert "JD002" in line and f"got {f'Invest{char} in Jiading'!r}" in line, line


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("Invest in Jiading\u202e", "expected no bidirectional override, found U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Invest \u2067in Jiading", "expected each bidirectional embedding or isolate closed within the field"),
    ],
)
def test_a_config_text_is_held_to_the_bidi_rule_of_an_articles_field(value: str, said: str) -> None:
    """A site's title goes where an article's does (pages, feeds, emails): JD006 refuses what JD143 refuses there."""
    found = load("site", "title", toml_string(value))
    assert isinstance(found, ConfigError)
    [line] = one_line_problems(found, "site.title")
    assert "error JD006 site.title: " + said in line
    assert load("site", "title", toml_string("Invest in \u2067جيادينغ\u2069")) == "Invest in \u2067جيادينغ\u2069"


def test_a_zone_a_case_insensitive_file_system_finds_in_another_case_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the file system finds 'asia/shanghai' (macOS, Windows), the name is still not the database's: each
    folder of the zone's file is listed, and the name must be there as written."""
    import os
    import zoneinfo

    from jiading_cli.model import zones as kinds

    root = tmp_path / "zoneinfo"
    (root / "Asia").mkdir(parents=True)
    (root / "Asia" / "Shanghai").write_bytes(b"TZif")

    def insensitive(path: str) -> bool:  # as such a file system answers
        found = root
        for part in os.path.relpath(path, root).split(os.sep):
            match = [child for child in found.iterdir() if child.name.lower() == part.lower()]
            if not match:
                return False
            found = match[0]
        return found.is_file()

    monkeypatch.setattr(zoneinfo, "TZPATH", (str(root),))
    monkeypatch.setattr(os.path, "isfile", insensitive)
    assert kinds._as_written("Asia/Shanghai")
    assert not kinds._as_written("asia/shanghai")
    assert not kinds._as_written("Asia/SHANGHAI")
