"""Language detection for news text, with Kyrgyz and Kazakh that langdetect lacks.

:func:`detect_language` decides by the script most letters are written in. Cyrillic text:
the letters each language can and cannot spell, and its function words, decide alone when
they are decisive (:func:`_letter_verdict`); otherwise they are priors for py3langid's
likelihood. Any other script: py3langid and langdetect pooled (a normalised geometric mean;
langdetect only runs when it could change the answer, :func:`_langdetect_cannot_change`).
Short Latin lines are weighted towards widely used languages; long text is read in three
windows of :data:`SAMPLE_CHARS`; each model is loaded once per process, on first use.
:func:`check_source` tells when a declared source language contradicts a confident
detection, running langdetect only when it could (:func:`_cannot_contradict`).

The design, with the alphabets table and the reasons for each rule, is in
``docs/detection.md``.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsl10n.cyrillic import ALPHABETS, MARKERS, WORD_FEATURES, function_word_logs
from newsl10n.errors import InputError, LanguageError
from newsl10n.i18n import _

__all__ = [
    "MIN_LETTERS",
    "UNDETERMINED",
    "Detection",
    "check_source",
    "detect_language",
    "expected_languages",
]

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
_LANGDETECT_TRIALS = 7
"""langdetect's ``n_trial``, the number of randomised runs whose votes it averages."""
# Share of words with out-of-alphabet letters tolerated (names, quotations).
_STRAY_WORDS = 0.2

_STRAY_ODDS = 0.02
"""Letter verdict: the chance that a word of running text is spelled with letters its
language lacks (a foreign name or quotation); each such word multiplies by it."""

DECISIVE = 0.95
"""Share of the letter and word weight one language must hold to decide without a model.
(On the labelled sentences of ``tests/data/langid``, no verdict above 0.9 is wrong.)"""

SHORT_LETTERS = 96
"""Latin-script text with fewer letters of evidence is weighted towards widely used languages."""

_MIN_EVIDENCE = 8
"""Fewer letters than this in the non-capitalised words: read the whole text instead."""

_FULL_PRIOR_LETTERS = 24
"""Up to this many letters of evidence the commonness prior has its full strength."""

_WIDE = frozenset(("es", "fr", "de", "pt", "it", "id", "ms", "tr", "vi", "pl", "ro", "nl", "sw", "tl"))
_WIDE |= {"uz", "az", "tk", "ha", "yo", "cs", "hu", "sv"}
"""Latin-script languages with many readers (tens of millions) or spoken in the region
(uz, az, tk); with English they are the likely answers for a short line of names."""

_COMMONNESS = {"en": 1.0, "wide": 0.05, "other": 0.01}

_IDENTIFIER_LANGUAGES = frozenset(
    re.findall(
        "..",
        "afamanarasazbabebgbnbrbscacscydadedzeleneoeseteufafifofrfygagdglguhahehi"
        "hrhthuhyidigisitjajvkakkkmknkokukylalblglnloltlvmgmkmlmnmrmsmtmynenlnnno"
        "ocomorpaplpsptqurorurwsasesiskslsnsosqsrstsvswtatetgthtktltrttugukuruzvi"
        "vowaxhyozhzu",
    )
)
"""py3langid's ISO 639-1 languages, stated here so that ``expect`` is checked without
loading its model (a test compares it with the model's labels)."""

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


def detect_language(text: str, expect: Iterable[str] | None = None) -> Detection:
    """Detect the language of a news text: a headline, a sentence or a whole article.

    Args:
        text: The text. Empty text, or text with fewer than :data:`MIN_LETTERS`
            letters, is ``und`` with confidence 0.
        expect: If given, the only languages the answer may be (``("en", "ru", "ky")``);
            a text in a script none of them is written in is ``und``.

    Returns:
        The most likely language with its probability and the ranked candidates.

    Raises:
        InputError: ``text`` is not a ``str``.
        LanguageError: A code in ``expect`` is unknown, or no detector knows it.
    """
    allowed = expected_languages(expect) if expect is not None else None
    found = _detection(text, allowed)
    return found if isinstance(found, Detection) else found.pooled()


