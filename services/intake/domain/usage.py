"""How each command is written, in both languages: the `usage` of a bad-arguments reply."""

from __future__ import annotations

USAGE: dict[str, tuple[str, str]] = {  # command: (en, zh)
    "help": ("/help [command]", "帮助 [命令]"),
    "bind": ("/bind CODE", "绑定 绑定码"),
    "vendor": ("/vendor NAME, then lines: licence NO YYYY-MM-DD / food NO YYYY-MM-DD / guaranteed",
               "商家登记 名称，换行写：营业执照 编号 有效期(YYYY-MM-DD) / 食品 编号 有效期 / 保供"),
    "groupbuy": ("/groupbuy V3 until 18:00, then one line per item: ITEM CATEGORY PRICE [min N]",
                 "开团 V3 截止 18:00，换行每行一个商品：品名 类别 单价 [起订 N]"),
    "approve": ("/approve V3 or /approve GB12", "批准 V3 或 批准 GB12"),
    "reject": ("/reject GB12 REASON", "驳回 GB12 原因"),
    "order": ("/order [GB12] ITEM 2 (or: 2 ITEM, +1, 3-502 ITEM 2)", "接龙 [GB12] 品名 2份（或 2号 3份、+1、3-502 品名2）"),
    "cancel": ("/cancel GB12", "取消 GB12"),
    "close": ("/close GB12", "截团 GB12"),
    "arrive": ("/arrive GB12 BOXES [note] or /arrive parcel 3-1201 [note]",
               "到货 GB12 箱数 [备注] 或 到货 快递 3-1201 [备注]"),
    "disinfect": ("/disinfect A7 [method]", "消杀 A7 [方式]"),
    "zone": ("/zone sealed|controlled|precaution", "分级 封控区|管控区|防范区"),
    "extend": ("/extend A7 HOURS REASON", "延长 A7 小时数 原因"),
    "racked": ("/racked A7 [slot]", "上架 A7 [货位]"),
    "picked": ("/picked P45", "已取 P45"),
    "proxy": ("/proxy 3-502 | NAME | R12", "代取 3-502 | 姓名 | R12"),
    "announce": ("/announce all|BUILDING TEXT", "通报 全体|楼号 内容"),
    "groupchat": ("/groupchat all|BUILDING", "群登记 全体|楼号"),
    "bulletin": ("/bulletin add TEXT", "补充通报 内容"),
    "status": ("/status [ID]", "查询 [编号]"),
    "med": ("/med [3-1201] HOSPITAL, DRUG, DOSE, DAYS LEFT [, urgent|critical] [, vulnerable] [, note]",
            "配药 [3-1201] 医院，药名，剂量，剩余天数[，紧急|危急][，老人|孕妇|特殊人群][，备注]"),
    "urgency": ("/urgency MR12 1-4 REASON", "紧急度 MR12 1-4 原因"),
    "run": ("/run HOSPITAL [N]", "领药 医院 [件数]"),
    "bought": ("/bought MR12", "已购 MR12"),
    "substitute": ("/substitute MR12 NAME [, doctor's note]", "替代 MR12 药名[，医生意见]"),
    "unavailable": ("/unavailable MR12 REASON", "缺药 MR12 原因"),
    "accept": ("/yes MR12", "同意替代 MR12"),
    "decline": ("/no MR12", "拒绝替代 MR12"),
    "handoff": ("/handoff HR3", "交药 HR3"),
}


def usage(command: str, language: str) -> str:
    en, zh = USAGE[command]
    return zh if language == "zh" else en


def help_word(language: str) -> str:
    return "帮助" if language == "zh" else "/help"


def bind_word(language: str) -> str:
    return "绑定" if language == "zh" else "/bind"
