"""The `elqnt-scaffold` command line: parse arguments, call a command, print its result.

Heavy modules are imported inside the commands so `--help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Scaffold Eloquent endpoints across all four layers (service, gateway, types, client), "
    "check that none is missing, and detect drift between them.",
)



@app.callback()
def _root() -> None:
    """Scaffold Eloquent endpoints across all four layers, check them, detect drift."""


RepoOption = typer.Option(None, "--repo", help="The monorepo's root (default: found from the working directory).")


@app.command("add-endpoint")
def add_endpoint(
    resource: str = typer.Argument(..., help="Singular resource name, e.g. widget or api_key."),
    service: Optional[str] = typer.Option(None, "--service", help="Service folder (default <resource>-service)."),
    spec: Optional[Path] = typer.Option(None, "--spec", help="A spec file (see `elqnt-scaffold schema`)."),
    field: list[str] = typer.Option([], "--field", help="NAME:TYPE[:required], repeatable; builds the spec."),
    ops: Optional[str] = typer.Option(None, "--ops", help="Comma-separated: list,create,get,update,delete."),
    op: Optional[str] = typer.Option(
        None,
        "--op",
        help='Add one custom operation, "NAME: METHOD PATH" (e.g. "archive: POST /{id}/archive"), to the saved '
        "spec; --field is its body.",
    ),
    query: list[str] = typer.Option([], "--query", help="With --op: NAME:TYPE[:required], repeatable."),
    response: Optional[str] = typer.Option(
        None, "--response", help="With --op: resource, list, none (204) or a model name."
    ),
    only: Optional[str] = typer.Option(None, "--only", help="Comma-separated layers: service,gateway,types,client."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the unified diff of every file; write nothing."),
    force: bool = typer.Option(False, "--force", help="Overwrite scaffold files you changed since the first run."),
    no_tidy: bool = typer.Option(False, "--no-tidy", help="Do not run `go mod tidy` after changing a go.mod."),
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
            the_spec = command.resolve_spec(the_repo, resource, spec, field, service, ops)
        result = command.run(the_repo, the_spec, only=layers, dry_run=dry_run, force=force, tidy=not no_tidy)
        _print_plan(result, dry_run)
        if not dry_run and not result.problems:
            typer.echo(_resource_check(the_repo, the_spec))
        return 1 if result.problems else 0

    raise typer.Exit(_guarded(go))


def _print_plan(result, dry_run: bool) -> None:
    """The diff of a dry run, then the checklist (files, notes, build errors, deploy step)."""
    from .report.checklist import checklist

    if dry_run:
        diff = result.plan.diff()
        typer.echo(diff if diff else "No changes: every file already says this.", nl=not diff)
    typer.echo(checklist(result))


@app.command("remove-endpoint")
def remove_endpoint(
    resource: str = typer.Argument(..., help="The resource to remove, e.g. widget."),
    op: Optional[str] = typer.Option(None, "--op", help="Remove only this operation (list, get, archive, ...)."),
    service: Optional[str] = typer.Option(None, "--service", help="Service folder (default <resource>-service)."),
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

    raise typer.Exit(_guarded(go))


@app.command("check")
def check(
    paths: list[str] = typer.Argument(None, help="Changed files (what pre-commit passes): check only what they touch."),
    fmt: str = typer.Option("text", "--format", help="text, json or github (::error file=F,line=L::message)."),
    show_all: bool = typer.Option(False, "--all", help="Text: list every endpoint, not only those with findings."),
    repo: Optional[Path] = RepoOption,
) -> None:
    """The pre-commit hook: every endpoint has every layer it needs (exit 1 when one is missing)."""
    from .commands import check as command
    from .repo import open_repo
    from .report import check as report

    def go() -> int:
        if fmt not in ("text", "json", "github"):
            from .errors import UserError

            raise UserError(f"unknown format {fmt!r}", field="--format", hint="use text, json or github")
        result = command.run(open_repo(repo), paths or None)
        if result.problems and fmt == "text":
            typer.echo(report.problems_text(result.problems), err=True)
        elif fmt == "text":
            typer.echo(report.text(result, show_all))
        else:
            typer.echo(report.as_json(result) if fmt == "json" else report.github(result))
            if result.problems:
                typer.echo(report.problems_text(result.problems), err=True)
        return result.exit_code

    raise typer.Exit(_guarded(go))


def _resource_check(the_repo, the_spec) -> str:
    """add-endpoint's closing lines: the check rows of the resource it just wrote."""
    from .commands import check as command
    from .report.check import resource_rows

    result = command.run(the_repo, services={the_spec.service_name})
    return resource_rows(result, the_spec.service_name, command.resource_keys(the_spec))


@app.command("drift")
def drift(
    fix: bool = typer.Option(False, "--fix", help="Write the regenerated content (all or nothing) and say what was done."),
    fmt: str = typer.Option("text", "--format", help="text, json or github (::error file=F,line=L::message)."),
    repo: Optional[Path] = RepoOption,
) -> None:
    """The CI job: regenerating from the specs and the Go models changes nothing (exit 1 on drift)."""
    from .report import drift as report
    from .commands import drift as command
    from .repo import open_repo

    def go() -> int:
        if fmt not in ("text", "json", "github"):
            from .errors import UserError

            raise UserError(f"unknown format {fmt!r}", field="--format", hint="use text, json or github")
        result = command.run(open_repo(repo), fix=fix)
        output = {"text": lambda: report.text(result, fix), "json": lambda: report.as_json(result)}
        typer.echo(output.get(fmt, lambda: report.github(result))())
        return result.exit_code

    raise typer.Exit(_guarded(go))


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the spec format (for editors' YAML language servers)."""
    from .commands.schema import schema_text

    typer.echo(schema_text(), nl=False)


@app.command("import-schema")
def import_schema(
    file: Path = typer.Argument(..., help="A JSON Schema (draft-07 or 2020-12) or OpenAPI 3.0/3.1 document, JSON or YAML."),
    resource: str = typer.Option(..., "--resource", help="Singular resource name for the spec, e.g. order."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the spec to this file (default: print it)."),
    model: Optional[str] = typer.Option(None, "--model", help="The document's object to import, when it has several."),
    service: Optional[str] = typer.Option(None, "--service", help="Service folder (default <resource>-service)."),
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
            typer.echo(f"warning: {warning}", err=True)
        if output is not None:
            count = len(result.spec.fields)
            typer.echo(
                f"wrote {output} ({result.model}: {count} fields, {len(result.spec.models)} models, "
                f"{len(result.warnings)} warnings); next: elqnt-scaffold add-endpoint {result.spec.resource} --spec {output}",
                err=True,
            )
        return 0

    raise typer.Exit(_guarded(go))


def _write(path: Path, text: str) -> None:
    from .errors import UserError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write the spec: {exc.strerror}", file=str(path), field="-o", hint="check the path") from None


def _guarded(body) -> int:
    from .errors import ApplyError, UserError

    try:
        return body()
    except UserError as exc:
        typer.echo(f"error: {exc}", err=True)
        typer.echo("nothing was written", err=True)
        return 2
    except ApplyError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
