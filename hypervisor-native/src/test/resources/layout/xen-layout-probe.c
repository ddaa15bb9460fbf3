/*
 * Prints the size and field offsets of the Xen 4.17 structures that org.virtd.ffi.xen reads, one
 * "name value" pair a line, in the format of xen-4.17-x86_64.layout. XenLayoutTest compiles and runs it
 * when gcc and libxen-dev's headers are present, and compares its output with the recorded file and with
 * the jnr-ffi layouts.
 */
#define __XEN_TOOLS__ 1
#include <stddef.h>
#include <stdio.h>
#include <xenctrl.h>
#include <libxl.h>

#define SIZE(t) printf("%s size %zu\n", #t, sizeof(t))
#define OFF(t, f) printf("%s.%s %zu\n", #t, #f, offsetof(t, f))
/* A member of a nested struct, printed under the flattened name the Java struct gives it. */
#define OFF_AS(t, f, name) printf("%s.%s %zu\n", #t, name, offsetof(t, f))
#define VALUE(name, v) printf("%s value %ld\n", name, (long)(v))

int main(void)
{
    SIZE(xc_domaininfo_t);
    OFF(xc_domaininfo_t, domain);
    OFF(xc_domaininfo_t, pad1);
    OFF(xc_domaininfo_t, flags);
    OFF(xc_domaininfo_t, tot_pages);
    OFF(xc_domaininfo_t, max_pages);
    OFF(xc_domaininfo_t, outstanding_pages);
    OFF(xc_domaininfo_t, shr_pages);
    OFF(xc_domaininfo_t, paged_pages);
    OFF(xc_domaininfo_t, shared_info_frame);
    OFF(xc_domaininfo_t, cpu_time);
    OFF(xc_domaininfo_t, nr_online_vcpus);
    OFF(xc_domaininfo_t, max_vcpu_id);
    OFF(xc_domaininfo_t, ssidref);
    OFF(xc_domaininfo_t, handle);
    OFF(xc_domaininfo_t, cpupool);
    OFF(xc_domaininfo_t, gpaddr_bits);
    OFF(xc_domaininfo_t, pad2);
    OFF_AS(xc_domaininfo_t, arch_config.emulation_flags, "arch_emulation_flags");
    OFF_AS(xc_domaininfo_t, arch_config.misc_flags, "arch_misc_flags");

    SIZE(xc_physinfo_t);
    OFF(xc_physinfo_t, threads_per_core);
    OFF(xc_physinfo_t, cores_per_socket);
    OFF(xc_physinfo_t, nr_cpus);
    OFF(xc_physinfo_t, max_cpu_id);
    OFF(xc_physinfo_t, nr_nodes);
    OFF(xc_physinfo_t, max_node_id);
    OFF(xc_physinfo_t, cpu_khz);
    OFF(xc_physinfo_t, capabilities);
    OFF(xc_physinfo_t, arch_capabilities);
    OFF(xc_physinfo_t, pad);
    OFF(xc_physinfo_t, total_pages);
    OFF(xc_physinfo_t, free_pages);
    OFF(xc_physinfo_t, scrub_pages);
    OFF(xc_physinfo_t, outstanding_pages);
    OFF(xc_physinfo_t, max_mfn);
    OFF(xc_physinfo_t, hw_cap);

    SIZE(libxl_dominfo);
    OFF(libxl_dominfo, uuid);
    OFF(libxl_dominfo, domid);
    OFF(libxl_dominfo, ssidref);
    OFF(libxl_dominfo, ssid_label);
    OFF(libxl_dominfo, running);
    OFF(libxl_dominfo, blocked);
    OFF(libxl_dominfo, paused);
    OFF(libxl_dominfo, shutdown);
    OFF(libxl_dominfo, dying);
    OFF(libxl_dominfo, never_stop);
    OFF(libxl_dominfo, shutdown_reason);
    OFF(libxl_dominfo, outstanding_memkb);
    OFF(libxl_dominfo, current_memkb);
    OFF(libxl_dominfo, shared_memkb);
    OFF(libxl_dominfo, paged_memkb);
    OFF(libxl_dominfo, max_memkb);
    OFF(libxl_dominfo, cpu_time);
    OFF(libxl_dominfo, vcpu_max_id);
    OFF(libxl_dominfo, vcpu_online);
    OFF(libxl_dominfo, cpupool);
    OFF(libxl_dominfo, gpaddr_bits);
    OFF(libxl_dominfo, domain_type);

    SIZE(libxl_physinfo);
    OFF(libxl_physinfo, threads_per_core);
    OFF(libxl_physinfo, cores_per_socket);
    OFF(libxl_physinfo, max_cpu_id);
    OFF(libxl_physinfo, nr_cpus);
    OFF(libxl_physinfo, cpu_khz);
    OFF(libxl_physinfo, total_pages);
    OFF(libxl_physinfo, free_pages);
    OFF(libxl_physinfo, scrub_pages);
    OFF(libxl_physinfo, outstanding_pages);
    OFF(libxl_physinfo, sharing_freed_pages);
    OFF(libxl_physinfo, sharing_used_frames);
    OFF(libxl_physinfo, max_possible_mfn);
    OFF(libxl_physinfo, nr_nodes);
    OFF(libxl_physinfo, hw_cap);
    OFF(libxl_physinfo, cap_hvm);
    OFF(libxl_physinfo, cap_pv);
    OFF(libxl_physinfo, cap_hvm_directio);
    OFF(libxl_physinfo, cap_hap);
    OFF(libxl_physinfo, cap_shadow);
    OFF(libxl_physinfo, cap_iommu_hap_pt_share);
    OFF(libxl_physinfo, cap_vmtrace);
    OFF(libxl_physinfo, cap_vpmu);
    OFF(libxl_physinfo, cap_gnttab_v1);
    OFF(libxl_physinfo, cap_gnttab_v2);

    SIZE(libxl_version_info);
    OFF(libxl_version_info, xen_version_major);
    OFF(libxl_version_info, xen_version_minor);
    OFF(libxl_version_info, xen_version_extra);
    OFF(libxl_version_info, compiler);
    OFF(libxl_version_info, compile_by);
    OFF(libxl_version_info, compile_domain);
    OFF(libxl_version_info, compile_date);
    OFF(libxl_version_info, capabilities);
    OFF(libxl_version_info, changeset);
    OFF(libxl_version_info, virt_start);
    OFF(libxl_version_info, pagesize);
    OFF(libxl_version_info, commandline);
    OFF(libxl_version_info, build_id);

    SIZE(libxl_bitmap);
    OFF(libxl_bitmap, size);
    OFF(libxl_bitmap, map);

    /* Constants, named as XenLayout names them. */
    VALUE("LIBXL_DOMAIN_CONFIG_SIZE", sizeof(libxl_domain_config)); /* opaque to Java: filled from JSON */
    VALUE("LIBXL_VERSION", LIBXL_VERSION);
    VALUE("XENVER_VERSION", XENVER_version);
    VALUE("XENVER_EXTRAVERSION", XENVER_extraversion);
    VALUE("XENVER_CAPABILITIES", XENVER_capabilities);
    VALUE("XEN_EXTRAVERSION_LEN", XEN_EXTRAVERSION_LEN);
    VALUE("XEN_CAPABILITIES_INFO_LEN", XEN_CAPABILITIES_INFO_LEN);
    VALUE("XEN_DOMINF_DYING", XEN_DOMINF_dying);
    VALUE("XEN_DOMINF_HVM_GUEST", XEN_DOMINF_hvm_guest);
    VALUE("XEN_DOMINF_SHUTDOWN", XEN_DOMINF_shutdown);
    VALUE("XEN_DOMINF_PAUSED", XEN_DOMINF_paused);
    VALUE("XEN_DOMINF_BLOCKED", XEN_DOMINF_blocked);
    VALUE("XEN_DOMINF_RUNNING", XEN_DOMINF_running);
    VALUE("XEN_DOMINF_SHUTDOWNSHIFT", XEN_DOMINF_shutdownshift);
    VALUE("XEN_DOMINF_SHUTDOWNMASK", XEN_DOMINF_shutdownmask);
    VALUE("XEN_SYSCTL_PHYSCAP_HVM", XEN_SYSCTL_PHYSCAP_hvm);
    VALUE("XC_PAGE_SHIFT", XC_PAGE_SHIFT);
    VALUE("XTL_WARN", XTL_WARN);
    VALUE("SHUTDOWN_POWEROFF", SHUTDOWN_poweroff);
    VALUE("SHUTDOWN_REBOOT", SHUTDOWN_reboot);
    return 0;
}
