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
# save/restore, managed save, statistics, vCPUs and the host CPU map (values that follow the clock are typed only)
import os, tempfile
c = libvirt.open(uri)
d = c.lookupByName('test')
img_dir = tempfile.mkdtemp()
os.chmod(img_dir, 0o777)
img = os.path.join(img_dir, 'test.img')
show('save', lambda: d.save(img))
show('state after save', d.state)
show('save again', lambda: d.save(img))
show('image header', lambda: open(img, 'rb').read(15))
show('restore', lambda: c.restore(img))
show('state after restore', lambda: c.lookupByName('test').state())
show('restore again', lambda: c.restore(img))
show('restore(missing)', lambda: c.restore('/nonexistent-virtd-interop/missing'))
d = c.lookupByName('test')
show('managedSave(RUNNING|PAUSED)', lambda: d.managedSave(libvirt.VIR_DOMAIN_SAVE_RUNNING | libvirt.VIR_DOMAIN_SAVE_PAUSED))
show('managedSave(bad flag)', lambda: d.managedSave(1 << 5))
show('managedSave', lambda: d.managedSave(0))
show('state after managedSave', d.state)
show('hasManagedSaveImage after managedSave', lambda: d.hasManagedSaveImage(0))
show('managedSaveRemove(bad flag)', lambda: d.managedSaveRemove(1))
show('managedSaveRemove', lambda: d.managedSaveRemove(0))
show('hasManagedSaveImage after remove', lambda: d.hasManagedSaveImage(0))
show('memoryStats inactive', d.memoryStats)
show('create after managedSave', d.create)
show('memoryStats', lambda: sorted(d.memoryStats().items()))
show('blockStats(vda)', lambda: [type(v).__name__ for v in d.blockStats('vda')])
show('blockStats(empty)', lambda: d.blockStats(''))
show('blockStats(vdz)', lambda: d.blockStats('vdz'))
show('interfaceStats(testnet0)', lambda: len(d.interfaceStats('testnet0')))
show('interfaceStats(eth9)', lambda: d.interfaceStats('eth9'))
show('vcpus', lambda: ([(i[0], i[1], i[3]) for i in d.vcpus()[0]], d.vcpus()[1]))
show('getCPUMap', lambda: c.getCPUMap(0))
show('getCPUMap(bad flag)', lambda: c.getCPUMap(1))
c.close()
os.unlink(img)
os.rmdir(img_dir)
c = libvirt.open(uri)
show('getCPUStats(all)', lambda: c.getCPUStats(libvirt.VIR_NODE_CPU_STATS_ALL_CPUS, 0))
show('getCPUStats(3)', lambda: c.getCPUStats(3, 0))
show('getCPUStats(-2)', lambda: c.getCPUStats(-2, 0))
show('getCPUStats(bad flag)', lambda: c.getCPUStats(0, 1))
show('getMemoryStats', lambda: c.getMemoryStats(libvirt.VIR_NODE_MEMORY_STATS_ALL_CELLS, 0))
show('jobInfo', lambda: c.lookupByName('test').jobInfo())
show('abortJob', lambda: c.lookupByName('test').abortJob())
c.close()
c = libvirt.open(uri)
show('getMemoryStats(-2)', lambda: c.getMemoryStats(-2, 0))
c.close()
# domain statistics (typed parameters), domain capabilities and the QEMU program's entry points
import libvirt_qemu


def stats(records):
    return sorted((r[0].name(), sorted(r[1].items())) for r in records)


c = libvirt.open(uri)
d = c.lookupByName('test')
show('getAllDomainStats', lambda: stats(c.getAllDomainStats(0, 0)))
show('getAllDomainStats(STATE|IOTHREAD, ENFORCE)', lambda: stats(c.getAllDomainStats(
    libvirt.VIR_DOMAIN_STATS_STATE | libvirt.VIR_DOMAIN_STATS_IOTHREAD,
    libvirt.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS)))
show('getAllDomainStats(CPU_TOTAL, ENFORCE)', lambda: c.getAllDomainStats(
    libvirt.VIR_DOMAIN_STATS_CPU_TOTAL, libvirt.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS))
show('getAllDomainStats(INACTIVE)', lambda: stats(c.getAllDomainStats(
    0, libvirt.VIR_CONNECT_GET_ALL_DOMAINS_STATS_INACTIVE)))
show('getAllDomainStats(bad flag)', lambda: c.getAllDomainStats(0, 1 << 20))
show('domainListGetStats', lambda: stats(c.domainListGetStats([d], libvirt.VIR_DOMAIN_STATS_STATE, 0)))
show('domainListGetStats(empty)', lambda: c.domainListGetStats([], 0, 0))
show('domainListGetStats(SHUTOFF)', lambda: stats(c.domainListGetStats(
    [d], 0, libvirt.VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF)))
gone = c.defineXML(XML)
gone.undefine()
show('domainListGetStats(undefined one)', lambda: stats(c.domainListGetStats([gone, d], 0, 0)))
show('domainListGetStats(bad flag)', lambda: c.domainListGetStats([d], 0, 1 << 20))
show('getDomainCapabilities', lambda: c.getDomainCapabilities(None, None, None, None, 0))
show('getDomainCapabilities(args)', lambda: c.getDomainCapabilities('/usr/bin/qemu', 'x86_64', 'pc', 'kvm', 0))
show('qemuMonitorCommand', lambda: libvirt_qemu.qemuMonitorCommand(d, '{"execute":"query-status"}', 0))
show('qemuMonitorCommand(HMP)', lambda: libvirt_qemu.qemuMonitorCommand(
    d, 'info status', libvirt_qemu.VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP))
show('qemuAgentCommand', lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-ping"}', 5, 0))
show('qemuAttach', lambda: libvirt_qemu.qemuAttach(c, 1, 0).name())
c.close()
ro = libvirt.openReadOnly(uri)
d = ro.lookupByName('test')
show('read-only getAllDomainStats', lambda: stats(ro.getAllDomainStats(0, 0)))
show('read-only domainListGetStats', lambda: stats(ro.domainListGetStats([d], 0, 0)))
show('read-only getDomainCapabilities', lambda: ro.getDomainCapabilities(None, None, None, None, 0))
show('read-only qemuMonitorCommand', lambda: libvirt_qemu.qemuMonitorCommand(d, 'info', 0))
show('read-only qemuAgentCommand', lambda: libvirt_qemu.qemuAgentCommand(d, '{}', 5, 0))
ro.close()
