"""Resumable runs: alignment.json records the input's hash; resume skips what is up to date."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsl10n.files import LocalExecutor, translate_files
from newsl10n.parallel.align import ParallelArticle, read_alignment
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.protocol import PairInfo

HTML = '<!DOCTYPE html>\n<html lang="en">\n<body><p>The budget was approved.</p></body>\n</html>\n'


def _archive(root: Path) -> list[Path]:
    files = {
        "a/kant.txt": "The parliament met on Wednesday. It voted for the law.\n",
        "b/osh.txt": "Osh hosted the fair.\n",
        "c/budget.htm": HTML,
        "d/empty.txt": "",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return [root / name for name in files]


class Counting(FakeTranslator):
    """A fake engine that counts the sentences it translated."""

    def sentences(self) -> int:
        return sum(n for _src, _tgt, n in self.calls)


def _run(root: Path, paths: list[Path], engine: FakeTranslator, targets: str = "ru,ky", **options: object):
    names = [str(p.relative_to(root)) for p in paths]
    return translate_files(paths, targets, root / "out", "en", translator=engine, names=names, **options)


def _inodes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_ino for p in sorted(root.rglob("*"))}


def test_alignment_records_the_sha256_of_the_input_bytes(tmp_path):
    paths = _archive(tmp_path)
    paths[1].write_bytes("Ош жарманкеси.\n".encode("cp1251"))  # hashed as bytes, not as text
    results = _run(tmp_path, paths, FakeTranslator())
    for path, result in zip(paths[:3], results):
        data = json.loads((result.out_dir / "alignment.json").read_text(encoding="utf-8"))
        assert data["source_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert data["version"] == 1
    with open(results[0].out_dir / "alignment.json", encoding="utf-8") as fp:
        assert read_alignment(fp).source_sha256 == hashlib.sha256(paths[0].read_bytes()).hexdigest()


def test_an_article_without_a_file_records_no_hash():
    article = ParallelArticle("en", ["ru"], [])
    assert "source_sha256" not in article.to_dict()
    assert ParallelArticle.from_dict(article.to_dict()).source_sha256 == ""


@pytest.mark.parametrize("local", [False, True], ids=["in-process", "LocalExecutor"])
def test_resume_skips_up_to_date_articles_and_reports_them(tmp_path, local):
    paths = _archive(tmp_path)
    first = _run(tmp_path, paths, FakeTranslator())
    before = _inodes(tmp_path / "out")
    engine = Counting()
    executor = LocalExecutor() if local else None
    again = _run(tmp_path, paths, engine, resume=True, executor=executor)
    assert engine.sentences() == 0
    assert [r.skipped for r in again] == [True, True, True, False]
    assert again[3].error == first[3].error  # a failed article is tried again, and fails again
    assert _inodes(tmp_path / "out") == before  # nothing written
    for old, new in zip(first[:3], again[:3]):
        assert new.files == old.files and new.out_dir == old.out_dir
        assert new.article is not None and old.article is not None
        assert new.article.to_dict() == old.article.to_dict()
        assert new.summary()["skipped"] is True and "skipped" not in old.summary()
    assert again[2].files[0].name == "en.htm"


def test_resume_translates_what_changed(tmp_path):
    paths = _archive(tmp_path)
    _run(tmp_path, paths, FakeTranslator())
    paths[0].write_text("The parliament met on Thursday.\n", encoding="utf-8")  # edited
    (tmp_path / "out/b/osh/ky.txt").unlink()  # a version lost
    engine = Counting()
    again = _run(tmp_path, paths, engine, resume=True)
    assert [r.skipped for r in again] == [False, False, True, False]
    assert "Thursday" in (tmp_path / "out/a/kant/ru.txt").read_text(encoding="utf-8")
    assert (tmp_path / "out/b/osh/ky.txt").is_file()


def test_resume_needs_every_target_asked_for_and_the_same_engine(tmp_path):
    paths = _archive(tmp_path)[:2]
    _run(tmp_path, paths, FakeTranslator(), targets="ru")
    assert [r.skipped for r in _run(tmp_path, paths, FakeTranslator(), "ru,ky", resume=True)] == [False] * 2
    assert [r.skipped for r in _run(tmp_path, paths, FakeTranslator(), "ky", resume=True)] == [True] * 2

    class Other(FakeTranslator):
        def describe(self, src: str, tgt: str) -> PairInfo:
            return PairInfo(engine="fake", route=(src, tgt), models=("fake@2",))

    assert [r.skipped for r in _run(tmp_path, paths, Other(), "ky", resume=True)] == [False] * 2


def test_without_resume_everything_is_translated_again(tmp_path):
    paths = _archive(tmp_path)[:2]
    _run(tmp_path, paths, FakeTranslator())
    engine = Counting()
    assert [r.skipped for r in _run(tmp_path, paths, engine)] == [False, False]
    assert engine.sentences() == 2 * 3


def test_outputs_written_before_hashes_were_recorded_are_translated_again(tmp_path):
    paths = _archive(tmp_path)[:1]
    first = _run(tmp_path, paths, FakeTranslator())
    alignment = first[0].out_dir / "alignment.json"
    data = json.loads(alignment.read_text(encoding="utf-8"))
    del data["source_sha256"]
    alignment.write_text(json.dumps(data), encoding="utf-8")
    assert [r.skipped for r in _run(tmp_path, paths, FakeTranslator(), resume=True)] == [False]
    assert "source_sha256" in alignment.read_text(encoding="utf-8")
