"""The `elqnt-scaffold` command line: parse arguments, call a command, print its result.

Heavy modules are imported inside the commands so `--help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperCommand

from .report.terminal import echo

# The spec's field types (spec.fields.SCALAR_TYPES and the containers; tests/test_cli_usability.py compares).
FIELD_TYPES = "string int int32 int64 float32 float64 bool any timestamp []T map[string]T enum"
FORMATS = ("text", "json", "github")

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Scaffold Eloquent endpoints across all four layers (service, gateway, types, client), "
    "check that none is missing, and detect drift between them.",
)


class _Command(TyperCommand):
    """Usage and help as people read them: arguments by their name (`RESOURCE`, `[PATHS...]`), no type tags."""

    def collect_usage_pieces(self, ctx):
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            pieces.extend([_label(param)] if param.param_type_name == "argument" else param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx, formatter):
        params = self.get_params(ctx)
        arguments = [(_label(p), p.help or "") for p in params if p.param_type_name == "argument"]
        options = [r for p in params if p.param_type_name == "option" and (r := p.get_help_record(ctx))]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _label(param) -> str:
    name = (param.metavar or param.name.upper()) + ("..." if param.nargs != 1 else "")
    return name if param.required else f"[{name}]"


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"elqnt-scaffold {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Scaffold Eloquent endpoints across all four layers, check them, detect drift."""


RepoOption = typer.Option(
    None, "--repo", metavar="PATH", help="The platform repository's root (default: found from the working directory)."
)
FormatOption = typer.Option(
    "text", "--format", metavar="[text|json|github]", help="github prints ::error file=F,line=L::message annotations."
)

ADD_ENDPOINT_EPILOG = f"""\b
Field types (--field NAME:TYPE[:required], --query NAME:TYPE[:required]):
  {FIELD_TYPES}
  (timestamp: Unix milliseconds; a PascalCase name: a model of the spec),
  e.g. --field name:string:required --field tags:[]string --field scores:map[string]int64

\b
Enums, nullable fields, models and validate rules need a spec file (--spec FILE):
  fields:
    - {{name: status, type: enum, values: [draft, active, archived]}}
    - {{name: note, type: string, nullable: true}}
    - {{name: title, type: string, required: true, validate: "min=1,max=120"}}
`elqnt-scaffold schema` prints the spec format; `elqnt-scaffold import-schema` builds a spec from JSON Schema or OpenAPI.
"""


@app.command("init", cls=_Command, short_help="Make a folder a platform repository the tool can work in.")
def init(
    repo: Optional[Path] = typer.Option(
        None, "--repo", metavar="PATH", help="The folder to make a platform repository (default: the working directory)."
    ),
) -> None:
    """Make a folder a platform repository: .elqnt-scaffold.yaml, the gateway's routes.yaml, tygo.yaml, and
    the types and api-client packages. Never overwrites a file."""
    from .commands import init as command

    def go() -> int:
        result = command.run(repo if repo is not None else Path.cwd())
        echo(f"Initialised a platform repository in {result.root}")
        for rel in result.created:
            echo(f"    {rel} (created)")
        echo(f"next: elqnt-scaffold add-endpoint widget --field name:string:required --repo {result.root}")
        return 0

    raise typer.Exit(_guarded(go))


