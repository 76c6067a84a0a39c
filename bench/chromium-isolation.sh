#!/usr/bin/env bash
# Proof that the browser tests need no system package: in a private mount namespace (root, or
# user namespaces, required), hides Debian's chromium, every NSS/NSPR/expat library in the system
# library directories and the system fonts, then runs bench/chromium-isolation.ts (launch the
# browser the tests would, render a page, list the libraries it mapped) or the command given:
#
#   bench/chromium-isolation.sh
#   bench/chromium-isolation.sh npx mocha tests/driver/email/browser.test.ts tests/driver/dashboard/page.test.ts
#
# Nothing outside this process and its children sees the hidden files.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CHROMIUM_ISOLATED:-}" ]; then
    exec unshare --mount --propagation private env CHROMIUM_ISOLATED=1 "$0" "$@"
fi
unset CHROMIUM_PATH

hide() { mount --bind /dev/null "$1" && echo "  hidden: $1"; }

echo "private mount namespace; hiding:"
if [ -e /usr/bin/chromium ]; then hide /usr/bin/chromium; else echo "  absent: /usr/bin/chromium"; fi
# Real files only (symlinks then lead to /dev/null); /lib is often a symlink to /usr/lib.
find /lib /lib64 /usr/lib /usr/lib64 /usr/local/lib -maxdepth 2 -type f \
    \( -name 'libnss3.so*' -o -name 'libnssutil3.so*' -o -name 'libsmime3.so*' -o -name 'libnspr4.so*' \
       -o -name 'libplc4.so*' -o -name 'libplds4.so*' -o -name 'libexpat*' -o -name 'libfreebl*' -o -name 'libsoftokn3*' \) \
    -exec realpath {} + 2>/dev/null | sort -u | while read -r lib; do hide "$lib"; done
for dir in /etc/fonts /usr/share/fonts /usr/local/share/fonts; do
    if [ -d "$dir" ]; then mount -t tmpfs none "$dir" && echo "  emptied: $dir"; fi
done
if [ -e /usr/lib/x86_64-linux-gnu/libnss3.so ]; then
    echo "system libnss3.so now: $(stat -c '%F' /usr/lib/x86_64-linux-gnu/libnss3.so)"
fi

echo
if [ "$#" -gt 0 ]; then
    "$@"
else
    node -r ts-node/register/transpile-only bench/chromium-isolation.ts
fi
