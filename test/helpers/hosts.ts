/**
 * The hosts the built scenarios use: three clients with VMware, VirtualBox and QEMU NICs, two servers, and the
 * addresses they hand out.
 */
export const A = '00:0c:29:4f:8e:35';
export const B = '08:00:27:d4:1c:9e';
export const C = '52:54:00:ab:cd:ef';
export const S1 = '192.168.1.1';
export const S2 = '192.168.1.2';
export const IP = '192.168.1.50';
export const IP2 = '192.168.1.60';
