"""What medicine keeps of others' events: the roster's households (intake), and the gate's
arrival id for a handed-in request (holding), so `/status MR12` says where it is."""

from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.holding import ArrivalRegistered
from shared.contracts.intake import PersonRegistered
from shared.runtime.tx import Tx

from ..db import people
from ..db import requests as store


def on_person(tx: Tx, event: PersonRegistered, _envelope: Envelope) -> None:
    home = event.building and event.room  # anyone with a home is a resident of it
    people.record(tx.conn, event.person_id, "resident" if home else event.role, event.building, event.room)


def on_arrival(tx: Tx, event: ArrivalRegistered, _envelope: Envelope) -> None:
    request_id = event.destination.request_id
    if request_id and store.get(tx.conn, request_id) is not None:
        store.change(tx.conn, request_id, arrival_id=event.arrival_id)
