"""Issue 9: the encoding of an article is chosen on evidence, and damage is never silent.

Legacy Cyrillic code pages (Windows-1251, KOI8-R, CP866, ISO-8859-5, MacCyrillic) are
told apart by how Russian the decoded letters look; a UTF-8 file with a few bad bytes
stays UTF-8 and says where the bytes are; what cannot be decoded with confidence is
refused with one line.
"""

from __future__ import annotations

import logging
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newsl10n.detect import detect_language
from newsl10n.errors import InputError
from newsl10n.textio import Decoded, decode_text, decode_text_report, read_text

RUSSIAN = (
    "Президент Садыр Жапаров заявил, что ОДКБ остаётся важным союзом для Кыргызстана.\n"
    "Министр финансов сообщил, что бюджет на следующий год будет принят в декабре.\n"
)
KYRGYZ = "Өкмөт башчы Бишкекте маалымат берди: үй-бүлөлөргө жардам көрсөтүлөт, жаңы мектептер курулат.\n"
LEGACY = ["cp1251", "koi8-r", "cp866", "iso-8859-5", "mac-cyrillic"]


@pytest.mark.parametrize("encoding", LEGACY)
def test_russian_in_every_legacy_code_page_is_read_right(encoding: str) -> None:
    report = decode_text_report(RUSSIAN.encode(encoding))
    assert report.text == RUSSIAN
    assert report.encoding == encoding
    assert report.warnings == ()


def test_koi8r_is_not_read_as_windows_1251() -> None:
    # Before issue 9 this came out as "рТЕЪЙДЕОФ ...".
    assert decode_text(RUSSIAN.encode("koi8-r")) == RUSSIAN


@pytest.mark.parametrize(
    "headline", ["Курс доллара снизился", "Новости", "В Бишкеке открыли новую школу", "ЦИК объявил итоги"]
)
@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_short_headlines_are_told_apart(headline: str, encoding: str) -> None:
    report = decode_text_report(headline.encode(encoding))
    assert (report.text, report.encoding) == (headline, encoding)


def test_utf8_with_one_bad_byte_stays_utf8_and_says_where() -> None:
    data = bytearray(RUSSIAN.encode("utf-8"))
    offset = data.index("бюджет".encode()) + 2  # the first byte of "ю"
    data[offset] = 0xFF
    report = decode_text_report(bytes(data), "article.txt")
    assert report.encoding == "utf-8"
    # Everything but the damaged letter is intact.
    before, _bad, after = report.text.partition("\ufffd")
    assert before == RUSSIAN[: RUSSIAN.index("бюджет") + 1]
    assert after.lstrip("\ufffd") == RUSSIAN[RUSSIAN.index("бюджет") + 2 :]
    assert len(report.warnings) == 1
    assert f"offset {offset}" in report.warnings[0] and "article.txt" in report.warnings[0]
    assert "\n" not in report.warnings[0]


def test_utf8_with_three_bad_bytes_names_each_offset(caplog: pytest.LogCaptureFixture) -> None:
    data = bytearray(RUSSIAN.encode("utf-8"))
    offsets = [data.index(b" "), data.index(b","), len(data) - 1]  # single-byte letters
    for at in offsets:
        data[at] = 0xC0  # never valid in UTF-8
    with caplog.at_level(logging.WARNING, logger="newsl10n.textio"):
        text = decode_text(bytes(data), "article.txt")
    assert text.count("\ufffd") == 3
    report = decode_text_report(bytes(data), "article.txt")
    assert report.encoding == "utf-8"
    message = " ".join(report.warnings)
    for at in offsets:
        assert f"{at}" in message
    assert "article.txt" in caplog.text
    assert all(str(at) in caplog.text for at in offsets)


def test_one_bad_byte_no_longer_turns_russian_into_uzbek() -> None:
    data = bytearray(RUSSIAN.encode("utf-8"))
    data[data.index("союзом".encode())] = 0xFF
    text = decode_text(bytes(data))
    assert "Президент Садыр Жапаров заявил" in text
    assert detect_language(text).language == "ru"


def test_read_text_warns_about_bad_bytes(tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "article.txt"
    data = bytearray(KYRGYZ.encode("utf-8"))
    data[10] = 0xFE
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="newsl10n.textio"):
        text = read_text(path)
    assert "ң" in text and "ү" in text and "ө" in text
    assert "article.txt" in caplog.text and "offset 10" in caplog.text


