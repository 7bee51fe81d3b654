"""What executors send to workers and back pickles, and a worker process loads its models once."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from pathlib import Path

import pytest

from newsl10n.errors import InputError, LanguageError, ModelNotInstalledError, NewsL10nError, TranslationError
from newsl10n.files import ArticleTask, BatchOutcome, FileResult, RunSpec, run_batch, translate_files
from newsl10n.glossary.enforce import TermStrategy
from newsl10n.glossary.io import load_glossary
from newsl10n.pipeline import checked_translator
from newsl10n.translation import argos
from newsl10n.translation.argos import ArgosTranslator, clear_model_cache
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.packages import install_package_file

ROOT = Path(__file__).resolve().parents[1]
HTML = (
    '<!DOCTYPE html>\n<html lang="en">\n<head><title>Budget</title></head>\n'
    "<body><p>The <b>budget</b> was approved.</p></body>\n</html>\n"
)


@pytest.fixture
def models(argos_files, tmp_path):
    folder = tmp_path / "models"
    for (src, _tgt, kind), path in argos_files.items():
        if kind == "echo" and src == "en":
            install_package_file(path, folder)
    clear_model_cache()
    yield folder
    clear_model_cache()


def _spec(tmp_path: Path, translator: object, **options: object) -> RunSpec:
    return RunSpec(
        targets=("ru",),
        source="en",
        format="auto",
        out_dir=str(tmp_path / "out"),
        translator=checked_translator(translator),
        glossary=load_glossary(ROOT / "glossary"),
        term_strategy=TermStrategy.MASK,
        **options,  # type: ignore[arg-type]
    )


def _tasks(tmp_path: Path) -> list[ArticleTask]:
    (tmp_path / "in").mkdir(exist_ok=True)
    texts = {
        "kant.txt": "The parliament met in Bishkek on Wednesday.\n",
        "budget.html": HTML,
        "empty.txt": "",
    }
    tasks = []
    for i, (name, text) in enumerate(texts.items()):
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")
        tasks.append(ArticleTask(str(tmp_path / "in" / name), None, name.split(".")[0], i))
    return tasks


def test_a_run_spec_with_the_argos_engine_and_a_glossary_pickles(models, tmp_path):
    spec = _spec(tmp_path, ArgosTranslator(models), memory_path=str(tmp_path / "m.sqlite3"))
    copy = pickle.loads(pickle.dumps(spec))
    assert copy.translator.describe("en", "ru") == spec.translator.describe("en", "ru")
    assert copy.glossary is not None and len(copy.glossary.entries()) == len(spec.glossary.entries()) > 0
    assert copy.retry().resume and not copy.resume
    assert not argos._cache  # nothing loaded by describing or pickling
    outcome = run_batch(copy, _tasks(tmp_path))
    assert [r.error is None for r in outcome.results] == [True, True, False]
    assert (tmp_path / "out/kant/ru.txt").read_text(encoding="utf-8").startswith("The parliament")
    assert len(argos._cache) == 1


def test_a_batch_outcome_pickles_with_its_articles_errors_and_entries(tmp_path):
    outcome = run_batch(
        _spec(tmp_path, FakeTranslator(), memory_path=str(tmp_path / "m.sqlite3")), _tasks(tmp_path)
    )
    copy = pickle.loads(pickle.dumps(outcome))
    assert isinstance(copy, BatchOutcome) and copy.indexes == [0, 1, 2]
    assert copy.memory_entries == outcome.memory_entries and copy.memory_entries
    html, original = copy.results[1].article, outcome.results[1].article
    assert html is not None and original is not None and original.document is not None
    assert html.document is None and html.to_dict() == original.to_dict()  # its versions are written
    assert copy.results[1].files == outcome.results[1].files
    failed = copy.results[2]
    assert failed.error == outcome.results[2].error and isinstance(failed.exception, InputError)
    assert failed.exception.path == outcome.results[2].exception.path  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "error",
    [
        InputError("the text is empty", "a.txt"),
        LanguageError("xx", "unknown language"),
        TranslationError("en", "ru", "boom"),
        ModelNotInstalledError("en", "ky", "/models"),
        NewsL10nError("plain"),
    ],
)
def test_file_results_with_any_error_pickle(error):
    result = FileResult(Path("a.txt"), Path("out/a"), [], None, error=str(error), exception=error)
    copy = pickle.loads(pickle.dumps(result))
    assert type(copy.exception) is type(error) and str(copy.exception) == str(error)
    assert copy.exception.__dict__ == error.__dict__ and copy == result


def _in_worker(spec: RunSpec, tasks: list[ArticleTask]) -> tuple[int, int, list[bool]]:
    """Run a batch; say which process did, and which loaded model it used."""
    outcome = run_batch(spec, tasks)
    (loaded,) = argos._cache.values()
    return os.getpid(), id(loaded.translator), [r.error is None for r in outcome.results]


def test_a_worker_process_loads_its_models_once_for_every_batch(models, tmp_path):
    spec = _spec(tmp_path, ArgosTranslator(models))
    tasks = _tasks(tmp_path)[:1]
    other = tmp_path / "in" / "other.txt"
    other.write_text("Osh hosted the fair.\n", encoding="utf-8")
    batches = [tasks, [ArticleTask(str(other), None, "other", 1)]]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        answers = pool.starmap(_in_worker, [(spec, batch) for batch in batches])
    (pid, model, ok), (pid2, model2, ok2) = answers
    assert pid == pid2 != os.getpid() and model == model2
    assert ok == ok2 == [True]
    assert (tmp_path / "out/other/ru.txt").is_file()


def test_a_whole_html_document_version_says_its_language(tmp_path):
    (tmp_path / "story.html").write_text(HTML, encoding="utf-8")
    result = translate_files(
        [tmp_path / "story.html"], "ru,ky", tmp_path / "out", "en", translator=FakeTranslator()
    )[0]
    assert '<html lang="ru">' in (result.out_dir / "ru.html").read_text(encoding="utf-8")
    assert '<html lang="ky">' in (result.out_dir / "ky.html").read_text(encoding="utf-8")
    assert (result.out_dir / "en.html").read_text(encoding="utf-8") == HTML
