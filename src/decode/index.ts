/** The decode stage's public surface: record → Frame, and the helpers the analyser uses on frames. */
export { Decoder, type DecodeStats } from './decoder.js';
export { decodeArp, type ArpDecodeResult } from './arp.js';
export { decodeDhcp, getOption, BOOTP_HEADER_LENGTH, MAGIC_COOKIE, type DhcpDecodeResult } from './dhcp/message.js';
export { optionName, optionSpec, registeredOptionCodes, type OptionSpec, type OptionType } from './dhcp/options.js';
export { decodeOptionValue } from './dhcp/option-decoders.js';
export { decodeDomainList } from './dhcp/domain-names.js';
export { messageTypeName, opName, hardwareTypeName, arpOpName, clientArchName, relaySubOptionName } from './dhcp/names.js';
export { formatMac, formatIpv4, formatHex } from './format.js';
export type * from './frame.js';
