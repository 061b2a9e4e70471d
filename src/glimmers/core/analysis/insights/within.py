"""Within-day contrasts: tags (where, who, doing) and the time of day.

Each check-in is compared only with other check-ins of the same day. Whatever
lifts or lowers a whole day (sleep, a rough week, slow change over months,
day-to-day carry-over) cancels out, which is why no AR(1) model is needed
here and no lag crosses the night.

Estimator: the fixed-effects ("within") regression of numbness on the tag,
with one intercept per day. On day d with n check-ins, k of them tagged, the
tag's demeaned indicator has sum of squares k(n-k)/n and its cross-product
with the demeaned ratings is S_d, the sum of the tagged check-ins'
deviations from the day's mean. So

    effect = sum_d S_d / sum_d k(n-k)/n.

Days where the tag is on all or none of the check-ins carry no information
and drop out by themselves. This is the average same-day gap between tagged
and untagged check-ins; a plain tagged-minus-untagged mean of deviations
would be diluted by those all-or-none days.

Uncertainty: check-ins of one day share that day's mood, so they are not
independent. The standard error is cluster-robust by day (CR1: the per-day
score sums S_d - effect * k(n-k)/n, squared and summed, scaled by G/(G-1)),
tested against a t distribution with G-1 degrees of freedom, G being the
days that carry information. We chose this over a day-level cluster
bootstrap because it gives the same answer in closed form, is exact to
reproduce (no seed), needs no resampling for 44 contrasts over 3,650 days,
and its p-values are continuous, which the FDR step needs; the test suite's
simulation checks that it holds its false-positive rate.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Sequence

from glimmers.core.analysis.insights.findings import Finding
from glimmers.core.analysis.insights.stats import same_sign_halves, t_quantile_975, t_two_sided_p
from glimmers.core.analysis.insights.table import Table

if TYPE_CHECKING:
    import numpy as np


def gettext_noop(message: str) -> str:
    """Mark a label for translation; words.py translates it when shown."""
    return message


# (key suffix, label, hours) - morning 5-12, afternoon 12-17, evening 17-22, night 22-5.
TIMES_OF_DAY = (
    ("morning", gettext_noop("morning check-ins"), range(5, 12)),
    ("afternoon", gettext_noop("afternoon check-ins"), range(12, 17)),
    ("evening", gettext_noop("evening check-ins"), range(17, 22)),
    ("night", gettext_noop("night-time check-ins"), (22, 23, 0, 1, 2, 3, 4)),
)
# Body signals are how numbness feels, not where or with whom it happens:
# comparing them with numbness would only echo the rating back.
SKIPPED_CATEGORIES = frozenset({"body"})


def _columns(table: Table) -> tuple[list[tuple[str, str, str]], "np.ndarray", "np.ndarray"]:
    """(key, family, label) per column, and the (check-in, column) pairs for tags then times."""
    import numpy as np

    tag_keep = np.array([name.partition(":")[0] not in SKIPPED_CATEGORIES for name in table.tag_names], dtype=bool)
    tag_order = np.cumsum(tag_keep) - 1
    kept_pairs = tag_keep[table.pair_tag] if len(table.pair_tag) else np.zeros(0, dtype=bool)
    kept_names = [name for name, keep in zip(table.tag_names, tag_keep) if keep]
    columns = [(f"tag:{name}", "context", label) for name, label in zip(kept_names, _tag_labels(kept_names))]
    moments = [table.pair_moment[kept_pairs]]
    cols = [tag_order[table.pair_tag[kept_pairs]]]
    slot_of_hour = np.zeros(24, dtype=np.int64)
    for slot, (suffix, label, hours) in enumerate(TIMES_OF_DAY):
        slot_of_hour[list(hours)] = slot
        columns.append((f"hour:{suffix}", "time", label))
    moments.append(np.arange(len(table.hour)))
    cols.append(len(columns) - len(TIMES_OF_DAY) + slot_of_hour[table.hour])
    return columns, np.concatenate(moments), np.concatenate(cols)


def _tag_labels(names: list[str]) -> list[str]:
    """The tag's own name ("meeting"), with its category only when two categories share a name."""
    short = [name.partition(":")[2] or name for name in names]
    clashes = {label for label, count in Counter(short).items() if count > 1}
    return [f"{label} ({name.partition(':')[0]})" if label in clashes else label for name, label in zip(names, short)]


