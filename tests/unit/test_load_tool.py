"""The pure parts of the load command (benchmarks/load.py): Socket.IO framing and the figures."""

import json
import math

import pytest

from benchmarks.load_protocol import Packet, ProtocolError, decode, encode_connect, encode_event
from benchmarks.load_stats import cpu_seconds, percentile, process_tree, summarise


def test_the_connect_packet_carries_the_hydrate_event_for_the_event_namespace():
    frame = encode_connect({"event": {"name": "s.hydrate_and_load", "payload": {}}, "state_schema": "ab"})
    assert frame.startswith("40/_event,{")
    assert json.loads(frame[len("40/_event,"):])["event"]["name"] == "s.hydrate_and_load"


def test_an_event_round_trips_through_the_framing():
    frame = encode_event("event", {"name": "a.b", "payload": {"form": {"code": "123456"}}})
    assert frame.startswith("42/_event,[")
    assert decode(frame) == Packet("4", "2", "/_event", ["event", {"name": "a.b", "payload": {"form": {"code": "123456"}}}])


def test_server_frames_decode():
    opened = decode('0{"sid":"x","pingInterval":25000,"maxPayload":1000000}')
    assert (opened.eio, opened.data["pingInterval"]) == ("0", 25000)
    assert decode("2") == Packet("2")  # a ping, answered with "3"
    assert decode('40/_event,{"sid":"y"}') == Packet("4", "0", "/_event", {"sid": "y"})
    assert decode("41/_event") == Packet("4", "1", "/_event", None)
    assert decode('42["event",{}]') == Packet("4", "2", "/", ["event", {}])  # default namespace
    assert decode('42/_event,7["x"]').data == ["x"]  # an ack id is skipped
    with pytest.raises(ProtocolError):
        decode("49")
    with pytest.raises(ProtocolError):
        decode("")


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert [percentile(values, p) for p in (50, 95, 99, 100)] == [50, 95, 99, 100]
    assert percentile([7.0], 99) == 7.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0  # unsorted input
    assert math.isnan(percentile([], 50))


def test_summary_rates():
    s = summarise(residents=200, completed=100, errors=2, seconds=30, round_trips_ms=[10.0] * 1000,
                  cpu_s=12.0, rss_growth_bytes=200 * 1024 * 300)
    assert s.per_minute == 200
    assert s.cpu_ms_per_event == 12
    assert s.kib_per_session == 300
    assert (s.events, s.p95_ms) == (1000, 10.0)


def test_cpu_seconds_reads_utime_and_stime_even_with_spaces_in_the_name():
    line = "4242 (granian worker) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 100 1 1"
    assert cpu_seconds(line, ticks=100) == 3.0


def test_the_process_tree_includes_grandchildren_only(tmp_path):
    for pid, ppid in ((10, 1), (11, 10), (12, 11), (13, 1)):
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(f"{pid} (p x) S {ppid} 0 0")
    assert sorted(process_tree(10, tmp_path)) == [10, 11, 12]
