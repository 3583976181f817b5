"""nats-py closes its client for good on any `-ERR` from the server (one message over the
limit, headers included, is enough) and never reconnects. A service left like that would
answer nobody while its health stayed up for the process: `serve` stops it and raises, so
the process exits and its supervisor starts a fresh one."""

from __future__ import annotations

import asyncio

import pytest

from shared.contracts.streams import events_stream
from shared.runtime.fit import MessageTooLarge, cut_to_fit, header_bytes
from shared.runtime.provision import ensure_stream
from shared.runtime.service import ConnectionLost, ServiceRuntime
from tests.support import probe
from tests.support.waiting import eventually


def test_the_header_block_is_sized_as_nats_py_sends_it():
    assert header_bytes({}) == 0
    assert header_bytes({"Nats-Msg-Id": "abc"}) == len(b"NATS/1.0\r\nNats-Msg-Id: abc\r\n\r\n")
    with pytest.raises(MessageTooLarge):
        cut_to_fit(20, b"x" * 80, {"K": "v" * 20})  # the headers alone do not fit
    assert len(cut_to_fit(100, b"x" * 200, {"K": "v"})) == 100 - header_bytes({"K": "v"})


async def test_a_connection_the_server_closed_stops_the_service_with_an_error(js, settings_for):
    await ensure_stream(js, events_stream("probeclient"))
    runtime = ServiceRuntime(probe.definition(), settings_for())
    serving = asyncio.create_task(runtime.serve())

    async def started():
        return runtime.relay is not None and runtime.nc is not None and runtime.nc.is_connected  # provisioned

    await eventually(started, what="the service started")
    # the payload alone passes nats-py's check; with the header the server refuses it
    await runtime.nc.publish("lm.nowhere", b"N" * (runtime.nc.max_payload - 10), headers={"H": "x" * 100})
    with pytest.raises(ConnectionLost):
        await asyncio.wait_for(serving, 15)
    assert runtime.connection_lost.is_set() and runtime.nc.is_closed
