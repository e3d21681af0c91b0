#!/bin/sh
# Copies the sysfs files scx-topology reads from a live /sys (or another sysfs root) into a
# directory tree that SysfsTopologyReader.read(Path) accepts.
#
#   usage: capture-sysfs.sh DEST [SYSROOT]    (SYSROOT defaults to /sys)
#
# Copied: devices/system/cpu/{possible,online,present}, per CPU topology/*, cache/index*/{level,
# type,shared_cpu_list,size}, cpufreq/cpuinfo_{min,max}_freq, cpu_capacity, online; and
# devices/system/node/node*/{cpulist,distance}. Binary-mask twins (e.g. core_cpus) are copied too
# since they are part of topology/; nothing else.
set -eu
dest=$1
sys=${2:-/sys}
copy() { # copy $1 (relative to $sys) if it exists and is readable
  if [ -f "$sys/$1" ] && [ -r "$sys/$1" ]; then
    mkdir -p "$dest/$(dirname "$1")"
    cat "$sys/$1" > "$dest/$1"
  fi
}
for f in possible online present; do copy "devices/system/cpu/$f"; done
for cpu in "$sys"/devices/system/cpu/cpu[0-9]*; do
  c=devices/system/cpu/$(basename "$cpu")
  mkdir -p "$dest/$c"
  copy "$c/online"
  copy "$c/cpu_capacity"
  copy "$c/cpufreq/cpuinfo_min_freq"
  copy "$c/cpufreq/cpuinfo_max_freq"
  for t in "$cpu"/topology/*; do [ -e "$t" ] && copy "$c/topology/$(basename "$t")"; done
  for i in "$cpu"/cache/index[0-9]*; do
    [ -d "$i" ] || continue
    for f in level type shared_cpu_list size; do copy "$c/cache/$(basename "$i")/$f"; done
  done
done
for node in "$sys"/devices/system/node/node[0-9]*; do
  [ -d "$node" ] || continue
  n=devices/system/node/$(basename "$node")
  copy "$n/cpulist"
  copy "$n/distance"
done
