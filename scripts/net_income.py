#!/usr/bin/env python3
"""Net monthly income from gross monthly income (incl. holiday pay), by year.

Generates the `work` and `benefit` amounts of the `[net_income]` table of
calibration/legal/nl.toml. For a gross monthly amount G the yearly income is
Y = 12 G; the tax (wage tax plus national-insurance premiums, combined box-1
rate below AOW age) is

    T(Y) = sum over brackets of rate x (part of Y in the bracket)

and the credits are the algemene heffingskorting (AHK, every income) and the
arbeidskorting (AK, work income only; WW is not work income):

    AHK(Y) = max(ahk_min, AHK_max - ahk_rate x max(0, Y - ahk_start))
    AK(Y)  = build-up over the segments, minus ak_rate x (Y - ak_start) above ak_start

net = Y - max(0, T - AHK - AK)  (credits cannot exceed the tax), per month /12.
Employee pension contributions and other deductions are not included.

Inputs per year: calibration/legal/net-income-inputs.toml (with unit, status and
source; where each figure was read: docs/sources.md#legal-net-income).
Run: python3 scripts/net_income.py          (prints the entries, without status/source)
     python3 scripts/net_income.py --check  (exit 1 when nl.toml's table differs; a test runs it)
"""

import pathlib
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
INPUTS = ROOT / "calibration/legal/net-income-inputs.toml"
LEGAL = ROOT / "calibration/legal/nl.toml"


def load_inputs(path=INPUTS):
    """Each year's rules from the inputs file, in the shapes the formulas below take."""
    years = {}
    for y in tomllib.loads(path.read_text())["year"]:
        a, p = y["ahk"], y["ak_phase_out"]
        years[y["year"]] = dict(
            br=[(None if hi == 0 else hi, r) for hi, r in y["brackets"]],
            ahk=(a["max"], a["start"], a["rate"], a["floor"]),
            ak=[(hi, r) for hi, r in y["ak"]],
            akp=(p["start"], p["rate"], p["floor"]),
        )
    return years


Y = load_inputs()


def tax(y, br):
    t, lo = 0.0, 0.0
    for hi, r in br:
        top = y if hi is None else min(y, hi)
        if top > lo:
            t += (top - lo) * r
        if hi is None or y <= hi:
            break
        lo = hi
    return t


def ahk(y, p):
    mx, start, rate, mn = p
    return max(mn, mx - rate * max(0.0, y - start))


def ak(y, segs, akp):
    k, lo = 0.0, 0.0
    for hi, r in segs:
        top = min(y, hi)
        if top > lo:
            k += (top - lo) * r
        lo = hi
    start, rate, mn = akp
    if y > start:
        k = max(mn, k - rate * (y - start))
    return k


def net(year, g, work):
    p = Y[year]
    y = 12.0 * g
    credits = ahk(y, p["ahk"]) + (ak(y, p["ak"], p["akp"]) if work else 0.0)
    return (y - max(0.0, tax(y, p["br"]) - credits)) / 12.0


def table(gross):
    """The `work` and `benefit` rows of every year at the gross points."""
    return {
        year: (
            [round(net(year, g, True), 2) for g in gross],
            [round(net(year, g, False), 2) for g in gross],
        )
        for year in sorted(Y)
    }


def check():
    """Compare nl.toml's [net_income] with what the inputs give; 0 when equal to the cent."""
    shipped = tomllib.loads(LEGAL.read_text())["net_income"]
    expected = table(shipped["gross"])
    rows = {int(v["from"][:4]): (v["work"], v["benefit"]) for v in shipped["values"]}
    bad = []
    if sorted(rows) != sorted(expected):
        bad.append(f"years {sorted(rows)} in nl.toml, {sorted(expected)} in the inputs")
    for year, (work, benefit) in expected.items():
        got = rows.get(year)
        if got is not None and (
            any(abs(a - b) > 0.005 for a, b in zip(got[0], work))
            or any(abs(a - b) > 0.005 for a, b in zip(got[1], benefit))
        ):
            bad.append(f"{year}: nl.toml has work {got[0]}, benefit {got[1]}; the inputs give {work}, {benefit}")
    for line in bad:
        print(f"{LEGAL}: [net_income] differs from {INPUTS.name}: {line}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(check())
    for year, (work, benefit) in table([float(g) for g in range(0, 3751, 250)]).items():
        w = ", ".join(f"{x:.2f}" for x in work)
        b = ", ".join(f"{x:.2f}" for x in benefit)
        print(f"  {{ from = \"{year}-01\", work = [{w}], benefit = [{b}] }},")
