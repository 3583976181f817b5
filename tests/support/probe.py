"""A tiny service for runtime tests: it counts requests in its own table and reports
each count as an event. A request may ask to fail, to exercise retries and dead letters."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select

from shared.contracts import streams, subjects
from shared.contracts.envelope import make_envelope
from shared.contracts.registry import Payload, event
from shared.runtime.consumer import ConsumerSpec
from shared.runtime.incoming import Incoming, decode_event
from shared.runtime.service import ServiceDefinition
from shared.runtime.timers import Timer
from shared.runtime.tx import Tx

metadata = MetaData()
count_rows = Table(
    "counts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("label", String(64), nullable=False),
)


@event("probe.requested", source="probeclient")
class ProbeRequested(Payload):
    """Ask the probe to count `label` (or to fail, to test retries)."""

    label: str
    fail: bool = False


@event("probe.counted", source="probe")
class ProbeCounted(Payload):
    """The probe counted `label`; `total` counts every label so far."""

    label: str
    total: int


@event("probe.rang", source="probe")
class ProbeRang(Payload):
    """A stored timer fired."""

    key: str


FAILURES = {"always": True}  # tests flip this to "fix the bug" before a replay


_INSERT_COUNT = insert(count_rows).returning(count_rows.c.id)


def count(tx: Tx, incoming: Incoming[ProbeRequested]) -> None:
    request = incoming.payload
    total = tx.conn.execute(_INSERT_COUNT, {"label": request.label}).scalar_one()
    if request.fail and FAILURES["always"]:
        raise RuntimeError(f"probe was asked to fail on {request.label}")
    tx.emit(ProbeCounted(label=request.label, total=total))


def ring(tx: Tx, timer: Timer) -> None:
    tx.emit(ProbeRang(key=timer.key))


def definition() -> ServiceDefinition:
    client_stream = streams.events_stream("probeclient")
    return ServiceDefinition(
        name="probe",
        metadata=metadata,
        consumers=[ConsumerSpec(
            name="probe-requests", stream=client_stream,
            filter_subjects=(subjects.event_subject("*", "probeclient", "probe.requested"),),
            decode=decode_event, handle=count,
        )],
        timers={"bell": ring},
    )


# -- helpers for tests --------------------------------------------------------------------

NOW = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)


def request(label: str, fail: bool = False, community: str = "test"):
    return make_envelope(type="probe.requested", source="probeclient", community=community,
                         data={"label": label, "fail": fail}, time=NOW)


async def publish(js, envelope, msg_id: str | None = None) -> None:
    subject = f"lm.{envelope.community}.probeclient.{envelope.type}"
    await js.publish(subject, envelope.model_dump_json().encode(),
                     headers={"Nats-Msg-Id": msg_id or envelope.id})


def counts(runtime) -> int:
    engine = runtime.store.engine
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(count_rows)).scalar()


