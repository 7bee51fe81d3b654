"""End to end: the sample article through real CTranslate2 models with the project glossary.

The random-weight models drop every placeholder and write gibberish; each glossary
occurrence must still come out in the target, and ``alignment.json`` must list it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsl10n.files import translate_file
from newsl10n.glossary.io import load_glossary
from newsl10n.glossary.matching import find_terms
from newsl10n.glossary.morphology import declension
from newsl10n.parallel.align import read_alignment
from newsl10n.pipeline import translate_article
from newsl10n.translation.argos import ArgosTranslator, clear_model_cache
from newsl10n.translation.packages import install_package_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "kant-air-defense.en.txt"

pytestmark = pytest.mark.slow


@pytest.fixture
def random_engine(argos_files, tmp_path):
    folder = tmp_path / "models"
    for key in [("en", "ru", "random"), ("en", "ky", "random")]:
        install_package_file(argos_files[key], folder)
    clear_model_cache()
    yield ArgosTranslator(folder)
    clear_model_cache()


def test_every_term_survives_random_models(random_engine):
    glossary = load_glossary(ROOT / "glossary")
    text = SAMPLE.read_text(encoding="utf-8")
    article = translate_article(text, ["ru", "ky"], "en", translator=random_engine, glossary=glossary)
    expected = len(find_terms(glossary, " ".join(s.text["en"] for s in article.segments), "en"))
    for tgt in ("ru", "ky"):
        occurrences = 0
        for segment in article.segments:
            source_terms = find_terms(glossary, segment.text["en"], "en")
            placed = segment.terms[tgt]
            assert len(placed) == len(source_terms)
            for row in placed:
                assert row["status"] in ("model", "inflected", "repaired")
                term = glossary.get(row["msgid"], row["msgctxt"])
                forms = set(declension(row["rendering"], tgt, term.grammar(tgt)).values())
                assert row["form"] in forms
                target = segment.text[tgt]
                assert target[row["target_start"] : row["target_end"]] == row["form"]
            occurrences += len(placed)
        assert occurrences == expected >= 30


def test_alignment_json_reports_terms(random_engine, tmp_path):
    glossary = load_glossary(ROOT / "glossary")
    result = translate_file(
        SAMPLE, ["ky"], tmp_path / "out", "en", translator=random_engine, glossary=glossary
    )
    assert result.missing_terms == 0
    with open(result.out_dir / "alignment.json", encoding="utf-8") as fp:
        article = read_alignment(fp)
    rows = [row for segment in article.segments for row in segment.terms.get("ky", [])]
    assert any(row["msgid"] == "CSTO" and row["form"].startswith("ЖККУ") for row in rows)
    assert all({"start", "end", "source", "rendering", "status"} <= set(row) for row in rows)
