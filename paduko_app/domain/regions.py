"""Kecamatan and kelurahan of Kota Padang Panjang (Kepmendagri 300.2.2-2138 Tahun 2025)."""

from __future__ import annotations

from dataclasses import dataclass

PROVINCE_CODE = "13"
CITY_CODE = "1374"  # Kota Padang Panjang


@dataclass(frozen=True)
class Kecamatan:
    code: str  # e.g. "13.74.01"
    name: str


@dataclass(frozen=True)
class Kelurahan:
    code: str  # e.g. "13.74.01.1001"
    name: str
    kecamatan: Kecamatan


KECAMATAN = (
    Kecamatan("13.74.01", "Padang Panjang Timur"),
    Kecamatan("13.74.02", "Padang Panjang Barat"),
)

_KELURAHAN_NAMES = {
    "13.74.01": (
        "Ganting", "Sigando", "Ekor Lubuk", "Ngalau",
        "Guguk Malintang", "Koto Panjang", "Koto Katik", "Tanah Pak Lambik",
    ),
    "13.74.02": (
        "Bukit Surungan", "Pasar Usang", "Kampung Manggis", "Silaing Bawah",
        "Silaing Atas", "Pasar Baru", "Tanah Hitam", "Balai-balai",
    ),
}

KELURAHAN = tuple(
    Kelurahan(f"{kec.code}.{1001 + i}", name, kec)
    for kec in KECAMATAN
    for i, name in enumerate(_KELURAHAN_NAMES[kec.code])
)

_BY_CODE = {k.code: k for k in KELURAHAN}


def kelurahan_by_code(code: str) -> Kelurahan | None:
    return _BY_CODE.get(code.strip())


def kecamatan_of_nik_prefix(digits: str) -> Kecamatan | None:
    """The Padang Panjang kecamatan whose code starts a NIK or No. KK, if any.

    Only the place of first registration: it says nothing of where a person lives now.
    """
    for kec in KECAMATAN:
        if digits[:6] == kec.code.replace(".", ""):
            return kec
    return None
