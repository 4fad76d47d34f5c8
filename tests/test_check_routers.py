"""Services built on routers whose own methods check does not read (chi's r.Get, gin's e.GET, ...) are
warned about at the import, never reported as fully checked in silence."""

from __future__ import annotations

import json

import pytest

MAIN = 'package main\n\nimport (\n\t"net/http"\n\n\t"{pkg}"\n)\n\nfunc main() {{\n\t_ = http.ListenAndServe\n}}\n'


@pytest.mark.parametrize("pkg", ["github.com/go-chi/chi/v5", "github.com/go-chi/chi", "github.com/gorilla/mux",
                                 "github.com/gin-gonic/gin", "github.com/labstack/echo/v4"])
def test_a_router_check_does_not_read_is_a_warning_at_its_import(cli, example, pkg):
    svc = example / "services/shop-service"
    svc.mkdir()
    (svc / "go.mod").write_text("module github.com/elqnt/eloquent/services/shop-service\n\ngo 1.22\n")
    (svc / "main.go").write_text(MAIN.format(pkg=pkg))
    run = cli("check", "--repo", str(example), "--format", "json")
    assert run.code == 0, run.out + run.err
    findings = json.loads(run.out)
    assert [(f["kind"], f["file"], f["line"]) for f in findings] == [("router-not-read", "services/shop-service/main.go", 6)]
    text = cli("check", "--repo", str(example)).out
    assert f"services/shop-service/main.go:6: imports {pkg}: routes registered with its own methods" in text
    assert "1 warning" in text


def test_plain_net_http_services_get_no_router_warning(cli, example):
    run = cli("check", "--repo", str(example))
    assert run.code == 0 and "router-not-read" not in run.out and "its own methods" not in run.out
