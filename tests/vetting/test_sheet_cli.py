"""`lastmile groupbuy sheet GB12 --csv` reads vetting's store: the vendor's sheet equals the
sheet.issued event, amounts included."""

from __future__ import annotations

from typer.testing import CliRunner

from lastmile.cli import app
from tests.support.services import settings_env
from tests.vetting.helpers import (close, emitted, household, item, open_buy, order, send, vetting,
                                   vetting_settings)


async def test_the_csv_sheet_is_the_issued_sheet(js, settings_for):
    settings = vetting_settings(settings_for)
    async with vetting(js, settings):
        groupbuy_id = await open_buy(js, [item("rice", price="45.50"), item("oil", "grain_oil", "80")])
        await send(js, order(household("2", "201"), groupbuy_id, 2, "rice"),
                   order(household("1", "502"), groupbuy_id, 1, "oil"),
                   order(household("1", "1201"), groupbuy_id, 1, "oil"),
                   order(household("1", "502"), groupbuy_id, 3, "rice"), close(groupbuy_id))
        issued = (await emitted(js, "sheet.issued"))[0].data
    runner = CliRunner()
    env = settings_env(settings)
    lines = runner.invoke(app, ["groupbuy", "sheet", groupbuy_id.lower(), "--csv"], env=env)
    totals = runner.invoke(app, ["groupbuy", "sheet", groupbuy_id, "--csv", "--totals"], env=env)
    missing = runner.invoke(app, ["groupbuy", "sheet", "GB99", "--csv"], env=env)
    assert lines.exit_code == 0, lines.output
    assert lines.stdout_bytes.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    assert lines.stdout.lstrip("\ufeff").splitlines() == [
        "building,room,item,qty,unit_price,amount",
        "1,502,oil,1,80,80",
        "1,502,rice,3,45.50,136.50",
        "1,1201,oil,1,80,80",  # rooms as numbers, not as text
        "2,201,rice,2,45.50,91.00",
    ]
    assert [r.split(",")[:4] for r in lines.stdout.splitlines()[1:]] == \
        [[x["building"], x["room"], x["item"], str(x["qty"])] for x in issued["lines"]]
    assert totals.stdout.splitlines()[1:] == ["oil,2,80,160", "rice,5,45.50,227.50"]
    assert missing.exit_code == 1
