from paduko_app.domain import regions


def test_sixteen_kelurahan_in_two_kecamatan_with_codes():
    assert len(regions.KELURAHAN) == 16
    assert {k.kecamatan.name for k in regions.KELURAHAN} == {"Padang Panjang Timur", "Padang Panjang Barat"}
    assert regions.kelurahan_by_code("13.74.01.1001").name == "Ganting"
    assert regions.kelurahan_by_code("13.74.01.1008").name == "Tanah Pak Lambik"
    assert regions.kelurahan_by_code("13.74.02.1008").name == "Balai-balai"
    assert regions.kelurahan_by_code("13.74.03.1001") is None
    assert len({k.code for k in regions.KELURAHAN}) == 16


def test_kecamatan_of_a_nik_prefix():
    assert regions.kecamatan_of_nik_prefix("1374015203580001").name == "Padang Panjang Timur"
    assert regions.kecamatan_of_nik_prefix("1374020506850002").name == "Padang Panjang Barat"
    assert regions.kecamatan_of_nik_prefix("1371010101010001") is None
