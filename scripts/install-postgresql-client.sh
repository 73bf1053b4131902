#!/usr/bin/env bash
# Installs pg_dump and pg_restore 17 for `npm run backup` / `npm run restore`, from Debian's own
# archive, without changing the system: Debian 12's postgresql-client is 15, and pg_dump refuses
# to dump a newer server (the embedded one is 17). Debian 13 ships postgresql-client-17, but built
# against glibc 2.38 (Debian 12 has 2.36), so its packages and their libraries (glibc included)
# are unpacked into a private directory and the programs run through that glibc's own loader.
# Nothing is installed system-wide; apt's state is kept in the target directory too.
#
#   bash scripts/install-postgresql-client.sh [DIR]     (default: ~/.cache/imprimatur/postgresql-client-17)
#
# Not needed when a pg_dump 17 or newer is on PATH (e.g. postgresql-client-17 from your
# distribution), or when POSTGRES_CLIENT_DIR names a directory holding pg_dump and pg_restore.
set -euo pipefail

target="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/imprimatur/postgresql-client-17}"
if "$target/bin/pg_dump" --version >/dev/null 2>&1 && "$target/bin/pg_restore" --version >/dev/null 2>&1; then
  echo "PostgreSQL client already in $target: $("$target/bin/pg_dump" --version)"
  exit 0
fi

arch="$(dpkg --print-architecture)"
case "$arch" in
  amd64) triplet=x86_64-linux-gnu loader=lib64/ld-linux-x86-64.so.2 ;;
  arm64) triplet=aarch64-linux-gnu loader=lib/ld-linux-aarch64.so.1 ;;
  *) echo "No recipe for architecture $arch: install a PostgreSQL 17 client and set POSTGRES_CLIENT_DIR." >&2; exit 1 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
echo "deb http://deb.debian.org/debian trixie main" >"$work/sources.list"
apt_options=(
  -o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "Dir::State::status=/dev/null"
  -o "APT::Sandbox::User=$(id -un)"
)
echo "Fetching Debian 13's PostgreSQL 17 client into $target"
apt-get -qq "${apt_options[@]}" update
# pg_dump/pg_restore and what they load: libpq and its TLS, Kerberos and LDAP libraries, the
# compression libraries of the custom format, and the C library with its loader.
packages=(postgresql-client-17 libpq5 libc6 libgcc-s1 libssl3t64 zlib1g liblz4-1 libzstd1
  libgssapi-krb5-2 libkrb5-3 libk5crypto3 libkrb5support0 libcom-err2 libkeyutils1 libldap2 libsasl2-2)
(cd "$work/debs" && apt-get -qq "${apt_options[@]}" download "${packages[@]}")

rm -rf "$target.partial"
mkdir -p "$target.partial/root" "$target.partial/bin"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$target.partial/root"; done
rm -rf "$target.partial/root/usr/share/doc" "$target.partial/root/usr/share/man" "$target.partial/root/usr/share/locale"
for program in pg_dump pg_restore; do
  cat >"$target.partial/bin/$program" <<EOF
#!/bin/sh
# Debian 13's $program, run by its own glibc (see scripts/install-postgresql-client.sh).
root="\$(dirname "\$0")/../root"
exec "\$root/usr/$loader" --library-path "\$root/usr/lib/$triplet:\$root/lib/$triplet" \\
  "\$root/usr/lib/postgresql/17/bin/$program" "\$@"
EOF
  chmod 755 "$target.partial/bin/$program"
done
"$target.partial/bin/pg_dump" --version >/dev/null
"$target.partial/bin/pg_restore" --version >/dev/null
rm -rf "$target"
mv "$target.partial" "$target"
echo "Installed: $("$target/bin/pg_dump" --version), $("$target/bin/pg_restore" --version)"
