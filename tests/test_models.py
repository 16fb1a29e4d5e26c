"""A trained spaCy pipeline is optional: used when configured and present, never downloaded."""

from __future__ import annotations

import spacy
from click.testing import CliRunner

from linter.api import Linter
from linter.cli import main
from linter.config import Config

TEXT = "Hi Dana.\n\nCould you approve the budget today? It is not ready. Thanks for the help."


def test_missing_pipeline_is_a_one_line_error_not_a_download(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", "--spacy-model", "en=en_core_web_xx_absent", str(draft)]
    )
    assert result.exit_code == 2
    assert "never downloads" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_malformed_model_option_is_a_usage_error(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--spacy-model", "en_core_web_sm", str(draft)])
    assert result.exit_code == 2
    assert "LANG=PIPELINE" in result.output


def test_pipeline_of_the_wrong_language_is_refused(tmp_path):
    spacy.blank("zh").to_disk(tmp_path / "zh_pipe")
    draft = tmp_path / "d.txt"
    draft.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", "--spacy-model", f"en={tmp_path / 'zh_pipe'}", str(draft)]
    )
    assert result.exit_code == 2
    assert "is for 'zh'" in result.output


def test_configured_pipeline_keeps_our_sentences_and_findings(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe(
        "sentencizer", config={"punct_chars": ["?"]}
    )  # would merge "Hi Dana." into the next
    nlp.to_disk(tmp_path / "en_pipe")
    blank = Linter(Config(lang="en"))
    trained = Linter(Config(lang="en", models=(("en", str(tmp_path / "en_pipe")),)))
    sentences = [(s.start, s.end) for s in blank.analyze(TEXT).sentences]
    assert [(s.start, s.end) for s in trained.analyze(TEXT).sentences] == sentences
    assert len(sentences) == 4
    assert trained.lint_text(TEXT).findings == blank.lint_text(TEXT).findings
