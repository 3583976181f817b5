"""A real Matrix homeserver for the tests: `matrix-synapse` (a dev dependency) on loopback,
SQLite, no federation, registration by shared secret only, cheap bcrypt, rate limits off."""

from __future__ import annotations

import hashlib
import hmac
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


def config(folder: Path, port: int) -> dict:
    return {
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


@contextmanager
def synapse_server(timeout: float = 60):
    """Yields the homeserver's base URL; its log is shown if it does not come up."""
    from signedjson.key import generate_signing_key, write_signing_keys

    with tempfile.TemporaryDirectory(prefix="lastmile-synapse-") as tmp:
        folder, port = Path(tmp), free_port()
        with open(folder / "signing.key", "w") as f:
            write_signing_keys(f, [generate_signing_key("a_test")])
        (folder / "homeserver.yaml").write_text(yaml.safe_dump(config(folder, port)))
        log = open(folder / "synapse.log", "wb")
        proc = subprocess.Popen([sys.executable, "-m", "synapse.app.homeserver", "-c", str(folder / "homeserver.yaml")],
                                cwd=folder, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_up(url, proc, folder / "synapse.log", timeout)
            yield url
        finally:
            proc.terminate()
            proc.wait(20)
            log.close()


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


def register(url: str, user: str, password: str) -> str:
    """A new user by the shared-secret admin API; returns its access token."""
    nonce = httpx.get(f"{url}/_synapse/admin/v1/register").json()["nonce"]
    mac = hmac.new(SECRET.encode(), digestmod=hashlib.sha1)
    mac.update(b"\x00".join([nonce.encode(), user.encode(), password.encode(), b"notadmin"]))
    answer = httpx.post(f"{url}/_synapse/admin/v1/register", json={
        "nonce": nonce, "username": user, "password": password, "admin": False, "mac": mac.hexdigest()})
    answer.raise_for_status()
    return answer.json()["access_token"]
