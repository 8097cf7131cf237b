#!/usr/bin/env bash
# Starts a local Orthanc (Debian packages `orthanc` and `orthanc-dicomweb`) as an upstream PACS to try PacsViewer
# against, loads DICOM files into it, and keeps it running until Ctrl-C.
#
#   tools/local-orthanc.sh [FILE_OR_FOLDER ...]
#
# With no argument it loads the studies `pacs demo` generates (synthetic CT, MR, CR and ultrasound; no third-party
# images). Orthanc 1.10 listens on all interfaces; remote access stays off, so only this machine can reach it.
# Environment: ORTHANC_HTTP_PORT (8042), ORTHANC_DICOM_PORT (4242), ORTHANC_AET (ORTHANC),
# VIEWER_AET / VIEWER_PORT (PACSVIEWER / 11112: the C-MOVE destination, i.e. PacsViewer's receiver).
set -euo pipefail

http_port=${ORTHANC_HTTP_PORT:-8042}
dicom_port=${ORTHANC_DICOM_PORT:-4242}
aet=${ORTHANC_AET:-ORTHANC}
viewer_aet=${VIEWER_AET:-PACSVIEWER}
viewer_port=${VIEWER_PORT:-11112}
repo=$(cd "$(dirname "$0")/.." && pwd)

for tool in /usr/sbin/Orthanc curl; do
    command -v "$tool" >/dev/null || { echo "local-orthanc: $tool is missing (apt-get install orthanc orthanc-dicomweb curl)" >&2; exit 1; }
done
plugin=/usr/share/orthanc/plugins/libOrthancDicomWeb.so
[[ -f $plugin ]] || { echo "local-orthanc: $plugin is missing (apt-get install orthanc-dicomweb)" >&2; exit 1; }

work=$(mktemp -d)
cat >"$work/orthanc.json" <<JSON
{
  "Name": "PacsViewer local Orthanc",
  "StorageDirectory": "$work/storage",
  "IndexDirectory": "$work/storage",
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "HttpPort": $http_port,
  "DicomAet": "$aet",
  "DicomPort": $dicom_port,
  "DicomCheckCalledAet": false,
  "DicomAlwaysAllowEcho": true,
  "DicomAlwaysAllowStore": true,
  "DicomAlwaysAllowFind": true,
  "DicomAlwaysAllowGet": true,
  "DicomAlwaysAllowMove": true,
  "DicomModalities": { "pacsviewer": { "AET": "$viewer_aet", "Host": "127.0.0.1", "Port": $viewer_port } },
  "Plugins": [ "$plugin" ],
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/" }
}
JSON

/usr/sbin/Orthanc "$work/orthanc.json" >"$work/orthanc.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

base="http://127.0.0.1:$http_port"
for _ in $(seq 1 100); do
    curl -fsS "$base/system" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { echo "local-orthanc: Orthanc exited; its log:" >&2; cat "$work/orthanc.log" >&2; exit 1; }
    sleep 0.1
done

inputs=("$@")
if ((${#inputs[@]} == 0)); then
    echo "local-orthanc: generating demo studies with 'pacs demo' (builds the CLI first; a minute or two)..."
    if ! dotnet run --project "$repo/PacsViewer.Cli" -- demo -o "$work/demo" >"$work/demo.log" 2>&1; then
        echo "local-orthanc: 'pacs demo' failed:" >&2
        tail -n 20 "$work/demo.log" >&2
        exit 1
    fi
    inputs=("$work/demo")
fi

echo "local-orthanc: loading files into Orthanc..."
loaded=0 refused=0
while IFS= read -r -d '' file; do
    if curl -fsS -X POST -H 'Content-Type: application/dicom' --data-binary "@$file" "$base/instances" >/dev/null 2>&1; then
        loaded=$((loaded + 1))
    else
        refused=$((refused + 1))
    fi
done < <(find "${inputs[@]}" -type f -print0)

cat <<TEXT
local-orthanc: $loaded files loaded, $refused refused (not DICOM, or a format Orthanc rejects).
  DICOMweb: $base/dicom-web      DIMSE: dicom://$aet@127.0.0.1:$dicom_port
  C-MOVE destination known to Orthanc: $viewer_aet at 127.0.0.1:$viewer_port
Try (from $repo):
  dotnet run --project PacsViewer.Cli -- echo $base/dicom-web
  dotnet run --project PacsViewer.Cli -- find $base/dicom-web --level study -k PatientName -k StudyDescription
  dotnet run --project PacsViewer.Cli -- echo dicom://$aet@127.0.0.1:$dicom_port
  dotnet run --project PacsViewer.Cli -- find dicom://$aet@127.0.0.1:$dicom_port --level study -k PatientName -k StudyDescription
Press Ctrl-C to stop Orthanc (its storage is deleted).
TEXT
wait "$pid"