def _detection(text: str, allowed: frozenset[str] | None) -> Detection | _Unpooled:
    """:func:`detect_language` up to pooling with langdetect, which only the caller runs.

    Returns:
        The detection, or an :class:`_Unpooled` one when langdetect (the slow part) could
        still change its leader.

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
        return _cyrillic(text, allowed)
    return _non_cyrillic(text, script, allowed)


def _cyrillic(text: str, allowed: frozenset[str] | None) -> Detection:
    """The detection of a text mostly in Cyrillic: letters first, then py3langid."""
    text = _keep_script(text.translate(_CYRILLIC_HOMOGLYPHS), "CYRILLIC")
    words = ["".join(ch for ch in tok.lower() if ch.isalpha()) for tok in text.split()]
    priors = _cyrillic_priors(words, allowed)
    if len(priors) <= 1:
        return _to_detection(dict.fromkeys(priors, 1.0))
    verdict = _letter_verdict(words, priors)
    if verdict is not None:
        return verdict
    return _to_detection(_identifier_posterior(text, priors))


@dataclass(frozen=True)
class _Unpooled:
    """A detection langdetect could still change: py3langid's posterior, before pooling.

    Attributes:
        evidence: The text langdetect would read.
        posterior: py3langid's posterior over the candidate languages.
        weights: The commonness weights of a short Latin text, else ``None``.
    """

    evidence: str
    posterior: dict[str, float]
    weights: Any

    def pooled(self) -> Detection:
        """The detection, with langdetect's opinion pooled in."""
        return _weighted(_pool_with_langdetect(self.evidence, self.posterior), self.weights)


def _non_cyrillic(text: str, script: str, allowed: frozenset[str] | None) -> Detection | _Unpooled:
    """:func:`_detection` for a text mostly in a script other than Cyrillic."""
    text = _keep_script(text, script)
    languages = _non_cyrillic_languages()
    priors = {lang: 1.0 for lang in languages if allowed is None or lang in allowed}
    if len(priors) <= 1:
        return _to_detection(dict.fromkeys(priors, 1.0))
    evidence, weights = _latin_evidence(text) if script == "LATIN" else (text, None)
    posterior = _identifier_posterior(evidence, priors)
    if _langdetect_cannot_change(posterior, weights):
        return _weighted(posterior, weights)
    return _Unpooled(evidence, posterior, weights)


def _weighted(posterior: dict[str, float], weights: Any) -> Detection:
    """The detection of ``posterior`` once the commonness ``weights`` (if any) apply."""
    if weights is not None:
        posterior = _normalise({lang: p * weights(lang) for lang, p in posterior.items()})
    return _to_detection(posterior)


def expected_languages(codes: Iterable[str]) -> frozenset[str]:
    """Validate the languages a detection may answer.

    Args:
        codes: Language codes; each may also be a comma list (``["en,ru", "ky"]``).

    Returns:
        The normalised codes.

    Raises:
        LanguageError: A code is unknown, no detector knows it, or none is given.
    """
    from newsl10n.languages import normalize_language

    if isinstance(codes, str):
        codes = [codes]
    found: set[str] = set()
    for value in codes:
        for part in value.split(","):
            if not part.strip():
                continue
            code = normalize_language(part)
            if code not in _IDENTIFIER_LANGUAGES:
                raise LanguageError(part, _("language {code!r} cannot be detected").format(code=part.strip()))
            found.add(code)
    if not found:
        raise LanguageError("", _("no expected language given"))
    return frozenset(found)


def check_source(
    declared: str,
    text: str,
    *,
    expect: Iterable[str] | None = None,
    threshold: float = 0.9,
) -> Detection | None:
    """Tell whether a declared source language contradicts a confident detection.

    For ``translate --from X``: the command line warns when this returns a detection.

    Args:
        declared: The source language the user gave (any form
            :func:`~newsl10n.languages.normalize_language` accepts).
        text: The source text.
        expect: Passed to :func:`detect_language`, unless ``declared`` is not one of
            them: then the detection is not limited.
        threshold: The confidence a detection must reach to contradict ``declared``.

    Returns:
        The detection when it names another language with at least ``threshold``
        confidence; ``None`` when it agrees, is unsure, or the text is undetermined.

    Raises:
        LanguageError: ``declared`` or a code in ``expect`` is unknown.
        InputError: ``text`` is not a ``str``.
    """
    from newsl10n.languages import normalize_language

    code = normalize_language(declared)
    allowed = expected_languages(expect) if expect is not None else None
    # Confidence within the expected languages says nothing against one outside them.
    found = _detection(text, allowed if allowed is None or code in allowed else None)
    if isinstance(found, _Unpooled):
        if _cannot_contradict(found, code, threshold):
            return None
        found = found.pooled()
    if found.language in (UNDETERMINED, code) or found.confidence < threshold:
        return None
    return found


