#!/usr/bin/env python3
"""A WeChat Pay v3 merchant client written from WeChat Pay's documentation with Python's
`cryptography` and `urllib`, independently of wxbox's code: it signs requests
(`Authorization: WECHATPAY2-SHA256-RSA2048 ...`) the way a merchant's server does.

Usage: merchant_client.py BASE_URL APP_SECRET
Logs a user in (BASE_URL/_wxbox/login, then code2Session for the openid), reads the merchant's
keys from BASE_URL/_wxbox/pay/keys, creates an order, creates one with a
tampered signature, queries the first, and prints the three answers as JSON:
[[status, body, signed], ...], `signed` saying whether WeChat Pay's response signature verifies
with the platform key.
"""
import base64
import json
import sys
import time
import urllib.error
import urllib.request

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


def verified(platform, headers, text):
    """Whether the answer carries WeChat Pay's signature over `timestamp\\nnonce\\nbody\\n`."""
    if headers.get("Wechatpay-Serial") != platform["serial_no"]:
        return False
    message = f'{headers.get("Wechatpay-Timestamp")}\n{headers.get("Wechatpay-Nonce")}\n{text}\n'.encode()
    key = serialization.load_pem_public_key(platform["public_key_pem"].encode())
    try:
        key.verify(base64.b64decode(headers.get("Wechatpay-Signature", "")), message, padding.PKCS1v15(), hashes.SHA256())
        return True
    except Exception:  # noqa: BLE001 - any failure means not verified
        return False


def call(base, platform, merchant, key, method, url, body, tamper=False):
    text = json.dumps(body, separators=(",", ":")) if body is not None else ""
    timestamp = str(int(time.time()))
    nonce = "PYNONCE0123456789"
    message = f"{method}\n{url}\n{timestamp}\n{nonce}\n{text}\n".encode()
    signature = base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode()
    if tamper:
        signature = ("A" if signature[0] != "A" else "B") + signature[1:]
    auth = (
        f'WECHATPAY2-SHA256-RSA2048 mchid="{merchant["mchid"]}",nonce_str="{nonce}",'
        f'signature="{signature}",timestamp="{timestamp}",serial_no="{merchant["serial_no"]}"'
    )
    req = urllib.request.Request(base + url, data=text.encode() if body is not None else None, method=method)
    req.add_header("Authorization", auth)
    req.add_header("Content-Type", "application/json")
    req.add_header("Accept", "application/json")
    try:
        with urllib.request.urlopen(req) as r:
            status, headers, text = r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        status, headers, text = e.code, e.headers, e.read().decode()
    return [status, json.loads(text or "null"), verified(platform, headers, text)]


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    base, secret = sys.argv[1], sys.argv[2]
    with urllib.request.urlopen(base + "/_wxbox/pay/keys") as r:
        keys = json.loads(r.read())
    merchant = keys["merchants"][0]
    with urllib.request.urlopen(urllib.request.Request(base + "/_wxbox/login", data=b"", method="POST")) as r:
        code = json.loads(r.read())["code"]
    login = f"/sns/jscode2session?appid={merchant['appid']}&secret={secret}&js_code={code}&grant_type=authorization_code"
    with urllib.request.urlopen(base + login) as r:
        openid = json.loads(r.read())["openid"]
    key = serialization.load_pem_private_key(merchant["private_key_pem"].encode(), None)
    order = {
        "appid": merchant["appid"], "mchid": merchant["mchid"], "description": "tea",
        "out_trade_no": "PY000001", "notify_url": "https://shop.example.com/notify",
        "amount": {"total": 1}, "payer": {"openid": openid},
    }
    platform = keys["platform"]
    created = call(base, platform, merchant, key, "POST", "/v3/pay/transactions/jsapi", order)
    tampered = call(base, platform, merchant, key, "POST", "/v3/pay/transactions/jsapi", dict(order, out_trade_no="PY000002"), tamper=True)
    query = call(base, platform, merchant, key, "GET", f"/v3/pay/transactions/out-trade-no/PY000001?mchid={merchant['mchid']}", None)
    json.dump([created, tampered, query], sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
