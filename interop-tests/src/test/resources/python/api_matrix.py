# Drives one daemon through python3-libvirt; prints one line per call: its result or its error
# (code, domain, message). Run against virtd and libvirtd; the outputs must be identical.
import sys
import libvirt

libvirt.registerErrorHandler(lambda ctx, err: None, None)
uri, xml_path = sys.argv[1], sys.argv[2]
XML = open(xml_path).read()


def show(label, fn):
    try:
        print(label, '=>', repr(fn()))
    except libvirt.libvirtError as e:
        print(label, '!!', e.get_error_code(), e.get_error_domain(), e.get_error_message())


c = libvirt.open(uri)
show('getType', c.getType)
show('getVersion', c.getVersion)
show('getLibVersion', c.getLibVersion)
show('getInfo', c.getInfo)
show('getMaxVcpus', lambda: c.getMaxVcpus(None))
show('isSecure', c.isSecure)
show('isAlive', c.isAlive)
show('getSecurityModel', c.getSecurityModel)
show('getFreeMemory', c.getFreeMemory)
show('getCellsFreeMemory', lambda: c.getCellsFreeMemory(0, 2))
show('listAllDomains(0)', lambda: sorted(d.name() for d in c.listAllDomains(0)))
for flag in ('ACTIVE', 'INACTIVE', 'PERSISTENT', 'TRANSIENT', 'RUNNING', 'PAUSED', 'SHUTOFF', 'OTHER',
             'AUTOSTART', 'NO_AUTOSTART', 'HAS_SNAPSHOT', 'NO_SNAPSHOT', 'MANAGEDSAVE', 'NO_MANAGEDSAVE'):
    value = getattr(libvirt, 'VIR_CONNECT_LIST_DOMAINS_' + flag)
    show('listAllDomains(' + flag + ')', lambda: sorted(d.name() for d in c.listAllDomains(value)))
show('numOfDomains', c.numOfDomains)
show('listDomainsID', c.listDomainsID)
show('numOfDefinedDomains', c.numOfDefinedDomains)
show('listDefinedDomains', c.listDefinedDomains)
show('lookupByName(nosuch)', lambda: c.lookupByName('nosuch'))
show('lookupByID(99)', lambda: c.lookupByID(99))
show('lookupByUUIDString(missing)', lambda: c.lookupByUUIDString('00000000-0000-0000-0000-000000000001'))
d = c.lookupByName('test')
show('name/ID/UUID', lambda: (d.name(), d.ID(), d.UUIDString()))
show('lookupByID(1)', lambda: c.lookupByID(d.ID()).name())
show('lookupByUUID', lambda: c.lookupByUUID(d.UUID()).name())
# info()[4] is CPU time: the test driver reports the wall clock, different on every call
show('info', lambda: d.info()[:4])
show('state', d.state)
show('OSType', d.OSType)
show('maxMemory', d.maxMemory)
show('maxVcpus', d.maxVcpus)
show('vcpusFlags', lambda: d.vcpusFlags(0))
show('autostart', d.autostart)
show('isActive', d.isActive)
show('isPersistent', d.isPersistent)
show('hasManagedSaveImage', lambda: d.hasManagedSaveImage(0))
show('securityLabel', d.securityLabel)
show('snapshotNum', lambda: d.snapshotNum(0))
show('XMLDesc', lambda: d.XMLDesc(0))
show('XMLDesc(INACTIVE)', lambda: d.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))
show('XMLDesc(bad flag)', lambda: d.XMLDesc(1 << 20))
demo = None
try:
    demo = c.defineXML(XML)
    print('defineXML =>', demo.name(), demo.ID(), demo.isActive(), demo.isPersistent())
except libvirt.libvirtError as e:
    print('defineXML !!', e.get_error_code(), e.get_error_domain(), e.get_error_message())
if demo is not None:
    show('create', demo.create)
    show('create again', demo.create)
    show('state after create', demo.state)
    show('ID after create', lambda: c.lookupByName('demo').ID())
    show('suspend', demo.suspend)
    show('state paused', demo.state)
    show('resume', demo.resume)
    show('setMemoryFlags(live)', lambda: demo.setMemoryFlags(262144, libvirt.VIR_DOMAIN_AFFECT_LIVE))
    show('setMemoryFlags(max live)', lambda: demo.setMemoryFlags(262144, libvirt.VIR_DOMAIN_MEM_MAXIMUM))
    show('setVcpusFlags', lambda: demo.setVcpusFlags(2, 0))
    show('info after tuning', lambda: demo.info()[:4])
    show('destroy', demo.destroy)
    show('destroy again', demo.destroy)
    show('undefine', demo.undefine)
    show('undefine again', demo.undefine)
t = None
try:
    t = c.createXML(XML.replace('demo', 'transient1').replace('7a3b5c1e', '7a3b5c1f'), 0)
    print('createXML =>', t.name(), t.isActive(), t.isPersistent())
except libvirt.libvirtError as e:
    print('createXML !!', e.get_error_code(), e.get_error_domain(), e.get_error_message())
if t is not None:
    show('transient destroy', t.destroy)
    show('transient gone', lambda: c.lookupByName('transient1'))
show('defineXML(garbage)', lambda: c.defineXML('<domain'))
show('defineXML(empty name)', lambda: c.defineXML("<domain type='test'><name></name><memory>1</memory></domain>"))
c.close()
