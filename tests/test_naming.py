import pytest

from elqnt_scaffold import naming


@pytest.mark.parametrize(
    "name, go, camel, kebab",
    [
        ("id", "ID", "id", "id"),
        ("api_key", "APIKey", "apiKey", "api-key"),
        ("url", "URL", "url", "url"),
        ("created_at", "CreatedAt", "createdAt", "created-at"),
        ("createdAt", "CreatedAt", "createdAt", "created-at"),
        ("user_id", "UserID", "userId", "user-id"),
        ("HTTPServer", "HTTPServer", "httpServer", "http-server"),
        ("line-item", "LineItem", "lineItem", "line-item"),
        ("type", "Type", "type", "type"),
        ("oauth2_token", "Oauth2Token", "oauth2Token", "oauth2-token"),
    ],
)
def test_spellings(name, go, camel, kebab):
    assert naming.go_name(name) == go
    assert naming.camel(name) == camel
    assert naming.kebab(name) == kebab


@pytest.mark.parametrize(
    "singular, plural",
    [("widget", "widgets"), ("category", "categories"), ("person", "people"), ("api_key", "api_keys"), ("status", "statuses")],
)
def test_plurals(singular, plural):
    assert naming.pluralize(singular) == plural


def test_resource_names():
    n = naming.ResourceNames.of("api_key")
    assert (n.go, n.go_plural, n.local, n.collection_path, n.item_path) == (
        "APIKey",
        "APIKeys",
        "apiKey",
        "/api-keys",
        "/api-keys/{id}",
    )
    assert n.ts_function("list", plural=True) == "listAPIKeys"
    assert naming.ResourceNames.of("person").collection_path == "/people"
    assert naming.ResourceNames.of("cactus", plural="cacti").go_plural == "Cacti"


def test_service_and_env_names():
    assert naming.default_service("api_key") == "api-key-service"
    assert naming.upstream_env("widget-service") == "$WIDGET_SERVICE_URL"
    assert naming.service_from_upstream("$WIDGET_SERVICE_URL") == "widget-service"
    assert naming.service_from_upstream("http://x") is None


@pytest.mark.parametrize("bad", ["", "9lives", "a b", "../etc", "x.y", "naïve"])
def test_names_no_layer_can_carry(bad):
    assert naming.name_problem(bad)


@pytest.mark.parametrize("good", ["type", "func", "default", "delete", "range", "a1", "snake_case", "kebab-case"])
def test_keywords_are_ordinary_names(good):
    assert naming.name_problem(good) is None
