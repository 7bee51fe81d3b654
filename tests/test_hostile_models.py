"""Hostile model packages and models folders (issue 9): nothing is lost, nothing is bricked.

Every archive here is built in ``tmp_path`` and kept small: the size limits are parameters,
so a few megabytes of zeros (a few kilobytes once compressed) stand for a zip bomb.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from newsl10n.errors import ModelNotInstalledError, ModelPackageError
from newsl10n.translation import packages as models_module
from newsl10n.translation.models import find_route, list_installed, scan_installed
from newsl10n.translation.packages import MAX_UNPACKED_BYTES, install_package_file, remove_model
from test_models import make_zip, package_members

MiB = 1024**2


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "models"


def refused(file: Path, folder: Path, match: str, **options: int) -> ModelPackageError:
    """Install ``file``, expect a one-line ModelPackageError, and check nothing is left."""
    before = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    with pytest.raises(ModelPackageError, match=match) as info:
        install_package_file(file, folder, **options)
    assert info.value.path == str(file)
    assert "\n" not in str(info.value)
    assert sorted(p.name for p in folder.iterdir()) == before
    return info.value


def deflated(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def plant(folder: Path, name: str, metadata: str | dict, *, complete: bool = True) -> Path:
    """A package folder written straight into the models folder, bypassing install."""
    package = folder / name
    (package / "model").mkdir(parents=True)
    text = metadata if isinstance(metadata, str) else json.dumps(metadata)
    (package / "metadata.json").write_text(text, encoding="utf-8")
    if complete:
        (package / "model" / "model.bin").write_bytes(b"\0" * 8)
        (package / "sentencepiece.model").write_bytes(b"spm")
    return package


# --------------------------------------------------------------------------- zip bombs


def test_the_default_cap_is_sane():
    assert 500 * 10**6 < MAX_UNPACKED_BYTES <= 2 * 1024**3


def test_highly_compressible_member_is_refused_before_extraction(tmp_path, folder):
    members = package_members("en", "ru")
    members["translate-en_ru-1_0/model/model.bin"] = b"\0" * (8 * MiB)  # ~8 KiB deflated
    file = deflated(tmp_path / "bomb.argosmodel", members)
    assert file.stat().st_size < 100_000
    refused(file, folder, "compression ratio")


def test_small_compressible_members_are_fine(tmp_path, folder):
    members = package_members("en", "ru")
    members["translate-en_ru-1_0/model/shared_vocabulary.json"] = json.dumps(["▁a"] * 200_000)
    model = install_package_file(deflated(tmp_path / "ok.argosmodel", members), folder)
    assert model.id == "translate-en_ru@1.0"


def test_total_size_over_the_cap_is_refused(tmp_path, folder):
    members = package_members("en", "ru")
    members["translate-en_ru-1_0/model/model.bin"] = os.urandom(2 * MiB)
    file = make_zip(tmp_path / "big.argosmodel", members)
    refused(file, folder, "more than 1 MiB", max_bytes=MiB)
    assert install_package_file(file, folder, max_bytes=3 * MiB).id == "translate-en_ru@1.0"


def patch_declared_size(file: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size of ``member`` in its local and central headers."""
    data = bytearray(file.read_bytes())
    name = member.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + offset, size)
            start = at + 4
    file.write_bytes(bytes(data))


def test_declared_size_that_lies_is_refused(tmp_path, folder):
    members = package_members("en", "ru")
    members["translate-en_ru-1_0/model/model.bin"] = b"\0" * (8 * MiB)
    file = deflated(tmp_path / "liar.argosmodel", members)
    patch_declared_size(file, "translate-en_ru-1_0/model/model.bin", 1000)
    assert zipfile.ZipFile(file).getinfo("translate-en_ru-1_0/model/model.bin").file_size == 1000
    refused(file, folder, r"corrupt archive|declared size")


