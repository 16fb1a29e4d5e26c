"""The `msglint` command: parse options, call the library, choose a reporter. Nothing else."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import Any

import click

from linter.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, InputError, MsglintError, UsageError
from linter.version import __version__

LANG = click.Choice(["auto", "zh", "en"])
INPUT_TYPES = ["auto", "text", "markdown", "html", "email", "template"]


def _fail(message: str, code: int = EXIT_ERROR) -> None:
    click.echo(f"msglint: error: {message}", err=True)
    sys.exit(code)


def _guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Every command ends in a one-line error and exit 2, never a traceback (MSGLINT_DEBUG=1
    shows it for bug reports)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MsglintError as exc:
            _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(EXIT_OK)
        except KeyboardInterrupt:
            sys.exit(130)
        except Exception as exc:  # a bug in msglint: still one line for the user
            if os.environ.get("MSGLINT_DEBUG"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (set MSGLINT_DEBUG=1 for details)")

    return wrapper


def _parse_models(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    models = []
    for value in values:
        lang, sep, name = value.partition("=")
        if not sep or lang not in ("zh", "en") or not name:
            raise UsageError(
                f"--spacy-model '{value}' is not LANG=PIPELINE (e.g. en=en_core_web_sm)"
            )
        models.append((lang, name))
    return tuple(models)


def _linter(
    lang: str = "auto",
    select=(),
    ignore=(),
    rules=(),
    models=(),
    bundled_rules=True,
    severity=(),
    org=None,
    today=None,
    report_unused_disables=False,
):
    from linter.api import Linter
    from linter.config import Config

    return Linter(
        Config(
            lang=lang,
            select=tuple(select),
            ignore=tuple(ignore),
            rule_dirs=tuple(rules),
            models=_parse_models(tuple(models)),
            bundled_rules=bundled_rules,
            severity=tuple(severity),
            org=org,
            today=today,
            report_unused_disables=report_unused_disables,
        )
    )


rules_option = click.option(
    "--rules", "rules", multiple=True, metavar="PATH",
    help="Extra rule file or directory (a team's own pack); repeatable.",
)  # fmt: skip
model_option = click.option(
    "--spacy-model", "models", multiple=True, metavar="LANG=NAME",
    help="Use an installed trained spaCy pipeline for a language; never downloaded.",
)  # fmt: skip


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="msglint")
def main() -> None:
    """Lint workplace messages to other departments for the pitfalls of managing up."""


def _parse_today(value: str | None):
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today '{value}' is not a date (use YYYY-MM-DD)") from None


def _load_vars(path: str | None):
    if path is None:
        return None
    import yaml

    try:
        with open(path, encoding="utf-8-sig") as stream:
            text = stream.read()
        # Aliases are refused before anything is built: rendering a "billion laughs" value
        # would expand it without bound.
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                raise UsageError(f"--vars {path}:{line}: YAML aliases are not allowed")
        data = yaml.safe_load(text)
    except OSError as exc:
        raise UsageError(f"--vars {path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"--vars {path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise UsageError(f"--vars {path}{where}: invalid YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"--vars {path}: must be a mapping of variable names to values")
    return data


class _Settings:
    """Finds each file's project config (or the one --config names) and builds one Linter per
    distinct effective configuration."""

    def __init__(self, config_path, no_config, cli_values, models, today, report_unused):
        from linter import configfile

        self.cf = configfile
        self.explicit = configfile.load(Path(config_path)) if config_path else None
        self.no_config = no_config
        self.cli = cli_values
        self.models = models
        self.today = today
        self.report_unused = report_unused
        self._found: dict = {}
        self._linters: dict = {}
        self._loaded: dict = {}
        self.by_config: dict = {}

    def project(self, path):
        """Config files are read once per run (not per process: an editor's server re-reads)."""
        if self.explicit is not None or self.no_config:
            return self.explicit
        folder = (path if path is not None else Path.cwd()).resolve()
        folder = folder if folder.is_dir() else folder.parent
        if folder not in self._found:
            self._found[folder] = self.cf.find(folder)
        found = self._found[folder]
        if found is None:
            return None
        if found not in self._loaded:
            self._loaded[found] = self.cf.load(found)
        return self._loaded[found]

    def effective(self, path):
        return self.cf.effective(self.project(path), path, self.cli)

    def input_type_for(self, path):
        return self.effective(path).input_type

    def linter(self, eff):
        key = (eff.lang, eff.select, eff.ignore, eff.rule_dirs, eff.severity, eff.org)
        if key in self._linters:
            return self._linters[key]
        try:
            built = _linter(
                eff.lang,
                eff.select,
                eff.ignore,
                eff.rule_dirs,
                self.models,
                severity=eff.severity,
                org=eff.org,
                today=self.today,
                report_unused_disables=self.report_unused,
            )
            self._linters[key] = built
            self.by_config[built.config] = built
            return built
        except UsageError as exc:
            bad = re.match(r"'([^']+)' names no rule", str(exc))
            project = self._loaded.get(eff.source) or self.explicit
            blamed = self.cf.blame(project, bad.group(1)) if bad else None
            raise blamed or exc from None


def _tasks(items, settings: _Settings, verbose: bool):
    """What `--jobs` lints, in input order: each message with its file's configuration (built
    here first, so a bad config fails in this process), or an input error to report."""
    for item in items:
        if isinstance(item, InputError):
            yield (item, None), None, None
            continue
        if verbose:
            how = [item.kind] if item.kind != "text" else []
            how += ["template"] if item.template else []
            detail = f" ({', '.join(how)})" if how else ""
            click.echo(f"msglint: {item.name}: read as {item.encoding}{detail}", err=True)
        eff = settings.effective(item.path)
        config = settings.linter(eff).config
        yield (item, eff), config, replace(item, lang=item.lang or eff.lang)


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH... | -")
@click.option("--lang", type=LANG, default=None, help="Language of the input [default: auto].")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "sarif", "github", "html"]),
              default="text", show_default=True, help="Output format.")  # fmt: skip
