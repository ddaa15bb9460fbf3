/**
 * The {@code xen-sxpr} native format: xend S-expressions ({@code config.sxp} of the Xen driver's defined pool,
 * {@code domxml-from-native}/{@code domxml-to-native xen-sxpr}) to and from the domain model. Entry points:
 * {@link org.virtd.driver.xen.sxp.XenSxpr#parse}, {@link org.virtd.driver.xen.sxp.XenSxpr#parseLenient},
 * {@link org.virtd.driver.xen.sxp.XenSxpr#format}. Behaviour is libvirt 4.5.0's {@code xenParseSxpr} and
 * {@code xenFormatSxpr} (removed from libvirt in 5.6.0) for the newest xend, checked against all 50 sexpr2xml and
 * 52 xml2sexpr cases of libvirt 4.5.0's test data; the code is our own.
 *
 * <p>What an S-expression written by {@code format} loses relative to the domain XML (so the driver keeps the
 * XML beside {@code config.sxp} when it needs any of it):
 * <ul>
 * <li>everything xend has no syntax for: title, metadata, genid, memory tuning and backing, cputune, numatune,
 *     cpu model/topology, sysinfo, pm, perf, seclabels, resource, iothreads, os arch/machine, os firmware,
 *     nvram, bootmenu, lifecycle on_lockfailure, features other than acpi/apic/pae/hap/viridian (and their
 *     state='off': an HVM guest without a PAE setting gets (pae 1), as libvirt's libxl capabilities did, and
 *     xend's own default is on too), apic eoi, clock timers other than hpet and any timer attribute other than
 *     present;</li>
 * <li>devices other than disks, interfaces, PCI host devices, serial/parallel ports, USB inputs, one graphics
 *     device, sound cards: controllers, filesystems, channels, consoles of PV guests (libvirt recreates the one
 *     PV console), video (recreated from the graphics), memballoon (always xen), watchdog, rng, tpm, hub,
 *     redirdev, smartcards, shmem, memory devices, iommu, vsock, panic; PS/2 and Xen inputs (implied);</li>
 * <li>device details: addresses and aliases, boot order, disk serial/wwn/iotune/cache/io modes, disk driver
 *     format when the driver is not tap/tap2 (read back as raw), cdrom tray, interface virtualport, driver,
 *     filterref, link state, inbound bandwidth and outbound peak/burst, more than one IP, routes, the target
 *     name of an interface when it starts with "vif" (xend derives it), graphics listen types other than an
 *     address, VNC sharePolicy/websocket, SPICE and other graphics types, a second graphics device; hostdev
 *     managed='yes' and non-PCI host devices are refused or dropped; PCI addresses of guest-side devices;
 *     character devices keep only type and source (target type/model, log file, pty path, reconnect are lost),
 *     parallel ports after the first, transient disks (refused);</li>
 * <li>vcpu placement and cpuset beyond the (cpus ...) list; memory is rounded up to whole MiB;</li>
 * <li>HVM clock offsets 'utc'/'localtime' come back as offset='variable' with adjustment 0; a PV guest's clock
 *     comes back with adjustment='reset'; interfaces of type network are refused (xend needs a bridge).</li>
 * </ul>
 * A definition that went through {@code format} once is a fixpoint: {@code format(parse(format(d)))} equals
 * {@code format(d)} for every xml2sexpr corpus input ({@code SxprRoundTripTest}).
 *
 * <p>Where reading deliberately differs from libvirt 4.5.0: a floppy's source stays its path (libvirt overwrote
 * it with the word "file"); an HVM image's {@code (vncunused 0)(vncdisplay N)} gives port 5900+N (libvirt asked
 * XenStore for the port, which a stored definition cannot); {@code (cpus ...)} becomes the vcpu cpuset and
 * {@code (root ...)} an {@code <os><root>} element (libvirt took the first from elsewhere and had no XML for the
 * second). None of these occur in libvirt's test data.
 *
 * <p>Reading accepts both xend's {@code (domain ...)} (with {@code domid}: live, interface targets derived) and
 * our own {@code (vm ...)}. Serial and console ptys have no tty path offline, and VNC ports come only from the
 * S-expression (libvirt's callers passed both from XenStore).
 */
package org.virtd.driver.xen.sxp;
