#!/usr/bin/env node
// Writes src/phone-metadata-full.json: the complete (`max`) libphonenumber-js metadata of the countries whose every
// kind of line is told apart (FULLY_TYPED_COUNTRIES). The package reads numbers with libphonenumber-js's own
// `mobile` metadata (every country, mobile numbers only) in which these countries replace their entry. Run by
// `build`; a test checks that the committed file is what the installed libphonenumber-js gives.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Türkiye, and the foreign countries whose landlines the tests tell apart. */
export const FULLY_TYPED_COUNTRIES = ['TR', 'DE', 'GB', 'US'];

/** The `max` metadata entries of FULLY_TYPED_COUNTRIES, by country. */
export function buildFullPhoneMetadata() {
  const max = require('libphonenumber-js/metadata.max.json');
  return Object.fromEntries(FULLY_TYPED_COUNTRIES.map((country) => [country, max.countries[country]]));
}

/** Where the entries are written. */
export const FULL_PHONE_METADATA_FILE = fileURLToPath(
  new URL('../src/phone-metadata-full.json', import.meta.url),
);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(FULL_PHONE_METADATA_FILE, `${JSON.stringify(buildFullPhoneMetadata())}\n`);
}