def test_members_are_counted_while_streaming_not_only_declared(tmp_path, folder, monkeypatch):
    """A zip reader that does not stop at the declared size (the zip lies): the running
    count stops the install at the first excess."""
    file = deflated(tmp_path / "p.argosmodel", package_members("en", "ru"))
    real_open = zipfile.ZipFile.open

    def lying_open(self, member, *args, **kwargs):
        name = member.filename if isinstance(member, zipfile.ZipInfo) else member
        if name.endswith("model.bin"):
            return io.BytesIO(b"\0" * (3 * MiB))
        return real_open(self, member, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", lying_open)
    refused(file, folder, "more than its declared size")
    refused(file, folder, "more than", max_bytes=MiB)


def test_too_many_members_are_refused(tmp_path, folder):
    members = package_members("en", "ru")
    for number in range(models_module.MAX_MEMBERS):
        members[f"translate-en_ru-1_0/junk/{number}"] = ""
    refused(make_zip(tmp_path / "many.argosmodel", members), folder, "entries")


# --------------------------------------------------------------------------- metadata at install


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"from_code": "zz"}, "from_code 'zz' is not a known language code"),
        ({"to_code": "qq"}, "to_code 'qq' is not a known language code"),
        ({"from_code": "../../x"}, "from_code '../../x' is not a known language code"),
        ({"to_code": "ru/../../x"}, "to_code 'ru/../../x' is not a known language code"),
        ({"from_code": "EN"}, "from_code 'EN' is not a known language code"),
        ({"from_code": "en_US"}, "from_code 'en_US' is not a known language code"),
        ({"from_code": "qaa"}, "not a known language code"),
        ({"to_code": "en"}, "from_code and to_code are both 'en'"),
        ({"from_code": 5}, "from_code must be a string, not a number"),
        ({"to_code": ["x"]}, "to_code must be a string, not an array"),
        ({"package_version": "../../x"}, "package_version '../../x' is not a version"),
        ({"package_version": "1.0\nInstalled evil"}, "is not a version"),
        ({"package_version": "." * 100}, "is not a version"),
        ({"name": 7}, "name must be a string"),
        ({"name": "ok\nInstalled evil"}, "name .* is not one line"),
    ],
)
def test_hostile_metadata_is_refused_at_install(tmp_path, folder, changes, reason):
    members = package_members("en", "ru")
    metadata = json.loads(members["translate-en_ru-1_0/metadata.json"])
    members["translate-en_ru-1_0/metadata.json"] = json.dumps({**metadata, **changes})
    refused(make_zip(tmp_path / "bad.argosmodel", members), folder, reason)


def test_huge_or_deeply_nested_metadata_is_refused(tmp_path, folder):
    members = package_members("en", "ru")
    members["translate-en_ru-1_0/metadata.json"] = "[" * 200_000 + "]" * 200_000
    refused(make_zip(tmp_path / "deep.argosmodel", members), folder, "metadata.json")
    members["translate-en_ru-1_0/metadata.json"] = json.dumps({"from_code": "en", "pad": "x" * (2 * MiB)})
    refused(make_zip(tmp_path / "huge.argosmodel", members), folder, "metadata.json is too large")


# --------------------------------------------------------------------------- placement


def test_hidden_top_folder_is_installed_under_our_own_name(tmp_path, folder):
    file = make_zip(tmp_path / "hidden.argosmodel", package_members("en", "ru", top=".install-x"))
    model = install_package_file(file, folder)
    assert model.path == folder / "translate-en_ru-1_0"
    assert [m.id for m in list_installed(folder)] == ["translate-en_ru@1.0"]
    assert [p.name for p in folder.iterdir()] == ["translate-en_ru-1_0"]


@pytest.mark.parametrize("top", [".", "..x", "translate-en_ru-1_0", "x" * 200, "пакет"])
def test_folder_name_comes_from_metadata_not_from_the_archive(tmp_path, folder, top):
    file = make_zip(tmp_path / "p.argosmodel", package_members("ky", "en", top=top))
    if top == ".":  # "./metadata.json": no top folder at all
        refused(file, folder, "one top-level folder")
        return
    assert install_package_file(file, folder).path.name == "translate-ky_en-1_0"


