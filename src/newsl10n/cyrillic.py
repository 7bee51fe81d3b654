"""What the letters and the commonest words of each Cyrillic-script language look like.

:mod:`newsl10n.detect` weighs a Cyrillic text by these tables before it loads a model:
the alphabet of each language (a word it cannot spell is evidence against it), its
characteristic letters, how often its words hold е, э and ь, and its function words
(``и в на`` in Russian, ``жана менен деп`` in Kyrgyz, ``нь юм байна`` in Mongolian...).

The function words of a language are a closed set with a known share of its running
words, so they make a unigram model over a partition of the words: a listed word of the
language has its share, a function word of *another* language is a content word here and
has :data:`FOREIGN_FUNCTION_WORD` at most, and every other word shares what is left. The
shares are deliberately low, rounded estimates from general frequency lists (not from
the test set): a word then weighs less than it could, never more.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = [
    "ALPHABETS",
    "FOREIGN_FUNCTION_WORD",
    "FUNCTION_WORDS",
    "LETTER_SHARES",
    "MARKERS",
    "WORD_FEATURES",
    "function_word_logs",
]

_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
ALPHABETS: dict[str, frozenset[str]] = {
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

MARKERS: dict[str, tuple[frozenset[str], float]] = {
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

_TURKIC = (frozenset("ңөү"), 0.06)
WORD_FEATURES: dict[str, tuple[tuple[frozenset[str], float], ...]] = {
    "ky": (_TURKIC,),
    "mn": ((frozenset("өү"), 0.06),),
    "kk": (_TURKIC, (frozenset("әғқұһі"), 0.3)),
    "tt": (_TURKIC, (frozenset("әҗһ"), 0.3)),
    "ba": (_TURKIC, (frozenset("әғҡҙҫһ"), 0.3)),
    "uk": ((frozenset("іїєґ"), 0.25),),
    "be": ((frozenset("іў"), 0.25),),
    "tg": ((frozenset("ӣӯҳқғҷ"), 0.2),),
    "uz": ((frozenset("ўқғҳ"), 0.1),),
    "mk": ((frozenset("ѓѕјљњќџ"), 0.1),),
    "sr": ((frozenset("ђјљњћџ"), 0.1),),
}
"""Groups of letters beyond Russian and a low estimate of the share of a language's words
that hold one (ң ө ү: well under one Kyrgyz word in seven). A text of ``n`` words, ``k`` of
them with such a letter, has likelihood ``share ** k * (1 - share) ** (n - k)`` under that
language; shared groups (ң ө ү in ky, kk, tt, ba) cancel between languages, distinctive
ones (ә in kk, tt, ba) weigh against a language when missing."""


LETTER_SHARES: dict[str, dict[str, float]] = {
    "е": {"ru": 0.3, "uk": 0.3, "be": 0.2, "bg": 0.3, "mk": 0.3, "sr": 0.3, "kk": 0.3, "ky": 0.25}
    | {"mn": 0.08, "tg": 0.2, "tt": 0.25, "ba": 0.2, "uz": 0.2},
    "э": {"ru": 0.03, "be": 0.12, "kk": 0.04, "ky": 0.06, "mn": 0.2, "tg": 0.04, "tt": 0.04}
    | {"ba": 0.04, "uz": 0.06},
    "ь": {"ru": 0.1, "uk": 0.08, "be": 0.08, "bg": 0.03, "mn": 0.08, "ky": 0.02, "kk": 0.02}
    | {"tt": 0.03, "ba": 0.03, "uz": 0.03},
}
"""Letters every candidate may use but at different rates, and the share of each
language's words that hold the letter, pulled towards the middle so that the estimates
cannot overstate: Mongolian writes /e/ as э and uses ь often, Kyrgyz writes е and uses ь
in Russian loans only. A language that lacks the letter is missing here: its alphabet
already counts such a word as stray."""


def _shares(spec: str) -> dict[str, float]:
    """Parse ``"word:permille word:permille ..."`` into shares of running words."""
    pairs = (item.split(":") for item in spec.split())
    return {word: int(permille) / 1000 for word, permille in pairs}


FUNCTION_WORDS: dict[str, dict[str, float]] = {
    "ru": _shares(
        "и:25 в:20 на:15 не:8 что:6 с:6 по:6 о:2 к:3 из:3 за:3 от:3 для:2 до:2 как:2 а:2 но:1"
        " это:2 также:1 его:1 при:1 у:1 года:1 был:1 была:1 были:1 он:1 уже:1 после:1 об:1"
        " со:1 во:1 который:1 которые:1 более:1 или:1 так:1 все:1 их:1 ее:1 её:1"
    ),
    "ky": _shares(
        "жана:10 менен:6 деп:5 бул:4 үчүн:3 да:3 ал:3 анын:2 боюнча:2 болуп:2 эле:1 эмес:1"
        " бир:3 деген:1 тарабынан:1 дагы:1 бар:1 жок:1 ошондой:1 кийин:1 чейин:1 болот:1"
        " болгон:1 тууралуу:1 ушул:1 азыр:1 дейт:1 керек:1 же:1 де:1 бүгүн:1 ар:1 быйыл:1"
    ),
    "kk": _shares(
        "және:10 мен:5 деп:4 бұл:4 үшін:3 да:3 де:2 ол:3 оның:2 бойынша:2 бір:3 болып:2"
        " емес:1 туралы:1 тарапынан:1 қазір:1 сондайақ:1 кейін:1 дейін:1 жылы:1 бар:1 жоқ:1"
    ),
    "mn": _shares(
        "нь:12 юм:3 бол:3 болон:4 энэ:4 тэр:1 байна:5 байгаа:2 гэж:2 гэсэн:2 онд:2 улсын:2"
        " их:2 бөгөөд:1 ба:2 байсан:2 мөн:2 буюу:1 бүх:1 дээр:1 хүртэл:1 оны:2 хийх:1"
    ),
    "tt": _shares(
        "һәм:8 белән:5 бу:4 да:2 дә:2 өчен:3 дип:3 ул:3 бер:3 буенча:1 инде:1 шул:1 аның:1"
        " иде:1 булган:1 түгел:1 ә:1 та:1 тә:1 генә:1 кебек:1"
    ),
    "ba": _shares(
        "һәм:7 менән:5 был:4 өсөн:3 тип:3 ул:3 бер:3 буйынса:1 да:2 лә:1 ла:1 булған:1"
        " уның:1 әммә:1 ине:1 тә:1 та:1 генә:1 кеүек:1"
    ),
    "uk": _shares(
        "і:8 в:8 у:8 на:12 з:6 що:6 не:8 до:5 за:3 та:6 й:2 від:3 по:2 як:2 це:2 також:1"
        " його:1 для:2 про:2 а:1 але:1 при:1 року:1 який:1 які:1 вже:1 із:1"
    ),
    "be": _shares(
        "і:12 у:12 на:12 з:6 не:6 што:5 да:4 па:3 ад:3 для:2 гэта:2 як:2 а:2 але:1 таксама:1"
        " яго:1 пра:1 ці:1 пры:1 які:1 ужо:1"
    ),
    "bg": _shares(
        "и:15 на:20 за:10 от:6 да:8 се:8 в:8 с:4 е:8 не:5 са:4 по:3 че:4 ще:3 до:2 при:1"
        " като:2 това:2 след:1 които:1 който:1 която:1 но:1 а:1 във:1 със:1 или:1 към:2 бе:1"
    ),
    "mk": _shares(
        "и:15 на:20 за:8 од:8 да:8 се:8 во:8 со:4 е:6 не:5 што:4 ќе:2 по:3 до:2 кои:1 која:1"
        " кој:1 ги:2 го:2 тоа:2 но:1 а:1 или:1 при:1 како:2 после:1 меѓу:1"
    ),
    "sr": _shares(
        "и:20 у:12 на:10 да:12 је:12 се:8 за:6 са:4 од:6 не:5 су:5 по:3 што:2 из:2 ће:2 до:2"
        " као:2 а:2 али:1 који:2 која:1 које:1 или:1 то:2 према:1 након:1 године:1"
    ),
    "tg": _shares(
        "ва:20 дар:12 ба:12 аз:10 бо:5 ки:6 ин:5 он:2 барои:4 то:2 мебошад:2 ҳам:2 шуд:2"
        " гуфт:1 карда:2 сол:1 соли:2 бар:1 як:2 низ:1 шудааст:1"
    ),
    "uz": _shares(
        "ва:12 билан:5 учун:4 бу:4 деб:3 ҳам:3 бир:3 бўйича:2 эса:2 бўлиб:2 да:2 эди:1"
        " йил:1 йилда:1 ўз:1 ҳақида:1 керак:1 мумкин:1"
    ),
}
"""Function words of each Cyrillic-script language and a low estimate of their share of its
running words (``и``: about one Russian word in thirty, counted here as one in forty)."""

FOREIGN_FUNCTION_WORD = 0.001
"""The share of running words a function word of another language has as a word of this one
(Russian ``ва``, ``нь`` or ``менен`` in a name or a quotation). Generous on purpose, and
not taken from the other words' share: one such word weighs less than a listed one."""

