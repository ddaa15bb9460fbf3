#!/usr/bin/env bash
# Fetches Xen 4.17, the dom0 and guest kernels, xen-utils and busybox from Debian packages into the cache
# ($XEN_REAL_CACHE) and unpacks them there. Reuses what an earlier run left: a package is downloaded only when
# its unpacked tree is missing. Prints nothing but errors unless something is fetched.
set -euo pipefail
C=${XEN_REAL_CACHE:-/var/tmp/virtd-xen-real}
mkdir -p "$C/debs" "$C/x"
# The kernel meta packages name the versioned image; resolve them so dom0's modules match its kernel.
resolve() { apt-cache depends "$1" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -1; }
kver_file=$C/kernel-packages
if [ ! -s "$kver_file" ]; then
  d0=$(resolve linux-image-amd64); gu=$(resolve linux-image-cloud-amd64)
  if [ -z "$d0" ] || [ -z "$gu" ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    d0=$(resolve linux-image-amd64); gu=$(resolve linux-image-cloud-amd64)
  fi
  [ -n "$d0" ] && [ -n "$gu" ] || { echo "xen-real: cannot resolve the kernel packages (apt-get update?)" >&2; exit 1; }
  echo "$d0 $gu" > "$kver_file"
fi
read -r DOM0_KPKG GUEST_KPKG < "$kver_file"
PKGS="xen-hypervisor-4.17-amd64 xen-utils-4.17 xenstore-utils busybox-static $DOM0_KPKG $GUEST_KPKG
  libxenmisc4.17 libxenstore4 libxencall1 libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxentoollog1
  libxendevicemodel1 libxenhypfs1 libxentoolcore1 libyajl2"
for p in $PKGS; do
  [ -f "$C/x/$p/.done" ] && continue
  echo "xen-real: fetching $p" >&2
  (cd "$C/debs" && rm -f "${p}_"*.deb && apt-get -o APT::Sandbox::User=root download -qq "$p" >/dev/null) || {
    apt-get update -qq >/dev/null 2>&1 || true; (cd "$C/debs" && apt-get -o APT::Sandbox::User=root download -qq "$p" >/dev/null); }
  rm -rf "$C/x/$p"; mkdir -p "$C/x/$p"
  dpkg-deb -x "$C/debs/${p}_"*.deb "$C/x/$p"
  touch "$C/x/$p/.done"
done
# Xen itself: QEMU's multiboot loader wants the plain ELF, Debian ships it gzipped.
if [ ! -s "$C/xen.elf" ]; then
  gzip -dc "$C"/x/xen-hypervisor-4.17-amd64/boot/xen-4.17-amd64.gz > "$C/xen.elf.tmp" && mv "$C/xen.elf.tmp" "$C/xen.elf"
fi
