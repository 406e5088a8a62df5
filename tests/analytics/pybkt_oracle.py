"""pyBKT's EM fit on packed answers, as the independent oracle of our fit (test and benchmark only).

pyBKT 1.4.3's pure-Python EM (the build without its C++ extension) stores a ``(1, 1)`` array
into a float slot, which numpy 2 refuses ("setting an array element with a sequence");
:func:`fit_with_pybkt` wraps its E-step so the log-likelihood is a plain float, changing nothing
else. Its C++ build returns a float already and is left alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np


@contextlib.contextmanager
def _scalar_loglike() -> Iterator[None]:
    from pyBKT.fit import EM_fit

    if not hasattr(EM_fit, "run"):  # the C++ build: its E-step returns a float already
        yield
        return
    original = EM_fit.run

    def run(*args: Any, **kwargs: Any) -> dict[str, Any]:
        result = original(*args, **kwargs)
        result["total_loglike"] = float(np.asarray(result["total_loglike"]).reshape(-1)[0])
        return result

    EM_fit.run = run
    try:
        yield
    finally:
        EM_fit.run = original


def fit_with_pybkt(observed: np.ndarray, mask: np.ndarray, *, seed: int = 0, num_fits: int = 5) -> dict[str, float]:
    """pyBKT's fitted prior, learn, guess, slip for packed ``(steps, learners)`` answers."""
    import pandas as pd
    from pyBKT.models import Model

    steps, learners = np.nonzero(mask.T)[1], np.nonzero(mask.T)[0]
    frame = pd.DataFrame(
        {
            "order_id": learners * observed.shape[0] + steps,
            "user_id": learners,
            "skill_name": "skill",
            "correct": observed[steps, learners].astype(int),
        }
    )
    model = Model(seed=seed, num_fits=num_fits, parallel=False)
    with _scalar_loglike():
        model.fit(data=frame)
    table = model.params()
    names = ("prior", "learns", "guesses", "slips")
    values = {name: float(table.loc[("skill", name, "default"), "value"]) for name in names}
    return {"prior": values["prior"], "learn": values["learns"], "guess": values["guesses"], "slip": values["slips"]}
