"""Price paths and their calibration on a series, the regime switch and the root finders."""

import math
from decimal import Decimal

import numpy as np
import pytest

from tanxin.securitisation.domain import paths, roots
from tanxin.securitisation.domain.errors import StructureError


def gbm_closes(sigma, n=750, seed=5):
    rng = np.random.default_rng(seed)
    r = rng.normal(-sigma**2 / 500, sigma / math.sqrt(250), n)
    return [Decimal(f"{60 * math.exp(x):.4f}") for x in np.cumsum(r)]


def test_calibration_recovers_the_volatility_of_a_simulated_series():
    model = paths.calibrate(gbm_closes(0.30))
    assert abs(model.sigma - 0.30) < 0.03
    assert model.sigma_calm < model.sigma_stressed
    assert 0 <= model.p_calm_to_stressed <= 1 and 0 <= model.p_stressed_to_calm <= 1


def test_too_few_prices_cannot_be_calibrated():
    with pytest.raises(StructureError) as caught:
        paths.calibrate([Decimal(60)] * 10)
    assert caught.value.code == "too_few_prices"


def test_price_paths_are_seeded_and_a_stressed_regime_widens_them():
    calm = paths.PriceModel(kind="regime", sigma_calm=0.2, sigma_stressed=0.2)
    wild = paths.PriceModel(kind="regime", sigma_calm=0.2, sigma_stressed=0.9, p_calm_to_stressed=0.5,
                            p_stressed_to_calm=0.1)  # fmt: skip
    a, _ = paths.prices(calm, 6000.0, 0.0, 24, np.random.default_rng(1), 4000)
    b, _ = paths.prices(calm, 6000.0, 0.0, 24, np.random.default_rng(1), 4000)
    c, _ = paths.prices(wild, 6000.0, 0.0, 24, np.random.default_rng(1), 4000)
    assert np.array_equal(a, b)
    assert np.log(c[:, -1]).std() > 1.5 * np.log(a[:, -1]).std()
    # GBM with drift μ: the mean price grows like exp(μ t)
    g, _ = paths.prices(paths.PriceModel(drift=0.1, sigma=0.3), 100.0, 0.0, 12, np.random.default_rng(2), 40_000)
    assert abs(g[:, -1].mean() / (100 * math.exp(0.1)) - 1) < 0.01


def test_default_rates_without_volatility_are_the_constant_mdr():
    eps = np.random.default_rng(3).standard_normal((10, 6))
    assert np.all(paths.default_rates(0.01, paths.DefaultModel(), eps, np.random.default_rng(4)) == 0.01)
    mdr = paths.default_rates(0.01, paths.DefaultModel(sigma=0.5, correlation=1.0), eps, np.random.default_rng(4))
    assert np.corrcoef(-eps.ravel(), np.log(mdr.ravel()))[0, 1] > 0.99  # price down, defaults up


def test_brent_finds_a_root_and_irr_prices_a_par_bond_at_its_coupon():
    assert abs(roots.brent(lambda x: x**3 - 2, 0, 2) - 2 ** (1 / 3)) < 1e-10
    flows = [-1000.0] + [10.0] * 11 + [1010.0]
    assert abs(roots.irr(flows) - 0.01) < 1e-12
    assert roots.irr([0.0, 0.0]) is None
    with pytest.raises(StructureError):
        roots.brent(lambda x: x * x + 1, -1, 1)
