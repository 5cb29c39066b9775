#!/usr/bin/env node
/** Counts the packets of a classic pcap with the pcap-parser package (the common npm choice), for comparison. */
import pcapp from 'pcap-parser';

let packets = 0;
const parser = pcapp.parse(process.argv[2]);
parser.on('packet', () => packets++);
parser.on('error', (e) => {
  console.error(`pcap-parser: ${e.message}`);
  process.exitCode = 1;
});
parser.on('end', () => console.log(`${packets} packets`));
