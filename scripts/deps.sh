#!/usr/bin/env bash
# Checks for what building and testing mazerat needs and installs what is
# missing on Debian or Ubuntu (apt-get, with sudo when not root). Anywhere
# else it says exactly what is missing and fails.
#
# scripts/deps.sh slurm does the same for what TestSlurm needs (make slurm).
set -euo pipefail

# Ebitengine's window needs cgo with the X11 and OpenGL headers; the window
# tests run under Xvfb with Mesa's software OpenGL.
packages=(
	gcc libc6-dev
	libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev
	xvfb xauth libgl1-mesa-dri
	# mazerat serve's Python client and its tests (make python-test), and
	# protoc for make proto.
	python3 python3-grpcio python3-protobuf python3-numpy protobuf-compiler
)
go_min=1.26

# TestSlurm (cmd/mazerat/slurm_test.go) runs deploy/slurm/sweep.sh on a
# one-node Slurm it starts as root from Debian's packages (munge comes
# with them). Without root the test is skipped, so nothing is installed.
case "$*" in
'' | slurm) ;;
*)
	echo "deps: usage: scripts/deps.sh [slurm], not: $*" >&2
	exit 2
	;;
esac
if [ "${1:-}" = slurm ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: not root, so TestSlurm will be skipped (it starts slurmctld and slurmd as root); Slurm not installed" >&2
		exit 0
	fi
	packages=(slurmctld slurmd slurm-client)
fi

if ! command -v go >/dev/null 2>&1; then
	echo "deps: Go is not installed (or not on PATH). Install Go $go_min or newer from https://go.dev/dl/ and run make again." >&2
	exit 1
fi
have=$(go env GOVERSION | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$go_min" "$have" | sort -V | head -n1)" != "$go_min" ]; then
	echo "deps: Go $have is too old; mazerat needs Go $go_min or newer (https://go.dev/dl/)." >&2
	exit 1
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
	for p in "${packages[@]}"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
			missing+=("$p")
		fi
	done
else
	echo "deps: not a Debian or Ubuntu system; make sure these (or your system's equivalents) are installed:" >&2
	echo "  ${packages[*]}" >&2
	exit 0
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing system packages: ${missing[*]} (and no apt-get to install them)" >&2
	exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo=(sudo)
	else
		echo "deps: missing system packages: ${missing[*]}" >&2
		echo "deps: run as root: apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
fi
echo "deps: installing ${missing[*]}" >&2
install() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; }
if ! install >/dev/null; then
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update >/dev/null
	install >/dev/null
fi
