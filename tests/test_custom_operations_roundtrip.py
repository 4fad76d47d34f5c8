"""Custom operations end to end: the generated service behind the stand-in gateway (routing by the
generated routes.yaml), called by the generated client compiled under --strict and run by node.

Phase 1 runs the service as scaffolded: every custom operation answers 501 NOT_IMPLEMENTED (never a fake
success) while its query and body checks already work. Phase 2 writes the three service methods in the
scratch copy, as a user would, rebuilds, and calls again: the expected results come back.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, needs_go, needs_tsc, run_cli
from tests.roundtrip.gateway import Identity, StandInGateway
from tests.roundtrip.driver import compile_driver, run_driver
from tests.roundtrip.process import go_build, start

pytestmark = [needs_go, needs_tsc]

SPEC = ROOT / "tests" / "data" / "widget_ops.yaml"
DRIVER = ROOT / "tests" / "roundtrip" / "custom_ops_roundtrip.ts"
SVC = Path("services/widget-service")
CLIENT = Path("eloquent-packages/packages/api-client")
TOKENS = {
    "tok-org-a": Identity("org-a", "user-a", frozenset({"write:widgets", "admin:widgets"})),
    "tok-read-only": Identity("org-a", "user-r", frozenset({"write:widgets"})),
}

IMPLEMENTED = {
    "Archive": """func (s *WidgetService) Archive(ctx context.Context, orgID, userID, id string) (models.Widget, error) {
	item, err := s.repo.Get(ctx, orgID, id)
	if err != nil {
		return models.Widget{}, err
	}
	item.Name += " (archived)"
	return s.repo.Update(ctx, orgID, item)
}""",
    "Usage": """func (s *WidgetService) Usage(ctx context.Context, orgID, userID, id string, query models.UsageWidgetQuery) (models.UsageReport, error) {
	if _, err := s.repo.Get(ctx, orgID, id); err != nil {
		return models.UsageReport{}, err
	}
	calls := int64(7) // detailed absent (nil), not false
	if query.Detailed != nil {
		calls = 0
		if *query.Detailed {
			calls = 42
		}
	}
	report := models.UsageReport{WidgetID: id, Calls: calls, From: query.From}
	if query.To != nil {
		report.To = *query.To
	}
	return report, nil
}""",
    "MoveTag": """func (s *WidgetService) MoveTag(ctx context.Context, orgID, userID, id, tag string, req models.MoveTagWidgetRequest) error {
	item, err := s.repo.Get(ctx, orgID, id)
	if err != nil {
		return err
	}
	tags := []string{}
	for _, t := range item.Tags {
		if t != tag {
			tags = append(tags, t)
		}
	}
	at := min(req.Position, len(tags))
	item.Tags = append(tags[:at], append([]string{tag}, tags[at:]...)...)
	_, err = s.repo.Update(ctx, orgID, item)
	return err
}""",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("customops") / "eloquent"
    shutil.copytree(EXAMPLE, repo)
    run = run_cli("add-endpoint", "widget", "--repo", str(repo), "--spec", str(SPEC), "--storage", "memory")
    assert run.code == 0, f"add-endpoint failed ({run.code}):\n{run.out}\n{run.err}"
    return repo


@pytest.fixture(scope="module")
def compiled(repo, tmp_path_factory) -> Path:
    """The client + the driver as CommonJS (see tests/roundtrip/driver.py)."""
    return compile_driver(repo / CLIENT, DRIVER, tmp_path_factory.mktemp("customops-js"))


def _phase(repo: Path, compiled: Path, out: Path) -> dict:
    service = start(go_build(repo / SVC, out / "widget-service"), out)
    try:
        gateway = StandInGateway(
            repo / "services/api-gateway/config/routes.yaml", upstreams={"WIDGET_SERVICE_URL": service.url}, tokens=TOKENS
        ).start()
        try:
            return run_driver(compiled, {"GATEWAY_URL": gateway.url, "TOKEN_ORG_A": "tok-org-a", "TOKEN_READ_ONLY": "tok-read-only"})
        finally:
            gateway.stop()
    finally:
        service.stop()


@pytest.fixture(scope="module")
def before(repo, compiled, tmp_path_factory) -> dict:
    return _phase(repo, compiled, tmp_path_factory.mktemp("customops-before"))


@pytest.fixture(scope="module")
def after(repo, compiled, before, tmp_path_factory) -> dict:
    path = repo / SVC / "services/widget.go"
    text = path.read_text()
    for method, body in IMPLEMENTED.items():
        text, count = re.subn(
            rf"func \(s \*WidgetService\) {method}\(.*?\n}}", lambda _m, b=body: b, text, count=1, flags=re.S
        )
        assert count == 1, method
    path.write_text(text)
    return _phase(repo, compiled, tmp_path_factory.mktemp("customops-after"))


def _error(report: dict, name: str) -> tuple[int, str]:
    outcome = report[name]
    assert not outcome["ok"], f"{name}: expected an ApiError, got {outcome['value']!r}"
    assert outcome["error"]["isApiError"], outcome["error"]
    return outcome["error"]["status"], outcome["error"]["code"]


def _value(report: dict, name: str):
    outcome = report[name]
    assert outcome["ok"], f"{name}: {outcome['error']}"
    return outcome["value"]


def test_before_implementation_every_operation_answers_501(before):
    assert _value(before, "create")["name"] == "Revenue"
    for name in ("archive", "usage", "moveTag", "archiveMissing"):
        assert _error(before, name) == (501, "NOT_IMPLEMENTED"), name


def test_query_and_body_are_checked_before_the_service_is_called(before, after):
    for report in (before, after):
        assert _error(report, "usageBadQuery") == (400, "INVALID_QUERY")
        assert _error(report, "usageMissingQuery") == (400, "INVALID_QUERY")
        assert _error(report, "moveTagInvalid") == (400, "VALIDATION_ERROR")
        assert _error(report, "readOnlyMoveTag")[0] == 403  # the operation's own gateway scopes


def test_after_implementation_the_operations_answer(after):
    created = _value(after, "create")
    archived = _value(after, "archive")
    assert archived["id"] == created["id"] and archived["name"] == "Revenue (archived)"
    assert _error(after, "archiveMissing") == (404, "NOT_FOUND")
    assert _value(after, "usage") == {"widgetId": created["id"], "calls": 42, "from": 1000, "to": 2000}
    assert _value(after, "moveTag") is None  # 204
    assert _value(after, "after")["tags"] == ["c d", "a", "b"]


def test_rerunning_after_the_user_implemented_changes_nothing(repo, after):
    service = (repo / SVC / "services/widget.go").read_text()
    run = run_cli("add-endpoint", "widget", "--repo", str(repo), "--spec", str(SPEC), "--storage", "memory")
    assert run.code == 0, run.err
    assert (repo / SVC / "services/widget.go").read_text() == service
    assert run_cli("drift", "--repo", str(repo)).code == 0
