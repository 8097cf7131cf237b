#!/usr/bin/env bash
# Runs the PacsViewer test suite.
# As root, first installs the Debian packages the tests use (only the missing ones).
# Extra arguments are passed to `dotnet test`, e.g. ./test.sh --filter FullyQualifiedName~Web
set -euo pipefail

cd "$(dirname "$0")"

packages=(
    dcmtk             # reference renderer and DIMSE peers (storescp, dcmqrscp, dcmj2pnm)
    orthanc           # upstream PACS for interop tests
    orthanc-dicomweb  # DICOMweb plugin for Orthanc
    python3-pydicom   # baseline test corpus and reference values
    python3-numpy
    chromium          # browser tests (Playwright drives /usr/bin/chromium)
    libcharls2        # JPEG-LS codec
    libopenjp2-7      # JPEG 2000 codec
    postgresql        # PostgreSQL provider tests
    redis-server      # shared render cache tests
)

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -eq 0 ]]; then
        echo "test.sh: installing missing packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q "${missing[@]}"
    else
        echo "test.sh: not root, so not installing missing packages: ${missing[*]}" >&2
        echo "test.sh: tests that need them may fail; install with: sudo apt-get install ${missing[*]}" >&2
    fi
fi

status=0
dotnet test PacsViewer.sln "$@" || status=$?
if ((status == 0)); then
    echo "test.sh: PASSED (dotnet test exit code 0)"
else
    echo "test.sh: FAILED (dotnet test exit code $status)" >&2
fi
exit "$status"
