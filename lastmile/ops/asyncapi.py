"""The event catalogue: an AsyncAPI 3.0 document of every subject lastmile uses, built
from the code itself — the registry's events (pydantic JSON schemas, docstrings as
descriptions), the chat envelope, the dead-letter subjects, and who consumes what (each
service definition's consumer filter subjects). Generated directly rather than by
FastStream, which the runtime does not use (docs/runtime.md)."""

from __future__ import annotations

import inspect
import json
from importlib.metadata import version

from pydantic.json_schema import models_json_schema

from shared.contracts import streams, subjects
from shared.contracts.chat import ChatIn, ChatOut, ChatReceipt
from shared.contracts.envelope import Envelope
from shared.contracts.registry import EventSpec, all_events

from .inventory import adapters, services

COMMUNITY = "{community}"
SCHEMAS = "#/components/schemas/{model}"
CHAT = {  # subject family → (model, who sends it)
    "chat.in": (ChatIn, subjects.chat_in("{platform}"), "adapters"),
    "chat.out": (ChatOut, subjects.chat_out("{platform}"), streams.CHAT_OUT.owner),
    "chat.receipt": (ChatReceipt, subjects.chat_receipt("{platform}"), "adapters"),
}
MSG_ID = {"type": "object", "properties": {"Nats-Msg-Id": {
    "type": "string", "description": "Deduplication key: JetStream drops a copy within the stream's window."}}}


def _first_line(text: str) -> str:
    """The first paragraph, on one line."""
    return " ".join(inspect.cleandoc(text).split("\n\n")[0].split())


def _event_key(spec: EventSpec) -> str:
    return f"{spec.source}.{spec.type}.v{spec.version}"


def _message(name: str, title: str, doc: str, payload: dict) -> dict:
    return {"name": name, "title": title, "summary": _first_line(doc), "description": inspect.cleandoc(doc),
            "contentType": "application/json", "headers": MSG_ID, "payload": payload}


def _event_message(spec: EventSpec, ref: dict) -> dict:
    payload = {"allOf": [{"$ref": SCHEMAS.format(model="Envelope")}, {
        "type": "object",
        "properties": {"type": {"const": spec.type}, "source": {"const": spec.source},
                       "version": {"const": spec.version}, "data": ref}}]}
    return _message(spec.model.__name__, f"{spec.type} v{spec.version}", spec.doc, payload)


def _parameters(address: str) -> dict:
    found = {}
    if "{community}" in address:
        found["community"] = {"description": "The compound's id (LASTMILE_COMMUNITY)."}
    if "{platform}" in address:
        found["platform"] = {"description": "The chat platform, one adapter each (terminal, webhook, …)."}
    if "{service}" in address:
        found["service"] = {"enum": list(streams.SERVICES), "description": "The service that gave up."}
    return found


def _channel(address: str, description: str, messages: dict[str, str]) -> dict:
    channel = {"address": address, "description": description,
               "messages": {name: {"$ref": f"#/components/messages/{key}"} for name, key in messages.items()}}
    if parameters := _parameters(address):
        channel["parameters"] = parameters
    return channel


def _operation(action: str, who: str, channel: str, messages: list[str], summary: str) -> dict:
    return {"action": action, "summary": summary, "tags": [{"name": who}],
            "channel": {"$ref": f"#/channels/{channel}"},
            "messages": [{"$ref": f"#/channels/{channel}/messages/{m}"} for m in messages]}


def _matches(filter_subject: str, address: str) -> bool:
    """Whether a consumer's filter takes a channel (`{…}` in the address is a parameter)."""
    wanted, have = filter_subject.split("."), address.split(".")
    for i, token in enumerate(wanted):
        if token == ">":
            return len(have) > i
        if i >= len(have) or token not in ("*", have[i]) and not have[i].startswith("{"):
            return False
    return len(wanted) == len(have)


def contract_events() -> list[EventSpec]:
    """The registry's events defined in shared/contracts (tests register probes of their own)."""
    return [s for s in all_events() if s.model.__module__.startswith("shared.contracts.")]


