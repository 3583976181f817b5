"""The event catalogue describes every registered event, the chat envelope and the dead
letters, says who consumes what, and every reference in it resolves."""

from __future__ import annotations

from lastmile.ops import asyncapi, inventory
from lastmile.ops.asyncapi import contract_events


def resolve(document: dict, ref: str):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_every_reference_resolves():
    document = asyncapi.document()
    found = list(refs(document))
    assert len(found) > 100
    for ref in found:
        resolve(document, ref)


def test_every_event_has_its_subject_schema_and_description():
    document = asyncapi.document()
    for spec in contract_events():
        channel = document["channels"][f"{spec.source}.{spec.type}"]
        assert channel["address"] == f"lm.{{community}}.{spec.source}.{spec.type}"
        message = resolve(document, channel["messages"][f"v{spec.version}"]["$ref"])
        data = message["payload"]["allOf"][1]["properties"]["data"]
        assert resolve(document, data["$ref"])["title"] == spec.model.__name__
        assert message["description"].split()[:3] == spec.doc.split()[:3]
        assert document["operations"][f"{spec.source}.send.{spec.type}"]["action"] == "send"


def test_each_services_consumers_appear_as_what_it_receives():
    operations = asyncapi.document()["operations"]
    for service in inventory.services():
        for consumer in service.definition().consumers:
            received = [o for name, o in operations.items() if name.startswith(f"{service.name}.receive.")
                        and consumer.name in o["summary"]]
            assert len(received) >= len(consumer.filter_subjects), consumer.name
    assert operations["intake.receive.chat.in"]["channel"] == {"$ref": "#/channels/chat.in"}


def test_chat_and_dead_letter_subjects_are_described():
    channels = asyncapi.document()["channels"]
    assert channels["chat.in"]["address"] == "chat.in.{platform}"
    assert channels["chat.out"]["address"] == "chat.out.{platform}"
    assert channels["dlq"]["address"] == "lm.dlq.{service}"
