"""A real SMTP server for the alert tests (Debian's python3-aiosmtpd): STARTTLS required, AUTH required.

usage: smtp_server.py PORT CERT.pem KEY.pem OUTDIR USER PASSWORD
Listens on 127.0.0.1:PORT, prints READY when it accepts connections, writes each accepted message to OUTDIR as
NNNN.eml (written to .tmp first, then renamed), and stops when its stdin closes (the test fixture, or its death).
"""
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port = int(sys.argv[1])
cert, key, outdir, user, password = sys.argv[2:7]


class Handler:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Handler.count += 1
        path = os.path.join(outdir, "%04d.eml" % Handler.count)
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Test-Tls: %s\r\n" % (b"yes" if session.ssl else b"no"))
            login = getattr(session, "test_login", None) or b"-"
            f.write(b"X-Test-Auth: %s\r\n" % login)
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        return "250 Message accepted for delivery"


def authenticate(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password:
        session.test_login = auth_data.login
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(
    Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
    authenticator=authenticate, auth_required=True)
controller.start()
print("READY", flush=True)
try:
    sys.stdin.read()
finally:
    controller.stop()
