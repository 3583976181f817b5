"""What every handler needs besides the transaction: the rules from settings, the field
cipher, and how to answer whoever asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import RowMapping

from shared.contracts.intake import Intent
from shared.contracts.medicine import MedicineRequestRefused
from shared.runtime.tx import Tx

from ..domain.visibility import Viewer
from ..sealing import FieldCipher
from ..settings import MedicineSettings


@dataclass(frozen=True)
class Medicine:
    cipher: FieldCipher
    answer_within: timedelta
    max_runs: int
    run_size: int

    @classmethod
    def from_settings(cls, settings: MedicineSettings) -> "Medicine":
        key = settings.medicine_field_key.get_secret_value() if settings.medicine_field_key else None
        return cls(cipher=FieldCipher(key, settings.data_dir / "medicine.key"),
                   answer_within=timedelta(minutes=settings.medicine_substitute_answer_minutes),
                   max_runs=settings.medicine_max_runs, run_size=settings.medicine_run_size)


def answer(intent: Intent) -> dict[str, Any]:
    """The Outcome fields that thread a reply to the intent's chat message, in the asker's language."""
    return {"person_id": intent.actor.person_id, "chat": intent.chat, "language": intent.actor.language}


def requester(row: RowMapping) -> dict[str, Any]:
    return {"requester_id": row["requester_id"], "requester_language": row["requester_language"]}


def viewer(intent: Intent) -> Viewer:
    actor = intent.actor
    return Viewer(actor.person_id, actor.role, actor.building, actor.room, tuple(actor.roles))


def refuse(tx: Tx, intent: Intent, request: str, reason: str, params: dict[str, str] | None = None,
           target: str | None = None) -> None:
    tx.emit(MedicineRequestRefused(**answer(intent), request=request, target=target, reason=reason,
                                   params=params or {}))