_LISTED = frozenset(word for words in FUNCTION_WORDS.values() for word in words)


def function_word_logs(words: Iterable[str], languages: Iterable[str]) -> dict[str, float]:
    """The log-likelihood of a text's words under each language's function-word model.

    Args:
        words: The lower-case letters of each word of the text.
        languages: Codes of :data:`FUNCTION_WORDS` languages.

    Returns:
        For each language, the sum over ``words`` of the log of the word's share: its
        listed share, :data:`FOREIGN_FUNCTION_WORD` for another language's function word,
        and for any other word the share its own function words leave; plus the log
        likelihood of the words holding each letter of :data:`LETTER_SHARES`.
    """
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    logs: dict[str, float] = {}
    for lang in languages:
        own = FUNCTION_WORDS[lang]
        rest = math.log(1.0 - sum(own.values()))
        foreign = math.log(FOREIGN_FUNCTION_WORD)
        total = 0.0
        for word, n in counts.items():
            share = math.log(own[word]) if word in own else foreign if word in _LISTED else rest
            total += n * share
        for letter, shares in LETTER_SHARES.items():
            if lang in shares:
                holding = sum(n for word, n in counts.items() if letter in word)
                rate = shares[lang]
                total += holding * math.log(rate) + (sum(counts.values()) - holding) * math.log(1.0 - rate)
        logs[lang] = total
    return logs
