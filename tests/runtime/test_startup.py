"""Start-up: bad settings stop a service with one clear line; `lastmile up` runs everything
on the embedded NATS and stops cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from tests.support.servers import free_port, project_root


def start_intake(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "services.intake"], cwd=project_root(), timeout=60,
                          env={"PATH": os.environ["PATH"], **env}, capture_output=True, text=True)


@pytest.mark.parametrize("variable, value, says", [
    ("LASTMILE_CLOCK_SPEED", "fast", "LASTMILE_CLOCK_SPEED: Input should be a valid number"),
    ("LASTMILE_NATS_URL", "http://127.0.0.1:4222", "LASTMILE_NATS_URL: Value error, must be a nats://"),
    ("LASTMILE_DATABASE_URL", "mysql://x", "LASTMILE_DATABASE_URL: Value error, must be a sqlite://"),
    ("LASTMILE_TIMEZONE", "Mars/Olympus", "LASTMILE_TIMEZONE: Value error, unknown time zone"),
])
def test_a_malformed_setting_stops_start_up_naming_the_variable(tmp_path, variable, value, says):
    result = start_intake({"LASTMILE_DATA_DIR": str(tmp_path), variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]


def test_an_unreachable_nats_stops_start_up_naming_the_variable(tmp_path):
    port = free_port()  # nothing listens there
    result = start_intake({"LASTMILE_DATA_DIR": str(tmp_path), "LASTMILE_NATS_URL": f"nats://127.0.0.1:{port}",
                           "LASTMILE_NATS_CONNECT_TIMEOUT": "1", "LASTMILE_METRICS_PORT": "0"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        f"intake: cannot start: LASTMILE_NATS_URL: cannot reach NATS at nats://127.0.0.1:{port} within 1s")


@pytest.mark.parametrize("command", [["dlq", "list"], ["provision"], ["chat", "--as", "R1"]])
def test_a_command_without_nats_says_which_setting_in_one_line(tmp_path, command):
    port = free_port()  # nothing listens there; LASTMILE_NATS_PORT is what `lastmile up` would use
    result = subprocess.run([sys.executable, "-m", "lastmile", *command], cwd=project_root(), timeout=60,
                            env={"PATH": os.environ["PATH"], "LASTMILE_DATA_DIR": str(tmp_path),
                                 "LASTMILE_NATS_PORT": str(port), "LASTMILE_NATS_CONNECT_TIMEOUT": "1"},
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"lastmile: LASTMILE_NATS_PORT: cannot reach NATS at nats://127.0.0.1:{port} ")


def test_a_metrics_port_in_use_is_reported_not_shared(tmp_path, nats_url):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = start_intake({"LASTMILE_DATA_DIR": str(tmp_path), "LASTMILE_NATS_URL": nats_url,
                               "LASTMILE_METRICS_PORT": str(port)})
    assert result.returncode == 2
    assert f"LASTMILE_METRICS_PORT: port {port} on 127.0.0.1 is already in use" in result.stderr


def _lastmile_up(tmp_path, **env) -> subprocess.Popen:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LASTMILE_")}
    return subprocess.Popen(
        [sys.executable, "-m", "lastmile", "up", "--timeout", "30"], cwd=tmp_path,
        env={**clean, "LASTMILE_DATA_DIR": str(tmp_path / "data"), **env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def _health_of_intake(proc: subprocess.Popen, base: int) -> dict | None:
    deadline = time.monotonic() + 60
    healthy = None
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            healthy = httpx.get(f"http://127.0.0.1:{base + 1}/health", timeout=1).json()
            if healthy["status"] == "ok":
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return healthy


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_lastmile_up_starts_everything_answers_health_and_stops_cleanly(tmp_path):
    nats_port, base = free_port(), free_port() + 100
    proc = _lastmile_up(tmp_path, LASTMILE_NATS_PORT=str(nats_port), LASTMILE_METRICS_PORT_BASE=str(base))
    try:
        conf = tmp_path / "data" / "run" / "supervisord.conf"
        healthy = _health_of_intake(proc, base)
        assert healthy["status"] == "ok" and healthy["checks"] == {"nats": True, "store": True, "writable": True}
        assert len(healthy["run"]) == 32  # this `lastmile up`'s own run id
        assert str(os.path.join(os.path.dirname(sys.executable), "nats-server")) in conf.read_text()
        assert (tmp_path / "data" / "intake.db").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, output
    assert "lastmile stopped" in output
    log = (tmp_path / "data" / "logs" / "intake.log").read_text()
    assert "intake stopping" in log


@pytest.mark.parametrize("end", ["terminal closed", "killed outright"])
def test_lastmile_up_leaves_nothing_running_when_it_goes_away(tmp_path, end):
    """Closing the terminal (SIGHUP, and a dead stdout) or SIGKILL of `lastmile up` stops
    NATS and every service: nothing is left holding the ports of the next `lastmile up`."""
    nats_port, base = free_port(), free_port() + 100
    proc = _lastmile_up(tmp_path, LASTMILE_NATS_PORT=str(nats_port), LASTMILE_METRICS_PORT_BASE=str(base))
    try:
        assert _health_of_intake(proc, base)["status"] == "ok"
        if end == "terminal closed":
            proc.stdout.close()  # what the terminal was: writing to it now fails
            proc.send_signal(signal.SIGHUP)
        else:
            proc.kill()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (_listening(nats_port) or _listening(base + 1)):
            time.sleep(0.2)
        assert not _listening(nats_port) and not _listening(base + 1)
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_lastmile_up_refuses_a_nats_port_in_use(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _lastmile_up(tmp_path, LASTMILE_NATS_PORT=str(port))
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert f"LASTMILE_NATS_PORT: port {port} on 127.0.0.1 is already in use" in " ".join(output.split())


def test_lastmile_up_shows_why_a_service_is_not_up(tmp_path):
    """With NATS unreachable the services cannot start: the table says why, not only the log."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "lastmile", "up", "--timeout", "8"], cwd=tmp_path,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("LASTMILE_")},
             "LASTMILE_DATA_DIR": str(tmp_path / "data"), "LASTMILE_NATS_URL": f"nats://127.0.0.1:{free_port()}",
             "LASTMILE_NATS_CONNECT_TIMEOUT": "1", "LASTMILE_SERVICES": '["intake"]',
             "LASTMILE_METRICS_PORT_BASE": str(free_port() + 100), "COLUMNS": "400"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        output = ""
        for line in proc.stdout:
            output += line
            if "logs in" in line:
                break
    finally:
        proc.send_signal(signal.SIGTERM)
        output += proc.communicate(timeout=60)[0]
    assert "intake" in output and "starting" in output
    assert "cannot reach NATS" in " ".join(output.split()), output


