#!/usr/bin/env python3
"""An independent reader and verifier of Dudao change bundles, written from schemas/bundle.md.

Usage: read-bundle.py --recipient R --campaign C [--key FILE[=UNIT] ...] BUNDLE...

--key names an enrolled public key file (bundle.md §6): FILE=UNIT for a unit's key, FILE alone
for the bureau's. Each bundle is checked as §4 steps 1-5 say (layout, canonical header, fields,
signature, body, evidence, origin, ranges and the authorisation tables of §5); what needs the
receiver's store (held bundles, duplicates, which side created a stored record the bundle writes
again (§5), the record types' own rules) is left out. Prints one
JSON line per bundle, {"file", "accepted", "reason"}, and exits 1 when any is refused.
It shares no code with Dudao: Python's standard library and the `cryptography` package only.
"""
import argparse
import base64
import hashlib
import json
import pathlib
import re
import struct
import sys
import unicodedata
import zlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

CAPABILITIES = {"changes-v1", "zlib", "ed25519", "evidence-v1", "campaign-revision-v1"}
MAX_FILE = 512 << 20
MAX_BODY = 1 << 30
HEX64 = re.compile(r"[0-9a-f]{64}")
HEX16 = re.compile(r"[0-9a-f]{16}")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HLC = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
FIELDS = {"format": int, "minReaderVersion": int, "critical": list, "bundleID": str, "campaign": str, "sender": dict,
          "recipient": str, "pluginVersions": dict, "hlc": str, "counts": dict, "uncompressedSize": int,
          "compressedSize": int, "bodySHA256": str, "knowledge": dict, "ranges": dict}
# Fields a header may leave out (§2): the campaign's content fingerprint (§12), the revisions (§13),
# a unit's enrolment-kit proof (§14), the last revision a unit holds (§13).
OPTIONAL_FIELDS = {"campaignFingerprint": str, "campaignRevisions": list, "enrolment": dict, "campaignRevisionHeld": dict}
BASE64_32 = re.compile(r"[A-Za-z0-9+/]{43}=")
BASE64_64 = re.compile(r"[A-Za-z0-9+/]{86}==")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Refused(Exception):
    pass


def strict_object(pairs):
    """An object with no key twice; canonically equivalent keys count as one (§2.1)."""
    seen = set()
    for key, _ in pairs:
        normal = unicodedata.normalize("NFC", key)
        if normal in seen:
            raise Refused(f"the key {key!r} appears twice")
        seen.add(normal)
    return dict(pairs)


def no_fraction(text):
    raise Refused(f"{text} is not an integer")


def strict_json(data):
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=strict_object,
                          parse_float=no_fraction, parse_constant=no_fraction)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Refused(f"not JSON: {error}")


