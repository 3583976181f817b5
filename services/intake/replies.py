"""Building the `message.rejected` and `help.requested` events a message may cause.

Intake never writes chat text itself: notify renders these in the person's language."""

from __future__ import annotations

from dataclasses import dataclass

from shared.contracts.intake import ChatRef, HelpRequested, MessageRejected
from shared.runtime.tx import Tx

from . import audit
from .directory import Person


def guess_language(text: str) -> str:
    """Chinese if the text has any CJK character, else English."""
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


@dataclass
class Replier:
    """Everything a refusal needs to know about who wrote, from where, in which language."""

    tx: Tx
    chat: ChatRef
    person: Person | None
    language: str

    def reject(self, reason: str, *, note: str | None = None, audited: bool = True, **params: str | None) -> None:
        """Refuse with a reason notify renders; refusals about access also go to the audit
        log (`note`: a word of ours for the operator, never shown to the sender)."""
        if audited and reason in audit.AUDITED:
            audit.record(self.tx.conn, chat=self.chat, person_id=self.person.person_id if self.person else None,
                         reason=reason, command=params.get("command"), note=note, now=self.tx.now)
        self.tx.emit(MessageRejected(
            chat=self.chat, language=self.language,
            person_id=self.person.person_id if self.person else None,
            reason=reason, params={k: v for k, v in params.items() if v is not None},
        ))

    def help(self, topic: str | None) -> None:
        person = self.person
        self.tx.emit(HelpRequested(chat=self.chat, language=self.language, role=person.role if person else None,
                                   roles=list(person.roles) if person else [], topic=topic))
