"""The Jinja2 environment: the repository's own templates first, then the built-in ones."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from .errors import UserError


def builtin_templates() -> Path:
    """`templates/` beside the package in a source checkout, `elqnt_scaffold/templates` in a wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise RuntimeError("elqnt-scaffold is installed without its templates folder")


@lru_cache(maxsize=8)
def environment(override: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if override is not None and override.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(override)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    return env


def render(name: str, context: dict[str, Any], override: Path | None = None) -> str:
    """Render one template; a broken template (often a repository override) is a UserError."""
    env = environment(override)
    try:
        template = env.get_template(name)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(exc.message or "syntax error", file=exc.filename or name, line=exc.lineno, hint=_HINT) from None
    except jinja2.TemplateError as exc:
        where = _template_file(name, override)
        raise UserError(f"template error: {exc}", file=where, hint=_HINT) from None


_HINT = "fix the template (repository overrides live in the `templates` folder of .elqnt-scaffold.yaml)"


def _template_file(name: str, override: Path | None) -> str:
    if override is not None and (override / name).is_file():
        return str(override / name)
    return str(builtin_templates() / name)


def render_snippet(name: str, context: dict[str, Any]) -> str:
    """A template that renders one Go declaration (appended to a user's file): no trailing blank lines."""
    return render(name, context, context.get("template_override")).strip("\n")
