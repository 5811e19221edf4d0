"""PADUKO: online population-document service of Disdukcapil Kota Padang Panjang."""