@click.option("--input-format", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True, help='jsonl: records {"id","text","lang"?}, streamed.')  # fmt: skip
@click.option("--input-type", type=click.Choice(INPUT_TYPES), default=None,
              help="How to read files [default: auto, by suffix].")  # fmt: skip
@click.option("--select", multiple=True, metavar="IDS",
              help="Only these rule ids, id prefixes or pitfall ids (comma-separated, repeatable).")  # fmt: skip
@click.option(
    "--ignore", multiple=True, metavar="IDS", help="Skip these rule ids, prefixes or pitfalls."
)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding is at or above this severity [default: error].")  # fmt: skip
@click.option("--min-score", type=click.IntRange(0, 100), default=None,
              help="Exit 1 when a message scores below this.")  # fmt: skip
@click.option("--vars", "vars_file", metavar="FILE.yaml", default=None,
              help="Render Jinja2 templates with these variables before linting.")  # fmt: skip
@click.option("--today", default=None, metavar="YYYY-MM-DD",
              help="The date a year-less date is read against (default: the real date).")  # fmt: skip
@click.option("--report-unused-disables", is_flag=True,
              help="Report msglint-disable comments that silenced nothing.")  # fmt: skip
@click.option("--config", "config_path", default=None, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="Use this config file instead of looking for one.")  # fmt: skip
@click.option("--no-config", is_flag=True, help="Ignore project config files.")
@click.option(
    "--color/--no-color", default=None, help="Colour the text output (default: on a terminal)."
)
@click.option("-v", "--verbose", is_flag=True, help="Say which encoding each file was read with.")
@click.option("--statistics", is_flag=True,
              help="Print how often each rule fired instead of the findings (text or json).")  # fmt: skip
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when findings or scores would fail the run (errors still exit 2).")  # fmt: skip
@click.option("--max-size", default="1MB", show_default=True, metavar="SIZE",
              help="Refuse a file, stdin or JSONL record larger than this (e.g. 512K, 10MB; 0: no limit).")  # fmt: skip
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes [default: 1 for the first 200 messages, every core after].")  # fmt: skip
@rules_option
@model_option
@_guarded
def check(
    paths, lang, fmt, input_format, input_type, select, ignore, fail_on, min_score, vars_file,
    today, report_unused_disables, config_path, no_config, color, verbose, statistics, exit_zero,
    max_size, jobs, rules, models,
):  # fmt: skip
    """Lint files, directories (recursively) or standard input (-)."""
    from linter.model import SEVERITY_RANK
    from linter.parallel import lint_ordered
    from linter.report import STATISTICS_FORMATS, make_reporter
    from linter.sources import iter_messages
    from linter.sources.inputs import ReadOptions, parse_size

    try:
        max_bytes = parse_size(max_size)
    except ValueError:
        raise UsageError(f"--max-size '{max_size}' is not a size (e.g. 512K, 10MB, 0)") from None
    settings = _Settings(
        config_path,
        no_config,
        {
            "lang": lang,
            "select": select,
            "ignore": ignore,
            "rules": rules,
            "fail_on": fail_on,
            "min_score": min_score,
            "input_type": input_type,
        },
        models,
        _parse_today(today),
        report_unused_disables,
    )
    if statistics and fmt not in STATISTICS_FORMATS:
        raise UsageError(f"--statistics works with --format text or json, not {fmt}")
    variables = _load_vars(vars_file)
    # Build the run's main linter first: a bad option or config fails before any output.
    first = Path(paths[0]) if paths[0] != "-" else Path.cwd()
    main_linter = settings.linter(settings.effective(first if first.exists() else Path.cwd()))
    options = ReadOptions(
        input_format=input_format,
        input_type=input_type or "auto",
        variables=variables,
        type_for=None if input_type else settings.input_type_for,
        max_bytes=max_bytes,
    )
    use_color = sys.stdout.isatty() if color is None else color
    # sys.stdout, not click.get_text_stream (deprecated in Click 8.5, gone in 9.0).
    reporter = make_reporter(
        fmt,
        sys.stdout,
        color=use_color and fmt == "text",
        rules=[c.rule for c in main_linter.checks],
        statistics=statistics,
    )
    failed = False
    below = 0
    input_errors = 0
    for (item, eff), result in lint_ordered(
        _tasks(iter_messages(paths, input_format, options), settings, verbose),
        jobs,
        main_linter.config,
        lambda config, message: settings.by_config[config].lint_message(message),
        settings.by_config,
    ):
        if isinstance(item, InputError):
            input_errors += 1
            click.echo(f"msglint: error: {item}", err=True)
            continue
        reporter.add(item.name, result, item.record_id)
        failed |= result.worst_rank() >= SEVERITY_RANK[eff.fail_on]
        if eff.min_score is not None and result.score < eff.min_score:
            failed = True
            below += 1
            threshold = eff.min_score
    reporter.finish()
    if below:
        noun = "message scores" if below == 1 else "messages score"
        click.echo(f"msglint: {below} {noun} below --min-score {threshold}", err=True)
    if input_errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if failed and not exit_zero else EXIT_OK)


