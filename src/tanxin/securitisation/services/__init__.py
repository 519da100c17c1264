"""Securitisation writes: deals, pools, structures, runs (each checks the acting user through the gate)."""

from tanxin.securitisation.services.deals import (
    create_deal,
    export_deal,
    import_deal,
    set_pool,
    set_structure,
    update_deal,
)
from tanxin.securitisation.services.runs import run_base, run_stress

__all__ = ["create_deal", "export_deal", "import_deal", "run_base", "run_stress", "set_pool", "set_structure",
           "update_deal"]  # fmt: skip
