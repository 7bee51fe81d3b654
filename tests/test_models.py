"""Installing, listing, routing and removing Argos packages, and refusing unsafe ones."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from newsl10n.errors import ModelNotInstalledError, ModelPackageError
from newsl10n.translation.models import find_route, list_installed, models_dir, reachable_routes
from newsl10n.translation.packages import install_package_file, remove_model


def make_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def package_members(src: str, tgt: str, top: str | None = None, version: str = "1.0") -> dict:
    top = top or f"translate-{src}_{tgt}-{version.replace('.', '_')}"
    meta = {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": src,
        "to_code": tgt,
        "from_name": src,
        "to_name": tgt,
        "type": "translate",
    }
    return {
        f"{top}/metadata.json": json.dumps(meta),
        f"{top}/model/model.bin": b"\0" * 8,
        f"{top}/model/config.json": "{}",
        f"{top}/sentencepiece.model": b"spm",
        f"{top}/README.md": "test package",
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "models"


def test_models_dir_order(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSL10N_MODELS", raising=False)
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert models_dir() == tmp_path / "data" / "argos-translate" / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    assert models_dir() == tmp_path / "argos"
    monkeypatch.setenv("NEWSL10N_MODELS", str(tmp_path / "ours"))
    assert models_dir() == tmp_path / "ours"
    assert models_dir(tmp_path / "explicit") == tmp_path / "explicit"
    assert not (tmp_path / "data").exists()


def test_install_list_and_remove(tmp_path, folder):
    model = install_package_file(make_zip(tmp_path / "p.argosmodel", package_members("en", "ru")), folder)
    assert (model.from_code, model.to_code, model.version) == ("en", "ru", "1.0")
    assert model.id == "translate-en_ru@1.0"
    assert [m.id for m in list_installed(folder)] == ["translate-en_ru@1.0"]
    assert [p.name for p in folder.iterdir()] == ["translate-en_ru-1_0"]
    removed = remove_model("en", "ru", folder)
    assert [m.id for m in removed] == ["translate-en_ru@1.0"] and list_installed(folder) == []
    with pytest.raises(ModelNotInstalledError, match="no model installed for en -> ru"):
        remove_model("en", "ru", folder)


def test_reinstall_replaces_the_older_copy(tmp_path, folder):
    file = make_zip(tmp_path / "p.argosmodel", package_members("en", "ky", top="translate-en_ky"))
    install_package_file(file, folder)
    install_package_file(file, folder)
    assert len(list_installed(folder)) == 1


def test_routes_direct_and_through_english(tmp_path, folder):
    for src, tgt in [("en", "ru"), ("ru", "en"), ("en", "ky"), ("ky", "en")]:
        install_package_file(make_zip(tmp_path / f"{src}{tgt}.zip", package_members(src, tgt)), folder)
    models = list_installed(folder)
    assert [m.to_code for m in find_route("ru", "ky", models)] == ["en", "ky"]
    assert [m.to_code for m in find_route("en", "ky", models)] == ["ky"]
    routes = reachable_routes(models)
    assert set(routes) == {("en", "ru"), ("ru", "en"), ("en", "ky"), ("ky", "en"), ("ru", "ky"), ("ky", "ru")}
    with pytest.raises(ModelNotInstalledError) as info:
        find_route("ru", "kk", models, where=folder)
    assert (info.value.src, info.value.tgt) == ("ru", "kk")


def test_newest_version_wins(tmp_path, folder):
    install_package_file(make_zip(tmp_path / "a.zip", package_members("en", "ru", version="1.0")), folder)
    install_package_file(make_zip(tmp_path / "b.zip", package_members("en", "ru", version="1.9")), folder)
    assert find_route("en", "ru", list_installed(folder))[0].version == "1.9"


@pytest.mark.parametrize(
    "members, reason",
    [
        ({"../evil.txt": "x"}, "unsafe path"),
        ({"/abs/evil.txt": "x"}, "unsafe path"),
        ({"pkg/../../evil.txt": "x"}, "unsafe path"),
        ({"a/metadata.json": "{}", "b/x": "y"}, "one top-level folder"),
        ({"pkg/model/model.bin": "x"}, "no metadata.json"),
        ({"pkg/metadata.json": "{not json"}, "metadata.json"),
        ({"pkg/metadata.json": json.dumps({"type": "sbd", "from_code": "en"})}, "translation package"),
        ({"pkg/metadata.json": json.dumps({"from_code": "en", "to_code": "ru"})}, "model/model.bin"),
    ],
)
def test_bad_packages_are_refused_and_nothing_is_left(tmp_path, folder, members, reason):
    file = make_zip(tmp_path / "bad.argosmodel", members)
    with pytest.raises(ModelPackageError, match=reason) as info:
        install_package_file(file, folder)
    assert str(file) in str(info.value)
    assert list(folder.iterdir()) == []
    assert not (tmp_path / "evil.txt").exists() and not Path("/abs/evil.txt").exists()


def test_symlinks_in_archives_are_refused(tmp_path, folder):
    file = tmp_path / "link.argosmodel"
    with zipfile.ZipFile(file, "w") as archive:
        for name, data in package_members("en", "ru", top="pkg").items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("pkg/escape")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(ModelPackageError, match="symbolic link"):
        install_package_file(file, folder)


def test_non_zip_and_missing_files(tmp_path, folder):
    junk = tmp_path / "junk.argosmodel"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(ModelPackageError, match="not a zip"):
        install_package_file(junk, folder)
    with pytest.raises(ModelPackageError, match="no such file"):
        install_package_file(tmp_path / "missing.argosmodel", folder)


def test_broken_folders_are_skipped_when_listing(tmp_path, folder):
    install_package_file(make_zip(tmp_path / "p.zip", package_members("en", "ru")), folder)
    (folder / "leftover").mkdir()
    assert [m.to_code for m in list_installed(folder)] == ["ru"]


# --------------------------------------------------------------------------- metadata reader


def with_metadata(src: str, tgt: str, metadata: str, top: str = "pkg") -> dict:
    """A complete package whose metadata.json is replaced by ``metadata``."""
    members = package_members(src, tgt, top=top)
    members[f"{top}/metadata.json"] = metadata
    return members


@pytest.mark.parametrize(
    "metadata, reason",
    [
        ("[1, 2]", "expected a JSON object, not an array"),
        ('"translate"', "expected a JSON object, not a string"),
        ("null", "expected a JSON object, not null"),
        ("{not json", "unreadable metadata.json"),
        (b"\xff\xfe{", "unreadable metadata.json"),
        (json.dumps({"from_code": 5, "to_code": "ru"}), "from_code must be a string, not a number"),
        (json.dumps({"from_code": "en", "to_code": ["ru"]}), "to_code must be a string, not an array"),
        (
            json.dumps({"from_code": "en", "to_code": "ru", "package_version": 1.9}),
            "package_version must be a string, not a number",
        ),
        (
            json.dumps({"from_code": "en", "to_code": "ru", "target_prefix": 0}),
            "target_prefix must be a string, not a number",
        ),
        (
            json.dumps({"from_code": "en", "to_code": "ru", "from_name": {"en": "English"}}),
            "from_name must be a string, not an object",
        ),
        (json.dumps({"from_code": None, "to_code": "ru"}), "needs from_code and to_code"),
        (json.dumps({"from_code": "en", "to_code": "ru", "type": True}), "type must be a string"),
        (json.dumps({"to_code": "ru"}), "needs from_code and to_code"),
        (json.dumps({"from_code": "en"}), "needs from_code and to_code"),
        (json.dumps({"from_code": "", "to_code": "ru"}), "needs from_code and to_code"),
        (json.dumps({}), "needs from_code and to_code"),
        (json.dumps({"type": "sbd", "from_code": "en", "to_code": "ru"}), "type 'sbd'"),
    ],
)
def test_bad_metadata_is_one_line_error(tmp_path, folder, metadata, reason):
    file = make_zip(tmp_path / "bad.argosmodel", with_metadata("en", "ru", metadata))
    with pytest.raises(ModelPackageError, match=reason) as info:
        install_package_file(file, folder)
    assert info.value.path == str(file)
    assert "\n" not in str(info.value)
    assert list(folder.iterdir()) == []


def test_bad_metadata_in_the_folder_is_skipped_with_a_warning(tmp_path, folder, caplog):
    install_package_file(make_zip(tmp_path / "ok.zip", package_members("en", "ru")), folder)
    for name, metadata in [
        ("list", "[]"),
        ("number", json.dumps({"from_code": 5, "to_code": "ru"})),
        ("sbd", json.dumps({"type": "sbd", "from_code": "en", "to_code": "ky"})),
    ]:
        for member, data in with_metadata("en", "ky", metadata, top=name).items():
            (folder / member).parent.mkdir(parents=True, exist_ok=True)
            (folder / member).write_bytes(data if isinstance(data, bytes) else data.encode())
    with caplog.at_level("WARNING", logger="newsl10n.translation.models"):
        assert [m.id for m in list_installed(folder)] == ["translate-en_ru@1.0"]
    skipped = sorted(record.getMessage() for record in caplog.records)
    assert len(skipped) == 3
    assert any("from_code must be a string" in message for message in skipped)
    assert any("type 'sbd'" in message for message in skipped)


def test_metadata_defaults_follow_argos(tmp_path, folder):
    """Only from_code and to_code are required; type defaults to translate, the rest (absent
    or null) to ""; unknown fields are ignored."""
    metadata = json.dumps(
        {"from_code": "en", "to_code": "ky", "target_prefix": None, "extra": {"ignored": [1]}}
    )
    model = install_package_file(make_zip(tmp_path / "min.zip", with_metadata("en", "ky", metadata)), folder)
    assert (model.from_code, model.to_code, model.version, model.target_prefix) == ("en", "ky", "", "")
    assert model.id == "translate-en_ky@0"
    prefixed = json.dumps(
        {
            "from_code": "en",
            "to_code": "kk",
            "type": "translate",
            "package_version": "2.0",
            "target_prefix": "__kk__",
        }
    )
    model = install_package_file(
        make_zip(tmp_path / "p.zip", with_metadata("en", "kk", prefixed, top="kk")), folder
    )
    assert (model.version, model.target_prefix) == ("2.0", "__kk__")


def test_metadata_is_read_as_utf8(tmp_path, folder):
    metadata = json.dumps({"from_code": "ky", "to_code": "ru", "from_name": "Кыргызча"}, ensure_ascii=False)
    model = install_package_file(make_zip(tmp_path / "u.zip", with_metadata("ky", "ru", metadata)), folder)
    assert (model.from_code, model.to_code) == ("ky", "ru")
