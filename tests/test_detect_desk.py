"""Detection for the desk (issue 11): expected languages, headlines of names, lazy models,
and source checks. The command line is in test_detect_cli.py."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from newsl10n import detect
from newsl10n.detect import UNDETERMINED, check_source, detect_language, expected_languages
from newsl10n.errors import LanguageError

DATA = Path(__file__).parent / "data" / "langid"
DESK = ("en", "ru", "ky")


def _lines(name: str) -> list[str]:
    with (DATA / f"{name}.txt").open(encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip()]


# Expected languages.


def test_expected_languages_are_normalised_and_may_be_comma_lists() -> None:
    assert expected_languages(["EN,ru", " ky_KG "]) == frozenset(DESK)
    assert expected_languages("en") == frozenset({"en"})


@pytest.mark.parametrize("codes", [["zz"], ["en,xx-1"], ["e1"]])
def test_unknown_expected_codes_are_a_language_error(codes: list[str]) -> None:
    with pytest.raises(LanguageError, match="unknown language code"):
        expected_languages(codes)


def test_a_language_no_detector_knows_is_a_clear_error() -> None:
    # Asturian is a CLDR language, but neither py3langid nor langdetect has it.
    with pytest.raises(LanguageError, match="cannot be detected") as caught:
        detect_language("Hello there, friends", expect=["en", "ast"])
    assert caught.value.code == "ast"


def test_no_expected_language_is_an_error() -> None:
    with pytest.raises(LanguageError):
        expected_languages([" , "])


def test_the_detector_language_list_is_the_models() -> None:
    labels = {lang for lang in detect._identifier().labels if len(lang) == 2}
    assert labels == detect._IDENTIFIER_LANGUAGES


@pytest.mark.parametrize(
    "headline",
    [
        "Sadyr Japarov invites Vladimir Putin to visit Kyrgyzstan",
        "Kyrgyzstan, Tajikistan sign border treaty",
    ],
)
def test_the_issue_headlines_are_english_with_and_without_expect(headline: str) -> None:
    assert detect_language(headline).language == "en"
    assert detect_language(headline, expect=DESK) == detect.Detection("en", 1.0, (("en", 1.0),))


def test_expect_answers_only_the_expected_languages() -> None:
    kazakh = "Қазақстан үкіметі жаңа заң қабылдады."
    assert detect_language(kazakh).language == "kk"
    assert detect_language(kazakh, expect=DESK).language in {"ru", "ky"}
    for sentence in _lines("ky")[:20] + _lines("ru")[:20] + _lines("kk")[:10] + _lines("uk")[:10]:
        found = detect_language(sentence, expect=DESK)
        assert {code for code, _p in found.candidates} <= set(DESK)


def test_a_script_no_expected_language_uses_is_undetermined() -> None:
    assert detect_language("Бишкекте жаңы мектеп ачылды", expect=["en"]).language == UNDETERMINED
    assert detect_language("Oil prices fell on Monday.", expect=["ru", "ky"]).language == UNDETERMINED


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_expect_keeps_the_desk_languages_right(lang: str) -> None:
    found = [detect_language(s, expect=DESK).language for s in _lines(lang)]
    assert found.count(lang) / len(found) >= 0.97, Counter(found)


# Short Latin-script lines of names.


def test_english_headlines_full_of_names_are_english() -> None:
    headlines = _lines("en_headlines")
    assert len(headlines) >= 30
    found = [detect_language(h).language for h in headlines]
    assert found.count("en") / len(found) >= 0.9, Counter(found)
    assert {detect_language(h, expect=DESK).language for h in headlines} == {"en"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hükümet bugün yeni bir yasa kabul etti.", "tr"),
        ("Le gouvernement a adopté une nouvelle loi.", "fr"),
        ("Die Regierung hat heute ein neues Gesetz verabschiedet.", "de"),
        ("Japarov se reúne con Putin en Moscú", "es"),
        ("Japarov rencontre Poutine à Moscou", "fr"),
        ("Shavkat Mirziyoyev Toshkentda yangi maktab ochdi", "uz"),
        ("Japarov mødes med Putin i Moskva", "da"),
    ],
)
def test_short_lines_in_other_languages_keep_their_language(text: str, lang: str) -> None:
    assert detect_language(text).language == lang


def test_names_are_not_the_evidence_of_a_short_line() -> None:
    evidence, weight = detect._latin_evidence("Sadyr Japarov invites Vladimir Putin to visit Kyrgyzstan")
    assert evidence == "invites to visit"
    assert weight is not None and weight("en") == 1.0 > weight("fr") > weight("lt")
    long = " ".join(_lines("en")[:5])
    assert detect._latin_evidence(long) == (long, None)


def test_title_case_headlines_are_read_whole() -> None:
    evidence, weight = detect._latin_evidence("Kyrgyzstan, Tajikistan Sign Border Treaty")
    assert evidence == "Kyrgyzstan, Tajikistan Sign Border Treaty" and weight is not None
    assert detect_language("Kyrgyzstan, Tajikistan Sign Border Treaty").language == "en"


# Letters decide alone only when the model could not disagree.


def _cyrillic_words(text: str) -> tuple[str, list[str]]:
    text = unicodedata.normalize("NFC", detect._sample(text)).translate(detect._CYRILLIC_HOMOGLYPHS)
    text = detect._keep_script(text, "CYRILLIC")
    return text, ["".join(ch for ch in tok.lower() if ch.isalpha()) for tok in text.split()]


@pytest.mark.parametrize("expect", [None, frozenset(DESK)])
def test_a_letter_verdict_is_what_the_model_would_say(expect: frozenset[str] | None) -> None:
    fired = 0
    for lang in ("ky", "kk", "ru", "mn", "tg", "uk", "bg"):
        lines = _lines(lang)
        for size in (1, 3, 10):
            for start in range(0, len(lines) - size + 1, size):
                text, words = _cyrillic_words(" ".join(lines[start : start + size]))
                priors = detect._cyrillic_priors(words, expect)
                if len(priors) < 2:
                    continue
                verdict = detect._letter_verdict(words, priors)
                if verdict is None:
                    continue
                fired += 1
                if expect is not None and lang not in expect:
                    continue  # a Mongolian text as ru or ky: no answer is right
                model = detect._to_detection(detect._identifier_posterior(text, priors))
                assert verdict.language == model.language == lang, (lang, text)
    assert fired >= 5


def test_function_words_and_e_letters_weigh_for_their_language() -> None:
    from newsl10n.cyrillic import function_word_logs

    def leader(text: str, languages: tuple[str, ...]) -> str:
        logs = function_word_logs(_cyrillic_words(text)[1], languages)
        return max(logs, key=logs.__getitem__)

    assert leader("и в на по что", ("ru", "ky", "bg")) == "ru"
    assert leader("жана менен деп", ("ru", "ky", "kk")) == "ky"
    assert leader("на за от се да ще", ("ru", "bg", "mk")) == "bg"
    # Mongolian writes э and ь where Kyrgyz writes е.
    assert leader("мэдээ хэвээр хуульд", ("ky", "mn")) == "mn"
    assert leader("мектеп кеңеш бекитти", ("ky", "mn")) == "ky"
    assert function_word_logs([], ("ru", "ky")) == {"ru": 0.0, "ky": 0.0}


def test_a_single_sentence_is_decided_without_a_model_only_with_a_clear_margin() -> None:
    kyrgyz = "Бишкекте жаңы мектептин курулушу быйыл күзүндө аяктайт деп билдирди шаардык мэрия."
    _text, words = _cyrillic_words(kyrgyz)
    verdict = detect._letter_verdict(words, detect._cyrillic_priors(words))
    assert verdict is not None and verdict.language == "ky"
    assert detect.DECISIVE <= verdict.confidence < 1.0
    _text, words = _cyrillic_words("Курс рубля укрепился")  # three words: no function word
    assert detect._letter_verdict(words, detect._cyrillic_priors(words)) is None


def test_kazakh_letters_and_a_kyrgyz_article_decide_alone() -> None:
    _text, words = _cyrillic_words("Қазақстан үкіметі жаңа заң қабылдады.")
    assert detect._letter_verdict(words, detect._cyrillic_priors(words)) is not None
    _text, words = _cyrillic_words(" ".join(_lines("ky")[:12]))
    verdict = detect._letter_verdict(words, detect._cyrillic_priors(words, frozenset(DESK)))
    assert verdict is not None and verdict.language == "ky"


def test_langdetect_is_skipped_only_when_it_could_not_change_the_answer() -> None:
    priors = dict.fromkeys(detect._non_cyrillic_languages(), 1.0)
    skipped = 0
    for text in _lines("en") + _lines("en_headlines"):
        posterior = detect._identifier_posterior(text, priors)
        if detect._langdetect_cannot_change(posterior):
            skipped += 1
            pooled = detect._pool_with_langdetect(text, posterior)
            assert max(pooled, key=pooled.__getitem__) == max(posterior, key=posterior.__getitem__)
    assert skipped >= 5
    assert detect._langdetect_cannot_change({"en": 0.99, "de": 0.01})  # 2 languages: 15 times
    assert not detect._langdetect_cannot_change({"en": 0.9, "de": 0.1})
    many = {"en": 0.99, **{f"l{i}": 0.01 / 99 for i in range(99)}}
    assert not detect._langdetect_cannot_change(many)
    english_first = lambda lang: float(lang == "en")  # noqa: E731
    assert not detect._langdetect_cannot_change({"fi": 0.9999, "en": 0.0001}, english_first)


_PROBE = (
    "import json, sys\n"
    "from newsl10n.detect import detect_language\n"
    "args = json.loads(sys.argv[1])\n"
    "found = [detect_language(t, expect=args['expect']).language for t in args['texts']]\n"
    "loaded = [m for m in ('py3langid', 'langdetect') if m in sys.modules]\n"
    "print(json.dumps({'found': found, 'loaded': loaded}))\n"
)


def _probe(texts: list[str], expect: list[str] | None = None) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps({"texts": texts, "expect": expect})],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


@pytest.mark.slow
def test_models_are_loaded_only_when_the_text_needs_them() -> None:
    kazakh = "Қазақстан үкіметі жаңа заң қабылдады."
    article = " ".join(_lines("ky")[:12])
    assert _probe([kazakh]) == {"found": ["kk"], "loaded": []}
    assert _probe([article], list(DESK)) == {"found": ["ky"], "loaded": []}
    assert _probe(["Sadyr Japarov invites Vladimir Putin to visit Kyrgyzstan"], list(DESK)) == {
        "found": ["en"],
        "loaded": [],
    }
    russian = "Курс доллара на межбанковском рынке снизился до 87,3 сома, сообщил Национальный банк."
    kyrgyz = "Бишкекте жаңы мектептин курулушу быйыл күзүндө аяктайт деп билдирди шаардык мэрия."
    # Letters and function words settle a single sentence among all Cyrillic languages.
    assert _probe([russian, kyrgyz]) == {"found": ["ru", "ky"], "loaded": []}
    assert _probe(["Курс рубля укрепился"]) == {"found": ["ru"], "loaded": ["py3langid"]}
    english = " ".join(_lines("en")[:4])  # long and clear: langdetect could not change it
    assert _probe([english]) == {"found": ["en"], "loaded": ["py3langid"]}
    assert _probe(["Japarov meets Tokayev in Astana"]) == {
        "found": ["en"],
        "loaded": ["py3langid", "langdetect"],
    }


def test_the_py3langid_model_loads_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from py3langid.langid import LanguageIdentifier  # type: ignore[import-untyped]

    calls: list[str] = []
    original = LanguageIdentifier.from_model_file.__func__

    def counting(cls: type, path: str, *args: object, **kwargs: object) -> object:
        calls.append(path)
        return original(cls, path, *args, **kwargs)

    monkeypatch.setattr(LanguageIdentifier, "from_model_file", classmethod(counting))
    monkeypatch.setattr(detect, "_MODELS", {})
    for text in ["Курс рубля укрепился", "Oil prices fell on Monday.", *_lines("ru")[:5]]:
        detect_language(text)
    assert len(calls) == 1


# A declared source that contradicts the text.


def test_check_source_reports_a_confident_contradiction() -> None:
    kyrgyz = "Бишкекте жаңы мектептин курулушу быйыл күзүндө аяктайт деп билдирди шаардык мэрия."
    found = check_source("ru", kyrgyz)
    assert found is not None and found.language == "ky" and found.confidence >= 0.9
    assert check_source("KY", kyrgyz) is None
    assert check_source("ky_KG", kyrgyz, expect=DESK) is None
    english = " ".join(_lines("en")[:3])
    found = check_source("ru", english, expect=DESK)
    assert found is not None and found.language == "en"


def test_check_source_does_not_limit_the_detection_to_languages_the_source_is_not() -> None:
    german = "Die Regierung hat heute ein neues Gesetz über die Pressefreiheit verabschiedet."
    assert detect_language(german, expect=DESK).language == "en"  # the only Latin one expected
    assert check_source("de", german, expect=DESK) is None
    # --from en is one of them: the detection is limited, and English is its only Latin answer.
    assert check_source("en", german, expect=DESK) is None
    russian = "Парламент Кыргызстана ратифицировал соглашение с Россией о совместной системе ПВО."
    found = check_source("ky", russian, expect=DESK)
    assert found is not None and found.language == "ru"


def test_check_source_stays_silent_when_unsure_or_undetermined() -> None:
    assert check_source("en", "12345 !!!") is None
    assert check_source("ru", "Курс доллара снизился") is None  # short: not confident
    assert check_source("en", "Курс доллара снизился", threshold=1.01) is None


LATIN_NEWS = [
    "Die Regierung hat heute ein neues Gesetz über die Pressefreiheit verabschiedet.",
    "Le parlement a adopté mardi une loi sur la liberté de la presse.",
    "El gobierno anunció nuevas medidas contra la inflación este lunes.",
    "Hükümet bugün basın özgürlüğü hakkında yeni bir yasa kabul etti.",
    "Hukumat bugun matbuot erkinligi to'g'risidagi yangi qonunni qabul qildi.",
    "Kant Air Base",
    "Japarov met Tokayev in Astana",
]


@pytest.mark.parametrize("declared", ["en", "ru", "ky", "de", "fr", "es", "tr", "uz", "kk"])
def test_check_source_answers_as_the_full_detection_would(declared: str) -> None:
    # check_source skips langdetect when no vote of it could make a contradiction; the
    # answer must be the one the full detection gives, on every line of the corpus.
    texts = _lines("en") + _lines("en_headlines") + _lines("ru")[:40] + _lines("ky")[:40] + LATIN_NEWS
    for text in texts:
        full = detect_language(text)
        contradicts = full.language not in (UNDETERMINED, declared) and full.confidence >= 0.9
        assert check_source(declared, text) == (full if contradicts else None), (declared, text)


def test_check_source_spares_langdetect_for_a_clear_sentence_in_the_declared_language(monkeypatch) -> None:
    sentence = "The parliament of Kyrgyzstan ratified the agreement on a joint air defence system."
    assert detect.detect_language(sentence).language == "en"

    def not_run(*args: object) -> None:
        raise AssertionError("langdetect ran")

    monkeypatch.setattr(detect, "_pool_with_langdetect", not_run)
    assert check_source("en", sentence) is None
    with pytest.raises(AssertionError, match="langdetect ran"):  # it would have to, to contradict
        check_source("de", sentence)


def test_check_source_rejects_an_unknown_declared_language() -> None:
    with pytest.raises(LanguageError):
        check_source("xx", "Oil prices fell on Monday.")


@pytest.mark.parametrize(
    "text", ["The parliament met on Monday.", "A new road opened in Osh.", "In Bishkek, prices rose."]
)
def test_a_short_sentence_keeps_its_capitalised_opening_function_word(text):
    # "The", "A", "In" are capitalised by position, not names: they are evidence of English
    assert detect_language(text).language == "en"
