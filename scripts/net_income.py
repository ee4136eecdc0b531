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

Inputs per year, and where they were read: docs/sources.md#legal-net-income.
Run: python3 scripts/net_income.py  (prints the entries, without status/source).
"""

GROSS = list(range(0, 3751, 250))  # 16 points; linear interpolation errs by at most about 22 EUR/month

# br: brackets (upper bound, rate), the last bound None (open).
# ahk: (max, phase-out start, phase-out rate, floor).
# ak: build-up segments (upper bound, rate); akp: (phase-out start, rate, floor).
Y = {
    2015: dict(br=[(19822, .365), (57585, .42), (None, .52)], ahk=(2203, 19822, .0232, 1342),
               ak=[(9010, .0181), (19463, .19679)], akp=(49770, .04, 184)),
    2016: dict(br=[(19922, .3655), (66421, .404), (None, .52)], ahk=(2242, 19922, .04822, 0),
               ak=[(9147, .01793), (19758, .27698)], akp=(34015, .04, 0)),
    2017: dict(br=[(19982, .3655), (67072, .408), (None, .52)], ahk=(2254, 19982, .04787, 0),
               ak=[(9309, .01772), (20108, .28317)], akp=(32444, .036, 0)),
    2018: dict(br=[(20142, .3655), (68507, .4085), (None, .5195)], ahk=(2265, 20142, .04683, 0),
               ak=[(9468, .01766), (20450, .28235)], akp=(33112, .036, 0)),
    2019: dict(br=[(20384, .3665), (68507, .381), (None, .5175)], ahk=(2477, 20384, .05147, 0),
               ak=[(9694, .01754), (20940, .28712)], akp=(34060, .06, 0)),
    2020: dict(br=[(68507, .3735), (None, .495)], ahk=(2711, 20711, .05672, 0),
               ak=[(9921, .02812), (21430, .28812), (34954, .01656)], akp=(34954, .06, 0)),
    2021: dict(br=[(68507, .371), (None, .495)], ahk=(2837, 21043, .05977, 0),
               ak=[(10108, .04581), (21835, .28771), (35652, .02663)], akp=(35652, .06, 0)),
    2022: dict(br=[(69398, .3707), (None, .495)], ahk=(2888, 21317, .06007, 0),
               ak=[(10351, .04541), (22357, .28461), (36650, .0261)], akp=(36650, .0586, 0)),
    2023: dict(br=[(73031, .3693), (None, .495)], ahk=(3070, 22660, .06095, 0),
               ak=[(10741, .08231), (23201, .29861), (37691, .03085)], akp=(37691, .0651, 0)),
    2024: dict(br=[(75518, .3697), (None, .495)], ahk=(3362, 24812, .0663, 0),
               ak=[(11490, .08425), (24820, .31433), (39957, .02471)], akp=(39957, .0651, 0)),
    2025: dict(br=[(38441, .3582), (76817, .3748), (None, .495)], ahk=(3068, 28406, .06337, 0),
               ak=[(12169, .08053), (26288, .3003), (43071, .02258)], akp=(43071, .0651, 0)),
    # 2026: rates, bracket bounds, the AHK maximum and the AK from 996 to 5,712 read
    # (docs/sources.md#legal-net-income); AHK start = WML incl. holiday pay
    # (2,294.40 x 12 x 1.08) and its rate such that it ends at the second bracket bound
    # (as in 2025); AK segment bounds = 2025 bounds x 1.01653 (the 2026 indexation),
    # the first rate reaching 996 and the third reaching 5,712.
    2026: dict(br=[(38883, .357), (79137, .3756), (None, .495)], ahk=(3115, 29736, 3115 / (79137 - 29736), 0),
               ak=[(12370, 996 / 12370), (26723, .3003),
                   (43783, (5712 - 996 - .3003 * (26723 - 12370)) / (43783 - 26723))],
               akp=(43783, .0651, 0)),
}


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


if __name__ == "__main__":
    for year in sorted(Y):
        w = ", ".join(f"{net(year, g, True):.2f}" for g in GROSS)
        b = ", ".join(f"{net(year, g, False):.2f}" for g in GROSS)
        print(f"  {{ from = \"{year}-01\", work = [{w}], benefit = [{b}] }},")
