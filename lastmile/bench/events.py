"""The benchmark's own events and its one-hop service: a real runtime service whose work
is what every lastmile hop does — inbox, one state row, one outgoing event, one transaction."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, insert

from shared.contracts import streams, subjects
from shared.contracts.registry import Payload, event
from shared.runtime.consumer import ConsumerSpec
from shared.runtime.incoming import Incoming, decode_event
from shared.runtime.service import ServiceDefinition
from shared.runtime.tx import Tx

CLIENT, SERVICE = "benchclient", "bench"

metadata = MetaData()
tallies = Table(
    "tallies", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("household", String(32), nullable=False),
    Column("qty", Integer, nullable=False),
)


@event("bench.requested", source=CLIENT)
class BenchRequested(Payload):
    """A load generator's order-sized request."""

    household: str
    qty: int
    note: str = ""


@event("bench.tallied", source=SERVICE)
class BenchTallied(Payload):
    """The bench service recorded a request."""

    household: str
    qty: int


_INSERT = insert(tallies)


def tally(tx: Tx, incoming: Incoming[BenchRequested]) -> None:
    request = incoming.payload
    tx.conn.execute(_INSERT, {"household": request.household, "qty": request.qty})
    tx.emit(BenchTallied(household=request.household, qty=request.qty))


def definition(community: str) -> ServiceDefinition:
    return ServiceDefinition(
        name=SERVICE, metadata=metadata,
        consumers=[ConsumerSpec(
            name="bench-requests", stream=streams.events_stream(CLIENT),
            filter_subjects=(subjects.event_subject(community, CLIENT, "bench.requested"),),
            decode=decode_event, handle=tally,
        )],
    )
