#!/usr/bin/python3
# Captures the realworld goldens from a real libvirtd; see README.md.
# usage: capture.py URI DIR  -- defines every DIR/<case>.xml, records dumpxml outputs next to it
import libvirt, os, sys
uri, d = sys.argv[1], sys.argv[2]
libvirt.registerErrorHandler(lambda *a: None, None)
conn = libvirt.open(uri)
for f in sorted(os.listdir(d)):
    if not f.endswith('.xml') or f.endswith('.out.xml') or f.endswith('.live.xml') or f.endswith('.inactive.xml'):
        continue
    case = f[:-4]
    xml = open(os.path.join(d, f)).read()
    for suffix in ('.out.xml', '.inactive.xml', '.live.xml', '.err'):
        p = os.path.join(d, case + suffix)
        if os.path.exists(p):
            os.remove(p)
    try:
        dom = conn.defineXML(xml)
    except libvirt.libvirtError as e:
        open(os.path.join(d, case + '.err'), 'w').write('%d %d %s\n' % (e.get_error_domain(), e.get_error_code(), e.get_error_message()))
        print(case, 'ERR', e.get_error_message())
        continue
    open(os.path.join(d, case + '.out.xml'), 'w').write(dom.XMLDesc(0))
    if dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE) != dom.XMLDesc(0):
        open(os.path.join(d, case + '.inactive.xml'), 'w').write(dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))
    dom.undefine()
    live = conn.createXML(xml, 0)
    open(os.path.join(d, case + '.live.xml'), 'w').write(live.XMLDesc(0))
    live.destroy()
    print(case, 'ok')
