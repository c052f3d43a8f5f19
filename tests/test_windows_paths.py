"""A path on a Windows computer is never taken for a web address.

`[x](C:\\docs\\x.pdf)` reads as a URL of scheme `c:`, and was kept as one: the page linked it and no reader's browser
opened it, and validation said nothing. A one-letter scheme followed by a folder's end (`\\`, `/`, `%5C`) is a drive:
the link is `JD162` and the `image` `JD160`, saying it is a Windows path and the name to write; written so, with the
file beside the article, it passes.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import front
from jiading_cli.cli import app
from test_clock_order import site

NOW = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
SEGMENT = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 _#.-]{0,8}", fullmatch=True).filter(lambda s: s.strip(" .") == s)
NAME = st.builds(lambda stem, ext: stem + ext, SEGMENT, st.sampled_from([".pdf", ".png", ""]))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"JIADING_NOW": NOW.isoformat(), "JIADING_CONFIG": None})
    return result.exit_code, result.output


@st.composite
def windows_paths(draw: st.DrawFn) -> tuple[str, str]:
    """A Windows path (drive, folders, a file's name) and the file's name."""
    drive = draw(st.sampled_from("CcDdZz"))
    separator = draw(st.sampled_from(["\\", "/", "%5C", "//"]))
    folders = draw(st.lists(SEGMENT, max_size=2))
    name = draw(NAME)
    inner = "\\" if separator == "//" else separator
    return f"{drive}:{separator}" + "".join(folder + inner for folder in folders) + name, name


@settings(max_examples=30)
@given(windows_paths(), st.sampled_from(["link", "image", "html", "field", "canonical"]))
def test_a_windows_path_is_an_error_that_says_so_and_the_name_it_gives_passes(
    drawn: tuple[str, str], where: str
) -> None:
    path, name = drawn
    if where == "canonical":  # no file to name: an address, which a Windows path is not
        with site("UTC") as root:
            (root / "articles" / "a.md").write_text(front(canonical_url=f"'{path}'") + "Body.\n", encoding="utf-8")
            status, said = run("validate")
        drive = path[0].upper()
        assert (
            status == 1
            and "articles/a.md:6: error JD170 canonical_url: expected an absolute https:// URL, got " in said
        )
        assert (
            f", where it is a Windows path (drive {drive}:), which a URL reads as its scheme '{drive.lower()}:'" in said
        )
        return
    if where == "field":
        text, line, code, field = front(image=f"'{path}'", image_alt="A plan") + "Body.\n", 6, "JD160", "image"
    else:
        link = f"[the plan](<{path}>)"
        written = {"link": link, "image": "!" + link, "html": f'<a href="{path}">p</a>'}
        text, line, code, field = front() + "Body.\n\n" + written[where] + "\n", 9, "JD162", "body"
    with site("UTC") as root:
        if where == "html":
            (root / "jiading.toml").write_text(
                (root / "jiading.toml").read_text(encoding="utf-8") + "[markdown]\nunsafe_html = true\n",
                encoding="utf-8",
            )
        article = root / "articles" / "a.md"
        article.write_text(text, encoding="utf-8")
        status, said = run("validate")
        errors = [line for line in said.splitlines() if " error " in line]
        assert status == 1 and len(errors) == 1, said
        drive = path[0].upper()
        assert errors[0].startswith(f"articles/a.md:{line}: error {code} {field}: expected "), errors
        assert f", a Windows path (drive {drive}:), which a URL reads as its scheme '{drive.lower()}:'" in errors[0]
        given_name = re.search(r"write its name, '(.+)'$", errors[0])
        assert given_name, errors[0]
        (root / "articles" / name).write_bytes(PNG)  # an image, wherever it is shown
        article.write_text(text.replace(path, given_name[1]), encoding="utf-8")
        status, said = run("validate")
        assert not [line for line in said.splitlines() if " error " in line], said


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