def document() -> dict:
    events = contract_events()
    models = [(s.model, "validation") for s in events] + [(Envelope, "validation")]
    models += [(model, "validation") for model, _, _ in CHAT.values()]
    refs, schema = models_json_schema(models, ref_template=SCHEMAS)
    ref = {model: r for (model, _), r in refs.items()}
    channels, messages, operations = {}, {}, {}

    for spec in events:
        key, channel = _event_key(spec), f"{spec.source}.{spec.type}"
        messages[key] = _event_message(spec, ref[spec.model])
        entry = channels.setdefault(channel, _channel(spec.subject(COMMUNITY), _first_line(spec.doc), {}))
        entry["messages"][f"v{spec.version}"] = {"$ref": f"#/components/messages/{key}"}
    for spec in events:
        channel = f"{spec.source}.{spec.type}"
        operations[f"{spec.source}.send.{spec.type}"] = _operation(
            "send", spec.source, channel, list(channels[channel]["messages"]), f"{spec.source} publishes it.")

    for family, (model, address, sender) in CHAT.items():
        messages[family] = _message(model.__name__, family, model.__doc__ or "", ref[model])
        channels[family] = _channel(address, _first_line(model.__doc__ or ""), {"message": family})
        senders = [a.name for a in adapters()] if sender == "adapters" else [sender]
        for who in senders:
            operations[f"{who}.send.{family}"] = _operation("send", who, family, ["message"], f"{who} publishes it.")
    for adapter in adapters():
        operations[f"{adapter.name}.receive.chat.out"] = _operation(
            "receive", adapter.name, "chat.out", ["message"],
            f"durable consumer adapter-<platform> on {streams.CHAT_OUT.name}, its own platform only")

    messages["dead-letter"] = _message("DeadLetter", "dead letter", DEAD_LETTER_DOC, {})
    channels["dlq"] = _channel(subjects.dead_letter_subject("{service}"), _first_line(DEAD_LETTER_DOC),
                               {"message": "dead-letter"})

    for service in services():
        for consumer in service.definition(community=COMMUNITY).consumers:
            for name, channel in channels.items():
                if any(_matches(f, channel["address"]) for f in consumer.filter_subjects):
                    operations[f"{service.name}.receive.{name}"] = _operation(
                        "receive", service.name, name, list(channel["messages"]),
                        f"durable consumer {consumer.name} on {consumer.stream.name}: {consumer.description}".strip(": "))
        operations[f"{service.name}.send.dlq"] = _operation(
            "send", service.name, "dlq", ["message"], "what it could not handle (lm.dlq.<service>)")

    return {
        "asyncapi": "3.0.0",
        "info": {"title": "lastmile events", "version": version("lastmile"), "description": INTRO},
        "defaultContentType": "application/json",
        "servers": {"nats": {"host": "nats:4222", "protocol": "nats",
                             "description": "NATS with JetStream (docker-compose.yml); see deploy/README.md."}},
        "channels": dict(sorted(channels.items())),
        "operations": dict(sorted(operations.items())),
        "components": {"messages": dict(sorted(messages.items())), "schemas": schema["$defs"]},
    }


INTRO = ("Every subject of lastmile and what travels on it. Domain events are "
         "`lm.<community>.<service>.<entity>.<verb>`, each an Envelope whose `data` is the event's "
         "payload; a payload that changes incompatibly gets a new version. Chat adapters speak "
         "`chat.in|out|receipt.<platform>` (docs/chat-envelope.md). Generated by `lastmile docs` "
         "from shared/contracts and each service's definition: do not edit by hand.")
DEAD_LETTER_DOC = ("A message a service could not handle after its last attempt, or could never decode: "
                   "the original payload, unchanged, with headers Lastmile-Dlq-Subject, -Error, -Consumer, "
                   "-Attempts, -Stream-Seq, -Failed-At. Inspect and replay with `lastmile dlq`.")


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"
