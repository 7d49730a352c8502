#!/usr/bin/env python3
"""Logs a zhdj account in (enrolling TOTP for admin accounts) and prints the session cookie.

Usage: login.py BASE_URL LOGIN PASSWORD [SECRET_FILE]
SECRET_FILE keeps the TOTP secret of an admin between logins: written at enrolment, read when
the account is already enrolled (next="totp").
Prints one line: zhdj_session=...   (exit 1 with a message on failure)
Standard library only: urllib, hmac, hashlib, base64.
"""
import base64
import hashlib
import hmac
import http.cookiejar
import json
import struct
import sys
import time
import urllib.error
import urllib.request


def totp(secret_b32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP with HMAC-SHA1."""
    s = secret_b32.strip().replace(" ", "").upper()
    key = base64.b32decode(s + "=" * (-len(s) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return str(code).zfill(digits)


def main() -> int:
    base, login, password = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    secret_file = sys.argv[4] if len(sys.argv) > 4 else None
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def call(method, path, body=None, csrf=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if csrf:
            req.add_header("X-CSRF-Token", csrf)
        with opener.open(req, timeout=30) as r:
            return json.loads(r.read() or b"{}")

    r = call("POST", "/api/v1/auth/login", {"login": login, "password": password})
    csrf = r.get("csrf_token")
    if r.get("next") == "totp_enroll":
        secret = call("GET", "/api/v1/auth/totp/enroll")["secret"]
        if secret_file:
            with open(secret_file, "w") as f:
                f.write(secret)
        r = call("POST", "/api/v1/auth/totp/enroll", {"code": totp(secret)}, csrf)
    elif r.get("next") == "totp" and secret_file:
        with open(secret_file) as f:
            secret = f.read()
        r = call("POST", "/api/v1/auth/totp", {"code": totp(secret)}, csrf)
    if r.get("next") != "ok":
        print(f"login of {login} did not finish: {r}", file=sys.stderr)
        return 1
    for c in jar:
        if c.name == "zhdj_session":
            print(f"{c.name}={c.value}")
            return 0
    print("no zhdj_session cookie", file=sys.stderr)
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except urllib.error.HTTPError as e:
        print(f"HTTP {e.code} from {e.url}: {e.read().decode(errors='replace')}", file=sys.stderr)
        sys.exit(1)
