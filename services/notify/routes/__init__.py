"""notify's routing table, one module per source service: event model → `Route`.

Adding a service = one module here, one line in `BY_SOURCE`, and its templates.
"""

from __future__ import annotations

from . import delivery, holding, intake, medicine, vetting

BY_SOURCE = {
    "intake": intake.ROUTES,
    "vetting": vetting.ROUTES,
    "holding": holding.ROUTES,
    "delivery": delivery.ROUTES,
    "medicine": medicine.ROUTES,
}
