"""What the phases.yaml format allows at a place: the keys for "did you mean", the shape for a kind."""

from __future__ import annotations

import json
import typing
from typing import Any

from pydantic import BaseModel

from tta_timeline.core.suggest import did_you_mean


def _model_in(annotation: Any) -> Any:
    """The model class an annotation holds directly, or the annotation of its items (list/dict/Optional)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    for arg in args:
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return args[-1] if args else None


def model_at(loc: tuple[Any, ...], root: Any = None) -> Any:
    """The model whose keys are allowed at `loc` (a path of keys and indexes) below `root` (the Timeline), or None."""
    # lazy: the model builds every kind's validators; only a file with errors gets here
    from tta_timeline.config.model import Timeline

    node: Any = root or Timeline
    for part in loc:
        if isinstance(part, int) or not (isinstance(node, type) and issubclass(node, BaseModel)):
            node = _model_in(node)
            if isinstance(part, int):
                continue
        if not (isinstance(node, type) and issubclass(node, BaseModel)):
            return None
        field = next((f for name, f in node.model_fields.items() if part in (name, f.alias)), None)
        if field is None:
            return None
        node = field.annotation
    while node is not None and not (isinstance(node, type) and issubclass(node, BaseModel)):
        inner = _model_in(node)
        node = None if inner is node else inner
    return node


def keys_of(model: Any) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def unknown_key(loc: tuple[Any, ...], root: Any = None) -> str:
    """The message for an unknown key, with the closest allowed key when one is close."""
    model = model_at(loc[:-1], root)
    hint = did_you_mean(str(loc[-1]), keys_of(model)) if model is not None else ""
    return "unknown key" + (hint or " (not part of the phases.yaml format)")


def mapping_expected(loc: tuple[Any, ...], value: Any, root: Any = None) -> str | None:
    """For a string given where a check kind wants a mapping: the shape it wants, with that string."""
    model = model_at(loc, root)
    if not loc or model is None or not isinstance(value, str):
        return None
    fields = model.model_fields
    first = next((f.alias or n for n, f in fields.items() if f.is_required()), None) or keys_of(model)[0]
    return f"expected a mapping, e.g. {loc[-1]}: {{{first}: {json.dumps(value, ensure_ascii=False)}}}"
