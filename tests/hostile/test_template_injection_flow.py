"""Template syntax typed into a chat travels intake → notify → chat.out as plain text, over
a real NATS with both services running: it is printed, never evaluated. (The unit test in
tests/notify/test_templates.py renders hostile params directly; this one is the whole way.)"""

from __future__ import annotations

from services.notify.service import definition as notify_definition
from services.notify.settings import NotifySettings
from tests.notify.helpers import ChatOutReader
from tests.support.services import running

from . import messages as m

# (what is typed, the part of it the reply echoes)
HOSTILE = [
    ("/{{7*7}}{{''.__class__}}", "/{{7*7}}{{''.__class__}}"),                 # unknown_command: the word
    ("/order {{7*7}}{%raw%}", "{{7*7}}{%raw%}"),                               # bad_arguments: no quantity
    ("接龙 GB1 {%for(x)in(range(9))%}{{x}}{%endfor%}", "{%for(x)in(range(9))%}{{x}}{%endfor%}"),  # bad quantity
]


async def test_template_syntax_in_chat_text_is_printed_never_run(js, intake, codes, settings_for, database):
    _, schema = database
    notify_settings = NotifySettings(**settings_for(database_schema=f"{schema}_n" if schema else None).model_dump())
    out = ChatOutReader(js)
    async with running(notify_definition(notify_settings), notify_settings, js):
        for text in [f"/bind {codes['R1']}", *(typed for typed, _ in HOSTILE)]:
            item = m.raw(m.envelope(text), what=text)
            await js.publish(item.subject, item.body, headers={"Nats-Msg-Id": item.msg_id})
        replies = await out.wait_for(1 + len(HOSTILE), chat_id=f"dm-{m.BOUND}")
    for (typed, echoed), reply in zip(HOSTILE, replies[1:]):
        assert echoed in reply.text, (typed, reply.text)
        assert "49" not in reply.text and "<class" not in reply.text and "012345678" not in reply.text
