# Registers lifecycle and reboot callbacks with a running default event loop, then waits while the test
# (over another connection) changes domain 'test'. Prints the events received, in order.
import sys
import threading
import time
import libvirt

uri, expected = sys.argv[1], int(sys.argv[2])
libvirt.virEventRegisterDefaultImpl()
stop = False


def loop():
    while not stop:
        libvirt.virEventRunDefaultImpl()


threading.Thread(target=loop, daemon=True).start()
c = libvirt.open(uri)
got = []
lock = threading.Condition()


def lifecycle(conn, dom, event, detail, opaque):
    with lock:
        got.append('lifecycle %s %d %d id=%d' % (dom.name(), event, detail, dom.ID()))
        lock.notify_all()


def reboot(conn, dom, opaque):
    with lock:
        got.append('reboot %s' % dom.name())
        lock.notify_all()


ids = [c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lifecycle, None),
       c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_REBOOT, reboot, None)]
print('registered', len(ids), flush=True)
deadline = time.time() + 15
with lock:
    while len(got) < expected and time.time() < deadline:
        lock.wait(0.2)
for line in got:
    print(line)
for i in ids:
    c.domainEventDeregisterAny(i)
stop = True
c.close()
