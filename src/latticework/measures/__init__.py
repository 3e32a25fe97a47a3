"""Measures: one documented, tested pure function per quantity, plus db-level wrappers."""
from latticework.measures.structure import (  # noqa: F401
    PRESETS, STRUCTURE_LAYERS, centralization, closed_triads, hub_removal_fragmentation, hub_share, lattice_index,
    spoke_density, spoke_ties, structure,
)

__all__ = ["PRESETS", "STRUCTURE_LAYERS", "spoke_density", "lattice_index", "hub_share", "hub_removal_fragmentation",
           "centralization", "closed_triads", "spoke_ties", "structure", "asymmetry", "criticality"]


def __getattr__(name):
    if name == "asymmetry":
        from latticework.measures.asymmetry import asymmetry
        return asymmetry
    if name == "criticality":
        from latticework.measures.criticality import criticality
        return criticality
    raise AttributeError(name)
