#!/usr/bin/env node
// The floor of any journal reader: read the file and JSON.parse every line,
// nothing else. Reads 1 MiB chunks and splits on the newline byte (no
// readline, no per-line Buffer copies beyond the string each parse needs).
//   node bench/floor.mjs FILE      → prints the number of entries parsed
import { closeSync, openSync, readSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/floor.mjs FILE\n');
  process.exit(2);
}
const fd = openSync(file, 'r');
const chunk = Buffer.allocUnsafe(1 << 20);
let carry = Buffer.alloc(0);
let count = 0;
for (;;) {
  const read = readSync(fd, chunk, 0, chunk.length, null);
  if (read === 0) break;
  const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
  let start = 0;
  let nl;
  while ((nl = data.indexOf(10, start)) !== -1) {
    if (nl > start) {
      JSON.parse(data.toString('utf8', start, nl));
      count++;
    }
    start = nl + 1;
  }
  carry = Buffer.from(data.subarray(start));
}
if (carry.length > 0) {
  JSON.parse(carry.toString('utf8'));
  count++;
}
closeSync(fd);
process.stdout.write(`${count}\n`);