@app.command("add-endpoint", cls=_Command, epilog=ADD_ENDPOINT_EPILOG, short_help="Scaffold one resource across all four layers.")
def add_endpoint(
    resource: str = typer.Argument(..., metavar="RESOURCE", help="Singular resource name, e.g. widget or api_key."),
    service: Optional[str] = typer.Option(None, "--service", metavar="NAME", help="Service folder (default <resource>-service)."),
    spec: Optional[Path] = typer.Option(None, "--spec", metavar="FILE", help="A spec file (see `elqnt-scaffold schema`)."),
    field: list[str] = typer.Option(
        [], "--field", metavar="NAME:TYPE[:required]", help="A field (types below), repeatable; builds the spec."
    ),
    ops: Optional[str] = typer.Option(None, "--ops", metavar="LIST", help="Comma-separated: list,create,get,update,delete."),
    storage: Optional[str] = typer.Option(
        None, "--storage", metavar="postgres|memory",
        help="Where the repository keeps the records (saved in the spec); default: the config's `storage`.",
    ),
    op: Optional[str] = typer.Option(
        None,
        "--op",
        metavar='"NAME: METHOD PATH"',
        help='Add one custom operation (e.g. "archive: POST /{id}/archive") to the saved spec; --field is its body.',
    ),
    query: list[str] = typer.Option([], "--query", metavar="NAME:TYPE[:required]", help="With --op: a query parameter, repeatable."),
    response: Optional[str] = typer.Option(
        None, "--response", metavar="KIND", help="With --op: resource, list, none (204) or a model name."
    ),
    only: Optional[str] = typer.Option(
        None, "--only", metavar="LAYERS", help="Comma-separated layers: service,gateway,types,client."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the unified diff of every file; write nothing."),
    force: bool = typer.Option(False, "--force", help="Overwrite scaffold files you changed since the first run."),
    no_tidy: bool = typer.Option(False, "--no-tidy", help="Do not run `go mod tidy` after changing a go.mod."),
    allow_data_loss: bool = typer.Option(
        False, "--allow-data-loss", help="postgres: write a migration that drops or retypes a column (its data is lost)."
    ),
    repo: Optional[Path] = RepoOption,
) -> None:
    """Scaffold one resource across every layer, then print the checklist."""
    from .commands import add_endpoint as command
    from .repo import open_repo

    def go() -> int:
        the_repo = open_repo(repo)
        layers = command.parse_only(only)
        if op is not None:
            the_spec = command.add_operation(
                the_repo, resource, op, spec_file=spec, service=service, fields=field, query=query, response=response
            )
        elif query or response:
            from .errors import UserError

            raise UserError(
                "--query and --response describe a custom operation: add --op",
                field="--query" if query else "--response",
                hint='for example --op "usage: GET /{id}/usage" --query from:timestamp',
            )
        else:
            the_spec = command.resolve_spec(the_repo, resource, spec, field, service, ops, storage)
        _warn_plural(the_spec.resource, the_spec.plural, command.spec_rel_for(the_repo, the_spec))
        result = command.run(
            the_repo, the_spec, only=layers, dry_run=dry_run, force=force, tidy=not no_tidy, allow_data_loss=allow_data_loss
        )
        _print_plan(result, dry_run)
        if not dry_run and not result.problems:
            echo(_resource_check(the_repo, the_spec))
        return 1 if result.problems else 0

    raise typer.Exit(_guarded(go, writes=not dry_run))


def _warn_plural(resource: str, plural: str | None, spec_file: str) -> None:
    """A resource named in the plural (`widgets`) gives `type Widgets struct`: say so, suggest the singular."""
    from .naming import go_name, singular_of_plural

    single = singular_of_plural(resource) if plural is None else None
    if single is not None:
        echo(
            f"warning: resource {resource!r} looks plural: one record becomes `type {go_name(resource)} struct`; "
            f"name it in the singular ({single!r}), or, if {resource!r} is singular, set `plural:` in {spec_file}",
            err=True,
        )


def _print_plan(result, dry_run: bool) -> None:
    """The diff of a dry run, then the checklist (files, notes, build errors, deploy step)."""
    from .report.checklist import checklist

    if dry_run:
        diff = result.plan.diff()
        echo(diff if diff else "No changes: every file already says this.", nl=not diff, wrap=False)
    echo(checklist(result))


@app.command("remove-endpoint", cls=_Command, short_help="Remove a resource (or one operation) from all four layers.")
def remove_endpoint(
    resource: str = typer.Argument(..., metavar="RESOURCE", help="The resource to remove, e.g. widget."),
    op: Optional[str] = typer.Option(None, "--op", metavar="NAME", help="Remove only this operation (list, get, archive, ...)."),
    service: Optional[str] = typer.Option(None, "--service", metavar="NAME", help="Service folder (default <resource>-service)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the unified diff of every file; write nothing."),
    no_tidy: bool = typer.Option(False, "--no-tidy", help="Do not build and vet the service afterwards."),
    repo: Optional[Path] = RepoOption,
) -> None:
    """Remove a resource (or one operation) from all four layers; your edited files are kept and listed."""
    from .commands import remove_endpoint as command
    from .repo import open_repo

    def go() -> int:
        the_repo = open_repo(repo)
        result = command.run(the_repo, resource, op=op, service=service, dry_run=dry_run, tidy=not no_tidy)
        _print_plan(result, dry_run)
        return 1 if result.problems else 0

    raise typer.Exit(_guarded(go, writes=not dry_run))


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        from .errors import UserError

        raise UserError(f"unknown format {fmt!r}", field="--format", hint=f"use {', '.join(FORMATS[:-1])} or {FORMATS[-1]}")


@app.command("check", cls=_Command, short_help="Pre-commit hook: every endpoint has all its layers.")
def check(
    paths: list[str] = typer.Argument(
        None, metavar="PATHS", help="Changed files (what pre-commit passes): check only what they touch."
    ),
    fmt: str = FormatOption,
    show_all: bool = typer.Option(False, "--all", help="Text: list every endpoint, not only those with findings."),
    staged: bool = typer.Option(
        False, "--staged", help="Judge the git index (what is committed), not the disk; without PATHS, the staged changes."
    ),
    baseline: Optional[Path] = typer.Option(
        None, "--baseline", metavar="FILE", help="Ignore the errors recorded in FILE; name its entries that match none."
    ),
    write_baseline: Optional[Path] = typer.Option(
        None, "--write-baseline", metavar="FILE", help="Record today's errors in FILE (then exit 0 unless a file does not parse)."
    ),
    repo: Optional[Path] = RepoOption,
) -> None:
    """The pre-commit hook: every endpoint has every layer it needs (exit 1 when one is missing)."""
    from .commands import check_baseline as baselines
    from .repo import open_repo
    from .report import check as report
    from .report.annotations import github_summary

    def go() -> int:
        _check_format(fmt)
        hook = baselines.run(open_repo(repo), paths or None, staged=staged, baseline=baseline, write_baseline=write_baseline)
        result = hook.result
        for note in hook.notes:
            echo(note, err=True)
        if result.problems and fmt == "text":
            echo(report.problems_text(result.problems), err=True)
        elif fmt == "text":
            echo(report.text(result, show_all))
        else:
            typer.echo(report.as_json(result) if fmt == "json" else report.github(result))
            if fmt == "github":
                github_summary(report.step_summary(result))
            if result.problems:
                echo(report.problems_text(result.problems), err=True)
        return result.exit_code

    raise typer.Exit(_guarded(go, writes=False))


def _resource_check(the_repo, the_spec) -> str:
    """add-endpoint's closing lines: the check rows of the resource it just wrote."""
    from .commands import check as command
    from .report.check import resource_rows

    result = command.run(the_repo, services={the_spec.service_name})
    return resource_rows(result, the_spec.service_name, command.resource_keys(the_spec))


@app.command("drift", cls=_Command, short_help="CI job: regenerating from the specs changes nothing.")
def drift(
    fix: bool = typer.Option(False, "--fix", help="Write the regenerated content (all or nothing) and say what was done."),
    staged: bool = typer.Option(
        False, "--staged", help="Compare the git index, only the services the staged changes touch (the pre-commit hook)."
    ),
    fmt: str = FormatOption,
    repo: Optional[Path] = RepoOption,
) -> None:
    """The CI job: regenerating from the specs and the Go models changes nothing (exit 1 on drift)."""
    from .report import drift as report
    from .commands import drift as command
    from .repo import open_repo
    from .report.annotations import github_summary

    def go() -> int:
        _check_format(fmt)
        if staged and fix:
            from .errors import UserError

            raise UserError("--fix writes the working tree; --staged reads the index", field="--staged",
                            hint="run `elqnt-scaffold drift --fix`, then stage the fixes")
        result = command.run_staged(open_repo(repo)) if staged else command.run(open_repo(repo), fix=fix)
        if fmt == "text":
            echo(report.text(result, fix))
        elif fmt == "json":
            typer.echo(report.as_json(result))
        else:
            typer.echo(report.github(result))
            github_summary(report.step_summary(result))
        return result.exit_code

    raise typer.Exit(_guarded(go, writes=fix and fmt in FORMATS))  # a bad --format stops before any write


@app.command("schema", cls=_Command, short_help="Print the JSON Schema of the spec format.")
def schema() -> None:
    """Print the JSON Schema of the spec format (for editors' YAML language servers)."""
    from .commands.schema import schema_text

    typer.echo(schema_text(), nl=False)


@app.command("import-schema", cls=_Command, short_help="Build a spec from a JSON Schema or OpenAPI document.")
def import_schema(
    file: Path = typer.Argument(
        ..., metavar="FILE", help="A JSON Schema (draft-07 or 2020-12) or OpenAPI 3.0/3.1 document, JSON or YAML."
    ),
    resource: str = typer.Option(..., "--resource", metavar="NAME", help="Singular resource name for the spec, e.g. order."),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output", metavar="SPEC", help="Write the spec to this file (default: print it)."
    ),
    model: Optional[str] = typer.Option(None, "--model", metavar="NAME", help="The document's object to import, when it has several."),
    service: Optional[str] = typer.Option(None, "--service", metavar="NAME", help="Service folder (default <resource>-service)."),
) -> None:
    """Build a spec from a JSON Schema or OpenAPI document (datamodel-code-generator's parsers), ready for
    `add-endpoint --spec`. What the spec cannot carry is listed on stderr."""
    from .commands import import_schema as command

    def go() -> int:
        result = command.run(file, resource, model=model, service=service)
        if output is not None:
            _write(output, result.text)
        else:
            typer.echo(result.text, nl=False)
        for warning in result.warnings:
            echo(f"warning: {warning}", err=True)
        _warn_plural(result.spec.resource, result.spec.plural, str(output) if output is not None else "the spec")
        if output is not None:
            count = len(result.spec.fields)
            echo(
                f"wrote {output} ({result.model}: {count} fields, {len(result.spec.models)} models, "
                f"{len(result.warnings)} warnings); next: elqnt-scaffold add-endpoint {result.spec.resource} --spec {output}",
                err=True,
            )
        return 0

    raise typer.Exit(_guarded(go, writes=output is not None))


def _write(path: Path, text: str) -> None:
    from .errors import UserError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write the spec: {exc.strerror}", file=str(path), field="-o", hint="check the path") from None


def _guarded(body, writes: bool = True) -> int:
    """Run a command; bad input is exit 2 with its message (and, for a command that writes, the promise that
    nothing was)."""
    from .errors import ApplyError, UserError

    try:
        return body()
    except UserError as exc:
        echo(f"error: {exc}", err=True)
        if writes:
            echo("nothing was written", err=True)
        return 2
    except ApplyError as exc:
        echo(f"error: {exc}", err=True)
        return 2


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
