"""Keeps certificate and ID numbers out of sight: keyed hash, encryption, masking.

- A number is looked up by its keyed hash (HMAC-SHA256 over ``TYPE:number``), so
  the database never needs the clear number to find a row;
- an encrypted copy (AES-256-GCM, random 96-bit nonce, the type code as
  associated data) lets an operator recover it with the key;
- people see it masked (``1370**********4801``); logs get the masked form only.

Both keys are derived with HKDF-SHA256 from ``Settings.secret_key``. With an
empty secret a random development key is generated once, stored in the
database, and a warning is logged once per process.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import threading

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

log = logging.getLogger("zhenwei.credentials")

_SALT = b"zhenwei/credentials/v1"
_warned = threading.Event()


def mask(number: str) -> str:
    """Shows at most the first and last four characters (a quarter of the length each side).

    >>> mask('137023198506014801')
    '1370**********4801'
    >>> mask('S0570118070029')
    'S05********029'
    >>> mask('P1000001')
    'P1****01'
    >>> mask('123')
    '1*3'
    >>> mask('')
    ''
    """
    n = len(number)
    if n == 0:
        return ""
    keep = min(4, max(1, n // 4))
    if n <= 2 * keep:
        keep = max(0, (n - 1) // 2)
    return number[:keep] + "*" * (n - 2 * keep) + (number[n - keep:] if keep else "")


def mask_name(name: str) -> str:
    """A person's name as shown to callers who may not see it: the first and (from three
    characters on) the last character, one ``*`` for each character between.

    >>> mask_name('张三丰'), mask_name('张三'), mask_name('欧阳娜娜'), mask_name('王')
    ('张*丰', '张*', '欧**娜', '王')
    >>> mask_name(' 阿卜杜拉·买买提 ')
    '阿******提'
    >>> mask_name('')
    ''
    """
    text = (name or "").strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def _hkdf(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=info).derive(secret)


class NumberCipher:
    """Keyed hash and AES-GCM encryption of credential numbers under one secret."""

    def __init__(self, secret: bytes):
        if not secret:
            raise ValueError("empty secret")
        self._mac_key = _hkdf(secret, b"hmac")
        self._aead = AESGCM(_hkdf(secret, b"aes-gcm"))
        #: Identifies the key (not secret): lets an operator tell which key encrypted a row.
        self.key_id = hashlib.sha256(_hkdf(secret, b"key-id")).hexdigest()[:12]

    def keyed_hash(self, kind: str, number: str) -> str:
        return hmac.new(self._mac_key, f"{kind}:{number}".encode(), hashlib.sha256).hexdigest()

    def encrypt(self, kind: str, number: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, number.encode(), kind.encode())

    def decrypt(self, kind: str, blob: bytes) -> str:
        blob = bytes(blob)
        return self._aead.decrypt(blob[:12], blob[12:], kind.encode()).decode()


def cipher_for(secret_key: str, load_dev_key) -> NumberCipher:
    """The cipher for ``secret_key``; with an empty one, the database's development key.

    ``load_dev_key()`` returns the stored development key (creating it on first use).
    """
    if secret_key:
        return NumberCipher(secret_key.encode())
    if not _warned.is_set():
        _warned.set()
        log.warning("ZHENWEI_SECRET_KEY is empty: certificate numbers are protected with a development "
                    "key stored in the database itself; set a secret key in production")
    return NumberCipher(load_dev_key())


def new_dev_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()
