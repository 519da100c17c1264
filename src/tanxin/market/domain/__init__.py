"""Pure carbon-price domain: series, closes, VWAP, averages, synthetic demo data, CSV import."""
