from hypothesis import given
from hypothesis import strategies as st

from tanxin.common.identifiers import ALPHABET, is_valid_uscc, make_uscc, uscc_problem

REAL_CODES = ["91350100M000100Y43", "91110000600037341L", "914403001922038216"]

bodies = st.text(alphabet=ALPHABET, min_size=8, max_size=8)
divisions = st.text(alphabet="0123456789", min_size=6, max_size=6)
prefixes = st.sampled_from(["91", "92", "11", "12", "51", "52", "93"])


def test_published_example_codes_are_valid():
    for code in REAL_CODES:
        assert uscc_problem(code) is None, code


def test_a_wrong_check_character_is_reported_with_the_expected_one():
    problem = uscc_problem("91350100M000100Y44")
    assert problem is not None
    assert problem.reason == "check_digit"
    assert problem.expected == "3"


def test_length_charset_and_division_problems_are_named():
    assert uscc_problem("91350100M000100Y4").reason == "length"
    assert uscc_problem("91350100M000100YI3").reason == "charset"  # I is not in the alphabet
    assert uscc_problem("9135A100M000100Y43").reason == "division"


@given(prefixes, divisions, bodies)
def test_every_built_code_is_valid(prefix, division, body):
    assert is_valid_uscc(make_uscc(prefix, division, body))


@given(prefixes, divisions, bodies, st.integers(0, 16), st.sampled_from(ALPHABET))
def test_any_single_character_change_is_detected(prefix, division, body, position, replacement):
    code = make_uscc(prefix, division, body)
    if code[position] == replacement:
        return
    changed = code[:position] + replacement + code[position + 1 :]
    assert not is_valid_uscc(changed)
