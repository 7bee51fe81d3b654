"""Kyrgyz case rules: postpositions, possessive heads, verbs, lists."""

from __future__ import annotations

import re

from newsl10n.glossary.context.words import Cue, Evidence, Word, groups, wordset
from newsl10n.glossary.morphology import Case

__all__ = ["kyrgyz_cue"]


_KY_POSTPOSITIONS = groups(
    (Case.NOM, "менен үчүн жөнүндө тууралуу боюнча сыяктуу аркылуу катары тарабынан"),
    (Case.DAT, "каршы чейин карата карай жараша байланыштуу караганда жакын ылайык таандык мүчө"),
    (Case.ABL, "кийин бери башка мурун тышкары баштап тартып улам"),
    (
        Case.GEN,
        "ортосунда ортосундагы ичинде алдында үстүндө жанында атынан аймагында аймагындагы ордуна",
    ),
)
_KY_APPOSITION = re.compile(r"(шаар|облус|район|кыштак)\w*$|айыл[ыдн]\w*$")
"""Heads after a name in apposition (``Бишкек шаарында``): the name keeps its base form."""
_KY_CASE_AFTER_POSSESSIVE = (
    "нын|нин|нун|нүн|нда|нде|ндо|ндө|на|не|но|нө|нан|нен|нон|нөн|ндагы|ндеги|ндогу|ндөгү"
)
_KY_POSSESSIVE = re.compile(
    r"(президент|премьер-министр|министр|өкмөт|парламент|кеңеш|совет|бюджет|мандат|жаран|тарап)"
    rf"[иыуү]н?({_KY_CASE_AFTER_POSSESSIVE})?$"
    rf"|\w*([аеиоуыэюяөү]с|[аеиоуыэюяөүнрлмй]т|[^\W\dаеиоуыэюяөүдтнч])[иыуү]$|\w*([аеиоуыэюяөү]с|[^\W\dаеиоуыэюяөүйдтнч])[иыуү]н$"
    rf"|\w*[иыуү]({_KY_CASE_AFTER_POSSESSIVE})$"
)
"""A noun with the 3rd-person possessive (``президенти``, ``депутаты``, ``жыйынында``): the
name before it takes the genitive (``Кыргызстандын президенти``). Verbs in -ды/-ты (``айтты``),
accusatives in -ны and nouns in -чы are left out."""
_KY_NOT_POSSESSIVE = wordset(
    "анын мунун бүгүн кийин мурун үчүн ошону буну аны муну жылы айы айында күнү күнүндө жыйында жыйындан"
)
_KY_POSSESSIVE_SKIP = 2
_KY_POSSESSIVE_ATTRIBUTIVE = re.compile(r"\w*[иыуү]н[дт][аеоө][гк][ыиуү]$")
_KY_MODIFIER = re.compile(r"\w*к[ыиуү]$|жаңы$|ири$|эски$")
_KY_PLACE_HEAD = re.compile(r"(район|облус|шаар|айыл)[ыу]\w*$")
_KY_VERBAL = re.compile(r"\w*([гк][аеоө]н|уу|үү)$")
"""Participles and verbal nouns (``көрсөткөн``, ``түшүндүрүү``): a possessive after them is not the name's."""
_KY_GENITIVE = re.compile(r"\w*(?<!г[аеоө])(?<!к[аеоө])[нтд][ыиуү]н$")
"""A genitive (``Кыргызстандын``), not a participle with a possessive (``куттуктаганын``)."""
_KY_REPRESENTATION = re.compile(r"(элчилиг|консулдуг|кабарчы|өкүл|бөлүм|филиал|офис)")
"""Heads of ``Кыргызстандын Орусиядагы элчилиги``: the name between takes the -DAgI form."""
_KY_ATTRIBUTIVE = re.compile(r"\w*[дт][аеоө][гк][ыиуү]$")
"""``-DAgI`` words (``23-октябрдагы``): they qualify the next noun, not the name."""
_KY_VERBS: tuple[tuple[re.Pattern[str], Case], ...] = (
    (
        re.compile(
            r"бар(ды|ып|ат|ат(ат|кан)?|а|ган|ганда|уу|ууда|ышты|ышат|ышкан|мак|макчы|са|чу|ышып)$"
            r"|жөнө(дү|йт|п|гөн|шөт|штү)$|учуп$|кел(ди|ет|ип|үүгө|ишти|ишет|е|мекчи)$"
        ),
        Case.DAT,
    ),
    (
        re.compile(
            r"(өт(тү|өт|үп|көн|үүдө|үшөт|үштү)|жаша(йт|ган|ап|шат)|жайгаш\w*|жүр(өт|гөн|үп)|туул\w*)$"
        ),
        Case.LOC,
    ),
    (
        re.compile(
            r"(куттукта|колдо|айыпта|сында|тааны|тосуп|кыдыр)\w*$|бошот(уу|ту|ушту|от|уп)$|дайында(ды|ган)$"
        ),
        Case.ACC,
    ),
    (re.compile(r"(кайрыл|жолук)\w*$|кайт(уу|аруу)\w*$"), Case.DAT),
)
_KY_VISIT_WORDS = wordset(
    "расмий иш сапар сапары иш-сапар иш-сапары менен мамлекеттик жумушчу дагы эле визит визити "
    "бүгүн эртең кечээ январда февралда мартта апрелде майда июнда июлда августта сентябрда "
    "октябрда ноябрда декабрда"
)
_KY_VISIT_VERBS = (
    (re.compile(r"(кел|бар|жөнө)\w*$"), Case.DAT),
    (re.compile(r"бол(от|ду|уп|гон)$"), Case.LOC),
)
_KY_ENDINGS: tuple[tuple[re.Pattern[str], Case], ...] = (
    (re.compile(r"\w*[дт][аеоө][гк][ыиуү]$"), Case.ATTR),
    (re.compile(r"\w*[дтн][аеоө]н$"), Case.ABL),
    (re.compile(r"\w*[дтн][ыиуү]н$"), Case.GEN),
    (re.compile(r"\w*[дт][аеоө]$"), Case.LOC),
    (re.compile(r"\w*[гк][аеоө]$"), Case.DAT),
    (re.compile(r"\w*[дтн][ыиуү]$"), Case.ACC),
)
"""Case suffixes on a name (``Беларустун``, ``ЖККУга``): the case of a neighbouring list item."""
_KY_OBJECT_VERBS: tuple[tuple[re.Pattern[str], Case], ...] = (
    (re.compile(r"(куттукта|чакыр)\w*$"), Case.ACC),
    (re.compile(r"(ыраазычылык|рахмат|кайрыл)\w*$"), Case.DAT),
)
"""Verbs whose object a name after the subject is (``Токаев Жапаровду ... куттуктады``)."""