def test_cli_prints_the_warning(tmp_path) -> None:
    path = tmp_path / "article.txt"
    data = bytearray(RUSSIAN.encode("utf-8"))
    data[data.index(b" ")] = 0xFF
    path.write_bytes(bytes(data))
    done = subprocess.run(
        [sys.executable, "-m", "newsl10n", "detect", "-q", str(path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ru"
    assert f"offset {data.index(0xFF)}" in done.stderr


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_kyrgyz_letters_survive_every_unicode_encoding(encoding: str) -> None:
    report = decode_text_report(KYRGYZ.encode(encoding))
    assert report.text == KYRGYZ and report.warnings == ()


def test_kyrgyz_is_never_read_from_a_code_page_that_lacks_its_letters() -> None:
    # Windows-1251 has no ң ө ү: a tool that saved Kyrgyz as cp1251 replaced them with "?".
    with pytest.raises(UnicodeEncodeError):
        KYRGYZ.encode("cp1251")
    damaged = KYRGYZ.encode("cp1251", errors="replace")
    report = decode_text_report(damaged)
    assert report.encoding == "cp1251"
    assert report.text == KYRGYZ.translate(str.maketrans("ңөүҢӨҮ", "??????"))


def test_random_binary_is_refused() -> None:
    rng = random.Random(9)
    for size in (16, 300, 5000):
        data = bytes(rng.randrange(256) for _ in range(size))
        with pytest.raises(InputError) as info:
            decode_text(data, "blob.bin")
        assert "\n" not in str(info.value) and "blob.bin" in str(info.value)


def test_random_high_bytes_are_refused() -> None:
    # No NULs and no control characters: only the letters can tell this is not text.
    rng = random.Random(7)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(2000))
    with pytest.raises(InputError, match="cannot decode"):
        decode_text(data, "blob.bin")


def test_mixed_up_encodings_are_refused() -> None:
    half = len(RUSSIAN) // 2
    data = RUSSIAN[:half].encode("utf-8") + RUSSIAN[half:].encode("cp1251")
    with pytest.raises(InputError, match="cannot decode") as info:
        decode_text(data, "article.txt")
    assert "\n" not in str(info.value)
    data = RUSSIAN.encode("cp1251") + RUSSIAN.encode("koi8-r")
    with pytest.raises(InputError, match="cannot decode"):
        decode_text(data, "article.txt")


@pytest.mark.parametrize(
    "data",
    [b"", b" \n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\xef\xbb\xbf \r\n"],
)
def test_empty_files_and_bare_byte_order_marks_are_empty(data: bytes) -> None:
    with pytest.raises(InputError, match="empty"):
        decode_text(data, "empty.txt")


@pytest.mark.parametrize(
    "bom, encoding",
    [
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
    ],
)
def test_byte_order_marks_choose_the_encoding(bom: bytes, encoding: str) -> None:
    report = decode_text_report(bom + RUSSIAN.encode(encoding))
    assert report == Decoded(RUSSIAN, encoding, ())


def test_a_damaged_text_after_a_byte_order_mark_is_refused() -> None:
    with pytest.raises(InputError, match="byte order mark"):
        decode_text(b"\xff\xfe" + RUSSIAN.encode("utf-16-le")[:-1], "article.txt")


@pytest.mark.parametrize("encoding", ["koi8-r", "cp1251", "cp866"])
def test_a_long_legacy_file_is_judged_on_a_sample_and_decoded_whole(encoding: str) -> None:
    article = (RUSSIAN + KYRGYZ.translate(str.maketrans("ңөүҢӨҮ", "нуунуу"))) * 5000  # about 1.3 MB
    report = decode_text_report(article.encode(encoding))
    assert (report.encoding, report.text) == (encoding, article)


def test_a_long_utf8_file_with_scattered_damage_stays_utf8() -> None:
    data = bytearray((RUSSIAN * 5000).encode("utf-8"))
    spaces = [i for i in range(0, len(data), 97_000) if data[i] == 0x20] or [data.index(b" ")]
    for at in spaces:
        data[at] = 0xFF
    report = decode_text_report(bytes(data))
    assert report.encoding == "utf-8" and report.text.count("\ufffd") == len(spaces)
    assert len(report.warnings) == min(len(spaces), 10) + (len(spaces) > 10)


@pytest.mark.parametrize("window", [5, 7, 64])
def test_damaged_utf8_is_decoded_as_python_replaces_whatever_the_window(
    window: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsl10n import textio

    monkeypatch.setattr(textio, "_UTF8_WINDOW", window)
    rng = random.Random(window)
    clean = (RUSSIAN + KYRGYZ + "🙂 €").encode("utf-8") * 20
    for _ in range(30):
        data = bytearray(clean)
        for at in rng.sample(range(len(data)), 3):
            data[at] = rng.choice([0xFF, 0xC0, 0x80, 0xE0])
        report = decode_text_report(bytes(data))
        assert report.encoding == "utf-8"
        assert report.text == bytes(data).decode("utf-8", errors="replace")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_acronyms_with_case_suffixes_and_units_are_not_mojibake(encoding: str) -> None:
    for headline in ("Камбар-Ата-1 ГЭСинин", "Талас облусунда кубаттуулугу 10 МВт", "АКШнын элчиси"):
        assert decode_text_report(headline.encode(encoding)).text == headline


def _labelled(lang: str) -> list[str]:
    path = Path(__file__).parent / "data" / "langid" / f"{lang}.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("encoding", LEGACY)
def test_news_in_a_code_page_is_decoded_right_or_refused_never_wrong(encoding: str) -> None:
    wrong, refused, total = [], 0, 0
    for line in _labelled("ru") + _labelled("ky"):
        for text in (line, " ".join(line.split()[:5])):
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:  # ң ө ү: Kyrgyz with them is never in a code page
                continue
            total += 1
            try:
                decoded = decode_text(data)
            except InputError:
                refused += 1
                continue
            if decoded != text:
                wrong.append((text, decoded))
    assert wrong == []
    assert total > 300 and refused <= total * 0.03, (refused, total)
