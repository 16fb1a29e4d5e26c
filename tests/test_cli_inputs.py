"""Reading inputs: bad inputs are one clear line and exit 2, never a traceback and never hiding
the findings of the good ones; real encodings are decoded and positions stay right."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from support import SELECT, assert_one_line_error, msglint

from linter.errors import InputError
from linter.sources import iter_messages
from linter.sources.decode import decode

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
# Invalid in UTF-8 (0x80 cannot start a sequence) and in GB18030 (0x80 and 0xFF are not lead
# bytes), and no BOM. Checked below rather than assumed.
NEITHER_UTF8_NOR_GB18030 = b"hello \x80\xff world\n"
PRAISE = "领导英明"  # "英明" is zh.testpack.praise


def test_invalid_bytes_really_are_invalid_in_both_encodings():
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            NEITHER_UTF8_NOR_GB18030.decode(encoding)
    assert not NEITHER_UTF8_NOR_GB18030.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    )


# --- bad input: one line on stderr, exit 2 ---------------------------------------------------


def test_missing_path(check, tmp_path):
    path = tmp_path / "nope.txt"
    line = assert_one_line_error(check(path))
    assert line == f"msglint: error: {path}: no such file or directory"


def test_directory_with_no_text_files(check, tmp_path):
    (tmp_path / "picture.png").write_bytes(PNG_HEADER)
    (tmp_path / ".hidden.txt").write_text("领导英明", encoding="utf-8")
    line = assert_one_line_error(check(tmp_path))
    assert line == (
        f"msglint: error: {tmp_path}: directory holds no text files (.eml, .htm, .html, .markdown,"
        " .md, .text, .txt; templates: .handlebars, .hbs, .j2, .jinja, .jinja2, .mustache, .tmpl,"
        " .tpl)"
    )


def test_empty_file(check, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    line = assert_one_line_error(check(path))
    assert line == f"msglint: error: {path}: file is empty; nothing to lint"


def test_whitespace_only_file(check, tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(" \n\t\r\n\u3000\n".encode())  # \u3000 is the ideographic space
    line = assert_one_line_error(check(path))
    assert line == f"msglint: error: {path}: file holds only whitespace; nothing to lint"


def test_binary_file(check, tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(PNG_HEADER)
    line = assert_one_line_error(check(path))
    assert line == f"msglint: error: {path}: binary file (contains NUL bytes); not linted"


def test_binary_file_with_a_text_suffix(check, tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(PNG_HEADER)
    assert_one_line_error(check(path), "binary file")


def test_control_characters_without_nul_are_binary(check, tmp_path):
    path = tmp_path / "ctl.txt"
    path.write_bytes(b"\x01\x02\x03\x04\x05 text")
    line = assert_one_line_error(check(path))
    assert line == f"msglint: error: {path}: binary file (control characters); not linted"


def test_invalid_utf8_and_gb18030(check, tmp_path):
    path = tmp_path / "mojibake.txt"
    path.write_bytes(NEITHER_UTF8_NOR_GB18030)
    line = assert_one_line_error(check(path))
    assert line == (
        f"msglint: error: {path}: not valid UTF-8, GB18030/GBK, Big5 or Windows-1252 text;"
        " re-save it as UTF-8"
    )


def test_truncated_utf16(check, tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "英明".encode("utf-16-le")[:-1])
    line = assert_one_line_error(check(path))
    assert line.startswith(f"msglint: error: {path}: invalid utf-16 at byte ")


def test_one_bad_file_among_good_ones_still_lints_the_good_ones(check, tmp_path):
    good1 = tmp_path / "a.txt"
    bad = tmp_path / "b.txt"
    good2 = tmp_path / "c.txt"
    good1.write_text("领导英明。\n", encoding="utf-8")
    bad.write_bytes(NEITHER_UTF8_NOR_GB18030)
    good2.write_text("You are a genius.\n", encoding="utf-8")
    run = check("--format", "json", good1, bad, good2)
    assert_one_line_error(run, f"{bad}: not valid UTF-8")
    assert len(run.stderr.splitlines()) == 1
    report = json.loads(run.stdout)
    assert [f["path"] for f in report["files"]] == [str(good1), str(good2)]
    assert [[x["rule"] for x in f["findings"]] for f in report["files"]] == [
        ["zh.testpack.praise"],
        ["en.testpack.genius"],
    ]
    assert report["summary"] == {"files": 2, "findings": 2, "error": 0, "warning": 2, "info": 0}


def test_bad_file_in_text_output_still_prints_good_findings(check, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("领导英明。\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    run = check(missing, good)
    assert_one_line_error(run, f"{missing}: no such file or directory")
    assert f"{good}:1:3: warning zh.testpack.praise [flattery]" in run.stdout
    assert run.stdout.endswith("Found 1 finding (1 warning) in 1 message.\n")


def test_console_script_bad_input_end_to_end(pack, tmp_path):
    bad = tmp_path / "bin.txt"
    bad.write_bytes(PNG_HEADER)
    good = tmp_path / "good.txt"
    good.write_text("领导英明。\n", encoding="utf-8")
    run = msglint("check", "--rules", pack, "--select", SELECT, bad, good)
    assert_one_line_error(run, f"{bad}: binary file")
    assert f"{good}:1:3: warning zh.testpack.praise [flattery]" in run.stdout


# --- unreadable files (we run as root, where mode 000 does not stop reading) ------------------


@pytest.fixture
def world_dir():
    """A directory everyone may enter (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="msglint-test-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


def _unreadable_file(directory: Path) -> Path:
    secret = directory / "secret.txt"
    secret.write_text("领导英明。\n", encoding="utf-8")
    secret.chmod(0o000)
    return secret


def _needs_root():
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root, to read the file as another user (nobody)")


def test_unreadable_file_as_nobody_subprocess(world_dir, pack):
    _needs_root()
    secret = _unreadable_file(world_dir)
    good = world_dir / "good.txt"
    good.write_text("You are a genius.\n", encoding="utf-8")
    rules = world_dir / "rules"
    shutil.copytree(pack, rules)
    for path in [rules, *rules.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    if not _nobody_can_run_msglint():
        pytest.skip(f"user nobody cannot run {sys.executable}; the in-process test covers this")
    if subprocess.run(["cat", str(secret)], user=65534, capture_output=True).returncode == 0:
        pytest.skip("user nobody can still read a mode-000 file here")
    run = msglint(
        "check", "--rules", rules, "--select", SELECT, secret, good, user=65534, cwd=world_dir
    )
    assert_one_line_error(run, f"{secret}: cannot read file: Permission denied")
    assert f"{good}:1:11: warning en.testpack.genius [flattery]" in run.stdout


def _nobody_can_run_msglint() -> bool:
    try:
        probe = subprocess.run(
            [sys.executable, "-c", "import linter.cli"], user=65534, capture_output=True
        )
    except OSError:  # e.g. the interpreter lives under /root
        return False
    return probe.returncode == 0


def _readable(path: Path) -> bool:
    try:
        path.open("rb").close()
    except OSError:
        return False
    return True


class _AsNobody:
    """Drops the effective uid to nobody for a block (root keeps its saved uid to come back)."""

    def __enter__(self):
        os.setegid(65534)
        os.seteuid(65534)

    def __exit__(self, *exc):
        os.seteuid(0)
        os.setegid(0)


def test_unreadable_file_in_process(world_dir, cli, lib, monkeypatch):
    """The same through the CLI in this process, with the effective uid dropped while it runs.
    The Linter is built by root beforehand (nobody may not read the interpreter's modules)."""
    _needs_root()
    secret = _unreadable_file(world_dir)
    good = world_dir / "good.txt"
    good.write_text("You are a genius.\n", encoding="utf-8")
    monkeypatch.setattr("linter.cli._linter", lambda *args, **kwargs: lib)
    with _AsNobody():
        readable = _readable(secret)
        run = cli("check", secret, good)
    if readable:
        pytest.skip("user nobody can still read a mode-000 file here")
    line = assert_one_line_error(run)
    assert line == f"msglint: error: {secret}: cannot read file: Permission denied"
    assert f"{good}:1:11: warning en.testpack.genius [flattery]" in run.stdout


def test_path_inside_a_directory_we_may_not_enter(world_dir):
    _needs_root()
    private = world_dir / "private"
    private.mkdir()
    (private / "x.txt").write_text("领导英明。\n", encoding="utf-8")
    private.chmod(0o700)
    good = world_dir / "good.txt"
    good.write_text("hello\n", encoding="utf-8")
    with _AsNobody():
        items = list(iter_messages([str(private / "x.txt"), str(private), str(good)]))
    assert [str(i) if isinstance(i, InputError) else i.name for i in items] == [
        f"{private / 'x.txt'}: cannot access: Permission denied",
        f"{private}: cannot read directory: Permission denied",
        str(good),
    ]


# --- directories ------------------------------------------------------------------------------


def test_directory_is_walked_for_text_files_in_path_order(check, tmp_path):
    (tmp_path / "b.txt").write_text("You are a genius.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("领导英明。\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.TXT").write_text("领导英明。\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("领导英明。\n", encoding="utf-8")
    (tmp_path / "notes.json").write_text('{"a": "领导英明"}', encoding="utf-8")
    run = check("--format", "json", tmp_path)
    assert run.exit_code == 0
    paths = [f["path"] for f in json.loads(run.stdout)["files"]]
    assert paths == [str(tmp_path / "a.md"), str(tmp_path / "b.txt"), str(tmp_path / "sub/c.TXT")]


# --- real encodings: the finding's line:column is right in each ------------------------------

TEXT = "王经理：\n您好。领导英明，请批准。\n"  # 英明 at line 2, column 6 (code points, 1-based)


CRLF = TEXT.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("data", "read_as", "crlf"),
    [
        pytest.param(TEXT.encode("gbk"), "gb18030", False, id="gbk"),
        pytest.param(TEXT.encode("gb18030"), "gb18030", False, id="gb18030"),
        pytest.param(TEXT.encode("utf-8"), "utf-8", False, id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode(), "utf-8-sig", False, id="utf-8-bom"),
        pytest.param(
            codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16", False, id="utf-16-le-bom"
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16", False, id="utf-16-be-bom"
        ),
        pytest.param(CRLF.encode("utf-8"), "utf-8", True, id="utf-8-crlf"),
        pytest.param(CRLF.encode("gbk"), "gb18030", True, id="gbk-crlf"),
        pytest.param(codecs.BOM_UTF8 + CRLF.encode(), "utf-8-sig", True, id="utf-8-bom-crlf"),
        pytest.param(CRLF.encode("utf-16"), "utf-16", True, id="utf-16-bom-crlf"),
        pytest.param(TEXT.encode("utf-32"), "utf-32", False, id="utf-32-bom"),
    ],
)
def test_encodings_keep_positions_right(check, tmp_path, data, read_as, crlf):
    path = tmp_path / "draft.txt"
    path.write_bytes(data)
    run = check("--verbose", "--format", "json", path)
    assert run.exit_code == 0, run.stderr
    assert run.stderr == f"msglint: {path}: read as {read_as}\n"
    (entry,) = json.loads(run.stdout)["files"]
    (finding,) = entry["findings"]
    # Offsets count code points of the decoded text: no BOM, but the first line's \r if any.
    start = 10 + (1 if crlf else 0)
    assert (TEXT if not crlf else CRLF)[start : start + 2] == "英明"
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        2,
        6,
        2,
        8,
    )
    assert (finding["start"], finding["end"], finding["excerpt"]) == (start, start + 2, "英明")
    assert entry["lang"] == "zh"


def test_text_output_for_crlf_file_has_no_carriage_return(check, tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    run = check(path)
    assert f"{path}:2:6: warning zh.testpack.praise [flattery]" in run.stdout
    assert "\r" not in run.stdout
    assert " 2 | 您好。领导英明，请批准。\n" in run.stdout


def test_lone_carriage_returns_end_lines(check, tmp_path):
    path = tmp_path / "classic-mac.txt"
    path.write_bytes(TEXT.replace("\n", "\r").encode("utf-8"))
    run = check("--format", "json", path)
    (finding,) = json.loads(run.stdout)["files"][0]["findings"]
    assert (finding["line"], finding["column"]) == (2, 6)
    text_run = check(path)
    assert "\r" not in text_run.stdout
    assert " 2 | 您好。领导英明，请批准。\n" in text_run.stdout


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("领导英明".encode("gbk"), "领导英明", "gb18030"),
        (codecs.BOM_UTF8 + "英明".encode(), "英明", "utf-8-sig"),
        ("\ufeff英明".encode("utf-16"), "英明", "utf-16"),  # a BOM then a second one in the text
        ("英明".encode(), "英明", "utf-8"),
        ("英明".encode("utf-32"), "英明", "utf-32"),  # its BOM starts like UTF-16-LE's
        (codecs.BOM_UTF32_BE + "英明".encode("utf-32-be"), "英明", "utf-32"),
    ],
)
def test_decode_unit(data, text, encoding):
    assert decode(data, "x") == (text, encoding)


def test_stdin_text(check):
    run = check("--format", "json", "-", input="领导英明。\n".encode("gbk"))
    (entry,) = json.loads(run.stdout)["files"]
    assert entry["path"] == "<stdin>"
    assert [(f["rule"], f["line"], f["column"]) for f in entry["findings"]] == [
        ("zh.testpack.praise", 1, 3)
    ]


def test_empty_stdin(check):
    line = assert_one_line_error(check("-", input=b""))
    assert line == "msglint: error: <stdin>: file is empty; nothing to lint"