@main.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing msglint.yaml.")
@_guarded
def init(directory, force):
    """Write a commented starter msglint.yaml."""
    from linter.atomicwrite import write_new
    from linter.configfile import STARTER

    target = Path(directory) / "msglint.yaml"
    try:
        write_new(target, STARTER, force=force)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    click.echo(f"wrote {target}")


@main.command()
@click.argument("path", metavar="FILE | -")
@click.option("--lang", type=LANG, default="auto", show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@rules_option
@model_option
@_guarded
def analyze(path, lang, fmt, rules, models):
    """Show what the pipeline sees: languages, sentences, tokens and feature spans."""
    from linter.report.analysis import analysis_dict, analysis_text
    from linter.sources import iter_messages

    linter = _linter(lang, rules=rules, models=models)
    for item in iter_messages([path]):
        if isinstance(item, InputError):
            raise item
        analysis = linter.analyze(item.lint_text, lang)
        if fmt == "json":
            click.echo(json.dumps(analysis_dict(item.name, analysis), ensure_ascii=False, indent=2))
        else:
            click.echo(analysis_text(item.name, analysis), nl=False)


@main.command("eval")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--show-misses", is_flag=True, help="List every false positive and false negative.")
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default=None, help="Only records of this language."
)
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"]), default="info",
              show_default=True, help="Ignore findings below this severity.")  # fmt: skip