def test_install_never_replaces_a_different_package(tmp_path, folder):
    install_package_file(make_zip(tmp_path / "enru.zip", package_members("en", "ru")), folder)
    impostor = make_zip(tmp_path / "kyen.zip", package_members("ky", "en", top="translate-en_ru-1_0"))
    model = install_package_file(impostor, folder)
    assert model.path.name == "translate-ky_en-1_0"
    assert [m.id for m in list_installed(folder)] == ["translate-en_ru@1.0", "translate-ky_en@1.0"]


@pytest.mark.parametrize("existing", ["other-pair", "no-metadata", "a-file", "a-link"])
def test_install_refuses_to_overwrite_what_is_not_the_same_pair(tmp_path, folder, existing):
    folder.mkdir()
    target = folder / "translate-ky_en-1_0"
    if existing == "other-pair":
        plant(folder, target.name, {"from_code": "en", "to_code": "ru", "package_version": "1.0"})
    elif existing == "no-metadata":
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    elif existing == "a-file":
        target.write_text("mine")
    else:
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "notes.txt").write_text("mine")
        target.symlink_to(tmp_path / "elsewhere")
    snapshot = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    file = make_zip(tmp_path / "kyen.zip", package_members("ky", "en"))
    refused(file, folder, "remove it first")
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == snapshot
    if existing == "a-link":
        assert (tmp_path / "elsewhere" / "notes.txt").read_text() == "mine"


def test_reinstalling_the_same_pair_replaces_it(tmp_path, folder):
    members = package_members("en", "ru")
    install_package_file(make_zip(tmp_path / "a.zip", members), folder)
    members["translate-en_ru-1_0/README.md"] = "second"
    install_package_file(make_zip(tmp_path / "b.zip", members), folder)
    assert (folder / "translate-en_ru-1_0" / "README.md").read_text() == "second"
    assert [p.name for p in folder.iterdir()] == ["translate-en_ru-1_0"]


@pytest.mark.parametrize(
    "members, reason",
    [
        ({"pkg/metadata.json": "{}", "pkg/metadata.json/x": "y"}, "both a file and a folder"),
        ({"pkg": "a file at the top"}, "one top-level folder"),
    ],
)
def test_conflicting_entries_are_refused(tmp_path, folder, members, reason):
    refused(make_zip(tmp_path / "bad.argosmodel", members), folder, reason)


def test_duplicate_entries_are_refused(tmp_path, folder):
    file = tmp_path / "dup.argosmodel"
    with pytest.warns(UserWarning, match="Duplicate name"):
        make_zip(file, package_members("en", "ru"))
        with zipfile.ZipFile(file, "a") as archive:
            archive.writestr("translate-en_ru-1_0/metadata.json", "{}")
    refused(file, folder, "duplicate entry")


