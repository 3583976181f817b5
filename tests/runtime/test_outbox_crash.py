"""The outbox relay killed between publish and mark: after restart, exactly once."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import datetime, timezone

from shared.contracts import streams
from shared.runtime.metrics import RuntimeMetrics
from shared.runtime.provision import ensure_stream
from shared.runtime.relay import Relay, backlog
from shared.runtime.store import Store
from shared.runtime.tx import Tx
from tests.support import probe
from tests.support.servers import project_root
from tests.support.waiting import stream_messages


def _emit_one(conn) -> str:
    tx = Tx(conn=conn, now=datetime.now(timezone.utc), source="probe", community="test")
    envelope = tx.emit(probe.ProbeCounted(label="rice", total=1))
    tx.flush()
    return envelope.id


async def test_relay_killed_after_publish_before_mark_publishes_once(js, settings_for, nats_url):
    settings = settings_for()
    await ensure_stream(js, streams.events_stream("probe"))
    url, schema = settings.database_url_for("probe"), settings.schema_for("probe")
    store = Store(url, schema=schema)
    store.migrate()
    event_id = store.run_sync(_emit_one)

    crashed = subprocess.run([sys.executable, "-m", "tests.support.relay_crash", nats_url, url, schema],
                             cwd=project_root(), capture_output=True, timeout=60)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr.decode()
    assert len(await stream_messages(js, "LM_PROBE")) == 1  # it was published...
    assert store.run_sync(backlog)[0] == 1  # ...but not marked sent

    relay = Relay(store, lambda: js, RuntimeMetrics("probe"), interval=1)
    assert await relay.publish_pending() == 1  # the restarted relay sends it again
    await relay.drain()  # and marks it sent
    messages = await stream_messages(js, "LM_PROBE")
    assert [m.headers["Nats-Msg-Id"] for m in messages] == [event_id]  # JetStream dropped the copy
    assert store.run_sync(backlog)[0] == 0
    store.close()