@click.option("--select", multiple=True, metavar="IDS", help="Only these rules (as for check).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rules (as for check).")
@rules_option
@_guarded
def eval_command(corpus, fmt, show_misses, lang, min_severity, select, ignore, rules):
    """Precision, recall and F1 per pitfall on a labelled JSONL corpus
    ({"id", "lang", "text", "pitfalls": [...]}), at message level."""
    from pathlib import Path

    from linter.evaluate import evaluate, format_table, read_corpus

    linter = _linter("auto", select, ignore, rules)
    examples = [e for e in read_corpus(Path(corpus)) if lang in (None, e.lang)]
    result = evaluate(linter, examples, min_severity)
    if fmt == "json":
        data = result.as_dict()
        if not show_misses:
            data.pop("misses")
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(result, show_misses), nl=False)


@main.group()
def rules() -> None:
    """List, explain, test and validate rules."""


@rules.command("list")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Only this language.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@rules_option
@_guarded
def rules_list(lang, fmt, rules):
    """Every rule with its kind, severity and pitfall."""
    from linter.report.rules import rule_dict, rule_line

    checks = [c for c in _linter(rules=rules).ruleset.checks if lang in (None, c.rule.lang)]
    if fmt == "json":
        click.echo(json.dumps([rule_dict(c.rule) for c in checks], ensure_ascii=False, indent=2))
        return
    for check in checks:
        click.echo(rule_line(check.rule))
    click.echo(f"{len(checks)} rules")


@rules.command("explain")
@click.argument("rule_id")
@rules_option
@_guarded
def rules_explain(rule_id, rules):
    """The rationale, suggestion and examples of one rule."""
    from linter.errors import UsageError
    from linter.report.rules import explain

    check = _linter(rules=rules).ruleset.get(rule_id)
    if check is None:
        raise UsageError(f"no rule '{rule_id}' (see `msglint rules list`)")
    click.echo(explain(check.rule), nl=False)


@rules.command("test")
@click.argument("path", required=False, type=click.Path(exists=True))
@_guarded
def rules_test(path):
    """Run every rule's flag and pass examples (the bundled pack, or the rules in PATH)."""
    from linter.api import Linter
    from linter.config import Config
    from linter.examples import count_examples, run_examples

    class _Unverified(Linter):
        """Loading a pack normally refuses a rule whose flag example never fires; here that is
        a test failure to list with the others (FAIL line, exit 1), not a load error."""

        def _verify_extra_rules(self) -> None:
            return None

    config = Config(rule_dirs=(path,) if path else (), bundled_rules=path is None)
    linter = _Unverified(config)
    checks = linter.ruleset.checks
    failures = list(run_examples(linter, checks))
    for failure in failures:
        rule = failure.check.rule
        what = "did not fire on" if failure.expected == "flag" else f"fired {failure.found}x on"
        click.echo(
            f"FAIL {rule.id} ({rule.source}:{rule.line}): {what} {failure.expected} example: {failure.example}"
        )
    total = count_examples(checks)
    status = "all passed" if not failures else f"{len(failures)} failed"
    click.echo(f"{len(checks)} rules, {total} examples: {status}")
    sys.exit(EXIT_FINDINGS if failures else EXIT_OK)


@rules.command("validate")
@click.argument("path", type=click.Path(exists=True))
@_guarded
def rules_validate(path):
    """Check a rule file or directory: schema, patterns, features, and that every rule fires
    on its own flag examples."""
    linter = _linter(rules=(path,), bundled_rules=False)
    click.echo(f"{path}: {len(linter.ruleset.checks)} rules valid")


@main.command()
@click.option(
    "--stdio",
    is_flag=True,
    help="Talk over stdin/stdout (the default and only transport; accepted because LSP clients pass it).",
)
@_guarded
def lsp(stdio):
    """Run the language server for editors (LSP over stdio); see docs/editors.md."""
    from linter.integrations.lsp import serve

    serve()


fail_on_option = click.option(
    "--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
    help="Block the mail when a finding is at or above this severity [default: the project "
         "config's fail-on, else error].",
)  # fmt: skip
min_score_option = click.option(
    "--min-score", type=click.IntRange(0, 100), default=None, metavar="N",
    help="Also block when the message scores below N [default: the project config's min-score].",
)  # fmt: skip
fail_open_option = click.option(
    "--fail-open/--fail-closed", default=True, show_default=True,
    help="If msglint itself fails: deliver unchanged with a warning, or refuse to send.",
)  # fmt: skip


