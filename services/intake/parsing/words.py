"""The command vocabulary: each command's slash name(s) and Chinese word(s).

Both forms are always accepted. A Chinese word counts as a command only at the start of a
message and when followed by the end, a space, a colon or an ASCII character (`接龙 GB12 2`,
`接龙GB12 2`), so chatter like `查询一下快递` in a group stays chatter.
"""

from __future__ import annotations

SLASH: dict[str, str] = {
    "help": "help", "bind": "bind", "vendor": "vendor", "groupbuy": "groupbuy",
    "approve": "approve", "reject": "reject", "order": "order", "cancel": "cancel",
    "close": "close", "arrive": "arrive", "disinfect": "disinfect", "racked": "racked",
    "picked": "picked", "announce": "announce", "status": "status", "zone": "zone",
    "extend": "extend", "proxy": "proxy", "groupchat": "groupchat", "bulletin": "bulletin",
    "med": "med", "medicine": "med", "urgency": "urgency", "run": "run", "bought": "bought",
    "substitute": "substitute", "unavailable": "unavailable", "accept": "accept", "yes": "accept",
    "decline": "decline", "no": "decline", "handoff": "handoff",
    "start": "help",  # what chat apps send when someone opens a bot
}

CHINESE: dict[str, str] = {
    "帮助": "help", "绑定": "bind", "商家登记": "vendor", "开团": "groupbuy", "批准": "approve",
    "驳回": "reject", "接龙": "order", "借龙": "order", "取消": "cancel", "截团": "close", "到货": "arrive",
    "消杀": "disinfect", "上架": "racked", "已取": "picked", "通报": "announce", "查询": "status",
    "分级": "zone", "延长": "extend", "代取": "proxy", "群登记": "groupchat", "补充通报": "bulletin",
    "配药": "med", "代配药": "med", "紧急度": "urgency", "领药": "run", "已购": "bought", "替代": "substitute",
    "缺药": "unavailable", "同意替代": "accept", "拒绝替代": "decline", "不同意替代": "decline", "交药": "handoff",
}

# 借龙 is the common typo of 接龙 (traditional 接龍 is folded to 接龙 before this is read).
# Longest first, so a longer word is never mistaken for a shorter one it starts with.
CHINESE_BY_LENGTH = sorted(CHINESE, key=len, reverse=True)

COMMANDS: tuple[str, ...] = tuple(dict.fromkeys(SLASH.values()))


def chinese_word_of(command: str) -> str:
    return next(word for word, name in CHINESE.items() if name == command)
