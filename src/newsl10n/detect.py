"""Language detection for news text, with Kyrgyz and Kazakh that langdetect lacks.

langdetect has no Kyrgyz and no Kazakh profile: on Kyrgyz news it answers ``ru`` with
p=0.99999. :func:`detect_language` therefore decides in two steps, by the script that
most letters of the text are written in (tokens in other scripts, such as Latin
acronyms in Cyrillic text, URLs and e-mail addresses are dropped first):

**Cyrillic text: letter evidence as priors, py3langid as the likelihood.**
Every Cyrillic candidate language has a known alphabet and most have characteristic
letters:

====  ====================  ==========================================
lang  characteristic        never uses
====  ====================  ==========================================
ky    ң ө ү                 ә ғ қ ұ һ і ў ӣ ӯ ҳ ҷ ...
kk    ә ғ қ ұ һ і           ӣ ӯ ҳ ҷ ў ...
uk    і ї є ґ               ы э ё ъ ң ө ү ...
tg    ӣ ӯ ҳ қ ғ ҷ           ы ц щ ь ң ө ү ...
mn    ө ү                   ң ә қ ғ ...
bg    ъ (mid-word)          ы э ё ...
ru    (none)                any of the above
====  ====================  ==========================================

A language is *ruled out* when more words contain letters outside its alphabet than
names and quotations explain: foreign letters come in by the word, so one such word is
always tolerated, and up to 20 % of the words (ң ө ү occur in about one Kyrgyz word in
seven, ә ғ қ ұ һ і in more than half of Kazakh words, і ї є ґ in a third of Ukrainian
ones, so dense evidence still rules languages out). A language whose characteristic
letters are absent altogether gets the prior
``(1 - r) ** n``: the chance that ``n`` letters of running text hold none of them, with
``r`` a deliberately low estimate of their share. A long text without ә ғ қ ұ һ і is
unlikely to be Kazakh; a three-word headline without ң ө ү may well be Kyrgyz, and
then the model decides. The model is py3langid, a naive Bayes classifier over byte
n-grams that ships its model in its wheel and knows ky, kk, mn, tg, tt, ba, uk, be, bg,
mk, sr, uz and ru: its raw log-scores over the languages not ruled out, divided by the
temperature ``sqrt(bytes)`` that py3langid itself uses to calibrate, plus the log
priors, give the posterior. langdetect takes no part here: of these languages it knows
only ru, uk, bg and mk, and on short Russian headlines it votes for mk or bg.

**Any other script: py3langid and langdetect pooled.** py3langid scores the languages
not written only in Cyrillic, and decides how much mass goes to languages langdetect
has no profile for. langdetect, the base detector, restricted by its prior map to the
same languages and with a fixed seed, ranks *within* the languages it knows: its
probabilities are vote shares of 7 randomised trials, smoothed by one pseudo-vote, and
pooled with py3langid's shares by a normalised geometric mean.

**Long text is sampled.** Language identification needs a few KB, not a whole
article: text longer than :data:`SAMPLE_CHARS` is read in three windows (its beginning,
middle and end, cut at spaces), so a 20 MB file costs what a 4 KB one does and a
quotation in another language at the top of an article does not decide it. Every
pattern run on the text is linear in its length (no pattern can backtrack over a long
token: URLs are found by their literal prefix, e-mail addresses token by token).

Both models are loaded on first use and cached (py3langid's model and langdetect's
profiles load once per process, into a factory this module owns); every langdetect
detector gets the seed itself, so results are deterministic without touching the global
``DetectorFactory.seed``. Text with fewer than :data:`MIN_LETTERS` letters is ``und``
with confidence 0. Lingua was not used: it has no Kyrgyz (nor Tajik) model.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsl10n.errors import InputError

__all__ = ["MIN_LETTERS", "UNDETERMINED", "Detection", "detect_language"]

logger = logging.getLogger(__name__)

UNDETERMINED = "und"
"""The language code of a text whose language cannot be determined."""

MIN_LETTERS = 4
"""Texts with fewer letters than this are ``und``."""

SAMPLE_CHARS = 4500
"""At most this many characters of a text are read: three windows of a third each."""

_CUT_SLACK = 200
"""How far a window's edge may move to fall on whitespace instead of inside a word."""

