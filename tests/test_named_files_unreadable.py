"""A file an article names that the system will not say is there or not (it is in a folder that can be listed but
not searched) is an error with the system's reason, ``cannot read: Permission denied``, never "no such file" with a
wrong hint, and a root-relative link to it (``/en/shut/doc.pdf``) is checked as the file it names, never taken for a
page of the wider site and left unchecked. Runs refused by mode bits are processes whose capabilities to pass over
them are dropped (``setpriv``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import front
from test_unreadable_folders import SETPRIV, make_site, modes, run, traceless

pytestmark = pytest.mark.skipif(SETPRIV is None, reason="setpriv (util-linux) is needed to drop capabilities")

REFERENCES = {
    "relative link": ("[doc](../shut/doc.pdf)", "../shut/doc.pdf", "JD162 body: expected the linked file to exist"),
    "root-relative link": ("[doc](/shut/doc.pdf)", "/shut/doc.pdf", "JD162 body: expected the linked file to exist"),
    "body image": (
        "![a chart](../shut/chart.png)",
        "../shut/chart.png",
        "JD162 body: expected the linked file to exist",
    ),
    "image field": ("", "../shut/chart.png", "JD160 image: expected an existing file or an https URL"),
}


@pytest.mark.parametrize(
    ("kind", "command"), [*((kind, "validate") for kind in sorted(REFERENCES)), ("root-relative link", "build")]
)
def test_a_named_file_whose_folder_cannot_be_searched_is_said_with_the_real_reason(
    tmp_path: Path, kind: str, command: str
) -> None:
    root = make_site(tmp_path)
    body, target, said = REFERENCES[kind]
    fields = {"image": target, "image_alt": "A chart"} if kind == "image field" else {}
    (root / "articles/en").mkdir(parents=True)
    (root / "articles/en/a.md").write_text(front(**fields) + f"Body {body}.\n", encoding="utf-8")
    shut = root / "articles/shut"
    shut.mkdir()
    (shut / "doc.pdf").write_bytes(b"%PDF-1.4\n")
    (shut / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with modes((shut, 0o644)):
        result = run(root, command)
    traceless(result)
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = [line for line in result.stdout.splitlines() if " JD16" in line]
    assert lines == [
        f"articles/en/a.md:{lines[0].split(':')[1]}: error {said}, got '{target}' (cannot read: Permission denied)"
    ]
    assert not (root / "public").exists()
