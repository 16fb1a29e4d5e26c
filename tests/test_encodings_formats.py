"""Legacy encodings beyond GB18030 (Big5, Windows-1252), detected only for bytes that are not
UTF-8, and the new input kinds in real encodings and line endings."""

from __future__ import annotations

import codecs
import json

import pytest

from linter.errors import InputError
from linter.sources.decode import decode


def single(run) -> tuple[int, int, str]:
    assert run.exit_code in (0, 1), run.stderr
    (entry,) = json.loads(run.stdout)["files"]
    (finding,) = entry["findings"]
    return finding["line"], finding["column"], finding["excerpt"]


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("王經理您好：\n領導英明，麻煩貴部門週五前提供上季度的渠道數據。\n", "big5", "big5"),
        ("請審批。領導英明。\n", "big5", "big5"),
        ("各位同事：\n领导英明，请于本周五前提交年度述职报告。\n", "gbk", "gb18030"),
        ("Grüße an Müller — you are a genius.\n", "cp1252", "cp1252"),
        ("Déjà prévu : réunion à 14h, genius.\n", "latin-1", "cp1252"),
    ],
)
def test_legacy_encodings_are_detected(check, tmp_path, text, encoding, expected):
    path = tmp_path / "draft.txt"
    path.write_bytes(text.encode(encoding))
    run = check("--verbose", "--format", "json", path)
    assert run.stderr == f"msglint: {path}: read as {expected}\n"
    word = "英明" if "英明" in text else "genius"
    at = text.index(word)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    assert single(run) == (line, column, word)


def test_short_german_is_not_read_as_chinese():
    # These bytes are also valid GB18030 (two "Chinese" characters); it is not Chinese.
    data = "Grüße Müller".encode("cp1252")
    data.decode("gb18030")
    assert decode(data, "x") == ("Grüße Müller", "cp1252")


def test_utf8_is_never_second_guessed():
    assert decode("Café 领导".encode(), "x") == ("Café 领导", "utf-8")


def test_gibberish_is_refused():
    with pytest.raises(InputError, match="not valid UTF-8, GB18030/GBK, Big5 or Windows-1252"):
        decode(b"hello \x80\xff world\n", "x")


@pytest.mark.parametrize(
    ("encode", "read_as"),
    [
        (lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16"),
        (lambda s: codecs.BOM_UTF8 + s.encode(), "utf-8-sig"),
        (lambda s: s.encode("gb18030"), "gb18030"),
        (lambda s: s.encode("big5"), "big5"),
    ],
    ids=["utf-16-bom", "utf-8-bom", "gb18030", "big5"],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_markdown_in_real_encodings(check, tmp_path, encode, read_as, newline):
    text = "# 週報\n\n王經理您好。\n\n這次多虧**領導英明**。\n".replace("\n", newline)
    path = tmp_path / "weekly.md"
    path.write_bytes(encode(text))
    run = check("--verbose", "--format", "json", path)
    assert run.stderr == f"msglint: {path}: read as {read_as} (markdown)\n"
    assert single(run) == (5, 9, "英明")


def test_html_in_big5_with_crlf(check, tmp_path):
    text = "<html><body>\r\n<p>王經理您好。</p>\r\n<p>這次多虧<b>領導英明</b>。</p>\r\n</body></html>\r\n"
    path = tmp_path / "page.html"
    path.write_bytes(text.encode("big5"))
    assert single(check("--format", "json", path)) == (3, 13, "英明")


def test_eml_in_gbk_8bit(check, tmp_path):
    text = (
        "From: zhao@example.com\r\nTo: li@example.com\r\nSubject: report\r\n"
        "Content-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "李经理您好：\r\n\r\n这次多亏领导英明，谢谢您的支持。\r\n"
    )
    path = tmp_path / "mail.eml"
    path.write_bytes(text.encode("gbk"))
    assert single(check("--format", "json", path)) == (9, 7, "英明")
