"""Writes the JVM's trust store (a JKS keystore, password "changeit", the JDK's default) from PEM files.

Usage: cacerts.py OUTPUT < list of .crt paths, one a line (one certificate each).

keytool cannot do this reproducibly: it stamps every entry with the current time. JKS is a short,
stable format (magic, version, entries, then a SHA-1 over password, a fixed phrase and the data), so
it is written here with every entry dated at the epoch; the same certificates give the same bytes.
The JDK reads JKS wherever it expects its default type (keystore.type.compat).
"""
import base64
import hashlib
import os
import re
import struct
import sys

PASSWORD = "changeit"


def utf(s):
    b = s.encode("utf-8")
    return struct.pack(">H", len(b)) + b


def der_certificates(path):
    text = open(path, encoding="ascii").read()
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S)
    if len(blocks) != 1:
        sys.exit(f"cacerts.py: {path} holds {len(blocks)} certificates, want 1")
    return base64.b64decode("".join(blocks[0].split()))


def main():
    paths = [line.strip() for line in sys.stdin if line.strip()]
    if not paths:
        sys.exit("cacerts.py: no certificates given")
    entries = []
    for path in paths:
        alias = re.sub(r"[^a-z0-9]+", "", os.path.basename(path)[: -len(".crt")].lower()) + " [debian]"
        entries.append((alias, der_certificates(path)))
    data = struct.pack(">III", 0xFEEDFEED, 2, len(entries))
    for alias, der in entries:
        data += struct.pack(">I", 2) + utf(alias) + struct.pack(">q", 0) + utf("X.509") + struct.pack(">I", len(der)) + der
    digest = hashlib.sha1("".join(PASSWORD).encode("utf-16-be") + b"Mighty Aphrodite" + data).digest()
    os.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True)
    with open(sys.argv[1], "wb") as f:
        f.write(data + digest)
    print(f"cacerts.py: {len(entries)} trusted certificates in {sys.argv[1]}")


main()
