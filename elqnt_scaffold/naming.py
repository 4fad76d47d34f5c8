"""Every name the layers emit, decided in one place.

A resource or field name arrives in snake_case, kebab-case or camelCase. It is split into words once;
every other spelling (Go identifiers with Go initialisms, JSON camelCase, URL kebab-case, service and
env-var names, plurals) is derived from those words here and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import inflection

# Go's common initialisms (golang/lint), spelled in capitals inside Go identifiers.
GO_INITIALISMS = frozenset(
    """ACL API ASCII CPU CSS DNS EOF GUID HTML HTTP HTTPS ID IP JSON LHS QPS RAM RHS RPC SLA SMTP SQL SSH
    TCP TLS TTL UDP UI UID UUID URI URL UTF8 VM XML XMPP XSRF XSS""".split()
)

VALID_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")


class NameError_(ValueError):
    """A name no layer can carry."""


def name_problem(name: str) -> str | None:
    """Why `name` cannot be used (None when it can)."""
    if not name:
        return "is empty"
    if name[0].isdigit():
        return "starts with a digit"
    if not VALID_NAME.match(name):
        return "may only hold letters, digits, '_' and '-', starting with a letter"
    return None


def words(name: str) -> list[str]:
    """Split a snake_case, kebab-case or camelCase name into lower-case words."""
    found: list[str] = []
    for part in re.split(r"[_\-\s]+", name):
        found.extend(w.lower() for w in _WORD.findall(part))
    return found


def go_word(word: str) -> str:
    up = word.upper()
    return up if up in GO_INITIALISMS else word[:1].upper() + word[1:]


def go_name(name: str) -> str:
    """Exported Go identifier: `api_key` -> `APIKey`, `id` -> `ID`, `created_at` -> `CreatedAt`."""
    return "".join(go_word(w) for w in words(name))


def go_local(name: str) -> str:
    """Unexported Go identifier: `api_key` -> `apiKey`, `id` -> `id`, `url_path` -> `urlPath`."""
    ws = words(name)
    return ws[0] + "".join(go_word(w) for w in ws[1:]) if ws else ""


def camel(name: str) -> str:
    """JSON / TypeScript camelCase: `created_at` -> `createdAt`, `api_key` -> `apiKey`."""
    ws = words(name)
    return ws[0] + "".join(w.capitalize() for w in ws[1:]) if ws else ""


def snake(name: str) -> str:
    return "_".join(words(name))


def kebab(name: str) -> str:
    return "-".join(words(name))


def upper_snake(name: str) -> str:
    return "_".join(words(name)).upper()


def pluralize(name: str) -> str:
    """English plural of the last word: `category` -> `categories`, `api_key` -> `api_keys`."""
    ws = words(name)
    if not ws:
        return name
    return "_".join(ws[:-1] + [inflection.pluralize(ws[-1])])


def singular_of_plural(name: str) -> str | None:
    """The singular to suggest when `name` reads as a plural (`widgets` -> `widget`, `people` -> `person`,
    `api_keys` -> `api_key`), else None (`widget`, `status`, `news`, `series`).

    English inflection of the last word (the `inflection` package): a word is plural when its singular is
    another word whose plural is it. Words of three letters or less (`sms`, `dns`, `gas`) and singulars
    ending in `u` (`campus` -> `campu`, `focus`, `bonus`) are left alone: inflection's rule for a final `s`
    gets those wrong."""
    ws = words(name)
    if not ws:
        return None
    last = ws[-1]
    single = inflection.singularize(last)
    if single == last or len(last) <= 3 or single.endswith("u") or inflection.pluralize(single) != last:
        return None
    return "_".join(ws[:-1] + [single])


def default_service(resource: str) -> str:
    return f"{kebab(resource)}-service"


def upstream_env(service: str) -> str:
    """`widget-service` -> `$WIDGET_SERVICE_URL` (the gateway's proxy_upstream)."""
    return f"${upper_snake(service)}_URL"


def service_from_upstream(upstream: str) -> str | None:
    """`$WIDGET_SERVICE_URL` -> `widget-service`; None when the value is not of that shape."""
    m = re.fullmatch(r"\$\{?([A-Z][A-Z0-9_]*)_URL\}?", upstream.strip())
    return m.group(1).lower().replace("_", "-") if m else None


@dataclass(frozen=True)
class ResourceNames:
    """All spellings of one resource, as the templates use them."""

    resource: str  # snake_case singular, as in the spec
    plural_name: str  # snake_case plural

    @classmethod
    def of(cls, resource: str, plural: str | None = None) -> "ResourceNames":
        return _resource_names(resource, plural)

    @cached_property
    def go(self) -> str:  # Widget
        return go_name(self.resource)

    @cached_property
    def go_plural(self) -> str:  # Widgets
        return go_name(self.plural_name)

    @cached_property
    def local(self) -> str:  # widget
        return go_local(self.resource)

    @cached_property
    def local_plural(self) -> str:  # widgets
        return go_local(self.plural_name)

    @cached_property
    def camel(self) -> str:
        return camel(self.resource)

    @cached_property
    def kebab_plural(self) -> str:  # widgets, api-keys
        return kebab(self.plural_name)

    @cached_property
    def collection_path(self) -> str:  # /widgets
        return f"/{self.kebab_plural}"

    @cached_property
    def item_path(self) -> str:  # /widgets/{id}
        return f"/{self.kebab_plural}/{{id}}"

    @cached_property
    def file_stem(self) -> str:  # widget, api_key: models/<stem>.go, handlers/<stem>.go
        return self.resource

    @cached_property
    def ts_module(self) -> str:  # widgets, api-keys: api-client/src/<module>.ts
        return self.kebab_plural

    def handler_type(self) -> str:
        return f"{self.go}Handler"

    def ts_function(self, verb: str, plural: bool = False) -> str:
        """`listWidgets`, `getAPIKey`: lower-cased verb + the Go type name (matching the TS types)."""
        return verb + (self.go_plural if plural else self.go)


@lru_cache(maxsize=1024)
def _resource_names(resource: str, plural: str | None) -> ResourceNames:
    return ResourceNames(snake(resource), snake(plural) if plural else pluralize(resource))