def _cannot_contradict(unpooled: _Unpooled, declared: str, threshold: float) -> bool:
    """Whether, whatever langdetect votes, no language but ``declared`` reaches ``threshold``.

    Pooling gives a language of langdetect's group the share ``sqrt(q * v)``, normalised, for
    its py3langid share ``q`` within the group and its smoothed vote share ``v``, which lies
    between ``vmin = 1 / n / (t + 1)`` and ``vmax = (t + 1 / n) / (t + 1)``
    (:func:`_langdetect_cannot_change`). A language's pooled probability is therefore at most
    its value with ``vmax`` for itself and ``vmin`` for the others, and at least the reverse;
    the commonness weights then apply to these bounds. A bound, not a guess: when this says
    ``True``, the full detection does not contradict ``declared`` either, and langdetect (5 ms
    for a news sentence) need not run.
    """
    posterior = unpooled.posterior
    shared = {lang: p for lang, p in posterior.items() if lang in _langdetect_languages()}
    mass, count = sum(shared.values()), len(shared)
    if mass <= 0.0:
        return False
    trials = _LANGDETECT_TRIALS
    most, least = math.sqrt((trials + 1.0 / count) / (trials + 1)), math.sqrt(1.0 / count / (trials + 1))
    roots = {lang: math.sqrt(p / mass) for lang, p in shared.items()}
    total = sum(roots.values())
    high, low = dict(posterior), dict(posterior)
    for lang, root in roots.items():
        high[lang] = mass * root * most / (root * most + (total - root) * least)
        low[lang] = mass * root * least / (root * least + (total - root) * most)
    weights = unpooled.weights
    weight = {lang: 1.0 if weights is None else float(weights(lang)) for lang in posterior}
    low_total = sum(p * weight[lang] for lang, p in low.items())
    for lang, p in high.items():
        top = p * weight[lang]
        rest = low_total - low[lang] * weight[lang]
        if lang != declared and top > 0.0 and top >= threshold * (top + rest):
            return False
    return True


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


def _cyrillic_priors(words: list[str], allowed: frozenset[str] | None = None) -> dict[str, float]:
    """Turn the letters of a Cyrillic text into priors over Cyrillic languages.

    Args:
        words: The lower-case letters of each word of the text.
        allowed: If given, the only languages considered.

    Returns:
        Prior weight of each language not ruled out by its alphabet; all languages
        with weight 1 if the letters rule out every one of them (mixed text).
    """
    alphabets = {k: v for k, v in ALPHABETS.items() if allowed is None or k in allowed}
    letters = Counter(ch for word in words for ch in word)
    total = sum(letters.values())
    tolerance = max(1.0, _STRAY_WORDS * len(words))
    priors: dict[str, float] = {}
    for lang, alphabet in alphabets.items():
        stray = sum(1 for word in words if not alphabet.issuperset(word))
        if stray > tolerance:
            continue
        markers, rate = MARKERS.get(lang, (frozenset(), 0.0))
        absent = bool(markers) and not any(letters[ch] for ch in markers)
        priors[lang] = (1.0 - rate) ** total if absent else 1.0
    if not priors:
        logger.debug("letters rule out every Cyrillic language; using flat priors")
        return dict.fromkeys(alphabets, 1.0)
    logger.debug("letter priors: %s", priors)
    return priors


def _letter_verdict(words: list[str], priors: dict[str, float]) -> Detection | None:
    """Decide a Cyrillic text by its letters alone, when they are decisive.

    Each language not ruled out by :func:`_cyrillic_priors` gets the likelihood of the
    text's words under :data:`WORD_FEATURES`, times :data:`_STRAY_ODDS` for each word
    it cannot spell, times the likelihood of its function words and of its е э ь words
    (:func:`newsl10n.cyrillic.function_word_logs`). Languages that do not appear in
    :data:`~newsl10n.cyrillic.WORD_FEATURES` are not favoured by it: their words all count
    as ordinary there.

    Returns:
        The detection when one language holds :data:`DECISIVE` of the weight, else None.
    """
    logs = function_word_logs(words, priors)
    strays: dict[str, int] = {}
    for lang in priors:
        alphabet = ALPHABETS[lang]
        strays[lang] = sum(1 for word in words if not alphabet.issuperset(word))
        log = math.log(_STRAY_ODDS) * strays[lang]
        for letters, share in WORD_FEATURES.get(lang, ()):
            holding = sum(1 for word in words if not letters.isdisjoint(word))
            log += holding * math.log(share) + (len(words) - holding) * math.log(1.0 - share)
        logs[lang] += log
    posterior = _softmax(logs)
    if not posterior:
        return None
    leader = max(posterior, key=posterior.__getitem__)
    # A leader its alphabet rules out (mixed text, or none of ``expect`` fits) is no verdict.
    if posterior[leader] < DECISIVE or strays[leader] > max(1.0, _STRAY_WORDS * len(words)):
        return None
    logger.debug("letters decide: %s", posterior)
    return _to_detection(posterior)


