from paduko_app.domain import numbers


def test_application_numbers_have_no_look_alike_characters():
    for _ in range(500):
        number = numbers.new_application_number()
        assert len(number) == len("PP-XXX-XXX")
        body = number.replace("PP-", "").replace("-", "")
        assert not set(body) & set("0O1IL2Z5S8B")


def test_numbers_typed_loosely_are_understood():
    number = numbers.new_application_number()
    assert numbers.normalise_application_number(number.lower().replace("-", " ")) == number
    assert numbers.normalise_application_number(number[3:].replace("-", "")) == number
    assert numbers.normalise_application_number("PP-000-000") is None
    assert numbers.normalise_application_number("") is None
    assert numbers.normalise_application_number("PP-ACD-EFGH") is None


def test_pin_is_checked_against_a_keyed_hash():
    pin = numbers.new_pin()
    assert len(pin) == 6 and pin.isdigit()
    stored = numbers.hash_pin(pin, "secret-a", "PP-ACD-EFG")
    assert pin not in stored
    assert numbers.pin_matches(f" {pin[:3]} {pin[3:]} ", stored, "secret-a", "PP-ACD-EFG")
    assert not numbers.pin_matches(pin, stored, "secret-b", "PP-ACD-EFG")
    assert not numbers.pin_matches(pin, stored, "secret-a", "PP-ACD-EFH")
    wrong = f"{(int(pin) + 1) % 1_000_000:06d}"
    assert not numbers.pin_matches(wrong, stored, "secret-a", "PP-ACD-EFG")
