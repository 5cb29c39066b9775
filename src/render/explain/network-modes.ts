/**
 * One template per kind of network (the NetworkKind of servers[].network): where its DHCP server really runs,
 * who routes and whether that is NAT, who answers DNS, and how it differs from its neighbouring modes. The
 * capture's own facts (router and DNS options, addresses, MACs) are filled in by networks.ts.
 */
import type { NetworkKind } from './contract.js';

export interface ModeTemplate {
  /** Where the DHCP server that answered really runs. */
  readonly where: string;
  /** Who routes for the clients, and whether their traffic is translated (NAT) to the host's network. */
  readonly routes: string;
  /** Who answers DNS. */
  readonly dns: string;
  /** How this mode differs from the neighbouring ones, and what a capture shows that tells them apart. */
  readonly neighbours: string;
}

const VMWARE_NEIGHBOURS =
  'VMware\'s modes side by side: NAT (vmnet8) hands out a router and DNS at .2, its NAT device; host-only (vmnet1) has the same DHCP service at .254 but usually no router, so guests reach only the host and each other; bridged puts the guest on the host\'s physical LAN, where the LAN\'s own DHCP server answers and VMware hands out nothing. In a capture: a server MAC 00:50:56 at .254 means NAT or host-only, and the router option tells those two apart; a bridged guest (00:0c:29) talking to a server that is not a VMware NIC means bridged.';
const VBOX_NEIGHBOURS =
  'VirtualBox\'s modes side by side: NAT puts every VM alone in its own 10.0.2.0/24 behind a private NAT engine (server and gateway 10.0.2.2, DNS 10.0.2.3), so VMs cannot see each other; NAT Network shares one 10.0.2.0/24 between VMs (DHCP at 10.0.2.3, gateway 10.0.2.1); host-only (192.168.56.0/24, DHCP at .100, host at .1) reaches only the host and other VMs, with no way out; bridged puts the VM on the physical LAN and its DHCP server. In a capture: the server address and the router option tell them apart.';