def test_encrypted_and_unsupported_members_are_refused(tmp_path, folder):
    file = make_zip(tmp_path / "enc.argosmodel", package_members("en", "ru"))
    data = bytearray(file.read_bytes())
    at = data.find(b"PK\x01\x02")  # first central entry: set the "encrypted" flag
    struct.pack_into("<H", data, at + 8, 1)
    file.write_bytes(bytes(data))
    refused(file, folder, "encrypted")
    file = make_zip(tmp_path / "method.argosmodel", package_members("en", "ru"))
    data = bytearray(file.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        struct.pack_into("<H", data, data.find(signature) + offset, 99)  # no such method
    file.write_bytes(bytes(data))
    refused(file, folder, "compression method")


def test_corrupt_deflate_data_is_a_package_error(tmp_path, folder):
    members = package_members("en", "ru")
    members["translate-en_ru-1_0/model/model.bin"] = os.urandom(64 * 1024)
    file = deflated(tmp_path / "corrupt.argosmodel", members)
    data = bytearray(file.read_bytes())
    name = b"translate-en_ru-1_0/model/model.bin"
    start = data.find(name) + len(name) + 100
    data[start : start + 2000] = b"\xff" * 2000
    file.write_bytes(bytes(data))
    refused(file, folder, "corrupt archive")


# --------------------------------------------------------------------------- broken folders


def broken_folders(folder: Path) -> list[str]:
    """Plant the folders the old installer let in, next to nothing else."""
    plant(folder, "translate-zz_qq-1_0", {"from_code": "zz", "to_code": "qq", "package_version": "1.0"})
    plant(folder, "number", {"from_code": 5, "to_code": "ru"})
    plant(folder, "array", {"from_code": "en", "to_code": ["x"]})
    plant(folder, "escape", {"from_code": "../../x", "to_code": "en"})
    plant(folder, "list", "[1, 2]")
    plant(folder, "version", {"from_code": "en", "to_code": "ky", "package_version": "1\n2"})
    return ["array", "escape", "list", "number", "translate-zz_qq-1_0", "version"]


def test_broken_folders_do_not_break_the_library(tmp_path, folder, caplog):
    install_package_file(make_zip(tmp_path / "enru.zip", package_members("en", "ru")), folder)
    install_package_file(make_zip(tmp_path / "ruen.zip", package_members("ru", "en")), folder)
    names = broken_folders(folder)
    scan = scan_installed(folder)
    assert [m.id for m in scan.installed] == ["translate-en_ru@1.0", "translate-ru_en@1.0"]
    assert sorted(Path(error.path).name for error in scan.skipped) == names
    assert all(isinstance(error, ModelPackageError) for error in scan.skipped)
    with caplog.at_level("WARNING", logger="newsl10n.translation.models"):
        models = list_installed(folder)
    assert len(caplog.records) == len(names)
    assert [m.to_code for m in find_route("en", "ru", models)] == ["ru"]
    with pytest.raises(ModelNotInstalledError):
        find_route("zz", "qq", models)
    assert [m.id for m in remove_model("en", "ru", folder)] == ["translate-en_ru@1.0"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names, "translate-ru_en-1_0"])


