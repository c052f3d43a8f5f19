"""The header's contact link reaches the site's address: `?`, `#` and `%` may stand in an address, and in a
`mailto:` URI they start headers, a fragment or an escape unless percent-encoded (RFC 6068)."""

from __future__ import annotations

import pytest

from conftest import CONFIG, Site


@pytest.mark.parametrize(
    ("address", "link"),
    [
        ("news@example.com", "mailto:news@example.com"),
        ("a?b@example.com", "mailto:a%3Fb@example.com"),
        ("a#b@example.com", "mailto:a%23b@example.com"),
        ("a%b@example.com", "mailto:a%25b@example.com"),
    ],
)
def test_the_contact_link_reaches_the_address(site: Site, address: str, link: str) -> None:
    site.write("jiading.toml", CONFIG + f'email = "{address}"\n')
    site.article("en/a.md")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    page = next((site.root / "public").rglob("a/index.html")).read_text(encoding="utf-8")
    assert f'<a href="{link}">' in page
    assert f'href="mailto:{address}"' not in page or address == "news@example.com"
