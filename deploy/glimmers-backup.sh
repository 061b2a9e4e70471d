#!/bin/bash
# glimmers-backup - the nightly dump of the glimmers database (docs/DEPLOY.md, "Backups").
#
# Install as /usr/local/lib/glimmers/glimmers-backup (0755), started by
# glimmers-backup.service. What it does:
#   pg_dump --format=custom | age (encrypted to keys kept OFF this machine)
#   -> $BACKUP_DIR/glimmers-<UTC time>.dump.age, then deletes the ones older
#   than $KEEP_DAYS days. It refuses to write an unencrypted dump.
#
# Settings (environment; glimmers-backup.service sets them):
#   PGDATABASE, PGHOST, PGPORT, PGUSER  which database, as libpq reads them; connect to
#                                       PostgreSQL itself, not through PgBouncer
#   BACKUP_DIR      where the encrypted dumps go (default /var/backups/glimmers)
#   KEEP_DAYS       how many days of dumps to keep (default 14)
#   AGE_RECIPIENTS  a file of age public keys, one a line (default
#                   /etc/glimmers-backup/recipients.txt, root's, 0644: public, but
#                   nobody else may change it); the matching private keys live
#                   elsewhere, so this machine cannot read its own backups
set -euo pipefail
umask 077

BACKUP_DIR=${BACKUP_DIR:-/var/backups/glimmers}
KEEP_DAYS=${KEEP_DAYS:-14}
AGE_RECIPIENTS=${AGE_RECIPIENTS:-/etc/glimmers-backup/recipients.txt}

if ! command -v age >/dev/null; then
    echo "glimmers-backup: 'age' is not installed (apt-get install age); no unencrypted dump is written." >&2
    exit 1
fi
if [ ! -s "$AGE_RECIPIENTS" ]; then
    echo "glimmers-backup: no public keys in $AGE_RECIPIENTS; no unencrypted dump is written." >&2
    exit 1
fi
case "$KEEP_DAYS" in
    ''|*[!0-9]*) echo "glimmers-backup: KEEP_DAYS must be a whole number of days." >&2; exit 1 ;;
esac

mkdir -p "$BACKUP_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$BACKUP_DIR/glimmers-$stamp.dump.age"
partial="$target.partial"
trap 'rm -f "$partial"' EXIT

started=$(date +%s)
pg_dump --format=custom --compress=6 --no-password | age --encrypt --recipients-file "$AGE_RECIPIENTS" --output "$partial"
sync "$partial"
mv "$partial" "$target"
sync "$BACKUP_DIR"
trap - EXIT

# Only after a good dump: drop the old ones (never the newest, whatever its age).
find "$BACKUP_DIR" -maxdepth 1 -type f -name 'glimmers-*.dump.age' -mtime +"$KEEP_DAYS" ! -path "$target" -delete

echo "glimmers-backup: wrote $target ($(stat -c %s "$target") bytes) in $(( $(date +%s) - started )) s"
