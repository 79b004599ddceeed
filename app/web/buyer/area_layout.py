"""How the area checkboxes are laid out: a long list starts with its municipalities folded, so
a large broker's hundreds of areas do not make the form many screens tall on a phone."""

from __future__ import annotations

from collections.abc import Iterable

from app.vitec.reference import AreaGroup

# More areas than this and every municipality starts folded; at or below it all are open.
FOLD_ABOVE = 40


def starts_folded(groups: Iterable[AreaGroup]) -> bool:
    """Whether the municipality groups start folded (the list is long)."""
    return sum(len(group.areas) for group in groups) > FOLD_ABOVE
