#!/usr/bin/env python3
"""boot.py CACHE RUNDIR REPO JDK TIMEOUT_S

Boots Xen (CACHE/xen.elf) with a PV dom0 (the Debian kernel, CACHE/dom0.cpio.gz) under QEMU TCG, one vCPU,
with three 9p shares: run=RUNDIR (rw), repo=REPO (ro), jdk=JDK (ro). Writes RUNDIR/serial.log and
RUNDIR/serial.tlog (every line stamped with seconds since QEMU started), echoes MARK lines, and stops when
dom0 halts or crashes, QEMU exits, or TIMEOUT_S passes. QEMU is killed whatever happens (also on SIGTERM).
Exit status: 0 when dom0 powered off by itself, 124 on timeout, 1 otherwise."""
import os, re, signal, subprocess, sys, time

cache, run, repo, jdk, timeout = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
kpkg = open(f'{cache}/kernel-packages').read().split()[0]
kver = kpkg[len('linux-image-'):]
log, tlog = f'{run}/serial.log', f'{run}/serial.tlog'
mem, dom0mem = os.environ.get('XEN_REAL_MEM', '3072'), os.environ.get('XEN_REAL_DOM0_MEM', '2048')
cmd = ['qemu-system-x86_64', '-accel', 'tcg', '-cpu', 'qemu64', '-m', mem, '-smp', '1',
       '-nodefaults', '-display', 'none', '-no-reboot', '-serial', f'file:{log}',
       '-kernel', f'{cache}/xen.elf',
       '-append', f'console=com1 com1=115200,8n1 dom0_mem={dom0mem}M,max:{dom0mem}M loglvl=all guest_loglvl=all noreboot',
       '-initrd', f'{cache}/x/{kpkg}/boot/vmlinuz-{kver} console=hvc0 earlyprintk=xen panic=-1,{cache}/dom0.cpio.gz',
       '-virtfs', f'local,path={run},mount_tag=run,security_model=none,id=run',
       '-virtfs', f'local,path={repo},mount_tag=repo,security_model=none,readonly=on,id=repo',
       '-virtfs', f'local,path={jdk},mount_tag=jdk,security_model=none,readonly=on,id=jdk']
q = None

def stop(*_):
    raise KeyboardInterrupt

signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGHUP, stop)
t0 = time.time()
end, rc = None, 1
try:
    q = subprocess.Popen(cmd, stdout=open(f'{run}/qemu.out', 'w'), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    open(f'{run}/qemu.pid', 'w').write(str(q.pid))
    out = open(tlog, 'w'); pos = 0; buf = b''; hwm = 0
    while True:
        el = time.time() - t0
        try:
            with open(log, 'rb') as f:
                f.seek(pos); d = f.read(); pos += len(d); buf += d
        except FileNotFoundError:
            pass
        while b'\n' in buf:
            line, buf = buf.split(b'\n', 1)
            s = line.decode('utf-8', 'replace').rstrip('\r')
            out.write(f'{el:8.2f} {s}\n'); out.flush()
            if s.startswith('MARK') or s.startswith('(XEN) Panic'):
                print(f'{el:8.2f} {s}', flush=True)
            if re.search(r'Hardware Dom0 (shutdown|halted|crashed)|Panic on CPU|Dom0 crashed', s):
                end = end or (el, s)
        try:
            for l in open(f'/proc/{q.pid}/status'):
                if l.startswith('VmHWM:'): hwm = max(hwm, int(l.split()[1]))
        except OSError:
            pass
        if end and el - end[0] > 1.0:
            break
        if q.poll() is not None:
            end = end or (el, f'qemu exited rc={q.returncode}'); break
        if el > timeout:
            end = (el, 'TIMEOUT'); break
        time.sleep(0.05)
    rc = 124 if end[1] == 'TIMEOUT' else (0 if re.search(r'Dom0 (shutdown|halted)|qemu exited rc=0', end[1]) else 1)
    print(f'BOOT END: {end[1]} at {end[0]:.1f}s, QEMU peak RSS {hwm // 1024} MB', flush=True)
    out.write(f'END {end[0]:.2f} {end[1]} qemu VmHWM={hwm // 1024}MB\n')
except KeyboardInterrupt:
    print('BOOT END: interrupted', flush=True); rc = 130
finally:
    if q is not None and q.poll() is None:
        q.terminate()
        try: q.wait(5)
        except subprocess.TimeoutExpired: q.kill(); q.wait()
sys.exit(rc)
