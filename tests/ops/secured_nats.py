"""A real nats-server running the committed deploy/nats/nats.conf (permissions and all) on
free loopback ports, with a throw-away password per user."""

from __future__ import annotations

import re
import subprocess
from contextlib import contextmanager
from pathlib import Path

from shared.runtime.embedded_nats import nats_server_binary
from tests.support.servers import free_port, project_root, wait_port

CONF = project_root() / "deploy" / "nats" / "nats.conf"


def password_variables(conf: Path = CONF) -> list[str]:
    return sorted(set(re.findall(r"\$(LASTMILE_NATS_PASSWORD_[A-Z0-9_]+)", conf.read_text())))


@contextmanager
def secured_nats(tmp_path: Path):
    """Yields `url_for(user)`: the server's URL with that user's credentials."""
    passwords = {var: f"pw-{var.rsplit('_', 1)[-1].lower()}-test" for var in password_variables()}
    port = free_port()
    log = tmp_path / "nats.log"
    conf = tmp_path / "nats.conf"  # the committed file, with the JetStream store moved here
    text, moved = re.subn(r'store_dir: "[^"]*"', f'store_dir: "{tmp_path / "js"}"', CONF.read_text())
    assert moved == 1, "nats.conf must name one JetStream store_dir"
    conf.write_text(text)
    command = [str(nats_server_binary()), "-c", str(conf), "-a", "127.0.0.1", "-p", str(port),
               "-m", str(free_port())]
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, env=passwords, stdout=out, stderr=subprocess.STDOUT)
    try:
        try:
            wait_port(port)
        except TimeoutError:
            raise RuntimeError(f"nats-server did not start: {log.read_text()[-2000:]}") from None

        def url_for(user: str) -> str:
            var = "LASTMILE_NATS_PASSWORD_" + user.upper().replace("-", "_")
            return f"nats://{user}:{passwords[var]}@127.0.0.1:{port}"

        yield url_for
    finally:
        proc.terminate()
        proc.wait(10)
