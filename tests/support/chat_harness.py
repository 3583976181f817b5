"""intake's chat handler driven on its real store with a FixedClock, without NATS: for
fast tests (and properties) of binding, lockouts, authorization and the audit log.

The roster is imported with the real `lastmile roster import` code into the same store;
each `say` is one transaction, as the runtime's consumer would run it.
"""

from __future__ import annotations

import csv
import itertools
from datetime import datetime, timezone
from pathlib import Path

from shared.contracts.chat import ChatIn
from shared.contracts.envelope import Envelope
from shared.runtime.clock import FixedClock
from shared.runtime.incoming import Incoming
from shared.runtime.tx import Tx

from services.intake.roster.run import run_import
from services.intake.service import definition
from services.intake.settings import IntakeSettings

from .harness import StoreHarness

_ids = itertools.count(1)


class ChatHarness(StoreHarness):
    def __init__(self, settings: IntakeSettings, clock: FixedClock):
        super().__init__(definition(settings), settings.database_url_for("intake"), clock,
                         schema=settings.schema_for("intake"), community=settings.community)
        self.settings = settings
        self.handle = self.definition.consumers[0].handle

    def import_roster(self, roster: Path, codes_out: Path, **kwargs) -> dict[str, str]:
        """person_id → code, as the committee hands them out."""
        result = run_import(self.settings, roster, codes_out, **kwargs)
        assert not result.problems, result.problems
        with codes_out.open(encoding="utf-8-sig") as f:
            return {row["person_id"]: row["code"] for row in csv.DictReader(f)}

    def say(self, text: str, sender: str, *, platform: str = "telegram", chat_type: str = "direct",
            **fields) -> list[Envelope]:
        """What intake emits for one message (in its outbox)."""
        message = ChatIn(platform=platform, chat_id=fields.pop("chat_id", f"dm-{sender}"), chat_type=chat_type,
                         sender_id=sender, message_id=fields.pop("message_id", f"m{next(_ids)}"), text=text,
                         sent_at=datetime.now(timezone.utc), **fields)
        before = len(self.events())

        def handle(conn):
            tx = Tx(conn=conn, now=self.clock.now(), source="intake", community=self.community)
            self.handle(tx, Incoming(key=message.dedupe_key, subject=f"chat.in.{platform}", payload=message))
            tx.flush()

        self.store.run_sync(handle)
        return self.events()[before:]

    def reply(self, text: str, sender: str, **kwargs) -> tuple[str, dict]:
        """The one event a direct message causes: (type or reason, its params or data)."""
        (event,) = self.say(text, sender, **kwargs)
        if event.type == "message.rejected":
            return event.data["reason"], event.data["params"]
        return event.type, event.data
