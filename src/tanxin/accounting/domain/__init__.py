"""Pure carbon-accounting core: units, factor library, calculators, inventory, quality checks.

No Django, no ORM: services load rows, build these dataclasses and call the functions here.
"""
