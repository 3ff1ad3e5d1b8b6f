#!/usr/bin/env node
import { isGsm7Basic } from './index';

const text = process.argv.slice(2).join(' ');
process.stdout.write(`${isGsm7Basic(text) ? 'gsm7' : 'other'}\n`);
