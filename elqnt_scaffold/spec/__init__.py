"""The resource spec (DESIGN section 3), the source of truth of every layer.

`fields` holds the building blocks (types, fields, models, gateway settings), `operations` the custom
operations, `models` the checks of named types, `endpoint` the key every layer shares (method + path), and
`document` the `Spec` itself with its loader, flag builder and writer. Import from here.
"""

from __future__ import annotations

from .document import Operation, Spec, dump_spec, from_data, load_spec, spec_from_flags
from .fields import (
    CRUD_OPERATIONS,
    IMPLICIT_FIELDS,
    SCALAR_TYPES,
    SCHEMA_URL,
    FieldSpec,
    GatewaySpec,
    ModelSpec,
    SpecProblem,
    is_model_name,
    parse_type,
)

__all__ = [
    "CRUD_OPERATIONS",
    "IMPLICIT_FIELDS",
    "SCALAR_TYPES",
    "SCHEMA_URL",
    "FieldSpec",
    "GatewaySpec",
    "ModelSpec",
    "Operation",
    "Spec",
    "SpecProblem",
    "dump_spec",
    "from_data",
    "is_model_name",
    "load_spec",
    "parse_type",
    "spec_from_flags",
]
