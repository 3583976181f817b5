"""A real Matrix homeserver for the tests: `matrix-synapse` (a dev dependency) on loopback,
SQLite, no federation, registration by shared secret only, cheap bcrypt, rate limits off
(or Synapse's own defaults, `limits=True`, for the tests that must meet them). It can be
stopped and started again on the same port and database (the outage tests)."""

from __future__ import annotations

import hashlib
import hmac
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import yaml

from .servers import free_port

SECRET = "lastmile-test-registration-secret"
UNLIMITED = {"per_second": 100_000, "burst_count": 100_000}


def synapse_missing() -> str | None:
    """Why synapse cannot run here, or None."""
    try:
        import synapse  # noqa: F401
        from signedjson.key import generate_signing_key  # noqa: F401
    except ImportError as exc:
        return f"matrix-synapse is not installed ({exc}): `pip install -e '.[dev]'`"
    return None


def config(folder: Path, port: int, *, limits: bool = False) -> dict:
    """`limits`: keep Synapse's default `rc_message` (0.2/s, bursts of 10), as a deployment has."""
    found = {
        "server_name": "localhost", "report_stats": False, "pid_file": str(folder / "hs.pid"),
        "listeners": [{"port": port, "bind_addresses": ["127.0.0.1"], "type": "http", "tls": False,
                       "x_forwarded": False, "resources": [{"names": ["client"], "compress": False}]}],
        "database": {"name": "sqlite3", "args": {"database": str(folder / "homeserver.db")}},
        "media_store_path": str(folder / "media"), "signing_key_path": str(folder / "signing.key"),
        "registration_shared_secret": SECRET, "enable_registration": False,
        "macaroon_secret_key": "m" * 40, "form_secret": "f" * 40, "bcrypt_rounds": 4,
        "trusted_key_servers": [], "suppress_key_server_warning": True, "federation_domain_whitelist": [],
        "url_preview_enabled": False, "presence": {"enabled": False}, "enable_metrics": False,
        "rc_message": UNLIMITED, "rc_registration": UNLIMITED, "rc_joins": {"local": UNLIMITED, "remote": UNLIMITED},
        "rc_login": {"address": UNLIMITED, "account": UNLIMITED, "failed_attempts": UNLIMITED},
        "rc_invites": {"per_room": UNLIMITED, "per_user": UNLIMITED, "per_issuer": UNLIMITED},
        "rc_admin_redaction": UNLIMITED, "rc_3pid_validation": UNLIMITED,
    }
    if limits:
        del found["rc_message"]
    return found


class Synapse:
    """One homeserver in its own folder; `start`/`stop` keep its port and database."""

    def __init__(self, folder: Path, *, limits: bool = False):
        from signedjson.key import generate_signing_key, write_signing_keys

        self.folder, self.port = folder, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with open(folder / "signing.key", "w") as f:
            write_signing_keys(f, [generate_signing_key("a_test")])
        (folder / "homeserver.yaml").write_text(yaml.safe_dump(config(folder, self.port, limits=limits)))
        self.proc: subprocess.Popen | None = None
        self._admin: str | None = None

    def start(self, timeout: float = 60) -> "Synapse":
        log = open(self.folder / "synapse.log", "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "synapse.app.homeserver", "-c", str(self.folder / "homeserver.yaml")],
            cwd=self.folder, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        _wait_up(self.url, self.proc, self.folder / "synapse.log", timeout)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def exempt(self, user_id: str, exempt: bool = True) -> None:
        """What the docs tell a deployment to do for the bot: no rate limits for this user
        (`exempt=False`: the default limits again)."""
        if self._admin is None:
            self._admin = register(self.url, "ratelimit-admin", "admin-pw", admin=True)
        answer = httpx.request("POST" if exempt else "DELETE",
                               f"{self.url}/_synapse/admin/v1/users/{user_id}/override_ratelimit",
                               json={"messages_per_second": 0, "burst_count": 0} if exempt else None,
                               headers={"Authorization": f"Bearer {self._admin}"})
        answer.raise_for_status()


@contextmanager
def synapse_server(timeout: float = 60, *, limits: bool = False):
    """Yields a running `Synapse`; its log is shown if it does not come up."""
    with tempfile.TemporaryDirectory(prefix="lastmile-synapse-") as tmp:
        server = Synapse(Path(tmp), limits=limits)
        try:
            yield server.start(timeout)
        finally:
            server.stop()


def _wait_up(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"synapse exited with {proc.returncode}: {log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/_matrix/client/versions", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"synapse not up within {timeout}s: {log.read_text()[-3000:]}")


def register(url: str, user: str, password: str, *, admin: bool = False) -> str:
    """A new user by the shared-secret admin API; returns its access token."""
    nonce = httpx.get(f"{url}/_synapse/admin/v1/register").json()["nonce"]
    mac = hmac.new(SECRET.encode(), digestmod=hashlib.sha1)
    mac.update(b"\x00".join([nonce.encode(), user.encode(), password.encode(), b"admin" if admin else b"notadmin"]))
    answer = httpx.post(f"{url}/_synapse/admin/v1/register", json={
        "nonce": nonce, "username": user, "password": password, "admin": admin, "mac": mac.hexdigest()})
    answer.raise_for_status()
    return answer.json()["access_token"]