def canonical(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def is_int(value, minimum=None):
    return isinstance(value, int) and not isinstance(value, bool) and -(1 << 63) <= value < (1 << 63) \
        and (minimum is None or value >= minimum)


def check_header(header):
    """§2.2: the fields, their forms, and the rules between them."""
    if not isinstance(header, dict):
        raise Refused("the header is not an object")
    for name in header:
        if name not in FIELDS and name not in OPTIONAL_FIELDS:
            raise Refused(f"unknown header field {name}")
        if name in OPTIONAL_FIELDS and not isinstance(header[name], OPTIONAL_FIELDS[name]):
            raise Refused(f"header field {name} has the wrong type")
    if "campaignFingerprint" in header and not HEX64.fullmatch(header["campaignFingerprint"]):
        raise Refused("campaignFingerprint is not lower-case hex")
    revisions = header.get("campaignRevisions", []) + ([header["campaignRevisionHeld"]] if "campaignRevisionHeld" in header else [])
    for revision in revisions:
        if not isinstance(revision, dict) or set(revision) != {"number", "fingerprint", "effectiveOn"} \
                or not is_int(revision["number"], 0) or not isinstance(revision["fingerprint"], str) \
                or not HEX64.fullmatch(revision["fingerprint"]) or not isinstance(revision["effectiveOn"], str) \
                or not DATE.fullmatch(revision["effectiveOn"]):
            raise Refused("a campaign revision in the wrong form")
    if "campaignRevisions" in header:
        numbers = [revision["number"] for revision in header["campaignRevisions"]]
        if not numbers or numbers != list(range(numbers[0], numbers[0] + len(numbers))) or numbers == [0]:
            raise Refused("campaignRevisions must be numbered consecutively, from 0 to at least 1 or on from what the unit holds")
    if "campaignRevisionHeld" in header and header["campaignRevisionHeld"]["number"] < 1:
        raise Refused("campaignRevisionHeld.number must be at least 1")
    if "enrolment" in header:
        claim = header["enrolment"]
        if set(claim) != {"kit", "publicKey", "proof"} or not all(isinstance(value, str) for value in claim.values()) \
                or not claim["kit"] or not BASE64_32.fullmatch(claim["publicKey"]) or not BASE64_64.fullmatch(claim["proof"]):
            raise Refused("enrolment in the wrong form")
    for name, kind in FIELDS.items():
        if name not in header:
            raise Refused(f"missing header field {name}")
        if not (is_int(header[name]) if kind is int else isinstance(header[name], kind)):
            raise Refused(f"header field {name} has the wrong type")
    sender, counts, ranges = header["sender"], header["counts"], header["ranges"]
    if set(sender) - {"node", "unit", "keyID"} or not {"node", "keyID"} <= set(sender):
        raise Refused("sender has unknown or missing members")
    if not all(isinstance(value, str) and value for value in sender.values()) or not HEX16.fullmatch(sender["keyID"]):
        raise Refused("sender's fields are in the wrong form")
    if set(counts) != {"changes", "evidence"} or not all(is_int(value, 0) for value in counts.values()):
        raise Refused("counts in the wrong form")
    if not UUID.fullmatch(header["bundleID"]):
        raise Refused("bundleID is not a lower-case UUID")
    if not header["campaign"] or not header["recipient"]:
        raise Refused("an empty campaign or recipient")
    match = HLC.fullmatch(header["hlc"])
    if not match or int(match.group(1)) >= 1 << 63 or int(match.group(2)) >= 1 << 31:
        raise Refused("hlc is not wallMillis.counter")
    if not HEX64.fullmatch(header["bodySHA256"]):
        raise Refused("bodySHA256 is not lower-case hex")
    if header["minReaderVersion"] < 1 or header["compressedSize"] < 0 or header["uncompressedSize"] < 0:
        raise Refused("a negative size or version")
    if not all(is_int(value) for value in header["pluginVersions"].values()):
        raise Refused("pluginVersions in the wrong form")
    if not all(key and is_int(value, 0) for key, value in header["knowledge"].items()):
        raise Refused("knowledge in the wrong form")
    critical = header["critical"]
    if not all(isinstance(item, str) for item in critical) or len(set(critical)) != len(critical):
        raise Refused("critical names a capability twice")
    if not {"changes-v1", "zlib", "ed25519"} <= set(critical):
        raise Refused("critical lacks a required capability")
    if ("evidence-v1" in critical) != (counts["evidence"] > 0):
        raise Refused("evidence-v1 must be listed exactly when evidence is carried")
    if ("campaign-revision-v1" in critical) != ("campaignRevisions" in header):
        raise Refused("campaign-revision-v1 must be listed exactly when campaignRevisions is present")
    if "enrolment" in header and "unit" not in sender:
        raise Refused("enrolment appears only in a unit's bundle")
    if "campaignRevisionHeld" in header and "unit" not in sender:
        raise Refused("campaignRevisionHeld appears only in a unit's bundle")
    if list(ranges) != [sender["node"]]:
        raise Refused("ranges must have exactly one entry, for the sending node")
    for value in ranges.values():
        if not isinstance(value, dict) or set(value) != {"after", "through"} \
                or not all(is_int(item, 0) for item in value.values()):
            raise Refused("a range in the wrong form")
        if value["after"] > value["through"]:
            raise Refused("after greater than through")


class Body:
    def __init__(self, data):
        self.data, self.offset = data, 0

    def take(self, count):
        if count > len(self.data) - self.offset:
            raise Refused("the body is truncated")
        piece = self.data[self.offset:self.offset + count]
        self.offset += count
        return piece

    def unsigned(self, size):
        return int.from_bytes(self.take(size), "big")

    def signed(self, size):
        return int.from_bytes(self.take(size), "big", signed=True)

    def bytes(self):
        return self.take(self.unsigned(4))

    def str(self):
        try:
            return self.bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise Refused("a text field is not UTF-8")


def decode_body(data):
    """§3, changes-v1."""
    body = Body(data)
    if body.take(4) != b"CHG1":
        raise Refused("no CHG1 marker")
    changes = []
    for _ in range(body.unsigned(4)):
        change = {"id": body.str(), "unit": body.str(), "type": body.str(), "author": body.str(),
                  "wall": body.signed(8), "counter": body.signed(4), "origin": body.str(), "sequence": body.signed(8)}
        deleted = body.unsigned(1)
        if deleted > 1:
            raise Refused("a deleted flag other than 0 or 1")
        change["deleted"] = deleted == 1
        change["evidence"] = [body.str() for _ in range(body.unsigned(2))]
        change["body"] = body.bytes()
        changes.append(change)
    if body.take(4) != b"EVD1":
        raise Refused("no EVD1 marker")
    files = [(body.str(), body.bytes()) for _ in range(body.unsigned(4))]
    if body.offset != len(data):
        raise Refused("bytes after the last evidence file")
    return changes, files


def policy_tables(document):
    """§5's first two tables: record type -> (unit may, bureau may); action -> (unit roles, bureau roles).
    The third (who writes a stored record again) needs the receiver's records: not read here."""
    text = document.read_text(encoding="utf-8")
    section = text[text.index("<!-- write-policy: begin -->"):text.index("<!-- write-policy: end -->")]
    types, actions = {}, {}
    for line in section.splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if not line.startswith("| `"):
            continue
        if "/" in cells[0]:
            types[cells[0]] = (cells[1] == "yes", cells[2] == "yes")
        else:
            roles = [{role.strip().strip("`") for role in cell.split(",")} - {"none"} for cell in cells[1:3]]
            actions[cells[0]] = (roles[0], roles[1])
    return types, actions


def check_changes(header, changes, files, sender_unit, recipient, tables):
    """§3's evidence rules and §4 step 5: origin, ranges and the authorisation of §5."""
    types, actions = tables
    node = header["sender"]["node"]
    ids, sequences = set(), set()
    for change in changes:
        where = f"record {change['id']}"
        if change["id"] in ids or change["sequence"] in sequences:
            raise Refused(f"{where} or its sequence appears twice")
        ids.add(change["id"])
        sequences.add(change["sequence"])
        if change["deleted"] and change["evidence"]:
            raise Refused(f"the tombstone {change['id']} cites evidence")
        if not all(HEX64.fullmatch(item) for item in change["evidence"]) or len(set(change["evidence"])) != len(change["evidence"]):
            raise Refused(f"{where} cites evidence in the wrong form or twice")
        try:
            body = strict_json(change["body"])
        except Refused as error:
            raise Refused(f"{where}: {error}")
        if not isinstance(body, dict):
            raise Refused(f"{where}: the body is not an object")
        if change["origin"] != node:
            raise Refused(f"{where} comes from another node")
        span = header["ranges"][node]
        if not span["after"] < change["sequence"] <= span["through"]:
            raise Refused(f"{where} has a sequence outside the range")
        allowed_unit = sender_unit if sender_unit is not None else (None if recipient == "bureau" else recipient)
        if allowed_unit is not None and change["unit"] != allowed_unit:
            raise Refused(f"{where} belongs to another unit")
        if change["type"] not in types:
            raise Refused(f"{where} has an unknown type")
        if not types[change["type"]][0 if sender_unit is not None else 1]:
            raise Refused(f"unauthorised: {where}'s type is not the sender's to write")
        if change["type"] == "ledger/transition" and not change["deleted"]:
            move = actions.get(body.get("action"), (set(), set()))[0 if sender_unit is not None else 1]
            if body.get("role") not in move:
                raise Refused(f"unauthorised: {where} takes a role the sender may not take")
    names = [name for name, _ in files]
    if len(set(names)) != len(names):
        raise Refused("an evidence file is carried twice")
    for name, data in files:
        if not HEX64.fullmatch(name) or hashlib.sha256(data).hexdigest() != name:
            raise Refused("an evidence file does not match its name")


def read(data, keys, recipient, campaign, tables):
    """§4 steps 1-5; returns the header."""
    if len(data) > MAX_FILE:
        raise Refused("over the size limit")
    if len(data) < 14 or data[:8] != b"DUDAOBDL":
        raise Refused("not a bundle")
    version, length = struct.unpack(">HI", data[8:14])
    if version != 1:
        raise Refused(f"format version {version}")
    if not 1 <= length <= 1 << 20:
        raise Refused("header length out of range")
    if len(data) < 14 + length + 72:
        raise Refused("truncated")
    header_bytes = data[14:14 + length]
    header = strict_json(header_bytes)
    if canonical(header) != header_bytes:
        raise Refused("the header is not canonical")
    if not isinstance(header, dict) or not is_int(header.get("format")) or header["format"] != version:
        raise Refused("format differs from the file's")
    if not is_int(header.get("minReaderVersion")) or header["minReaderVersion"] > 1:
        raise Refused("needs a newer reader")
    if not isinstance(header.get("critical"), list) or not set(header["critical"]) <= CAPABILITIES:
        raise Refused("an unknown critical capability")
    check_header(header)
    signature = data[14 + length:78 + length]
    body_length = int.from_bytes(data[78 + length:86 + length], "big")
    if body_length != header["compressedSize"]:
        raise Refused("body length differs from compressedSize")
    if len(data) != 86 + length + body_length:
        raise Refused("truncated or trailing data")
    if header["uncompressedSize"] > MAX_BODY:
        raise Refused("declared body over the limit")
    if header["sender"]["keyID"] not in keys:
        raise Refused("unenrolled key")
    public, unit = keys[header["sender"]["keyID"]]
    try:
        public.verify(signature, data[:14 + length])
    except InvalidSignature:
        raise Refused("bad signature")
    if unit != header["sender"].get("unit"):
        raise Refused("unauthorised: the key is enrolled for another unit")
    if header["recipient"] != recipient or header["campaign"] != campaign:
        raise Refused("wrong recipient or campaign")
    body = data[86 + length:]
    if hashlib.sha256(body).hexdigest() != header["bodySHA256"]:
        raise Refused("the body does not match the header")
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(body, header["uncompressedSize"] + 1)
    except zlib.error as error:
        raise Refused(f"the body does not inflate: {error}")
    if len(raw) != header["uncompressedSize"] or not inflater.eof or inflater.unused_data or inflater.unconsumed_tail:
        raise Refused("the inflated size differs, or data follows the stream")
    changes, files = decode_body(raw)
    if len(changes) != header["counts"]["changes"] or len(files) != header["counts"]["evidence"]:
        raise Refused("counts differ")
    check_changes(header, changes, files, unit, recipient, tables)
    return header


def read_key(path):
    """§6: comments start with #, the first other line is base64 of 32 bytes."""
    lines = [line.strip() for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    raw = base64.b64decode(lines[0], validate=True)
    if len(raw) != 32:
        raise ValueError(f"{path} is not an Ed25519 public key")
    return hashlib.sha256(raw).hexdigest()[:16], Ed25519PublicKey.from_public_bytes(raw)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipient", required=True)
    parser.add_argument("--campaign", required=True)
    parser.add_argument("--key", action="append", default=[])
    parser.add_argument("bundles", nargs="+")
    options = parser.parse_args(argv[1:])
    keys = {}
    for item in options.key:
        path, _, unit = item.partition("=")
        key_id, public = read_key(path)
        keys[key_id] = (public, unit or None)
    tables = policy_tables(pathlib.Path(__file__).resolve().parent.parent / "schemas" / "bundle.md")
    refused = False
    for path in options.bundles:
        try:
            read(pathlib.Path(path).read_bytes(), keys, options.recipient, options.campaign, tables)
            print(json.dumps({"file": path, "accepted": True, "reason": None}, ensure_ascii=False))
        except (Refused, OSError) as error:
            refused = True
            print(json.dumps({"file": path, "accepted": False, "reason": str(error)}, ensure_ascii=False))
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
