"""The LibreTranslate contract of the service, in-process: fields, answers, every error status."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsl10n.errors import NewsL10nError
from newsl10n.service import ServiceConfig, create_app
from newsl10n.translation.fake import FakeTranslator

GLOSSARY = """\
msgid ""
msgstr ""
"Language: ru\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Sadyr Japarov"
msgstr "Садыр Жапаров"
"""


def client_for(config: ServiceConfig | None = None, translator: object = None) -> TestClient:
    app = create_app(config or ServiceConfig(engine="fake"), translator=translator or FakeTranslator())
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def client():
    with client_for() as c:
        yield c


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "ru.po").write_text(GLOSSARY, encoding="utf-8")
    return folder


# ----------------------------------------------------------------- the documented examples


def test_simple_translation_json(client):
    answer = client.post("/translate", json={"q": "Hello!", "source": "en", "target": "ru", "api_key": ""})
    assert answer.status_code == 200
    assert answer.json() == {"translatedText": "[ru] Hello!"}


def test_form_post_like_libretranslatepy(client):
    answer = client.post(
        "/translate", data={"q": "Hello world.\r\nSecond line.", "source": "en", "target": "ru"}
    )
    assert answer.status_code == 200
    assert answer.json()["translatedText"].startswith("[ru] Hello world.")


def test_auto_detection_answers_detected_language(client):
    text = "The parliament of Kyrgyzstan passed the budget law on Tuesday after a long debate."
    answer = client.post("/translate", json={"q": text, "source": "auto", "target": "ru"}).json()
    assert answer["translatedText"] == f"[ru] {text}"
    assert answer["detectedLanguage"]["language"] == "en"
    assert 50 < answer["detectedLanguage"]["confidence"] <= 100


def test_html_keeps_markup(client):
    answer = client.post(
        "/translate",
        json={"q": '<p class="green">Hello!</p>', "source": "en", "target": "ru", "format": "html"},
    ).json()
    assert answer == {"translatedText": '<p class="green">[ru] Hello!</p>'}


def test_alternatives_are_empty_lists(client):
    answer = client.post(
        "/translate", json={"q": "Hello!", "source": "en", "target": "ru", "alternatives": 3}
    ).json()
    assert answer == {"translatedText": "[ru] Hello!", "alternatives": []}


def test_list_q_shares_one_engine_call():
    fake = FakeTranslator()
    with client_for(translator=fake) as client:
        texts = ["First headline.", "", "Second headline. With two sentences.", "Third."]
        answer = client.post("/translate", json={"q": texts, "source": "en", "target": "ru"}).json()
    assert answer["translatedText"] == [
        "[ru] First headline.",
        "",
        "[ru] Second headline. [ru] With two sentences.",
        "[ru] Third.",
    ]
    assert [call for call in fake.calls if call[2] > 1] == [("en", "ru", 4)]
    assert sum(n for _s, _t, n in fake.calls) == 4  # the warm-up of a fake engine calls nothing


def test_list_q_with_auto_answers_a_detection_per_text(client):
    texts = [
        "The government announced new measures against inflation this week.",
        "Правительство объявило о новых мерах против инфляции на этой неделе.",
    ]
    answer = client.post("/translate", json={"q": texts, "source": "auto", "target": "ky"}).json()
    assert [d["language"] for d in answer["detectedLanguage"]] == ["en", "ru"]
    assert answer["translatedText"] == [f"[ky] {t}" for t in texts]


def test_detect(client):
    answer = client.post("/detect", data={"q": "Правительство объявило о новых мерах против инфляции."})
    assert answer.status_code == 200
    rows = answer.json()
    assert rows[0]["language"] == "ru"
    assert all(set(row) == {"language", "confidence"} and 0 <= row["confidence"] <= 100 for row in rows)


def test_languages_count_pivot_routes(client):
    rows = client.get("/languages").json()
    by_code = {row["code"]: row for row in rows}
    assert by_code["en"]["name"] == "English"
    assert by_code["ru"]["targets"] == ["en", "ky"]


def test_health(client):
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"


# ----------------------------------------------------------------- glossary


def test_glossary_applies_and_can_be_turned_off(glossary):
    config = ServiceConfig(engine="fake", glossary=glossary)
    with client_for(config) as client:
        asked = {"q": "Sadyr Japarov spoke.", "source": "en", "target": "ru"}
        assert "Садыр Жапаров" in client.post("/translate", json=asked).json()["translatedText"]
        plain = client.post("/translate", json={**asked, "glossary": False}).json()["translatedText"]
        assert plain == "[ru] Sadyr Japarov spoke."
        form = client.post("/translate", data={**asked, "glossary": "false"}).json()["translatedText"]
        assert form == plain


def test_the_glossary_is_read_again_when_its_file_changes(glossary, monkeypatch):
    import newsl10n.service.state as state_module

    monkeypatch.setattr(state_module, "RELOAD_CHECK_S", 0.0)
    asked = {"q": "Sadyr Japarov spoke.", "source": "en", "target": "ru"}
    with client_for(ServiceConfig(engine="fake", glossary=glossary)) as client:
        assert "Садыр Жапаров" in client.post("/translate", json=asked).json()["translatedText"]
        po = glossary / "ru.po"
        po.write_text(GLOSSARY.replace("Садыр Жапаров", "Садыр Нурготоевич Жапаров"), encoding="utf-8")
        assert "Садыр Нурготоевич Жапаров" in client.post("/translate", json=asked).json()["translatedText"]
        # A change that does not parse is not taken: the glossary in use stays.
        po.write_text('msgid "broken\n', encoding="utf-8")
        answer = client.post("/translate", json=asked)
        assert answer.status_code == 200
        assert "Садыр Нурготоевич Жапаров" in answer.json()["translatedText"]


# ----------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("story.txt", "Hello world.\n", "[ru] Hello world.\n"),
        ("story.html", "<p>Hello <b>world</b>.</p>\n", "<p>[ru] Hello <b>world</b>.</p>\n"),
        # Markdown escapes the fake engine's brackets, which would otherwise start a link.
        ("story.md", "# Title\n\nHello world.\n", "# \\[ru\\] Title\n\n\\[ru\\] Hello world.\n"),
    ],
)
def test_translate_file_and_download(client, name, content, expected):
    answer = client.post(
        "/translate_file",
        data={"source": "en", "target": "ru"},
        files={"file": (name, content.encode("utf-8"), "application/octet-stream")},
    )
    assert answer.status_code == 200, answer.text
    url = answer.json()["translatedFileUrl"]
    assert "/download_file/" in url
    download = client.get(url)
    assert download.status_code == 200
    assert download.text == expected
    assert "attachment" in download.headers["content-disposition"]
    assert name.split(".")[0] + ".ru." in download.headers["content-disposition"]


def test_translate_file_refuses_other_types_and_unknown_downloads(client):
    answer = client.post(
        "/translate_file", data={"source": "en", "target": "ru"}, files={"file": ("x.exe", b"MZ", "x/y")}
    )
    assert answer.status_code == 400
    assert "error" in answer.json()
    assert client.get("/download_file/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/download_file/nope").json() == {"error": "Not Found"}


def test_downloads_are_bounded():
    with client_for(ServiceConfig(engine="fake", max_files=2)) as client:
        urls = [
            client.post(
                "/translate_file",
                data={"source": "en", "target": "ru"},
                files={"file": (f"a{n}.txt", b"Hello.", "text/plain")},
            ).json()["translatedFileUrl"]
            for n in range(3)
        ]
        assert [client.get(url).status_code for url in urls] == [404, 200, 200]


# ----------------------------------------------------------------- 400


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"source": "en", "target": "ru"}, "missing q"),
        ({"q": "Hi.", "source": "en"}, "missing target"),
        ({"q": "Hi.", "target": "ru"}, "missing source"),
        ({"q": "Hi.", "source": "en", "target": "zz"}, "zz"),
        ({"q": "Hi.", "source": "en", "target": "ru", "format": "pdf"}, "pdf"),
        ({"q": "Hi.", "source": "en", "target": "ru", "alternatives": "many"}, "alternatives"),
        ({"q": 5, "source": "en", "target": "ru"}, "q"),
        ({"q": "Hi.", "source": "en", "target": "en"}, "source language"),
    ],
)
def test_bad_requests_are_400(client, body, fragment):
    answer = client.post("/translate", json=body)
    assert answer.status_code == 400
    assert fragment in answer.json()["error"]


def test_bad_json_is_400(client):
    answer = client.post("/translate", content=b"{not json", headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert answer.json() == {"error": "invalid JSON"}
    listed = client.post("/translate", json=["q"])
    assert listed.status_code == 400


def test_no_model_for_the_pair_is_400_without_the_models_folder(tmp_path):
    config = ServiceConfig(engine="argos", models_dir=tmp_path / "models")
    with TestClient(create_app(config)) as client:
        answer = client.post("/translate", json={"q": "Hi.", "source": "en", "target": "ru"})
        assert answer.status_code == 400
        assert answer.json() == {"error": "no model installed for en -> ru"}
        assert client.get("/languages").json() == []


# ----------------------------------------------------------------- 403, 404, 405


def test_api_keys(tmp_path):
    keys = tmp_path / "keys.txt"
    keys.write_text("# the desk\nsecret-one\n\n  secret-two  \n", encoding="utf-8")
    with client_for(ServiceConfig(engine="fake", api_keys=keys)) as client:
        asked = {"q": "Hi.", "source": "en", "target": "ru"}
        for key in (None, "", "secret", "secret-one-more", "# the desk"):
            body = asked if key is None else {**asked, "api_key": key}
            answer = client.post("/translate", json=body)
            assert answer.status_code == 403
            assert answer.json() == {"error": "invalid or missing API key"}
        assert client.post("/translate", json={**asked, "api_key": "secret-one"}).status_code == 200
        assert client.post("/translate", data={**asked, "api_key": "secret-two"}).status_code == 200
        assert client.post("/detect", data={"q": "Hello there, friends."}).status_code == 403
        assert client.get("/languages").status_code == 200


def test_unknown_route_and_method_are_json(client):
    missing = client.get("/nowhere")
    assert missing.status_code == 404
    assert "error" in missing.json()
    wrong = client.get("/translate")
    assert wrong.status_code == 405
    assert "error" in wrong.json()


# ----------------------------------------------------------------- 413


def test_body_over_the_limit_is_413(client):
    with client_for(ServiceConfig(engine="fake", max_body_bytes=1000)) as small:
        answer = small.post("/translate", json={"q": "x" * 2000, "source": "en", "target": "ru"})
        assert answer.status_code == 413
        assert "error" in answer.json()

        def chunks():
            yield b'{"q": "'
            for _n in range(10):
                yield b"y" * 200
            yield b'", "source": "en", "target": "ru"}'

        chunked = small.post("/translate", content=chunks(), headers={"content-type": "application/json"})
        assert chunked.status_code == 413


def test_q_over_max_chars_is_413():
    with client_for(ServiceConfig(engine="fake", max_chars=10)) as client:
        answer = client.post("/translate", json={"q": ["Hello.", "World."], "source": "en", "target": "ru"})
        assert answer.status_code == 413
        assert answer.json() == {"error": "the text is longer than 10 characters"}


# ----------------------------------------------------------------- 429


def test_rate_limit_per_key_with_retry_after(tmp_path):
    keys = tmp_path / "keys"
    keys.write_text("a\nb\n", encoding="utf-8")
    with client_for(ServiceConfig(engine="fake", api_keys=keys, rate_limit=2)) as client:
        asked = {"q": "Hi.", "source": "en", "target": "ru"}
        statuses = [client.post("/translate", json={**asked, "api_key": "a"}).status_code for _n in range(3)]
        assert statuses == [200, 200, 429]
        limited = client.post("/translate", json={**asked, "api_key": "a"})
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert "error" in limited.json()
        assert client.post("/translate", json={**asked, "api_key": "b"}).status_code == 200


# ----------------------------------------------------------------- 503, 500


@dataclasses.dataclass
class Busy(NewsL10nError):
    retry_after: float = 2.5

    def __str__(self) -> str:
        return "the service is busy"


class Failing(FakeTranslator):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def translate_batch(self, sentences, src, tgt):
        raise self.error


def test_overloaded_is_503_with_retry_after():
    with client_for(translator=Failing(Busy())) as client:
        answer = client.post("/translate", json={"q": "Hi.", "source": "en", "target": "ru"})
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "3"
    assert answer.json() == {"error": "the service is busy"}


def test_timeout_is_503():
    import time

    slow = FakeTranslator(rule=lambda s, src, tgt: time.sleep(0.5) or s)
    with client_for(ServiceConfig(engine="fake", request_timeout_s=0.05), translator=slow) as client:
        answer = client.post("/translate", json={"q": "Hi.", "source": "en", "target": "ru"})
    assert answer.status_code == 503
    assert answer.json() == {"error": "the request took too long"}


def test_unexpected_error_is_500_without_traceback(caplog):
    with client_for(translator=Failing(ZeroDivisionError("secret article text"))) as client:
        answer = client.post("/translate", json={"q": "Hi.", "source": "en", "target": "ru"})
    assert answer.status_code == 500
    assert answer.json() == {"error": "internal error"}
    assert "Traceback" not in answer.text
    assert any(record.exc_info for record in caplog.records)


# ----------------------------------------------------------------- CORS


def test_cors_is_off_unless_configured(client):
    headers = {"Origin": "https://cms.example", "Access-Control-Request-Method": "POST"}
    assert "access-control-allow-origin" not in client.options("/translate", headers=headers).headers
    with client_for(ServiceConfig(engine="fake", cors_origins=("https://cms.example",))) as allowed:
        answer = allowed.options("/translate", headers=headers)
        assert answer.headers["access-control-allow-origin"] == "https://cms.example"
