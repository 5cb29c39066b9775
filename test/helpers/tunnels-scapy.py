# Overlay frames built by scapy (a third, independent builder): VXLAN, Geneve, GRE with key and sequence,
# ERSPAN I, II and III, each around a DHCP DISCOVER (xid 1..6) in a VLAN-30 tag. usage: python3 tunnels-scapy.py OUT.pcap
import sys
from scapy.all import Ether, IP, UDP, BOOTP, DHCP, wrpcap, Dot1Q
from scapy.layers.vxlan import VXLAN
from scapy.contrib.geneve import GENEVE
from scapy.layers.l2 import GRE
from scapy.contrib.erspan import ERSPAN_I, ERSPAN_II, ERSPAN_III
inner = lambda xid: Ether(src='02:00:00:00:0c:01', dst='ff:ff:ff:ff:ff:ff')/Dot1Q(vlan=30)/IP(src='0.0.0.0', dst='255.255.255.255')/UDP(sport=68, dport=67)/BOOTP(xid=xid, chaddr=bytes.fromhex('02000000 0c01'.replace(' ',''))+b'\0'*10)/DHCP(options=[('message-type','discover'),'end'])
o = lambda: Ether(src='02:aa:00:00:00:01', dst='02:aa:00:00:00:02')/IP(src='192.0.2.1', dst='192.0.2.2')
pk = [
  o()/UDP(sport=49152, dport=4789)/VXLAN(vni=5001)/inner(1),
  o()/UDP(sport=49152, dport=6081)/GENEVE(vni=0xabcdef, proto=0x6558)/inner(2),
  o()/GRE(proto=0x6558, key_present=1, key=77, seqnum_present=1, seqence_number=9)/inner(3),
  o()/GRE(proto=0x88be)/ERSPAN_I()/inner(4),
  o()/GRE(proto=0x88be, seqnum_present=1)/ERSPAN_II(ver=1, session_id=513)/inner(5),
  o()/GRE(proto=0x22eb, seqnum_present=1)/ERSPAN_III(session_id=1023)/inner(6),
]
wrpcap(sys.argv[1], pk)
