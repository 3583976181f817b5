"""The supervisord configuration `lastmile up` runs: NATS first, then every service, each
with its own log file, restarted if it dies, stopped with SIGTERM on shutdown."""

from __future__ import annotations

import getpass
import shlex
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Program:
    name: str
    command: list[str]
    env: dict[str, str]
    priority: int
    stop_wait: int = 20


def _env_line(env: dict[str, str]) -> str:
    def quote(value: str) -> str:
        return '"' + value.replace("%", "%%").replace('"', '\\"') + '"'

    return ",".join(f"{key}={quote(value)}" for key, value in sorted(env.items()))


def render(programs: list[Program], *, data_dir: Path) -> str:
    logs, run = data_dir / "logs", data_dir / "run"
    sections = [f"""[supervisord]
nodaemon=true
silent=true
user={getpass.getuser()}
logfile={logs / 'supervisord.log'}
pidfile={run / 'supervisord.pid'}
childlogdir={logs}
loglevel=warn

[unix_http_server]
file={run / 'supervisor.sock'}
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{run / 'supervisor.sock'}
"""]
    for p in programs:
        env = f"environment={_env_line(p.env)}\n" if p.env else ""
        sections.append(f"""[program:{p.name}]
command={shlex.join(p.command)}
{env}priority={p.priority}
autostart=true
autorestart=true
startsecs=1
startretries=10
stopsignal=TERM
stopwaitsecs={p.stop_wait}
stdout_logfile={logs / f'{p.name}.log'}
stdout_logfile_maxbytes=20MB
redirect_stderr=true
""")
    return "\n".join(sections)