def test_two_lastmile_up_on_the_same_ports_never_both_claim_to_be_up(tmp_path):
    """Started at the same instant, both pass the port check, and then each one's services
    take some of the ports. A `lastmile up` that reads a /health which is not its own (its
    run id) refuses clearly, so at most one system stays up, and it owns every port."""
    base = free_port() + 100
    env = {"LASTMILE_METRICS_PORT_BASE": str(base), "LASTMILE_SERVICES": '["intake", "vetting"]', "COLUMNS": "400"}
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    both = [_lastmile_up(tmp_path / name, LASTMILE_NATS_PORT=str(free_port()), **env) for name in ("a", "b")]
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and all(proc.poll() is None for proc in both):
            time.sleep(0.2)
        time.sleep(3)  # the other may be refusing too, if each took one of the ports
        refused = [proc for proc in both if proc.poll() is not None]
        assert refused, "both still running: neither saw the other's /health"
        for proc in refused:
            said = " ".join(proc.communicate(timeout=60)[0].split())
            assert proc.returncode == 2, said
            assert "another lastmile answers on the metrics ports" in said or "is already in use" in said, said
        if len(refused) == 1:
            runs = {httpx.get(f"http://127.0.0.1:{base + n}/health", timeout=5).json()["run"] for n in (1, 2)}
            assert len(runs) == 1, "the system left up does not own all of its ports"
    finally:
        for proc in both:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.communicate(timeout=60)