def _latin_evidence(text: str) -> tuple[str, Any]:
    """The part of a Latin-script text that is evidence, and the commonness weights.

    Short text: the words that do not start with a capital (names carry no language),
    and a function giving each language's weight (:data:`_COMMONNESS` raised to a power
    that falls with the letters of evidence). Long text: itself and None.
    """
    letters = sum(1 for ch in text if ch.isalpha())
    if letters >= SHORT_LETTERS:
        return text, None
    tokens = text.split()
    lower = [
        tok
        for index, tok in enumerate(tokens)
        if (first := _first_letter(tok))
        and (first.islower() or _function_word_opening(tok, tokens[index - 1] if index else None))
    ]
    evidence = " ".join(lower)
    count = sum(1 for ch in evidence if ch.isalpha())
    if count < _MIN_EVIDENCE:
        evidence, count = text, letters
    span = SHORT_LETTERS - _FULL_PRIOR_LETTERS
    strength = min(1.0, max(0.0, (SHORT_LETTERS - count) / span))
    logger.debug("short Latin text: evidence %r, prior strength %.2f", evidence, strength)

    tiers = {tier: float(value**strength) for tier, value in _COMMONNESS.items()}

    def weight(lang: str) -> float:
        return tiers["en" if lang == "en" else "wide" if lang in _WIDE else "other"]

    return evidence, weight


def _function_word_opening(token: str, previous: str | None) -> bool:
    """A short word opening a sentence (``The``, ``In``, ``A``): capitalised by position,
    not a name, and telling of the language."""
    opens = previous is None or previous.endswith((".", "!", "?", ":"))
    letters = [ch for ch in token if ch.isalpha()]
    acronym = len(letters) > 1 and all(ch.isupper() for ch in letters)
    return opens and len(letters) <= 3 and not acronym


def _first_letter(token: str) -> str:
    """The first letter of ``token``, or ``""``."""
    return next((ch for ch in token if ch.isalpha()), "")


@lru_cache(maxsize=1)
def _non_cyrillic_languages() -> tuple[str, ...]:
    """Return py3langid's ISO 639-1 languages that are not written only in Cyrillic."""
    cyrillic_only = set(ALPHABETS) - {"sr", "uz"}
    return tuple(sorted(_IDENTIFIER_LANGUAGES - cyrillic_only))


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


def _langdetect_cannot_change(posterior: dict[str, float], weights: Any = None) -> bool:
    """Whether pooling with langdetect is certain to keep the leader of ``posterior``.

    A smoothed vote share lies between ``1 / n / (t + 1)`` and ``(t + 1 / n) / (t + 1)``
    for ``n`` languages and ``t`` trials, so two shares differ at most ``1 + t * n`` times;
    the geometric mean cannot overturn a leader that many times likelier than all the
    rest together. Commonness ``weights`` applied after pooling cannot either, if the
    leader has the highest weight. langdetect then only moves confidences, and is not
    loaded.
    """
    if not posterior:
        return True
    leader = max(posterior, key=posterior.__getitem__)
    if weights is not None and weights(leader) < max(weights(lang) for lang in posterior):
        return False
    ratio = 1.0 + _LANGDETECT_TRIALS * len(posterior)
    return posterior[leader] > ratio / (ratio + 1.0)


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


def _normalise(weights: dict[str, float]) -> dict[str, float]:
    """Scale non-negative weights to sum to 1 (empty if they sum to 0)."""
    total = sum(weights.values())
    return {lang: w / total for lang, w in weights.items()} if total > 0.0 else {}


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
