#!/usr/bin/env python3
"""Decrypts WeChat open data with Python's `cryptography`, independently of wxbox's Rust code.

Usage: decrypt_open_data.py SESSION_KEY ENCRYPTED_DATA IV   (all base64, as WeChat sends them)
Prints the plain JSON. AES-128-CBC, PKCS#7 (fact sheet section 5; WeChat's WXBizDataCrypt).
"""
import base64
import sys

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    key, data, iv = (base64.b64decode(a) for a in sys.argv[1:])
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    plain = unpadder.update(padded) + unpadder.finalize()
    sys.stdout.write(plain.decode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
