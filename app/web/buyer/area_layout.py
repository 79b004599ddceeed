"""How the area checkboxes are laid out: a long list starts with its municipalities folded, so
a large broker's hundreds of areas do not make the form many screens tall on a phone; the chosen
areas' chips are written with the page, so static/areas.js finds them in place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from app.vitec.reference import AreaGroup

# More areas than this and every municipality starts folded; at or below it all are open.
FOLD_ABOVE = 40


def starts_folded(groups: Iterable[AreaGroup]) -> bool:
    """Whether the municipality groups start folded (the list is long)."""
    return sum(len(group.areas) for group in groups) > FOLD_ABOVE


def chosen_chips(groups: Sequence[AreaGroup], chosen: Iterable[str]) -> list[tuple[str, str]]:
    """The chosen areas as their chips read them, (area id, label) in the list's order; a name
    two municipalities share carries its municipality, as static/areas.js writes it."""
    ticked = set(chosen)
    names = Counter(area.name for group in groups for area in group.areas)
    return [
        (area.area_id, f"{area.name} ({group.municipality})" if names[area.name] > 1 else area.name)
        for group in groups
        for area in group.areas
        if area.area_id in ticked
    ]
