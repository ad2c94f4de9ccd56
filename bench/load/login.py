#!/usr/bin/env python3
"""Logs in to Ressursvenn through its real pages, the way a coordinator does, and prints the session cookie.

    login.py BASE_URL EMAIL PASSWORD TOTP_KEY [CHECK_PATH...]

Step one posts the e-mail and password to /logg-inn (with the page's antiforgery token), step two posts the current
six-digit code of the authenticator key (RFC 6238, computed here) to /logg-inn/kode. It then fetches each CHECK_PATH
with the session and fails unless every one answers 200 (not a redirect to the login). Prints one line:
"Cookie: __Host-rv=...", ready for wrk -H. Loopback only: it refuses any other host.
Standard library only (no cookie jar: the app's cookies are Secure and __Host-, which Python's jar will not send
over plain http, so they are kept by hand).
"""
import base64
import hashlib
import hmac
import html
import http.client
import re
import struct
import sys
import time
import urllib.parse


def totp(key_b32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    key = base64.b32decode(key_b32.upper() + "=" * (-len(key_b32) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


class Client:
    def __init__(self, base: str):
        url = urllib.parse.urlsplit(base)
        if url.hostname not in ("127.0.0.1", "localhost", "::1"):
            sys.exit(f"login.py: refusing {url.hostname}: loopback only")
        self.host, self.port = url.hostname, url.port or 80
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Accept-Language": "nb"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "expires=thu, 01 jan 1970" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        conn.close()
        return response.status, response.headers.get("Location", ""), text

    @staticmethod
    def token(page: str) -> str:
        for tag in re.findall(r"<input[^>]*>", page):
            if 'name="__RequestVerificationToken"' in tag:
                found = re.search(r'value="([^"]*)"', tag)
                if found:
                    return html.unescape(found.group(1))
        sys.exit("login.py: no antiforgery token on the page")


def main() -> None:
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    base, email, password, key, *checks = sys.argv[1:]
    client = Client(base)

    status, _, page = client.request("GET", "/logg-inn")
    if status != 200:
        sys.exit(f"login.py: GET /logg-inn answered {status}")
    status, location, _ = client.request("POST", "/logg-inn", {
        "Input.Email": email, "Input.Password": password, "__RequestVerificationToken": Client.token(page)})
    if status not in (302, 303) or "/logg-inn/kode" not in location:
        sys.exit(f"login.py: the password step answered {status} {location!r} (wrong e-mail or password?)")

    status, _, page = client.request("GET", "/logg-inn/kode")
    if status != 200:
        sys.exit(f"login.py: GET /logg-inn/kode answered {status}")
    # Each code works once: a code computed right at the end of its 30 s window could expire in flight, so wait for
    # a fresh window when fewer than 3 seconds are left.
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.5)
    status, location, _ = client.request("POST", "/logg-inn/kode", {
        "Input.Code": totp(key), "gjenoppretting": "false", "__RequestVerificationToken": Client.token(page)})
    if status not in (302, 303) or location.startswith("/logg-inn") or "__Host-rv" not in client.cookies:
        sys.exit(f"login.py: the code step answered {status} {location!r}")

    session = f"__Host-rv={client.cookies['__Host-rv']}"
    client.cookies = {"__Host-rv": client.cookies["__Host-rv"]}
    for path in checks:
        status, location, _ = client.request("GET", path)
        if status != 200:
            sys.exit(f"login.py: GET {path} with the session answered {status} {location!r}")
    print(f"Cookie: {session}")


if __name__ == "__main__":
    main()
