#!/usr/bin/env python3
"""Checks WeChat Pay and Soter signatures with Python's `cryptography`, independently of wxbox's
Rust code.

Reads a JSON list of checks on stdin and prints a JSON list of results, one per check:

- {"kind": "rsa", "public_pem", "message", "signature"}: SHA256withRSA, PKCS#1 v1.5 (paySign,
  Wechatpay-Signature); prints true or false.
- {"kind": "pss", "public_pem", "message", "signature"}: SHA256withRSA/PSS, salt 20 (Soter's
  resultJSONSignature); prints true or false.
- {"kind": "aead", "key", "nonce", "associated_data", "ciphertext"}: AEAD_AES_256_GCM decryption
  of a notification resource; prints the plain text, or null when the tag does not check.
"""
import base64
import json
import sys

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def verify(check, pad):
    key = serialization.load_pem_public_key(check["public_pem"].encode())
    try:
        key.verify(base64.b64decode(check["signature"]), check["message"].encode(), pad, hashes.SHA256())
        return True
    except (InvalidSignature, ValueError):
        return False


def run(check):
    kind = check["kind"]
    if kind == "rsa":
        return verify(check, padding.PKCS1v15())
    if kind == "pss":
        return verify(check, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=20))
    if kind == "aead":
        try:
            plain = AESGCM(check["key"].encode()).decrypt(
                check["nonce"].encode(),
                base64.b64decode(check["ciphertext"]),
                check["associated_data"].encode(),
            )
            return plain.decode("utf-8")
        except InvalidTag:
            return None
    raise SystemExit(f"unknown check kind {kind!r}")


def main() -> int:
    checks = json.load(sys.stdin)
    json.dump([run(c) for c in checks], sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
