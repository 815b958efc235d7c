"""The API docs page's model: the served OpenAPI schema read into endpoints, parameters and fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class DocField:
    """A parameter or a model field: its name, type in words, allowed values and description."""

    name: str
    type: str
    description: str
    enum: list[str] = field(default_factory=list)
    required: bool = False
    default: str = ""


@dataclass(slots=True)
class DocEndpoint:
    """One GET route: path, summary, description, parameters and the model it answers with."""

    method: str
    path: str
    summary: str
    description: str
    parameters: list[DocField]
    returns: str


@dataclass(slots=True)
class DocModel:
    """One response model and its fields."""

    name: str
    description: str
    fields: list[DocField]


@dataclass(slots=True)
class DocsView:
    """Everything the docs page shows."""

    title: str
    version: str
    description: str
    endpoints: list[DocEndpoint]
    models: list[DocModel]


def type_words(schema: dict[str, Any]) -> str:
    """A JSON schema as a short type name: 'string', 'list of ReuseModel', 'integer or null'."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_words(s) for s in schema["anyOf"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "list of " + type_words(schema.get("items", {}))
    return str(kind)


def enum_of(schema: dict[str, Any]) -> list[str]:
    """The allowed values of a schema, looking inside anyOf (empty when free)."""
    values = list(schema.get("enum", []))
    for option in schema.get("anyOf", []):
        values += option.get("enum", [])
    return [str(v) for v in values if v != ""]


def _parameter(p: dict[str, Any]) -> DocField:
    """A route parameter as a DocField."""
    schema = p.get("schema", {})
    default = schema.get("default")
    return DocField(p["name"], f"{p.get('in', 'query')} · {type_words(schema)}",
                    p.get("description") or schema.get("description", ""), enum_of(schema),
                    bool(p.get("required")), "" if default in (None, "") else str(default))


def _returns(operation: dict[str, Any]) -> str:
    """The name of the model a route answers 200 with."""
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    return type_words(schema) if schema else ""


def docs_view(openapi: dict[str, Any]) -> DocsView:
    """The docs page model of an OpenAPI document."""
    endpoints = [DocEndpoint(method.upper(), path, op.get("summary", ""), op.get("description", ""),
                             [_parameter(p) for p in op.get("parameters", [])], _returns(op))
                 for path, methods in openapi.get("paths", {}).items() for method, op in methods.items()]
    models = []
    for name, schema in sorted(openapi.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        fields = [DocField(key, type_words(prop), prop.get("description", ""), enum_of(prop), key in required)
                  for key, prop in schema.get("properties", {}).items()]
        models.append(DocModel(name, schema.get("description", ""), fields))
    info = openapi.get("info", {})
    return DocsView(info.get("title", ""), info.get("version", ""), info.get("description", ""), endpoints, models)
