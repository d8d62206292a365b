#!/usr/bin/env python3
"""Prints Twilio's X-Twilio-Signature of a form POST: sign-webhook.py URL BODY AUTH_TOKEN."""
import base64, hashlib, hmac, sys, urllib.parse
url, body, token = sys.argv[1:]
params = sorted(urllib.parse.parse_qsl(body))
msg = url + "".join(k + v for k, v in params)
print(base64.b64encode(hmac.new(token.encode(), msg.encode(), hashlib.sha1).digest()).decode())
