#!/usr/bin/env bash
# scripts/faults/disk_full.sh — the data directory's disk fills up (a small
# tmpfs mounted for the run; needs root or CAP_SYS_ADMIN, otherwise the script
# says so and skips). Writes and photo uploads must be refused with a clear
# 507 `storage_full` (never a 500), reads keep working, nothing acknowledged is
# lost, the SQLite file passes PRAGMA integrity_check and the audit chain
# verifies; once space is freed the same server writes again by itself.
#
# Environment: OCOP_BIN, DISK_MB (default 48).
# Prints "test result: ok. N passed; M failed" (read by scripts/test.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../tests/multi_process/lib.sh"
[[ -x "$OCOP_BIN" ]] || { echo "no server binary at $OCOP_BIN (cargo build -p ocop)"; exit 1; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocop-diskfull-XXXXXX")"
MNT="$WORK/mnt"
mkdir -p "$MNT"
SERVER=""
MOUNTED=0
cleanup() {
  [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  [[ $MOUNTED == 1 && -z "${KEEP:-}" ]] && umount "$MNT"
  if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
if ! mount -t tmpfs -o "size=${DISK_MB:-48}m" tmpfs "$MNT" 2>/dev/null; then
  echo "  skipped: cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN)"
  echo "test result: ok. 0 passed; 0 failed"
  exit 0
fi
MOUNTED=1
unset OCOP_DATABASE_URL
export OCOP_DATA_DIR="$MNT/data" RUST_LOG=warn
"$OCOP_BIN" migrate > /dev/null
"$OCOP_BIN" demo > /dev/null
PORT="$(free_port)"
"$OCOP_BIN" serve --bind "127.0.0.1:$PORT" > "$WORK/server.log" 2>&1 &
SERVER=$!
wait_healthy "$PORT"
base="http://127.0.0.1:$PORT"
JAR="$WORK/jar"
check "login" test "$(login "$JAR" "$PORT" admin)" = 200
TOKEN="$(csrf "$JAR" "$PORT")"
product="$(curl -s "$base/api/v1/products?per_page=1" | jq -r '.items[0].id')"

ACKED="$WORK/acked"
: > "$ACKED"
write() { # N: creates a producer, prints the status, records the id on 2xx
  local out code
  out="$(curl -s -w '\n%{http_code}' -b "$JAR" -H "x-csrf-token: $TOKEN" -H 'content-type: application/json' \
    -d "{\"name\":\"Disk $1 $(head -c 600 /dev/urandom | base64 -w0 | head -c 180)\",\"legal_form\":\"household_business\",\"registration_number\":\"12C8$(printf '%06d' "$1")\",\"representative\":\"Nguyễn Văn A\",\"commune_id\":\"2025/commune/25807\"}" \
    "$base/api/v1/producers")"
  code="${out##*$'\n'}"
  [[ $code == 2* ]] && jq -r .id <<< "${out%$'\n'*}" >> "$ACKED"
  echo "$code"
}
photo() { # prints the status of a 200 kB photo upload (a real PNG of random pixels: photos are decoded)
  python3 -c 'import os, struct, sys, zlib
w = h = 260
raw = b"".join(b"\0" + os.urandom(w * 3) for _ in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                        + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))' > "$WORK/photo.png"
  curl -s -o "$WORK/photo.json" -w '%{http_code}' -b "$JAR" -H "x-csrf-token: $TOKEN" \
    -H 'content-type: application/octet-stream' --data-binary "@$WORK/photo.png" "$base/api/v1/products/$product/photos"
}
check "writes work before the disk fills" test "$(write 1)" = 201
check "a photo upload works before the disk fills" test "$(photo)" = 201

# Fill the disk.
dd if=/dev/zero of="$MNT/filler" bs=64k > /dev/null 2>&1 || true
echo "  disk filled: $(df -h "$MNT" | awk 'NR==2 {print $3 " used of " $2}')"
codes=""
for i in $(seq 2 60); do codes+="$(write "$i") "; done
echo "  60 writes on the full disk answered: $(tr ' ' '\n' <<< "$codes" | grep . | sort | uniq -c | tr '\n' ' ')"
# SQLite may still hold free pages or WAL space, so some writes can succeed;
# each one must be either saved (201, checked below) or refused with 507.
check "each write on the full disk is saved (201) or refused with 507" \
  bash -c "! tr ' ' '\n' <<< '$codes' | grep . | grep -vqx '201\|507'"
check "a photo upload on a full disk is 507" test "$(photo)" = 507
check "the refusal says storage_full in Vietnamese" \
  bash -c "jq -e '.error.code == \"storage_full\" and (.error.message | contains(\"dung lượng\"))' '$WORK/photo.json' > /dev/null"
check "reads still work" test "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/producers?q=disk")" = 200
check "pages still work" test "$(curl -s -o /dev/null -w '%{http_code}' "$base/catalogue")" = 200

# Free the space: the same server recovers by itself.
rm -f "$MNT/filler"
check "writes work again once space is freed" test "$(write 100)" = 201
check "photo uploads work again" test "$(photo)" = 201
missing=0
while read -r id; do
  [[ -z "$id" ]] && continue
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/producers/$id")" == 200 ]] || missing=$((missing + 1))
done < "$ACKED"
check "all $(grep -c . "$ACKED") acknowledged writes are there" test "$missing" = 0
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
check "PRAGMA integrity_check is ok" test "$(sqlite_integrity "$OCOP_DATA_DIR/ocop.sqlite")" = ok
check "the audit chain verifies" "$OCOP_BIN" audit verify
check "no stray temporary files left in the store" bash -c "! find '$OCOP_DATA_DIR/files' -name '.*.tmp' | grep -q ."
finish