MAX_CANDIDATES = 5
_MIN_CANDIDATE_P = 1e-4
_LANGDETECT_SEED = 0
# Share of words with out-of-alphabet letters tolerated (names, quotations).
_STRAY_WORDS = 0.2

_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_ALPHABETS: dict[str, frozenset[str]] = {
    "ru": frozenset(_RU),
    "uk": frozenset("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"),
    "be": frozenset("абвгдеёжзійклмнопрстуўфхцчшыьэюя"),
    "bg": frozenset("абвгдежзийклмнопрстуфхцчшщъьюя"),
    "mk": frozenset("абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
    "sr": frozenset("абвгдђежзијклљмнњопрстћуфхцчџш"),
    "kk": frozenset(_RU + "әғқңөұүһі"),
    "ky": frozenset(_RU + "ңөү"),
    "mn": frozenset(_RU + "өү"),
    "tg": frozenset("абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя"),
    "tt": frozenset(_RU + "әөүҗңһ"),
    "ba": frozenset(_RU + "әөүғҡңҙҫһ"),
    "uz": frozenset("абвгдеёжзийклмнопрстуфхцчшъьэюяўқғҳ"),
}
"""Lower-case Cyrillic alphabet of each language written in Cyrillic."""

_MARKERS: dict[str, tuple[frozenset[str], float]] = {
    "ky": (frozenset("ңөү"), 0.03),
    "kk": (frozenset("әғқұһі"), 0.05),
    "uk": (frozenset("іїєґ"), 0.04),
    "be": (frozenset("іў"), 0.05),
    "tg": (frozenset("ӣӯҳқғҷ"), 0.03),
    "mn": (frozenset("өү"), 0.03),
    "tt": (frozenset("әөүҗңһ"), 0.04),
    "ba": (frozenset("әөүғҡңҙҫһ"), 0.05),
    "uz": (frozenset("ўқғҳ"), 0.02),
    "bg": (frozenset("ъ"), 0.01),
    "mk": (frozenset("ѓѕјљњќџ"), 0.02),
    "sr": (frozenset("ђјљњћџ"), 0.02),
}
"""Characteristic letters of a language and about half their usual share of its letters."""

_CYRILLIC_HOMOGLYPHS = str.maketrans("ѳѲҥҤӊӉɵƟ", "өӨңҢңҢөӨ")
"""Look-alikes of Kyrgyz letters found in older web text (fita, en-ghe, barred o)."""

# Linear by construction: every match starts with a literal and runs to the next space,
# so a failed attempt costs O(1) per position. (``\S+@\S+\.\w+`` was quadratic in the
# length of a token without spaces: 200 KB took 120 s.)
_URL = re.compile(r"(?:https?://|www\.)\S*", re.IGNORECASE)
_TOKEN = re.compile(r"\S+")
_DOT_WORD = re.compile(r"\.\w")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Detection:
    """The language of a text, as decided by :func:`detect_language`.

    Attributes:
        language: ISO 639-1 code of the most likely language, or ``"und"``.
        confidence: Probability of ``language``, between 0 and 1.
        candidates: Up to five ``(code, probability)`` pairs, most likely first.
    """

    language: str
    confidence: float
    candidates: tuple[tuple[str, float], ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the detection as plain JSON-ready data."""
        return {
            "language": self.language,
            "confidence": round(self.confidence, 4),
            "candidates": [{"language": code, "confidence": round(p, 4)} for code, p in self.candidates],
        }


def detect_language(text: str) -> Detection:
    """Detect the language of a news text: a headline, a sentence or a whole article.

    Args:
        text: The text. Empty text, or text with fewer than :data:`MIN_LETTERS`
            letters, is ``und`` with confidence 0.

    Returns:
        The most likely language with its probability and the ranked candidates.

    Raises:
        InputError: ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise InputError(f"expected text as str, got {type(text).__name__}")
    text = unicodedata.normalize("NFC", _drop_urls_and_mail(_sample(text)))
    script = _dominant_script(text)
    if script is None:
        return Detection(UNDETERMINED, 0.0, ())
    if script == "CYRILLIC":
        text = text.translate(_CYRILLIC_HOMOGLYPHS)
    text = _keep_script(text, script)
    if script == "CYRILLIC":
        words = ["".join(ch for ch in tok.lower() if ch.isalpha()) for tok in text.split()]
        return _to_detection(_identifier_posterior(text, _cyrillic_priors(words)))
    priors = dict.fromkeys(_non_cyrillic_languages(), 1.0)
    posterior = _pool_with_langdetect(text, _identifier_posterior(text, priors))
    return _to_detection(posterior)


def _sample(text: str) -> str:
    """Return ``text``, or for a long one its beginning, middle and end (cut at spaces)."""
    if len(text) <= SAMPLE_CHARS:
        return text
    width = SAMPLE_CHARS // 3
    starts = (0, (len(text) - width) // 2, len(text) - width)
    return "\n".join(_window(text, start, start + width) for start in starts)


def _window(text: str, start: int, end: int) -> str:
    """``text[start:end]``, each edge moved inwards onto whitespace when one is near."""
    if start > 0:
        space = _SPACE.search(text, start, min(end, start + _CUT_SLACK))
        start = space.end() if space else start
    if end < len(text):
        head = text[max(start, end - _CUT_SLACK) : end]
        spaces = [m.start() for m in _SPACE.finditer(head)]
        end = end - len(head) + spaces[-1] if spaces else end
    return text[start:end]


def _drop_urls_and_mail(text: str) -> str:
    """Replace URLs and e-mail addresses by a space; linear in the length of ``text``."""
    return _TOKEN.sub(_unless_mail, _URL.sub(" ", text))


def _unless_mail(match: re.Match[str]) -> str:
    """A whitespace-free token, or a space if it is an e-mail address (``x@y.z``)."""
    token = match.group()
    at = token.find("@")
    if at > 0 and _DOT_WORD.search(token, at + 2):
        return " "
    return token


@lru_cache(maxsize=4096)
def _script_of(ch: str) -> str:
    """Return the Unicode script word of a letter (``CYRILLIC``, ``LATIN``, ``CJK``...)."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def _dominant_script(text: str) -> str | None:
    """Return the script most letters of ``text`` are in; None if it has too few."""
    scripts = Counter(_script_of(ch) for ch in text if ch.isalpha())
    if not scripts:
        return None
    (script, count), *_ = sorted(scripts.items(), key=lambda kv: (-kv[1], kv[0]))
    return script if count >= MIN_LETTERS else None


def _keep_script(text: str, script: str) -> str:
    """Drop the tokens that hold no letter of ``script`` (acronyms, foreign names)."""
    tokens = [tok for tok in text.split() if any(_script_of(ch) == script for ch in tok if ch.isalpha())]
    return " ".join(tokens)


def _cyrillic_priors(words: list[str]) -> dict[str, float]:
    """Turn the letters of a Cyrillic text into priors over Cyrillic languages.

    Args:
        words: The lower-case letters of each word of the text.

    Returns:
        Prior weight of each language not ruled out by its alphabet; all languages
        with weight 1 if the letters rule out every one of them (mixed text).
    """
    letters = Counter(ch for word in words for ch in word)
    total = sum(letters.values())
    tolerance = max(1.0, _STRAY_WORDS * len(words))
    priors: dict[str, float] = {}
    for lang, alphabet in _ALPHABETS.items():
        stray = sum(1 for word in words if not alphabet.issuperset(word))
        if stray > tolerance:
            continue
        markers, rate = _MARKERS.get(lang, (frozenset(), 0.0))
        absent = bool(markers) and not any(letters[ch] for ch in markers)
        priors[lang] = (1.0 - rate) ** total if absent else 1.0
    if not priors:
        logger.debug("letters rule out every Cyrillic language; using flat priors")
        return dict.fromkeys(_ALPHABETS, 1.0)
    logger.debug("letter priors: %s", priors)
    return priors


@lru_cache(maxsize=1)
def _non_cyrillic_languages() -> tuple[str, ...]:
    """Return py3langid's ISO 639-1 languages that are not written only in Cyrillic."""
    cyrillic_only = set(_ALPHABETS) - {"sr", "uz"}
    return tuple(lang for lang in _identifier().labels if len(lang) == 2 and lang not in cyrillic_only)


def _identifier_posterior(text: str, priors: dict[str, float]) -> dict[str, float]:
    """Combine py3langid's scores with the priors into a posterior over the priors' keys."""
    raw = dict(_identifier().rank(text))
    temperature = math.sqrt(len(text.encode("utf-8")) or 1)
    logits = {
        lang: raw[lang] / temperature + math.log(prior)
        for lang, prior in priors.items()
        if lang in raw and prior > 0.0
    }
    return _softmax(logits)


def _pool_with_langdetect(text: str, posterior: dict[str, float]) -> dict[str, float]:
    """Re-rank the languages langdetect knows by pooling both detectors' opinions.

    The mass the posterior gives to the group of languages langdetect has profiles for
    is kept; inside the group the share of each language becomes the normalised
    geometric mean of its py3langid share and its (smoothed) langdetect vote share.
    """
    shared = {lang: p for lang, p in posterior.items() if lang in _langdetect_languages()}
    mass = sum(shared.values())
    if mass <= 0.0:
        return posterior
    votes = _langdetect_votes(text, list(shared))
    if not votes:
        return posterior
    pooled = {lang: math.sqrt(p / mass * votes[lang]) for lang, p in shared.items()}
    norm = sum(pooled.values())
    merged = dict(posterior)
    merged.update({lang: mass * w / norm for lang, w in pooled.items()})
    return merged


def _langdetect_votes(text: str, languages: list[str]) -> dict[str, float]:
    """Run a freshly seeded langdetect detector restricted to ``languages``.

    langdetect's probabilities are the average of ``n_trial`` (7) randomised runs that
    each converge on one language, so they are vote shares; one pseudo-vote spread
    over all ``languages`` keeps a language no run chose from being impossible.

    Returns:
        The smoothed vote share of each of ``languages``; empty when langdetect finds
        no features in the text.
    """
    from langdetect.lang_detect_exception import LangDetectException

    detector = _langdetect_factory().create()
    detector.seed = _LANGDETECT_SEED
    detector.set_prior_map({code: 1.0 for code in _langdetect_codes(languages)})
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException as exc:
        logger.debug("langdetect gave no answer: %s", exc)
        return {}
    trials = detector.n_trial
    votes = dict.fromkeys(languages, 1.0 / len(languages))
    for item in found:
        code = item.lang.split("-")[0]
        if code in votes:
            votes[code] += trials * item.prob
    return {code: v / (trials + 1) for code, v in votes.items()}


def _langdetect_codes(languages: list[str]) -> list[str]:
    """Map ISO 639-1 codes to langdetect profile names (``zh`` is ``zh-cn``/``zh-tw``)."""
    wanted = set(languages)
    return [name for name in _langdetect_factory().get_lang_list() if name.split("-")[0] in wanted]


def _softmax(logits: dict[str, float]) -> dict[str, float]:
    """Normalise log-weights into probabilities."""
    if not logits:
        return {}
    top = max(logits.values())
    weights = {lang: math.exp(v - top) for lang, v in logits.items()}
    norm = sum(weights.values())
    return {lang: w / norm for lang, w in weights.items()}


def _to_detection(posterior: dict[str, float]) -> Detection:
    """Rank a posterior into a :class:`Detection`."""
    ranked = sorted(posterior.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked:
        return Detection(UNDETERMINED, 0.0, ())
    best = [(lang, min(1.0, max(0.0, p))) for lang, p in ranked[:MAX_CANDIDATES]]
    candidates = tuple(best[:1] + [c for c in best[1:] if c[1] >= _MIN_CANDIDATE_P])
    return Detection(candidates[0][0], candidates[0][1], candidates)


_LOCK = threading.Lock()
_MODELS: dict[str, Any] = {}


def _identifier() -> Any:
    """Return the py3langid identifier, loading its model on first use."""
    with _LOCK:
        if "py3langid" not in _MODELS:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            logger.debug("loading py3langid model")
            _MODELS["py3langid"] = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
        return _MODELS["py3langid"]


def _langdetect_factory() -> Any:
    """Return this module's own langdetect factory, loading its profiles on first use."""
    with _LOCK:
        if "langdetect" not in _MODELS:
            from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

            logger.debug("loading langdetect profiles")
            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            _MODELS["langdetect"] = factory
        return _MODELS["langdetect"]


@lru_cache(maxsize=1)
def _langdetect_languages() -> frozenset[str]:
    """Return the ISO 639-1 codes langdetect has profiles for."""
    return frozenset(name.split("-")[0] for name in _langdetect_factory().get_lang_list())
