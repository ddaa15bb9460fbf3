# Screenshot streams through python3-libvirt; prints one line per step (result or error: code, domain,
# message). Modes: "all" runs every scenario on one connection; "vanish" opens a screenshot stream and exits
# without reading it or closing anything (a client that disappears mid-stream).
import hashlib
import os
import sys
import libvirt

libvirt.registerErrorHandler(lambda ctx, err: None, None)
uri, mode = sys.argv[1], sys.argv[2]


def show(label, fn):
    try:
        print(label, '=>', repr(fn()))
    except libvirt.libvirtError as e:
        print(label, '!!', e.get_error_code(), e.get_error_domain(), e.get_error_message())
    sys.stdout.flush()


def read_all(st):
    data = b''
    while True:
        chunk = st.recv(262144)
        if isinstance(chunk, int):
            raise RuntimeError('recv returned %d' % chunk)
        if not chunk:
            return data
        data += chunk


c = libvirt.open(uri)
d = c.lookupByName('test')

if mode == 'vanish':
    st = c.newStream(0)
    d.screenshot(st, 0, 0)
    print('opened')
    sys.stdout.flush()
    os._exit(0)


def screenshot(screen, flags):
    st = c.newStream(0)
    mime = d.screenshot(st, screen, flags)
    data = read_all(st)
    st.finish()
    return mime, len(data), hashlib.sha256(data).hexdigest()


def abort_before_reading():
    st = c.newStream(0)
    mime = d.screenshot(st, 0, 0)
    st.abort()
    return mime


def abort_after_one_recv():
    st = c.newStream(0)
    d.screenshot(st, 0, 0)
    first = st.recv(1000)
    st.abort()
    return len(first)


show('screenshot(0, 0)', lambda: screenshot(0, 0))
show('screenshot(3, 0)', lambda: screenshot(3, 0))
show('screenshot(0, 1)', lambda: screenshot(0, 1))
show('abort before reading', abort_before_reading)
show('abort after one recv', abort_after_one_recv)
show('still serving', lambda: d.info()[0])
show('screenshot again', lambda: screenshot(0, 0))
show('openConsole', lambda: d.openConsole(None, c.newStream(0), 0))
show('openConsole serial0', lambda: d.openConsole('serial0', c.newStream(0), 0))
nosuch = c.lookupByName('test')
show('screenshot nosuch', lambda: c.lookupByName('nosuch'))
ro = libvirt.openReadOnly(uri)
show('read-only screenshot', lambda: ro.lookupByName('test').screenshot(ro.newStream(0), 0, 0))
