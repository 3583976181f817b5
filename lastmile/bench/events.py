"""The benchmark's own events and its one-hop service: a real runtime service whose work
is what every lastmile hop does — inbox, one state row, one outgoing event, one transaction."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, insert
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.contracts import streams, subjects
from shared.contracts.registry import Payload, event
from shared.runtime.consumer import ConsumerSpec
from shared.runtime.incoming import Incoming, decode_event
from shared.runtime.service import ServiceDefinition
from shared.runtime.tx import Tx

bench_registry = registry()
CLIENT, SERVICE = "benchclient", "bench"


class BenchTable(SQLModel, registry=bench_registry):
    pass


class TallyRow(BenchTable, table=True):
    __tablename__ = "tallies"
    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    household: str = Field(sa_column=Column(String(32), nullable=False))
    qty: int = Field(sa_column=Column(Integer, nullable=False))


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


_INSERT = insert(TallyRow.__table__)


def tally(tx: Tx, incoming: Incoming[BenchRequested]) -> None:
    request = incoming.payload
    tx.conn.execute(_INSERT, {"household": request.household, "qty": request.qty})
    tx.emit(BenchTallied(household=request.household, qty=request.qty))


def definition(community: str) -> ServiceDefinition:
    return ServiceDefinition(
        name=SERVICE, metadata=bench_registry.metadata,
        consumers=[ConsumerSpec(
            name="bench-requests", stream=streams.events_stream(CLIENT),
            filter_subjects=(subjects.event_subject(community, CLIENT, "bench.requested"),),
            decode=decode_event, handle=tally,
        )],
    )
