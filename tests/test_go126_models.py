"""A models package with Go 1.26 constructs tree-sitter-go 0.25 cannot parse (`new("anon")` in a function
body): add-endpoint, check and drift keep working, since the tool reads only the declarations there."""

from __future__ import annotations

import re

from tests.conftest import go, needs_go

SVC = "services/widget-service"
EXTRA = 'package models\n\ntype Extra struct {\n\tNickname *string `json:"nickname"`\n}\n\nfunc DefaultExtra() Extra {\n\treturn Extra{Nickname: new("anon")}\n}\n'


@needs_go
def test_add_endpoint_check_and_drift_read_around_new_expr(cli, example):
    assert cli("add-endpoint", "widget", "--repo", str(example), "--field", "name:string").code == 0
    gomod = example / SVC / "go.mod"
    gomod.write_text(re.sub(r"(?m)^go 1\.[0-9.]+$", "go 1.26.0", gomod.read_text()))
    (example / SVC / "models/extra.go").write_text(EXTRA)
    assert go(["vet", "./..."], example / SVC).returncode == 0  # valid Go for the toolchain
    run = cli("add-endpoint", "widget", "--repo", str(example), "--field", "name:string", "--field", "size:int")
    assert run.code == 0, run.out + run.err
    assert "Size" in (example / SVC / "models/widget.go").read_text()
    types = (example / "eloquent-packages/packages/types/src/widget-service.ts").read_text()
    assert "export interface Extra {" in types and "nickname?: string;" in types
    assert cli("check", "--repo", str(example)).code == 0
    assert cli("drift", "--repo", str(example)).code == 0


def test_a_main_go_the_editor_cannot_read_is_refused_with_gofmts_verdict(cli, example):
    main = example / "services/project-service/main.go"
    main.write_text(main.read_text().replace("func main() {", 'func nick() *string { return new("anon") }\n\nfunc main() {', 1))
    run = cli("add-endpoint", "task", "--service", "project-service", "--field", "title:string", "--repo", str(example))
    assert run.code == 2
    assert "services/project-service/main.go:" in run.err
    assert "gofmt accepts this file: tree-sitter-go cannot read this construct yet" in run.err
    assert not (example / "services/project-service/models/task.go").exists()