def mail_selection_options(command):
    """--lang, --select, --ignore as `msglint sendmail` takes them and `hook install` writes them."""
    for option in reversed((
        click.option("--lang", type=LANG, default=None,
                     help="Language of the mail [default: the project config's lang, else auto]."),
        click.option("--select", multiple=True, metavar="IDS", help="Only these rules or pitfalls."),
        click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rules or pitfalls."),
    )):  # fmt: skip
        command = option(command)
    return command


@main.command(context_settings={"allow_interspersed_args": False})
@click.argument("command", nargs=-1, type=click.UNPROCESSED, metavar="-- SENDMAIL [ARGS]...")
@mail_selection_options
@fail_on_option
@min_score_option
@fail_open_option
@click.option("--check-only", is_flag=True,
              help="Lint the message and exit 0 or 1 without delivering (git send-email's hook).")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0), default=30.0, show_default=True,
              metavar="SECONDS", help="Give up linting after this long and apply --fail-open/--fail-closed (0: no limit).")  # fmt: skip
@rules_option
@model_option
@click.option("--config", "config_path", default=None, metavar="FILE",
              help="Use this config file instead of looking for one from the working directory.")  # fmt: skip
@click.option("--no-config", is_flag=True, help="Ignore project config files.")
def sendmail(
    command, lang, select, ignore, fail_on, min_score, fail_open, check_only, timeout, rules,
    models, config_path, no_config,
):  # fmt: skip
    """Lint a mail read from stdin (as `msglint check` lints an .eml file, with the project
    config found from the working directory), then hand the exact bytes to the real sendmail,
    or print the findings to stderr and exit 1 without sending."""
    from linter.integrations.mailhook import Linting, Policy, run

    if not command and not check_only:
        _fail("give the real sendmail after --, e.g. msglint sendmail -- /usr/sbin/sendmail -oi")
    if command and check_only:
        _fail("--check-only delivers nothing; drop the sendmail command")
    try:
        raw = sys.stdin.buffer.read()
    except (OSError, KeyboardInterrupt) as exc:  # nothing was read, so nothing can be sent
        _fail(f"could not read the message from standard input: {exc}; not sent")

    def make_lint() -> Linting:
        # In the lint child: a broken config file is a failure like any other (--fail-open).
        cli_values = {"lang": lang, "select": select, "ignore": ignore, "rules": rules}
        settings = _Settings(config_path, no_config, cli_values, models, None, False)
        effective = settings.effective(Path.cwd())
        linter = settings.linter(effective)
        return Linting(linter.lint_message, effective.fail_on, effective.min_score)

    policy = Policy(fail_on=fail_on, min_score=min_score, fail_open=fail_open)
    sys.stderr.flush()
    sys.exit(run(raw, command, make_lint, policy, sys.stderr, timeout or None))


@main.group()
def hook() -> None:
    """Install msglint as a hook of another program."""


@hook.command("install")
@click.argument("target", type=click.Choice(["git-sendemail"]))
@click.option("--repo", type=click.Path(exists=True, file_okay=False, path_type=str), default=".",
              show_default=True, help="The git repository to install the hook in.")  # fmt: skip
@click.option("--force", is_flag=True, help="Replace an existing sendemail-validate hook.")
@mail_selection_options
@fail_on_option
@min_score_option
@fail_open_option
@rules_option
@_guarded
def hook_install(target, repo, force, lang, select, ignore, fail_on, min_score, fail_open, rules):
    """Write a hook that lints each email before it is sent (git send-email: sendemail-validate)."""
    from pathlib import Path

    from linter.integrations.githook import install

    # Only what was given: the rest comes from the repository's msglint config when it runs.
    options = ["--fail-open" if fail_open else "--fail-closed"]
    for flag, value in (("--lang", lang), ("--fail-on", fail_on)):
        options += [flag, value] if value is not None else []
    for flag, values in (("--select", select), ("--ignore", ignore)):
        options += [part for value in values for part in (flag, value)]
    if min_score is not None:
        options += ["--min-score", str(min_score)]
    for path in rules:
        options += ["--rules", str(Path(path).resolve())]
    written = install(Path(repo), options, force=force)
    click.echo(f"msglint: wrote {written}")
