// Parse-only with the npm package whatsapp-chat-parser (the most used open-source parser), for comparison.
import { readFileSync } from 'node:fs';
import { parseString } from 'whatsapp-chat-parser';

const start = process.hrtime.bigint();
const text = readFileSync(process.argv[2], 'utf8');
const messages = parseString(text);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`whatsapp-chat-parser: ${messages.length} records in ${seconds.toFixed(2)} s`);