_KY_WHEN = wordset(
    "бүгүн эртең кечээ учурда азыр күндөрү дүйшөмбүдө шейшембиде шаршембиде бейшембиде жумада "
    "ишембиде жекшембиде"
)
"""Time words opening a clause: a place right after them is where (``Бүгүн Бишкекте...``)."""
_KY_PARTICLES = frozenset(("ошондой", "эле", "дагы", "да", "де", "өз", "кезегинде"))


def _ky_ending(word: Word) -> Case | None:
    """The case suffix of a capitalised word (a name), if it has one."""
    if not word.text[:1].isupper():
        return None
    case = next((case for pattern, case in _KY_ENDINGS if pattern.match(word.lower)), None)
    if case is Case.ABL and word.lower.endswith("стан"):
        return None  # Кыргызстан is not an ablative
    return case


def kyrgyz_cue(before: list[Word], after: list[Word], person: bool | None) -> Cue | None:
    """The Kyrgyz cue: the words after the term (its head, postposition, verb), or its neighbours."""
    if not after:
        return None
    if after[0].listed or (after[0].joined and after[0].lower in ("жана", "же")):
        following = after[0] if after[0].listed else after[1] if len(after) > 1 else None
        case = _ky_ending(following) if following and (following.joined or following.listed) else None
        if case:
            return Cue(case, Evidence.AGREEMENT, "ky-list", optional=True)
        return _ky_object(before, after)  # Путин Жапаровду жана кыргыз элин куттуктады
    if not after[0].joined:
        return None
    cue = _ky_listed(before) or _ky_pair(before, after, person) or _ky_head(before, after)
    if cue is None:
        cue = _ky_visit(before, after) or _ky_object(before, after)
    if cue is None and _ky_possessed(after, _KY_POSSESSIVE_SKIP):
        return Cue(Case.GEN, Evidence.GOVERNING_NOUN, "ky-possessive-far", optional=True)
    if cue is None and person is not True and before and before[-1].joined and before[-1].lower in _KY_WHEN:
        return Cue(Case.LOC, Evidence.AGREEMENT, "ky-when-where", optional=True)  # Бүгүн Бишкекте...
    return cue


def _ky_listed(before: list[Word]) -> Cue | None:
    """The last item of a list takes the case of the one before (``Ташкенттеги жана Оштогу``)."""
    if len(before) < 2 or not before[-1].joined or before[-1].lower not in ("жана", "же"):
        return None
    before = before[:-1]
    case = _ky_ending(before[-1])
    return Cue(case, Evidence.AGREEMENT, "ky-list") if case else None


