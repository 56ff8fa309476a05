#!/bin/sh
# The nightly backup of deploy/systemd/kiezledger-backup.service: the ledger as a file
# (`kiezledger export`, with a signed checkpoint) and pg_dump of the whole database, into
# BACKUP_DIR/<date>/ (default /var/backups/kiezledger). Both hold personal keys: mode 0700.
# Needs KIEZLEDGER_DATABASE_URL (a postgresql:// URL); KIEZLEDGER the command (default:
# kiezledger on PATH). Keep the signing key (KIEZLEDGER_SIGNING_KEY_FILE) with the backups.
set -eu
umask 077
kiezledger="${KIEZLEDGER:-kiezledger}"
dir="${BACKUP_DIR:-/var/backups/kiezledger}/$(date +%F)"
mkdir -p "$dir"
"$kiezledger" export --quiet --output "$dir/ledger.ndjson" --checkpoint-output "$dir/checkpoint.json"
pg_dump --format=custom --file="$dir/kiezledger.dump" "$KIEZLEDGER_DATABASE_URL"
echo "backup in $dir"
