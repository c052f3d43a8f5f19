"""Every payload for the shipped articles (English and Chinese), byte for byte, against tests/golden/share/.

Regenerate after an intended change, then review with git diff:

    JIADING_REGENERATE=1 .venv/bin/python -m pytest tests/test_share_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import shipped_site
from jiading_cli.cli import app

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "share"
NOW = "2026-11-27T12:00:00+08:00"
ARTICLES = {
    "en": "articles/en/2017/financial-industry-to-boost-jiading.md",
    "zh-cn": "articles/zh-cn/2017/jin-rong-ye-zhu-li-jia-ding.md",
}


def produce(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Every file the golden folder holds, made afresh from the shipped site."""
    shipped_site(tmp_path, monkeypatch)
    runner = CliRunner()
    env = {"JIADING_NOW": NOW, "JIADING_CACHE": "off"}
    made: dict[str, bytes] = {}
    out = tmp_path / "out"
    result = runner.invoke(app, ["share", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    for path in sorted(out.rglob("*")):
        if path.is_file():
            made["out/" + path.relative_to(out).as_posix()] = path.read_bytes()
    for lang, article in ARTICLES.items():
        text = runner.invoke(app, ["share", article], env=env)
        data = runner.invoke(app, ["share", article, "--json"], env=env)
        assert text.exit_code == 0 and data.exit_code == 0, text.output + data.output
        made[f"{lang}.txt"] = text.stdout.encode("utf-8")
        made[f"{lang}.json"] = data.stdout.encode("utf-8")
    digest = runner.invoke(app, ["share", "--digest", "--since", "2017-07-01", "--out", str(tmp_path / "d")], env=env)
    assert digest.exit_code == 0, digest.output
    made["digest-2017-07-01.eml"] = (tmp_path / "d" / "digest-2017-07-01.eml").read_bytes()
    return made


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return produce(tmp_path_factory.mktemp("golden"), monkeypatch)


def golden_files() -> list[str]:
    return sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())


def test_the_golden_folder_holds_every_payload_of_both_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = produce(tmp_path, monkeypatch)
    if os.environ.get("JIADING_REGENERATE"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in made.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
        pytest.skip("golden files regenerated; review them with git diff")
    assert sorted(made) == golden_files()
    for lang in ARTICLES:
        for name in ("email.eml", "facebook.json", "linkedin.json", "links.json", "opengraph.html", "wechat-qr.svg"):
            assert any(key.startswith(f"out/{lang}/") and key.endswith(name) for key in made), (lang, name)


@pytest.mark.parametrize("name", golden_files())
def test_a_payload_matches_its_golden_file(name: str, made: dict[str, bytes]) -> None:
    assert made[name] == (GOLDEN / name).read_bytes(), f"{name} differs; see the module docstring to regenerate"
