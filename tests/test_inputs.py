"""translate DIR: folders searched recursively, outputs mirroring the input paths (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli import app
from newsl10n.errors import InputError
from newsl10n.files import translate_files
from newsl10n.inputs import collect_articles
from newsl10n.translation.fake import FakeTranslator


def desk(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    for rel, text in {
        "2026/12/story.txt": "The parliament met on Monday.\n",
        "2025/story.txt": "The cabinet met on Tuesday.\n",
        "2026/page.html": "<p>The <b>base</b> opened.</p>\n",
        "2026/notes.md": "The *vote* was close.\n",
        ".git/x.txt": "hidden\n",
        "2026/photo.png": "not an article",
        "out/old/alignment.json": "{}",
        "out/old/en.txt": "an earlier output\n",
    }.items():
        path = news / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return news


def test_a_folder_is_searched_recursively_skipping_hidden_and_output_folders(tmp_path: Path):
    news = desk(tmp_path)
    (news / "linked").symlink_to(news / "2026", target_is_directory=True)
    found = collect_articles([news, "-"])
    assert [item.name for item in found] == [
        "news/2025/story.txt",
        "news/2026/12/story.txt",
        "news/2026/notes.md",
        "news/2026/page.html",
        None,
    ]
    assert found[-1].path == "-"
    assert [i.name for i in collect_articles([news], ["*.md"])] == ["news/2026/notes.md"]
    with pytest.raises(InputError, match=r"no article files in this folder \(\*\.rst\)"):
        collect_articles([news], ["*.rst"])


def test_outputs_mirror_the_input_paths_so_two_stories_never_collide(tmp_path: Path):
    found = collect_articles([desk(tmp_path)])
    out = tmp_path / "out"
    results = translate_files(
        [i.path for i in found], ["ru"], out, "en", translator=FakeTranslator(), names=[i.name for i in found]
    )
    assert [r.error for r in results] == [None] * 4
    assert sorted(str(r.out_dir.relative_to(out)) for r in results) == [
        "news/2025/story",
        "news/2026/12/story",
        "news/2026/notes",
        "news/2026/page",
    ]
    assert (out / "news/2026/page/ru.html").read_text(encoding="utf-8").startswith("<p>[ru] The <b>base</b>")
    assert (out / "news/2026/notes/ru.md").is_file()


@pytest.mark.parametrize("name", ["../escape.txt", "/abs/story.txt", "a/../../b.txt"])
def test_a_name_never_leads_outside_the_output_folder(tmp_path: Path, name: str):
    story = tmp_path / "story.txt"
    story.write_text("The parliament met.\n", encoding="utf-8")
    with pytest.raises(InputError, match="must stay inside the output folder"):
        translate_files([story], ["ru"], tmp_path / "out", "en", translator=FakeTranslator(), names=[name])
    assert not (tmp_path / "escape").exists()


def test_the_cli_translates_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    desk(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = [
        "translate",
        "news",
        "--to",
        "ky",
        "--engine",
        "fake",
        "--no-memory",
        "--no-glossary",
        "--from",
        "en",
    ]
    result = CliRunner().invoke(app, [*args, "--glob", "*.txt", "--json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "translations/news/2025/story/ky.txt").is_file()
    assert (tmp_path / "translations/news/2026/12/story/ky.txt").is_file()
    assert not (tmp_path / "translations/news/2026/page").exists()
    result = CliRunner().invoke(app, [*args, "--glob", "*.rst"])
    assert result.exit_code == 1 and "no article files" in result.stderr
