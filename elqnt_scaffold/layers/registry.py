"""The guide's Required Changes Checklist: the four layers, in order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import client, gateway, service, types
from .base import Job


@dataclass(frozen=True)
class LayerInfo:
    key: str
    number: int
    title: str
    location: str
    plan: Callable[[Job], None]


LAYERS: tuple[LayerInfo, ...] = (
    LayerInfo("service", 1, "Service", "services/<service>/", service.plan),
    LayerInfo("gateway", 2, "API Gateway", "services/api-gateway/config/routes.yaml", gateway.plan),
    LayerInfo("types", 3, "Types", "eloquent-packages/packages/types/", types.plan),
    LayerInfo("client", 4, "Frontend", "eloquent-packages/packages/api-client/", client.plan),
)
KEYS = tuple(layer.key for layer in LAYERS)


def by_key(key: str) -> LayerInfo:
    return next(layer for layer in LAYERS if layer.key == key)

