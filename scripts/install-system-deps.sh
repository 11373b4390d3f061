#!/usr/bin/env bash
# System packages the test suite needs, from Debian's repositories: Chromium and ChromeDriver
# for the browser tests, PostgreSQL for the integration tests on the multi-user backend.
# Installs only what is missing; needs root (or sudo).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "Need root to install: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
fi

echo "Installing from Debian: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
