"""Use cases, one transaction each: take plain values, return plain values, raise named errors."""

from paduko_app.services import tallies as _tallies

_tallies.install()  # the monitoring's counts follow every change of an application, in its transaction
