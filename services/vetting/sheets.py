"""The order sheet as the vendor gets it from `lastmile groupbuy sheet GB12 --csv`: one row
per building, room and item (rooms as numbers: 3-502 before 3-1201), with unit price and
amount; or totals per item. UTF-8 with a BOM, so it opens in Excel with Chinese intact."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection

from .db import groupbuys as db
from .db import orders as order_db
from .domain.orders import Line, totals_of


@dataclass(frozen=True)
class Sheet:
    groupbuy_id: str
    status: str
    lines: list[Line]
    prices: dict[str, Decimal]

    def rows(self) -> list[list[str]]:
        return [[x.building, x.room, x.item, str(x.qty), str(self.prices[x.item]),
                 str(self.prices[x.item] * x.qty)] for x in self.lines]

    def totals(self) -> list[list[str]]:
        totals = totals_of(self.lines)
        return [[item, str(qty), str(self.prices[item]), str(self.prices[item] * qty)]
                for item, qty in totals.items()]


LINE_HEADER = ["building", "room", "item", "qty", "unit_price", "amount"]
TOTAL_HEADER = ["item", "qty", "unit_price", "amount"]


def read_sheet(conn: Connection, groupbuy_id: str) -> Sheet | None:
    buy = db.get_groupbuy(conn, groupbuy_id)
    if buy is None:
        return None
    prices = {item.name: Decimal(item.price) for item in db.items_of(conn, groupbuy_id)}
    lines = [Line(r.building, r.room, r.item, r.qty) for r in order_db.lines_of(conn, groupbuy_id)]
    return Sheet(groupbuy_id, buy.status, lines, prices)


def as_csv(header: list[str], rows: list[list[str]]) -> str:
    """With a UTF-8 BOM first: Excel (on Chinese Windows too) then shows the item names."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