export const MODE_TEMPLATES: Readonly<Record<NetworkKind, ModeTemplate>> = {
  'vmware-nat': {
    where: 'The DHCP server is not a machine on the network: it is VMware\'s own DHCP service (vmnetdhcp) running on the host, answering on the virtual switch vmnet8.',
    routes: 'The router the clients get is VMware\'s NAT device, also a process on the host: guests reach the outside through it and their traffic leaves with the host\'s own address (NAT to the host\'s network). Nobody outside can open a connection to a guest unless a port is forwarded.',
    dns: 'The DNS server is the NAT device\'s DNS forwarder, which passes queries on to the host\'s own resolver.',
    neighbours: VMWARE_NEIGHBOURS,
  },
  'vmware-host-only': {
    where: 'The DHCP server is VMware\'s own DHCP service (vmnetdhcp) running on the host, answering on the virtual switch vmnet1; it is not the DHCP server the host itself uses.',
    routes: 'Nobody routes: a host-only network is a private switch between the host\'s adapter (usually .1) and the guests. Guests reach the host and each other, not the outside, unless the host is set up to route or share its connection.',
    dns: 'There is usually no DNS server on a host-only network; names outside it do not resolve from a guest.',
    neighbours: VMWARE_NEIGHBOURS,
  },
  'virtualbox-nat': {
    where: 'The DHCP server is VirtualBox\'s NAT engine, part of the VirtualBox process on the host; each VM gets its own private copy of this network.',
    routes: 'The gateway (normally 10.0.2.2, the same address as the DHCP server) is that NAT engine: the VM\'s traffic leaves through the host\'s own connection with the host\'s address. The VM is unreachable from outside, and from other VMs, unless ports are forwarded.',
    dns: 'DNS (normally 10.0.2.3) is the NAT engine again, forwarding to the host\'s resolver.',
    neighbours: VBOX_NEIGHBOURS,
  },
  'virtualbox-nat-network': {
    where: 'The DHCP server is VirtualBox\'s NAT Network service on the host (normally at 10.0.2.3), shared by every VM attached to that NAT Network.',
    routes: 'The gateway (normally 10.0.2.1) is VirtualBox\'s NAT service: VMs reach the outside with the host\'s address, and, unlike plain NAT, they see each other on one shared subnet.',
    dns: 'DNS is the NAT service\'s forwarder to the host\'s resolver.',
    neighbours: VBOX_NEIGHBOURS,
  },
  'virtualbox-host-only': {
    where: 'The DHCP server is VirtualBox\'s own DHCP service for the host-only adapter (normally 192.168.56.100), running on the host; it is not the DHCP server the host itself uses.',
    routes: 'Nobody routes: host-only links the VMs and the host\'s adapter (normally 192.168.56.1) on a private switch, with no way out to the Internet.',
    dns: 'There is no DNS server on a host-only network.',
    neighbours: VBOX_NEIGHBOURS,
  },
  'libvirt-default': {
    where: 'The DHCP server is dnsmasq, started by libvirt on the host for its "default" network, listening on the bridge virbr0 (normally 192.168.122.1).',
    routes: 'The host itself routes: 192.168.122.1 is the host\'s virbr0 address, and the host\'s firewall masquerades (NAT) the guests\' traffic to its own network.',
    dns: 'The same dnsmasq answers DNS on 192.168.122.1 and forwards to the host\'s resolver.',
    neighbours: 'libvirt\'s other modes: an isolated network has the same dnsmasq but no NAT (like host-only); a bridged guest sits on the physical LAN and gets its address from the LAN\'s server. In a capture, the router option and the server address tell them apart.',
  },
  'qemu-user': {
    where: 'The DHCP server is built into QEMU itself (user networking, "slirp"), inside the QEMU process on the host: nothing else on any network sees it.',
    routes: 'The gateway 10.0.2.2 is the same QEMU process, which turns the guest\'s connections into ordinary connections of the host (a kind of NAT); ping and incoming connections do not work without port forwarding.',
    dns: 'DNS 10.0.2.3 is QEMU again, forwarding to the host\'s resolver.',
    neighbours: 'QEMU\'s other modes: a tap device on a bridge (libvirt\'s default network or the physical LAN) where a real DHCP server answers. In a capture, 10.0.2.2 with DNS 10.0.2.3 means user networking.',
  },
  'hyperv-default-switch': {
    where: 'The DHCP server is Windows\' Internet Connection Sharing on the host, serving the Hyper-V Default Switch.',
    routes: 'The host routes and NATs: the gateway is the host\'s adapter on the Default Switch (.1), and the subnet changes when the host reboots.',
    dns: 'DNS is the host\'s ICS forwarder at the same .1 address.',
    neighbours: 'Hyper-V\'s other switches: an internal switch has no DHCP at all (like host-only without a server), an external switch bridges the VM onto the physical LAN and its DHCP server. In a capture, a server at .1 of a 172.16/12 subnet with 00:15:5d guests means the Default Switch.',
  },
  'parallels-shared': {
    where: 'The DHCP server is Parallels\' own service on the Mac host, for the shared network (normally 10.211.55.0/24).',
    routes: 'The gateway 10.211.55.1 is the host, which shares its connection by NAT.',
    dns: 'DNS is the host\'s forwarder at 10.211.55.1.',
    neighbours: 'Parallels\' other modes: host-only (10.37.129.0/24, no way out) and bridged (the Mac\'s LAN and its DHCP server). The server address tells them apart.',
  },
  bridged: {
    where: 'The DHCP server is an ordinary server on the physical LAN (a router, a company server), not the hypervisor: the clients include virtual machines whose adapters are bridged onto that LAN.',
    routes: 'The LAN\'s own router routes for them, exactly as for the host; no NAT by the hypervisor, so the VMs are visible on the LAN with their own addresses.',
    dns: 'DNS is whatever the LAN\'s server hands out, the same as for physical machines.',
    neighbours: 'Bridged versus NAT and host-only: with NAT or host-only the hypervisor on the host answers DHCP itself (VMware at .254, VirtualBox at 10.0.2.2 or 192.168.56.100); with bridged the VM\'s DISCOVER leaves through the host\'s NIC and the LAN\'s server answers, so the server\'s MAC is a physical one.',
  },
  lan: {
    where: 'The DHCP server is an ordinary machine on this network (a router, a server, or a DHCP service on some host); nothing in the capture points to a hypervisor.',
    routes: 'The router (option 3) is the gateway the clients use to leave this subnet.',
    dns: 'DNS is whatever option 6 names.',
    neighbours: 'A virtual lab looks different: VMware\'s own DHCP service answers from .254 with a 00:50:56 MAC, VirtualBox\'s NAT from 10.0.2.2; a VM bridged onto a LAN like this one is answered by this same server.',
  },
};