def run_cli(*args: str, env_extra: dict[str, str] | None = None, cwd: Path) -> subprocess.CompletedProcess:
    import newsl10n

    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSL10N_", "ARGOS_"))}
    env["PYTHONPATH"] = str(Path(newsl10n.__file__).parents[1])
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "newsl10n", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_broken_folders_do_not_break_the_commands(argos_files, tmp_path, folder):
    install_package_file(argos_files[("en", "ru", "echo")], folder)
    names = broken_folders(folder)
    where = ["--models-dir", str(folder)]

    plant(folder, "evil\nInstalled translate-en_ky@1.0 \x1b[2J", "[]")  # one line all the same

    listed = run_cli("models", "list", *where, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "en -> ru" in listed.stdout and "zz" not in listed.stdout
    for name in names:
        lines = [line for line in listed.stderr.splitlines() if str(folder / name) + ":" in line]
        assert len(lines) == 1 and lines[0].startswith("Warning:"), listed.stderr
    assert len(listed.stderr.splitlines()) == len(names) + 1 and "\x1b" not in listed.stderr
    assert all(line.startswith("Warning: skipping ") for line in listed.stderr.splitlines())
    shutil.rmtree(folder / "evil\nInstalled translate-en_ky@1.0 \x1b[2J")

    as_json = run_cli("models", "list", "--json", *where, cwd=tmp_path)
    data = json.loads(as_json.stdout)
    assert [m["id"] for m in data["installed"]] == ["translate-en_ru@1.0"]
    assert sorted(Path(s["path"]).name for s in data["skipped"]) == names

    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    translated = run_cli(
        "translate", "a.txt", "--to", "ru", "--from", "en", "--engine", "argos", "--no-memory",
        "--no-glossary", "--out", "out", "--quiet", *where, cwd=tmp_path,
    )  # fmt: skip
    assert translated.returncode == 0, translated.stderr
    assert (tmp_path / "out" / "a" / "ru.txt").read_text("utf-8").strip() == "Hello."
    assert str(folder / "number") in translated.stderr

    removed = run_cli("models", "remove", "en", "ru", *where, cwd=tmp_path)
    assert removed.returncode == 0, removed.stderr
    assert "Removed translate-en_ru@1.0" in removed.stdout
    assert all(str(folder / name) + ":" in removed.stderr for name in names), removed.stderr
    assert sorted(p.name for p in folder.iterdir()) == names


@pytest.mark.slow
def test_metadata_that_is_a_list_in_install_list_and_translate(tmp_path, folder):
    file = make_zip(tmp_path / "list.argosmodel", {"pkg/metadata.json": "[]", "pkg/model/model.bin": "x"})
    installed = run_cli("models", "install", str(file), "--models-dir", str(folder), cwd=tmp_path)
    assert installed.returncode == 1
    assert installed.stderr.startswith("Error: ") and len(installed.stderr.splitlines()) == 1
    assert "expected a JSON object" in installed.stderr
    plant(folder, "list", "[]")
    listed = run_cli("models", "list", "--models-dir", str(folder), cwd=tmp_path)
    assert listed.returncode == 0 and "expected a JSON object" in listed.stderr, listed.stderr
    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    translated = run_cli(
        "translate", "a.txt", "--to", "ru", "--from", "en", "--engine", "argos", "--no-memory",
        "--no-glossary", "--out", "out", "--quiet", "--models-dir", str(folder), cwd=tmp_path,
    )  # fmt: skip
    assert translated.returncode == 1
    assert "Traceback" not in translated.stderr and "AttributeError" not in translated.stderr
    assert "no model installed for en -> ru" in translated.stderr


def test_removing_a_linked_package_removes_the_link_only(tmp_path, folder):
    elsewhere = tmp_path / "elsewhere"
    install_package_file(make_zip(tmp_path / "p.zip", package_members("en", "ru")), elsewhere)
    folder.mkdir()
    (folder / "translate-en_ru-1_0").symlink_to(elsewhere / "translate-en_ru-1_0")
    assert [m.id for m in list_installed(folder)] == ["translate-en_ru@1.0"]
    assert [m.id for m in remove_model("en", "ru", folder)] == ["translate-en_ru@1.0"]
    assert list(folder.iterdir()) == []
    assert [m.id for m in list_installed(elsewhere)] == ["translate-en_ru@1.0"]


def test_reinstall_repairs_a_broken_copy_of_the_same_pair(tmp_path, folder):
    folder.mkdir()
    plant(folder, "translate-en_ru-1_0", {"from_code": "en", "to_code": "ru"}, complete=False)
    assert scan_installed(folder).skipped
    model = install_package_file(make_zip(tmp_path / "p.zip", package_members("en", "ru")), folder)
    assert model.path == folder / "translate-en_ru-1_0"
    assert scan_installed(folder).skipped == () and [p.name for p in folder.iterdir()] == [model.path.name]


def test_an_interrupted_replacement_keeps_the_old_copy(tmp_path, folder, monkeypatch):
    install_package_file(make_zip(tmp_path / "a.zip", package_members("en", "ru")), folder)
    real_replace = os.replace

    def interrupted(source, target):
        if Path(source).name == "package":
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        install_package_file(make_zip(tmp_path / "b.zip", package_members("en", "ru")), folder)
    monkeypatch.undo()
    assert [m.id for m in list_installed(folder)] == ["translate-en_ru@1.0"]
    assert [p.name for p in folder.iterdir()] == ["translate-en_ru-1_0"]


def _install_many_times(file: str, folder: str) -> list[str]:
    outcomes = []
    for _ in range(5):
        try:
            outcomes.append(install_package_file(file, folder).id)
        except ModelPackageError as exc:
            outcomes.append(exc.reason)
    return outcomes


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_concurrent_installs_of_one_package_all_succeed(tmp_path, folder):
    import multiprocessing

    members = package_members("en", "ru")
    members["translate-en_ru-1_0/model/model.bin"] = os.urandom(1024**2)
    file = make_zip(tmp_path / "p.zip", members)
    with multiprocessing.get_context("fork").Pool(4) as pool:
        outcomes = pool.starmap(_install_many_times, [(str(file), str(folder))] * 4)
    assert [outcome for runs in outcomes for outcome in runs] == ["translate-en_ru@1.0"] * 20
    assert [p.name for p in folder.iterdir()] == ["translate-en_ru-1_0"]


# --------------------------------------------------------------------------- staging leftovers


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_stale_staging_folders_are_cleaned_and_nothing_else(tmp_path, folder):
    folder.mkdir()
    stale = folder / ".install-dead1234"
    (stale / "package" / "model").mkdir(parents=True)
    (stale / "package" / "model" / "model.bin").write_bytes(b"\0" * 1000)
    age(stale, 2 * 3600)
    fresh = folder / ".install-busy5678"
    fresh.mkdir()
    (folder / ".install-notes").write_text("a file, not ours")
    age(folder / ".install-notes", 2 * 3600)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    (folder / ".install-link").symlink_to(outside)
    os.utime(folder / ".install-link", (1, 1), follow_symlinks=False)
    age(outside, 2 * 3600)
    (folder / ".other").mkdir()
    age(folder / ".other", 2 * 3600)
    (folder / "install-old").mkdir()
    age(folder / "install-old", 2 * 3600)
    for name in (".install-keep-me-please", ".install-ABCDEFGH"):  # not names mkdtemp gives
        (folder / name).mkdir()
        age(folder / name, 2 * 3600)

    assert list_installed(folder) == []
    left = sorted(p.name for p in folder.iterdir())
    assert left == [
        ".install-ABCDEFGH",
        ".install-busy5678",
        ".install-keep-me-please",
        ".install-link",
        ".install-notes",
        ".other",
        "install-old",
    ]
    assert (outside / "keep.txt").read_text() == "keep"

    stale.mkdir()
    age(stale, 2 * 3600)
    install_package_file(make_zip(tmp_path / "p.zip", package_members("en", "ru")), folder)
    assert not stale.exists()
    assert ".install-busy5678" in [p.name for p in folder.iterdir()]


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_old_staging_folder_locked_by_a_live_install_is_kept(folder):
    import fcntl

    folder.mkdir()
    busy = folder / ".install-slow0000"
    busy.mkdir()
    age(busy, 5 * 3600)
    handle = os.open(busy, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert list_installed(folder) == []
        assert busy.is_dir()
    finally:
        os.close(handle)
    list_installed(folder)
    assert not busy.exists()


def test_a_failed_install_leaves_no_staging_folder(tmp_path, folder, monkeypatch):
    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(models_module, "open", boom, raising=False)  # the files unpacked
    refused(make_zip(tmp_path / "p.zip", package_members("en", "ru")), folder, "No space left")


# --------------------------------------------------------------------------- unusable folders


def test_read_only_models_folder_is_a_package_error(tmp_path, folder, monkeypatch):
    folder.mkdir()

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    file = make_zip(tmp_path / "p.zip", package_members("en", "ru"))
    error = refused(file, folder, "Permission denied")
    assert str(folder) in error.reason


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_really_read_only_models_folder(tmp_path, folder):
    install_package_file(make_zip(tmp_path / "p.zip", package_members("en", "ru")), folder)
    folder.chmod(0o555)
    try:
        refused(make_zip(tmp_path / "k.zip", package_members("ky", "en")), folder, "Permission denied")
        with pytest.raises(ModelPackageError, match="Permission denied"):
            remove_model("en", "ru", folder)
        assert [m.id for m in list_installed(folder)] == ["translate-en_ru@1.0"]
    finally:
        folder.chmod(0o755)


def test_remove_that_cannot_write_keeps_the_model(tmp_path, folder, monkeypatch):
    install_package_file(make_zip(tmp_path / "p.zip", package_members("en", "ru")), folder)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    with pytest.raises(ModelPackageError, match="Permission denied"):
        remove_model("en", "ru", folder)
    monkeypatch.undo()
    assert [m.id for m in list_installed(folder)] == ["translate-en_ru@1.0"]


def test_models_dir_that_is_a_file(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    file = make_zip(tmp_path / "p.zip", package_members("en", "ru"))
    with pytest.raises(ModelPackageError, match="not a folder"):
        install_package_file(file, not_a_folder)
    with pytest.raises(ModelPackageError, match="not a folder"):
        list_installed(not_a_folder)
    with pytest.raises(ModelPackageError, match=r"Not a directory|not a folder"):
        install_package_file(file, not_a_folder / "below")
    assert not_a_folder.read_text() == "x"


@pytest.mark.slow
def test_unusable_models_folders_on_the_command_line(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    file = make_zip(tmp_path / "p.zip", package_members("en", "ru"))
    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    translate = ["translate", "a.txt", "--to", "ru", "--from", "en", "--engine", "argos", "--no-memory"]
    for args in (
        ["models", "install", str(file), "--models-dir", str(not_a_folder)],
        ["models", "list", "--models-dir", str(not_a_folder)],
        ["models", "remove", "en", "ru", "--models-dir", str(not_a_folder)],
        [*translate, "--no-glossary", "--out", "out", "--quiet", "--models-dir", str(not_a_folder)],
    ):
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 1, (args, done.stderr)
        assert done.stderr.startswith("Error: ") and len(done.stderr.splitlines()) == 1, done.stderr
        assert "not a folder" in done.stderr


def test_unreadable_models_folder_is_a_package_error(tmp_path, folder, monkeypatch):
    install_package_file(make_zip(tmp_path / "p.zip", package_members("en", "ru")), folder)
    real_iterdir = Path.iterdir

    def denied(self):
        if self == folder:
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", denied)
    with pytest.raises(ModelPackageError, match="cannot read the models folder: Permission denied"):
        list_installed(folder)


def test_models_folder_reached_through_links(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    file = make_zip(tmp_path / "p.zip", package_members("en", "ru"))
    assert install_package_file(file, tmp_path / "link").path == tmp_path / "link" / "translate-en_ru-1_0"
    assert [m.id for m in remove_model("en", "ru", tmp_path / "link")] == ["translate-en_ru@1.0"]
    assert list(real.iterdir()) == [] and (tmp_path / "link").is_symlink()
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(ModelPackageError, match="cannot install into"):
        install_package_file(file, tmp_path / "dangling")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.slow
def test_zip_bomb_on_the_command_line(tmp_path, folder):
    members = package_members("en", "ru")
    members["translate-en_ru-1_0/model/model.bin"] = b"\0" * (8 * MiB)
    file = deflated(tmp_path / "bomb.argosmodel", members)
    done = run_cli("models", "install", str(file), "--models-dir", str(folder), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: ") and len(done.stderr.splitlines()) == 1, done.stderr
    assert "compression ratio" in done.stderr
    assert list(folder.iterdir()) == []


def test_names_too_long_for_the_file_system(tmp_path, folder):
    long = "a" * 5000
    with pytest.raises(ModelPackageError, match="File name too long"):
        install_package_file(tmp_path / f"{long}.argosmodel", folder)
    file = make_zip(tmp_path / "p.zip", package_members("en", "ru"))
    with pytest.raises(ModelPackageError, match="File name too long"):
        install_package_file(file, tmp_path / long)
    with pytest.raises(ModelPackageError, match="File name too long"):
        list_installed(tmp_path / long)
    members = package_members("en", "ru")
    members[f"translate-en_ru-1_0/{'b' * 300}"] = "x"
    refused(make_zip(tmp_path / "q.zip", members), folder, "File name too long")


@pytest.mark.slow
def test_names_too_long_on_the_command_line(tmp_path):
    long = "a" * 5000
    for args in (["models", "install", long], ["models", "install", f"{long}.argosmodel"]):
        done = run_cli(*args, "--models-dir", str(tmp_path / "m"), cwd=tmp_path)
        assert done.returncode in (1, 2) and "Traceback" not in done.stderr, done.stderr[-300:]
        assert done.stderr.splitlines()[-1].startswith("Error: ")
