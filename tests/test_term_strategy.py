"""How terms reach the model: masked behind placeholders, or kept for the model to inflect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsl10n
from newsl10n.glossary import enforce
from newsl10n.glossary.apply import translate_sentences
from newsl10n.glossary.enforce import DEFAULT_STRATEGIES, TermStrategy, default_strategy
from newsl10n.glossary.io import load_glossary
from newsl10n.glossary.model import Glossary
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.memory import TranslationMemory

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Sadyr Japarov met Putin in Bishkek."


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary")


class Recording(FakeTranslator):
    """Answers with a fixed output (else echoes) and records what it was shown."""

    def __init__(self, output: str | None = None) -> None:
        super().__init__(rule=(lambda s, a, b: output) if output is not None else (lambda s, a, b: s))
        self.seen: list[str] = []

    def translate_batch(self, sentences, src, tgt):
        self.seen += list(sentences)
        return super().translate_batch(sentences, src, tgt)


# --------------------------------------------------------------------------- the enum and defaults


def test_strategies_and_their_defaults_per_language():
    assert {s.value for s in TermStrategy} == {"mask", "keep"}
    assert default_strategy("ru") is TermStrategy.KEEP and default_strategy("ky") is TermStrategy.KEEP
    assert default_strategy("en") is TermStrategy.MASK and default_strategy("de") is TermStrategy.MASK
    assert set(DEFAULT_STRATEGIES) == {"ru", "ky"}


def test_prepare_masks_or_keeps(glossary):
    masked = enforce.prepare(glossary, [SENTENCE], "en", "ru", strategy=TermStrategy.MASK)
    kept = enforce.prepare(glossary, [SENTENCE], "en", "ru", strategy=TermStrategy.KEEP)
    assert masked.inputs == ["NE1 met NE2 in NE3."] and masked.strategy is TermStrategy.MASK
    assert kept.inputs == [SENTENCE] and kept.masked == [False] and kept.strategy is TermStrategy.KEEP
    assert kept.matches == masked.matches


def test_the_step_defaults_to_mask_and_the_older_flag_still_works(glossary):
    assert enforce.prepare(glossary, [SENTENCE], "en", "ru").strategy is TermStrategy.MASK
    assert enforce.prepare(glossary, [SENTENCE], "en", "ru", mask=False).strategy is TermStrategy.KEEP
    assert enforce.prepare(glossary, [SENTENCE], "en", "ru", mask=True).inputs == ["NE1 met NE2 in NE3."]
    with pytest.raises(ValueError, match="contradicts"):
        enforce.prepare(glossary, [SENTENCE], "en", "ru", strategy=TermStrategy.KEEP, mask=True)
    with pytest.raises(ValueError):
        enforce.prepare(glossary, [SENTENCE], "en", "ru", strategy="paraphrase")  # type: ignore[arg-type]


def test_the_fingerprint_differs_between_strategies(glossary):
    masked = enforce.fingerprint(glossary, SENTENCE, "en", "ru", strategy=TermStrategy.MASK)
    kept = enforce.fingerprint(glossary, SENTENCE, "en", "ru", strategy=TermStrategy.KEEP)
    assert masked and kept and masked != kept
    assert enforce.fingerprint(glossary, SENTENCE, "en", "ru", mask=False) == kept
    assert enforce.fingerprint(glossary, "No names here.", "en", "ru", strategy=TermStrategy.KEEP) == ""


# --------------------------------------------------------------------------- keep: the model's inflection


def finish_keep(glossary, sentence, tgt, output):
    plan = enforce.prepare(glossary, [sentence], "en", tgt, strategy=TermStrategy.KEEP)
    model = Recording(output)
    (result,) = enforce.finish(glossary, plan, model.translate_batch(plan.inputs, "en", tgt), model)
    return model, result


def test_keep_fixes_the_stem_and_keeps_the_models_kyrgyz_ending(glossary):
    model, result = finish_keep(
        glossary, "Japarov's decree was signed.", "ky", "Джапаровдун жарлыгына кол коюлду."
    )
    assert model.seen == ["Japarov's decree was signed."]
    assert result.text == "Жапаровдун жарлыгына кол коюлду."
    assert [(t.form, t.case, t.status, t.evidence) for t in result.terms] == [
        ("Жапаровдун", "gen", "repaired", "model")
    ]


def test_keep_keeps_a_russian_case_the_model_chose_without_a_cue(glossary):
    # no preposition: only the model knows that "поздравил" wants the accusative
    _, result = finish_keep(glossary, "Japarov congratulated Putin.", "ru", "Жапаров поздравил Путина.")
    assert result.text == "Жапаров поздравил Путина."
    assert [(t.form, t.status, t.evidence) for t in result.terms] == [
        ("Жапаров", "model", "model"),
        ("Путина", "model", "model"),
    ]


def test_keep_inserts_a_term_the_model_lost(glossary):
    _, result = finish_keep(glossary, "Putin arrived in Bishkek.", "ru", "Президент прибыл в столицу.")
    assert "Путин" in result.text and "Бишкек" in result.text
    assert {t.status for t in result.terms} == {"repaired"}
    for term in result.terms:
        assert result.text[term.target_start : term.target_end] == term.form


# --------------------------------------------------------------------------- plumbing


def test_translate_sentences_chooses_per_language_unless_told(glossary):
    engine = Recording()
    translate_sentences([SENTENCE], "en", "ru", engine, glossary=glossary)
    translate_sentences([SENTENCE], "en", "ky", engine, glossary=glossary, term_strategy=TermStrategy.MASK)
    assert engine.seen == [SENTENCE, "NE1 met NE2 in NE3."]


def test_the_memory_never_serves_a_translation_made_with_the_other_strategy(glossary, tmp_path):
    engine = Recording("Садыр Жапаров встретился с Путиным в Бишкеке.")
    with TranslationMemory.open(tmp_path / "tm.sqlite3") as memory:

        def run(strategy):
            (result,) = translate_sentences(
                [SENTENCE], "en", "ru", engine, glossary=glossary, memory=memory, term_strategy=strategy
            )
            return result.from_memory

        assert [run(TermStrategy.KEEP), run(TermStrategy.MASK), run(None), run(TermStrategy.MASK)] == [
            False,
            False,
            True,  # None is ru's default, KEEP
            True,
        ]


def test_the_pipeline_passes_the_strategy_and_checks_its_type(glossary):
    engine = Recording()
    newsl10n.translate_article(SENTENCE, ["ru"], "en", translator=engine, glossary=glossary)
    newsl10n.translate_article(
        SENTENCE, ["ru"], "en", translator=engine, glossary=glossary, term_strategy=TermStrategy.MASK
    )
    assert engine.seen == [SENTENCE, "NE1 met NE2 in NE3."]
    with pytest.raises(TypeError, match="term_strategy"):
        newsl10n.translate_article(SENTENCE, ["ru"], "en", translator=engine, term_strategy="keep")  # type: ignore[arg-type]


def test_catalog_strings_stay_masked(glossary, tmp_path, monkeypatch):
    from newsl10n.catalog.catalogs import init_catalogs
    from newsl10n.catalog.pretranslate import translate_catalogs

    seen: list[TermStrategy | None] = []
    original = enforce.prepare

    def recording(*args, strategy=None, **kw):
        seen.append(strategy)
        return original(*args, strategy=strategy, **kw)

    monkeypatch.setattr(enforce, "prepare", recording)
    pot = tmp_path / "messages.pot"
    pot.write_text('msgid ""\nmsgstr ""\n\nmsgid "Weather in Bishkek"\nmsgstr ""\n', encoding="utf-8")
    init_catalogs(pot, ["ru"], tmp_path / "locales")
    engine = Recording()
    translate_catalogs(tmp_path / "locales", engine, ["ru"], glossary=glossary)
    assert seen == [TermStrategy.MASK] and engine.seen == ["Weather in NE1"]


@pytest.mark.parametrize(
    "choice, shown",
    [("mask", "NE1 met NE2 in NE3."), ("keep", SENTENCE), ("auto", SENTENCE), (None, SENTENCE)],
)
def test_translate_terms_option(choice, shown, tmp_path, monkeypatch):
    import newsl10n.translation.argos

    engine = Recording()
    monkeypatch.setattr(newsl10n.translation.argos, "open_translator", lambda *a, **k: engine)
    article = tmp_path / "story.en.txt"
    article.write_text(SENTENCE + "\n", encoding="utf-8")
    args = ["translate", str(article), "--to", "ru", "--from", "en", "--out", str(tmp_path / "out")]
    args += ["--glossary", str(ROOT / "glossary"), "--no-memory", "--quiet"]
    if choice is not None:
        args += ["--terms", choice]
    from newsl10n.cli import app

    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert engine.seen == [shown]
    alignment = json.loads((tmp_path / "out" / "story" / "alignment.json").read_text(encoding="utf-8"))
    rows = alignment["segments"][0]["terms"]["ru"]
    assert all(row["evidence"] for row in rows) and len(rows) == 3


def test_an_unknown_terms_choice_is_a_usage_error(tmp_path):
    from newsl10n.cli import app

    result = CliRunner().invoke(app, ["translate", "x.txt", "--to", "ru", "--terms", "guess"])
    assert result.exit_code == 2


def test_the_strategy_is_public_api():
    assert {"TermStrategy", "default_strategy", "Evidence"} <= set(newsl10n.__all__)
    assert newsl10n.TermStrategy is TermStrategy and newsl10n.default_strategy("ky") is TermStrategy.KEEP


# --------------------------------------------------------------------------- random-weight models


@pytest.fixture
def random_engine(argos_files, tmp_path):
    from newsl10n.translation.argos import ArgosTranslator, clear_model_cache
    from newsl10n.translation.packages import install_package_file

    folder = tmp_path / "models"
    for key in [("en", "ru", "random"), ("en", "ky", "random")]:
        install_package_file(argos_files[key], folder)
    clear_model_cache()
    yield ArgosTranslator(folder)
    clear_model_cache()


@pytest.mark.slow
@pytest.mark.parametrize("strategy", list(TermStrategy))
def test_presence_is_complete_on_the_sample_with_random_models_either_way(random_engine, glossary, strategy):
    from newsl10n.glossary.accuracy import check_terms, term_accuracy

    text = (ROOT / "examples" / "kant-air-defense.en.txt").read_text(encoding="utf-8")
    article = newsl10n.translate_article(
        text, ["ru", "ky"], "en", translator=random_engine, glossary=glossary, term_strategy=strategy
    )
    for tgt in ("ru", "ky"):
        rows = [row for segment in article.segments for row in segment.terms.get(tgt, [])]
        assert len(rows) >= 30 and all(row["status"] != "missing" and row["evidence"] for row in rows)
        for segment in article.segments:
            findings = check_terms(segment.text["en"], segment.text[tgt], "en", tgt, glossary)
            assert term_accuracy(findings) == 1.0, (segment.text[tgt], findings)
