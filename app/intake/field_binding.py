"""Binding a form's fields once per process instead of on every request.

WTForms builds each field of a form anew for every request: about thirty constructors, labels,
flags and validator checks for the buyer's form, each time with the same outcome. A form whose
Meta is `ReusedFields` binds each field once, keeps it as a prototype, and gives every form a
shallow copy of it. A copy shares only what WTForms shares between freshly bound fields too
(widget, validators, the choices themselves); its flags, its label and every list, dict or set
it was given at binding (the list of choices, render_kw) are its own, and what a request sets
lands on the copy alone.
"""

from __future__ import annotations

import threading
from typing import Any

from wtforms.fields import Flags, Label
from wtforms.meta import DefaultMeta

_CONTAINERS = (list, dict, set)
# Far above the app's forms' fields (under a hundred): past it, fields are bound as WTForms
# does, so that a form made with a prefix or translations of its own each time cannot grow it.
MAX_PROTOTYPES = 1000
_PROTOTYPES: dict[tuple, tuple[Any, tuple[str, ...]]] = {}
_LOCK = threading.Lock()


def _prototype(unbound_field: Any, options: dict, form: Any) -> tuple[Any, tuple[str, ...]]:
    # What binding is given besides the field's own arguments; the form is only stored.
    key = (unbound_field, options["name"], options["prefix"], options["translations"])
    found = _PROTOTYPES.get(key)
    if found is None:
        with _LOCK:
            found = _PROTOTYPES.get(key)
            if found is None:
                prototype = unbound_field.bind(form=form, **options)
                # Kept for the process's life: it must not keep this request's form (and what
                # a person posted in it) alive with it. Each copy gets its own form and meta.
                prototype._form = prototype.meta = None
                containers = tuple(
                    name
                    for name, value in vars(prototype).items()
                    if isinstance(value, _CONTAINERS)
                )
                found = (prototype, containers)
                if len(_PROTOTYPES) < MAX_PROTOTYPES:
                    _PROTOTYPES[key] = found
    return found


def _own(kind: type, shared: Any) -> Any:
    copied = object.__new__(kind)
    copied.__dict__.update(shared.__dict__)
    return copied


def fresh_copy(prototype: Any, containers: tuple[str, ...], form: Any) -> Any:
    """A field for `form` as `prototype` was bound, with its `containers`, flags and label
    copied."""
    field = object.__new__(type(prototype))
    state = field.__dict__
    state.update(prototype.__dict__)
    state["_form"] = form
    state["meta"] = form.meta
    state["flags"] = _own(Flags, prototype.flags)
    state["label"] = _own(Label, prototype.label)
    for name in containers:
        state[name] = state[name].copy()
    return field


class ReusedFields(DefaultMeta):
    """Form Meta that binds each field once and gives each form a copy of it."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict) -> Any:
        """A copy of the field as first bound with this name, prefix and translations."""
        # A CSRF token field is made anew for each form, tied to it; a datalist remembers the
        # form it last served. Both are bound as WTForms does.
        kwargs = unbound_field.kwargs
        if "csrf_impl" in kwargs or kwargs.get("datalist") is not None:
            return super().bind_field(form, unbound_field, options)
        prototype, containers = _prototype(unbound_field, options, form)
        return fresh_copy(prototype, containers, form)
