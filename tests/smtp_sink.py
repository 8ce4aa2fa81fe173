"""A real SMTP server for the send test, on 127.0.0.1 (aiosmtpd).

    /usr/bin/python3 tests/smtp_sink.py PORTFILE OUTDIR [REFUSE ...]

Listens on a free port and writes it to PORTFILE; saves every message it
accepts as OUTDIR/N-RCPT.eml (its bytes as received, one file per
recipient); answers 550 to RCPT TO for each REFUSE address.  Runs until
killed.
"""
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out, refuse):
        self.out, self.refuse, self.n = out, set(refuse), 0

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable: " + address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            self.n += 1
            path = os.path.join(self.out, f"{self.n}-{rcpt}.eml")
            with open(path, "wb") as f:
                f.write(envelope.original_content)
        return "250 Message accepted"


def main(argv):
    portfile, out, refuse = argv[1], argv[2], argv[3:]
    os.makedirs(out, exist_ok=True)
    with socket.socket() as probe:     # a free port (Controller needs one)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    c = Controller(Sink(out, refuse), hostname="127.0.0.1", port=port)
    c.start()
    with open(portfile + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(portfile + ".tmp", portfile)
    try:
        while True:
            time.sleep(3600)
    finally:
        c.stop()


if __name__ == "__main__":
    main(sys.argv)