def _ky_pair(before: list[Word], after: list[Word], person: bool | None) -> Cue | None:
    """A name paired with a neighbour: from-to (``Оренбургдан Бишкекке``), ``Индия менен Кыргызстандын``."""
    previous = before[-1] if before and before[-1].joined else None
    if previous and (_ky_ending(previous) is Case.ABL or previous.lower == "шаарынан"):
        return Cue(Case.DAT, Evidence.AGREEMENT, "ky-from-to")
    pair = len(before) > 1 and before[-1].lower == "менен" and before[-2].text[:1].isupper()
    if pair and _ky_possessed(after, 3):
        return Cue(Case.GEN, Evidence.GOVERNING_NOUN, "ky-pair-possessive", optional=True)
    return None


def _ky_head(before: list[Word], after: list[Word]) -> Cue | None:
    """The word right after the term: a postposition, a possessive head or a verb."""
    word = after[0].lower
    case = _KY_POSTPOSITIONS.get(word)
    if case is not None:
        return Cue(case, Evidence.POSTPOSITION, "ky-postposition")
    if _KY_APPOSITION.match(word):
        return Cue(Case.NOM, Evidence.AGREEMENT, "ky-apposition")
    if _ky_possessed(after, 0):
        genitive_before = bool(before) and before[-1].joined and _KY_GENITIVE.match(before[-1].lower)
        if genitive_before and _KY_REPRESENTATION.match(word):
            # Кыргызстандын Орусиядагы элчилиги
            return Cue(Case.ATTR, Evidence.GOVERNING_NOUN, "ky-possessive-attributive")
        return Cue(Case.GEN, Evidence.GOVERNING_NOUN, "ky-possessive", optional=True)
    for pattern, verb_case in _KY_VERBS:
        if pattern.match(word):
            return Cue(verb_case, Evidence.VERB, f"ky-verb-{verb_case.value}")
    return None


def _ky_possessed(after: list[Word], skip: int) -> bool:
    """A possessive noun after the term, past up to ``skip`` plain words (``мамлекет башчысы``)."""
    for index, following in enumerate(after[: 1 + skip]):
        word = following.lower
        if not following.joined or word in _KY_POSTPOSITIONS:
            return False
        if _KY_POSSESSIVE_ATTRIBUTIVE.match(word):
            return True  # борборундагы, алкагындагы
        if _KY_MODIFIER.match(word) or _KY_ATTRIBUTIVE.match(word):
            continue  # жаңы, азыркы, тышкы саясаттагы: modifiers before the head
        possessive = word not in _KY_NOT_POSSESSIVE and _KY_POSSESSIVE.match(word)
        if possessive and not following.text[:2].isupper():  # ШКУнун is a genitive
            return True
        if index == 0 and _KY_APPOSITION.match(word):
            return False
        if following.text[:1].isupper():
            # Ош облусу Чоң-Алай районунда: a place inside the name's
            return index + 1 < len(after) and _KY_PLACE_HEAD.match(after[index + 1].lower) is not None
        if _KY_VERBAL.match(word) or any(pattern.match(word) for pattern, _case in _KY_ENDINGS):
            return False  # a verb's own phrase, or a word in another case
    return False


def _ky_visit(before: list[Word], after: list[Word]) -> Cue | None:
    """A visit: ``Казакстанга расмий иш сапары менен барат``, ``сапары Казакстанга болот``."""
    if before and before[-1].joined and before[-1].lower.endswith("сапары") and after[0].lower[:3] == "бол":
        return Cue(Case.DAT, Evidence.VERB, "ky-visit")
    for following in after:
        if not following.joined:
            break
        if following.lower not in _KY_VISIT_WORDS:
            if following is not after[0]:
                for pattern, case in _KY_VISIT_VERBS:
                    if pattern.match(following.lower):
                        return Cue(case, Evidence.VERB, "ky-visit")
            break
    return None


def _ky_object(before: list[Word], after: list[Word]) -> Cue | None:
    """A name after its subject's name, with the verb later in the clause."""
    while before and before[-1].joined and before[-1].lower in _KY_PARTICLES:
        before = before[:-1]
    if not before or not before[-1].joined or not before[-1].text[:1].isupper():
        return None
    if _ky_ending(before[-1]) not in (None, Case.GEN):
        return None  # Жээнбековду Жапаровго...: not the subject (a genitive may be a surname in -ин)
    for following in after:
        if not following.clause:
            break
        for pattern, case in _KY_OBJECT_VERBS:
            if pattern.match(following.lower):
                return Cue(case, Evidence.VERB, f"ky-object-{case.value}")
    return None
