#!/usr/bin/env node
import { calculate } from './index';

const text = process.argv.slice(2).join(' ');
const result = calculate(text);
process.stdout.write(
  `type ${result.type}, encoding ${result.encoding}, units ${result.units}, segments ${result.segments}, remaining ${result.remaining}\n`,
);
