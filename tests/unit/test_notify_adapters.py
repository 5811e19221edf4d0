"""The delivery adapters against real servers on this machine: an HTTP gateway and an SMTP server."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from paduko_app import settings
from paduko_app.notify import adapters
from paduko_app.notify.adapters import DeliveryError, HttpGatewayAdapter, Outgoing, SmtpAdapter


class _Gateway(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Gateway.received.append((self.headers["Authorization"], json.loads(body)))
        self.send_response(_Gateway.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received, _Gateway.status = [], 200
    yield f"http://127.0.0.1:{server.server_address[1]}/send"
    server.shutdown()


def test_http_gateway_posts_json_with_the_token(gateway):
    adapter = HttpGatewayAdapter(url=gateway, token="s3cret")
    adapter.deliver(Outgoing("081234567890", 'Kode "123456"\nBerlaku 10 menit', "sms"))
    authorization, body = _Gateway.received[0]
    assert authorization == "Bearer s3cret"
    assert body == {"to": "081234567890", "message": 'Kode "123456"\nBerlaku 10 menit'}  # quotes escaped safely


def test_http_gateway_failure_is_a_delivery_error(gateway):
    _Gateway.status = 500
    with pytest.raises(DeliveryError):
        HttpGatewayAdapter(url=gateway, token="t").deliver(Outgoing("0812", "x", "sms"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(DeliveryError):
        HttpGatewayAdapter(url=f"http://127.0.0.1:{closed_port}/", token="t").deliver(Outgoing("0812", "x", "sms"))


def test_smtp_delivers_to_a_real_smtp_server():
    received = []

    def serve(listener):
        connection, _ = listener.accept()
        with connection, connection.makefile("rwb") as stream:
            def say(line):
                stream.write(line.encode() + b"\r\n")
                stream.flush()
            say("220 localhost ESMTP test")
            data = False
            for raw in stream:
                line = raw.decode().rstrip("\r\n")
                if data:
                    if line == ".":
                        data = False
                        say("250 queued")
                    else:
                        received.append(line)
                    continue
                verb = line.split(" ")[0].upper()
                if verb in ("EHLO", "HELO"):
                    say("250 localhost")
                elif verb == "DATA":
                    data = True
                    say("354 go on")
                elif verb == "QUIT":
                    say("221 bye")
                    return
                else:
                    say("250 ok")

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    thread = threading.Thread(target=serve, args=(listener,), daemon=True)
    thread.start()
    adapter = SmtpAdapter(host="127.0.0.1", port=listener.getsockname()[1], sender="paduko@example.org",
                          starttls=False)
    adapter.deliver(Outgoing("warga@example.org", "Kode masuk PADUKO Anda: 123456", "email"))
    thread.join(5)
    listener.close()
    assert "To: warga@example.org" in received
    assert any("123456" in line for line in received)


def test_adapter_from_environment_and_production_needs_a_real_one(monkeypatch, tmp_path):
    monkeypatch.setenv("PADUKO_DATA_DIR", str(tmp_path))
    assert isinstance(adapters.from_environment({"PADUKO_NOTIFY": "outbox"}), adapters.OutboxAdapter)
    gateway = adapters.from_environment({"PADUKO_NOTIFY": "http", "PADUKO_GATEWAY_URL": "http://127.0.0.1:9/",
                                         "PADUKO_GATEWAY_TOKEN": "t",
                                         "PADUKO_GATEWAY_TEMPLATE": '{{"msisdn": "{recipient}", "body": "{text}"}}'})
    assert json.loads(gateway.body(Outgoing("0812", "hai", "sms"))) == {"msisdn": "0812", "body": "hai"}
    monkeypatch.setenv("PADUKO_MODE", "production")
    monkeypatch.setenv("PADUKO_NOTIFY", "outbox")
    with pytest.raises(settings.ConfigError):
        settings.load()
    monkeypatch.setenv("PADUKO_NOTIFY", "smtp")
    assert settings.load().mode == "production"
    monkeypatch.setenv("PADUKO_PORT", "http")
    with pytest.raises(settings.ConfigError):
        settings.load()