def within_day_findings(table: Table, sd: float) -> list[Finding]:
    """One raw (ungated) finding per tag and per time of day."""
    import numpy as np

    columns, pair_moment, pair_col = _columns(table)
    n_cols = len(columns)
    per_day = table.count[table.day] if len(table.day) else np.zeros(0, dtype=np.int64)
    used = per_day >= 2
    analysed_days = np.flatnonzero(table.count >= 2)
    deviation = np.where(used, table.numbness - np.nan_to_num(table.daily[table.day]), 0.0)
    keep = used[pair_moment]
    flat = table.day[pair_moment[keep]] * n_cols + pair_col[keep]
    size = table.n_days * n_cols
    s1 = np.bincount(flat, weights=deviation[pair_moment[keep]], minlength=size).reshape(table.n_days, n_cols)
    k = np.bincount(flat, minlength=size).reshape(table.n_days, n_cols).astype(float)
    n = np.where(table.count >= 2, table.count, 0).astype(float)[:, None]
    weight = np.divide(k * (n - k), n, out=np.zeros_like(k), where=n > 0)
    informative = weight > 0
    g = informative.sum(axis=0)
    total_weight = weight.sum(axis=0)
    effect = np.divide(s1.sum(axis=0), total_weight, out=np.zeros(n_cols), where=total_weight > 0)
    score = s1 - effect * weight
    variance = np.divide(g / np.maximum(g - 1, 1) * (score**2).sum(axis=0), total_weight**2,
                         out=np.full(n_cols, np.nan), where=(total_weight > 0) & (g >= 2))
    se = np.sqrt(variance)
    fit = np.isfinite(se) & (se > 0)
    df = np.maximum(g - 1, 1)
    t_crit = t_quantile_975(df)
    p = np.where(fit, t_two_sided_p(effect / np.where(fit, se, 1.0), df), np.nan)
    halves = _halves(s1, weight, analysed_days)
    naps = _naps(deviation, used, pair_moment[keep], pair_col[keep], n_cols)
    without = ((n - k) > 0).sum(axis=0)
    findings = []
    for c, (key, family, label) in enumerate(columns):
        ok = bool(fit[c])
        low, high = (effect[c] - t_crit[c] * se[c], effect[c] + t_crit[c] * se[c]) if ok else (0.0, 0.0)
        findings.append(Finding(
            key=key, family=family, label=label,
            effect=float(effect[c]), low=float(low), high=float(high), sd_units=float(effect[c]) / sd,
            n_with=int(g[c]), n_without=int(without[c]), days=len(analysed_days),
            p=float(p[c]) if ok else None, se=float(se[c]) if ok else None, sd=sd, span=table.span,
            halves_agree=_agree(effect[c], halves[0][c], halves[1][c]), nap=naps[c],
        ))
    return findings


def _agree(effect: float, first: float, second: float) -> bool | None:
    return same_sign_halves(float(effect), None if math.isnan(first) else float(first),
                            None if math.isnan(second) else float(second))


def _halves(s1: "np.ndarray", weight: "np.ndarray", analysed_days: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
    """The same estimate on the earlier and the later half of the analysed days."""
    import numpy as np

    n_cols = s1.shape[1]
    if len(analysed_days) < 2:
        return np.full(n_cols, np.nan), np.full(n_cols, np.nan)
    cut = analysed_days[len(analysed_days) // 2]
    result = []
    for part in (slice(0, cut), slice(cut, None)):
        total = weight[part].sum(axis=0)
        result.append(np.divide(s1[part].sum(axis=0), total, out=np.full(n_cols, np.nan), where=total > 0))
    return result[0], result[1]


def _naps(deviation: "np.ndarray", used: "np.ndarray", pair_moment: "np.ndarray", pair_col: "np.ndarray",
          n_cols: int) -> Sequence[float | None]:
    """NAP of tagged against untagged deviations for every column at once.

    With mid-ranks R over all analysed check-ins, the Mann-Whitney count for a
    column is sum(R over tagged) - n1(n1+1)/2, ties counting one half, so NAP
    is that over n1 * n0. Equal to ``stats.nap`` on each column (tested).
    """
    import numpy as np

    ranks = np.zeros(len(deviation))
    ranks[used] = _midranks(deviation[used])
    total = int(used.sum())
    n1 = np.bincount(pair_col, minlength=n_cols).astype(float)
    rank_sum = np.bincount(pair_col, weights=ranks[pair_moment], minlength=n_cols)
    n0 = total - n1
    result: list[float | None] = []
    for c in range(n_cols):
        if n1[c] == 0 or n0[c] == 0:
            result.append(None)
        else:
            result.append(float((rank_sum[c] - n1[c] * (n1[c] + 1) / 2) / (n1[c] * n0[c])))
    return result


def _midranks(values: "np.ndarray") -> "np.ndarray":
    """Ranks 1..n, tied values sharing the mean of their ranks (scipy's ``rankdata``, written out)."""
    import numpy as np

    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(values)]  # each tie group holds ranks starts+1 .. ends
    ranks = np.empty(len(values))
    ranks[order] = np.repeat((starts + 1 + ends) / 2, ends - starts)
    return ranks
