"""Is a service's models package covered by the Types layer? (tygo.yaml entry, output file, names.)

Asked only for services with at least one route a frontend calls: an internal service needs no types.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict

from ..inventory.service import Service
from ..inventory.types import TypesInventory
from .check_model import NOT_NEEDED, PRESENT, Row


def type_findings(svc: Service, types: TypesInventory) -> Row | None:
    """A "models package" row of `svc` whose Types mark says whether tygo covers it (with findings when
    not); None when the service has no exported JSON struct (nothing to type)."""
    if not svc.models:
        return None
    row = Row(svc.name, "models package")
    row.marks = dict.fromkeys(row.marks, NOT_NEEDED)
    row.marks["types"] = PRESENT
    package = svc.models_package or svc.models_rel
    names = ", ".join(s.name for s in svc.models[:4]) + (", ..." if len(svc.models) > 4 else "")
    first = svc.models[0]
    entry = types.package_for(svc.models_package, svc.models_rel)
    if entry is None:
        row.add("error", "missing-types", "types", first.file, first.line,
                f"models package {package} has JSON structs ({names}) but {types.config_rel} does not list it: add "
                f"`- path: {package}` with an output_path under the types package, then run `tygo generate`")
        return row
    output = entry.output_path or f"{svc.models_rel}/index.ts"
    exported = types.exported(output)
    if exported is None:
        row.add("error", "missing-types", "types", types.config_rel, entry.line,
                f"{types.config_rel} lists {package}, but its output {output} does not exist: run `tygo generate`")
        return row
    missing: dict[str, list] = defaultdict(list)
    for struct in svc.models:
        if entry.converts(posixpath.basename(struct.file)) and struct.name not in exported:
            missing[struct.file].append(struct)
    for file, structs in missing.items():
        row.add("error", "missing-types", "types", file, structs[0].line,
                f"{', '.join(s.name for s in structs)} of {package} {'is' if len(structs) == 1 else 'are'} not in {output}: "
                "run `tygo generate`")
    return row
