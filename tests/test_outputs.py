"""Issue 9: output folders never lose data: odd names, colliding stems, stale staging
folders, concurrent writers, unusable --out folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli import app
from newsl10n.errors import InputError
from newsl10n.files import translate_file, translate_files
from newsl10n.parallel.align import ParallelArticle, Segment, article_stem, write_parallel
from newsl10n.translation.fake import FakeTranslator

TEXT = "The parliament met on Wednesday. It voted for the law.\n"
SRC = str(Path(__file__).resolve().parents[1] / "src")


def _write(path: Path, text: str = TEXT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _translate(*args: str):
    return _run("translate", *args, "--to", "ru", "--from", "en", "--engine", "fake", "--no-memory",
                "--no-glossary", "--quiet")  # fmt: skip


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _article(text: str = "Hello.") -> ParallelArticle:
    return ParallelArticle("en", ["ru"], [Segment("p1.s1", 0, {"en": text, "ru": f"[ru] {text}"})])


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "name, stem",
    [("..txt", "article"), ("...txt", "article"), ("....", "article"), (". .txt", "article"),
     ("..en.txt", "article"), (".en.txt", "article"), (".txt", "txt")],
)  # fmt: skip
def test_a_dot_name_never_names_a_folder_outside_its_own(name, stem, tmp_path, monkeypatch):
    work = tmp_path / "w"
    _write(work / "out" / "earlier" / "ru.txt", "keep\n")
    article = _write(tmp_path / "in" / name)
    monkeypatch.chdir(work)
    before = _tree(tmp_path / "w")
    result = _translate(str(article), "--out", "out")
    assert result.exit_code == 0, result.output
    after = _tree(work)
    assert {k: v for k, v in after.items() if k in before} == before
    new = sorted({Path(k).parts[1] for k in after if k not in before})
    assert new == [stem], new
    assert sorted(p.name for p in work.iterdir()) == ["out"]
    assert sorted(p.name for p in (work / "out").iterdir()) == sorted([stem, "earlier"])


@pytest.mark.parametrize(
    "name, stem",
    [
        ("..txt", "article"),
        ("...txt", "article"),
        (".en.txt", "article"),
        (".hidden.txt", "hidden"),
        ("..story.ru.txt", "story"),
        ("story..txt", "story"),
        ("  .txt", "article"),
        ("/tmp/x/..", "article"),
        ("", "article"),
        ("new\nline.txt", "new_line"),
        ("tab\there\x7f.txt", "tab_here_"),
        ("x" * 250 + ".txt", "x" * 200),
        ("ж" * 150 + ".ru.txt", "ж" * 100),  # 200 bytes of UTF-8, never half a letter
        ("ж" * 99 + "x" + "ж" * 50 + ".txt", "ж" * 99 + "x"),
    ],
)
def test_article_stem_is_a_safe_folder_name(name, stem):
    assert article_stem(name) == stem


@pytest.mark.parametrize("stem", ["", ".", "..", "a/b", "../x", ".story", "x\x00"])
def test_write_parallel_refuses_a_stem_that_is_not_one_plain_name(stem, tmp_path):
    _write(tmp_path / "out" / "earlier" / "ru.txt", "keep\n")
    with pytest.raises(ValueError, match="stem"):
        write_parallel(_article(), tmp_path / "out", stem)
    assert _tree(tmp_path) == {"out/earlier/ru.txt": "keep\n"}


# --------------------------------------------------------------------------- collisions


@pytest.mark.parametrize(
    "names",
    [
        ("a/story.txt", "b/story.txt"),
        ("story.en.txt", "story.ru.txt"),
        ("story.txt", "story.txt"),
        ("Story.txt", "story.ky.txt"),  # one folder on macOS and Windows
        ("a/story\u00e9.txt", "b/storye\u0301.txt"),  # NFC and NFD of one name
    ],
)
def test_two_articles_with_one_stem_are_refused_before_any_work(names, tmp_path):
    paths = [_write(tmp_path / "in" / name) for name in names]
    fake = FakeTranslator()
    with pytest.raises(InputError, match="story") as info:
        translate_files(paths, ["ru"], tmp_path / "out", "en", translator=fake)
    assert str(paths[0]) in str(info.value) and str(paths[1]) in str(info.value)
    assert fake.calls == [] and not (tmp_path / "out").exists()


def test_colliding_stems_on_the_command_line_are_one_error_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "a" / "story.txt")
    _write(tmp_path / "b" / "story.txt", "Another article entirely. Yes.\n")
    result = _translate("a/story.txt", "b/story.txt", "--out", "out")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "a/story.txt" in lines[0] and "b/story.txt" in lines[0] and "out/story" in lines[0]
    assert not (tmp_path / "out").exists()


def test_stdin_collides_with_a_file_named_stdin(tmp_path):
    path = _write(tmp_path / "stdin.txt")
    with pytest.raises(InputError, match="stdin"):
        translate_files(["-", path], ["ru"], tmp_path / "out", "en", translator=FakeTranslator())


# --------------------------------------------------------------------------- staging folders


def test_stale_staging_folders_of_the_article_are_cleaned(tmp_path):
    out = tmp_path / "out"
    write_parallel(_article("First."), out, "story")
    for name in (".story.new.ab_c1234", ".story.old.def45678"):
        _write(out / name / "ru.txt", "half\n")
    # An earlier version's staging name: removed only when it holds a newsl10n article.
    shutil.copytree(out / "story", out / ".story.xyz78901")
    _write(out / ".story.20261201" / "ru.txt", "the editor's own backup\n")
    _write(out / ".story.abcdefgh" / "ru.txt", "another backup\n")
    _write(out / ".other.new.ab_c1234" / "ru.txt", "not ours\n")
    _write(out / ".story-2.new.ab_c1234" / "ru.txt", "not ours either\n")
    write_parallel(_article("Second."), out, "story")
    assert sorted(p.name for p in out.iterdir()) == [
        ".other.new.ab_c1234",
        ".story-2.new.ab_c1234",
        ".story.20261201",
        ".story.abcdefgh",
        "story",
    ]
    assert (out / ".story.20261201" / "ru.txt").read_text(encoding="utf-8") == "the editor's own backup\n"
    assert (out / "story" / "ru.txt").read_text(encoding="utf-8") == "[ru] Second.\n"


def test_an_interrupted_swap_gets_the_previous_folder_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_parallel(_article("First."), out, "story")
    # Killed between moving the old folder aside and moving the new one in.
    aside = out / ".story.old.ab_c1234"
    aside.mkdir()
    os.replace(out / "story", aside / "story")
    _write(out / ".story.new.def45678" / "ru.txt", "half\n")
    import newsl10n.parallel.align as align

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(align, "write_article_tmx", broken)
    with pytest.raises(OSError, match="No space"):
        write_parallel(_article("Second."), out, "story")
    assert sorted(p.name for p in out.iterdir()) == ["story"]
    assert (out / "story" / "ru.txt").read_text(encoding="utf-8") == "[ru] First.\n"


def test_a_failed_write_leaves_the_previous_folder_and_no_staging(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_parallel(_article("First."), out, "story")
    import newsl10n.parallel.align as align

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(align, "write_article_tmx", broken)
    with pytest.raises(OSError, match="No space"):
        write_parallel(_article("Second."), out, "story")
    assert sorted(p.name for p in out.iterdir()) == ["story"]
    assert (out / "story" / "ru.txt").read_text(encoding="utf-8") == "[ru] First.\n"


WRITER = textwrap.dedent(
    """
    import os
    import sys
    import time
    from newsl10n.parallel.align import ParallelArticle, Segment, write_parallel

    out, tag, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    while not os.path.exists(go):  # start together
        time.sleep(0.001)
    failures = 0
    for n in range(count):
        text = f"Writer {tag} write {n}."
        article = ParallelArticle("en", ["ru"], [Segment("p1.s1", 0, {"en": text, "ru": "[ru] " + text})])
        try:
            write_parallel(article, out, "story")
        except OSError as exc:
            failures += 1
            print(exc, file=sys.stderr)
    print(failures)
    """
)


def test_three_processes_writing_one_article_never_fail_or_mix(tmp_path):
    out, go = tmp_path / "out", tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": SRC}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(out), tag, "50", str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for tag in "abc"
    ]
    go.touch()
    outcomes = [w.communicate(timeout=300) for w in writers]
    assert [(w.returncode, o.strip(), e) for w, (o, e) in zip(writers, outcomes)] == [(0, "0", "")] * 3
    assert sorted(p.name for p in out.iterdir()) == ["story"]
    files = sorted(p.name for p in (out / "story").iterdir())
    assert files == ["alignment.json", "en.txt", "review.html", "ru.txt", "story.tmx"]
    en = (out / "story" / "en.txt").read_text(encoding="utf-8")
    assert en.startswith("Writer ") and en.endswith(" write 49.\n")
    assert (out / "story" / "ru.txt").read_text(encoding="utf-8") == "[ru] " + en
    assert en.strip() in (out / "story" / "alignment.json").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- unusable --out


def test_out_pointing_at_a_file_is_one_error_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "story.txt")
    _write(tmp_path / "taken", "a file\n")
    result = _translate("story.txt", "--out", "taken")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["Error: taken: the output folder is a file"]
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "a file\n"


def test_out_below_a_file_is_one_error_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "story.txt")
    _write(tmp_path / "taken", "a file\n")
    result = _translate("story.txt", "--out", "taken/sub")
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: taken/sub: cannot create the output folder")


def test_read_only_out_folder_is_one_error_before_any_work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "story.txt")
    (tmp_path / "ro").mkdir()
    real_access = os.access
    monkeypatch.setattr(  # root may write anywhere, so chmod alone proves nothing here
        os,
        "access",
        lambda path, mode, **kw: False if Path(path).name == "ro" else real_access(path, mode, **kw),
    )
    fake = FakeTranslator()
    with pytest.raises(InputError, match="the output folder is not writable") as info:
        translate_files([tmp_path / "story.txt"], ["ru"], tmp_path / "ro", "en", translator=fake)
    assert info.value.path == str(tmp_path / "ro") and fake.calls == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_folder_on_the_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "story.txt")
    (tmp_path / "ro").mkdir(mode=0o555)
    result = _translate("story.txt", "--out", "ro")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["Error: ro: the output folder is not writable"]


# --------------------------------------------------------------------------- unreadable inputs


def test_one_unreadable_file_among_several_fails_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a.txt", "secret.txt", "c.txt"):
        _write(tmp_path / name)
    import builtins

    def guarded_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    # (root reads everything: the refusal is simulated where textio opens the article)
    monkeypatch.setattr("newsl10n.textio.open", guarded_open, raising=False)
    result = _translate("a.txt", "secret.txt", "c.txt", "--out", "out")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["Error: secret.txt: Permission denied"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["a", "c"]


def test_translate_file_still_writes_one_article(tmp_path):
    result = translate_file(
        _write(tmp_path / "story.txt"), ["ru"], tmp_path / "out", "en", translator=FakeTranslator()
    )
    assert result.out_dir == tmp_path / "out" / "story"


# --------------------------------------------------------------------------- more hostile cases


@pytest.mark.parametrize("kind", ["file", "symlink", "folder", "bad-alignment"])
def test_an_entry_in_the_articles_place_that_is_no_article_folder_is_left_alone(kind, tmp_path):
    out = tmp_path / "out"
    elsewhere = _write(tmp_path / "elsewhere" / "notes.txt", "mine\n")
    out.mkdir()
    if kind == "file":
        _write(out / "story", "a file of the user\n")
    elif kind == "symlink":
        (out / "story").symlink_to(elsewhere.parent, target_is_directory=True)
    elif kind == "folder":  # `translate story/story.txt --out .`: the source's own folder
        _write(out / "story" / "story.txt", TEXT)
        _write(out / "story" / "notes.txt", "the editor's notes\n")
    else:
        _write(out / "story" / "alignment.json", '{"format": "something else"}\n')
    before = _tree(tmp_path)
    with pytest.raises(InputError, match="is not an article folder"):
        write_parallel(_article(), out, "story")
    assert _tree(tmp_path) == before
    assert sorted(p.name for p in out.iterdir()) == ["story"]


@pytest.mark.parametrize("lang", ["../x", "/tmp/x", ".hidden", "", "ru/../../x"])
def test_a_language_code_never_names_a_file_outside_the_folder(lang, tmp_path):
    article = ParallelArticle("en", [lang], [Segment("p1.s1", 0, {"en": "Hi.", lang: "Evil."})])
    with pytest.raises(ValueError, match="not a language code"):
        write_parallel(article, tmp_path / "out", "story")
    assert not (tmp_path / "out").exists() and not (tmp_path / "x.txt").exists()


def test_a_nul_in_a_path_fails_that_article_only(tmp_path):
    good = _write(tmp_path / "good.txt")
    results = translate_files(
        [str(tmp_path / "bad\x00.txt"), good], ["ru"], tmp_path / "out", "en", translator=FakeTranslator()
    )
    assert "NUL character" in results[0].error and results[1].error is None


@pytest.mark.parametrize("mode", ["a", "r+", "ab", "x", "w+"])
def test_atomic_open_refuses_modes_that_would_lose_the_content(mode, tmp_path):
    from newsl10n.textio import atomic_open

    path = _write(tmp_path / "files" / "keep.txt", "content\n")
    with pytest.raises(ValueError, match="mode must be"), atomic_open(path, mode):
        pass
    assert path.read_text(encoding="utf-8") == "content\n" and list(path.parent.iterdir()) == [path]


def test_default_mode_does_not_change_the_umask_to_read_it(monkeypatch):
    from newsl10n.textio import default_mode

    seen = []
    real = os.umask
    monkeypatch.setattr(os, "umask", lambda mask: seen.append(mask) or real(mask))
    old = real(0o027)
    try:
        assert default_mode() == 0o640 and default_mode(directory=True) == 0o750
    finally:
        real(old)
    if Path("/proc/self/status").exists():
        assert seen == []


def test_a_file_name_of_250_characters_still_gets_its_folder(tmp_path):
    path = _write(tmp_path / ("x" * 250 + ".txt"))
    (result,) = translate_files([path], ["ru"], tmp_path / "out", "en", translator=FakeTranslator())
    assert result.error is None and result.out_dir.name == "x" * 200


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc/self/fd")
def test_where_a_folder_cannot_be_locked_a_lock_file_is_used(tmp_path, monkeypatch):
    import fcntl

    real = fcntl.flock
    locked = []

    def flock(fd, operation):
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(9, "Bad file descriptor")  # as NFS answers for a folder
        locked.append(os.readlink(f"/proc/self/fd/{fd}"))
        return real(fd, operation)

    monkeypatch.setattr(fcntl, "flock", flock)
    out = tmp_path / "out"
    write_parallel(_article(), out, "story")
    assert locked == [str(out / ".story.lock")]
    assert sorted(p.name for p in out.iterdir()) == [".story.lock", "story"]


def test_an_empty_folder_or_an_earlier_article_is_replaced(tmp_path):
    out = tmp_path / "out"
    (out / "story").mkdir(parents=True)
    write_parallel(_article("First."), out, "story")
    write_parallel(_article("Second."), out, "story")
    assert (out / "story" / "ru.txt").read_text(encoding="utf-8") == "[ru] Second.\n"


def test_translating_an_article_in_a_folder_of_its_name_into_that_parent_keeps_the_folder(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    source = _write(tmp_path / "story" / "story.txt")
    result = _translate("story/story.txt", "--out", ".")
    assert result.exit_code == 1
    assert "exists and is not an article folder; it was left alone" in result.stderr
    assert source.read_text(encoding="utf-8") == TEXT
    assert sorted(p.name for p in (tmp_path / "story").iterdir()) == ["story.txt"]
