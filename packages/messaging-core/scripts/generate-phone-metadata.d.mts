/** Türkiye, and the foreign countries whose landlines the tests tell apart. */
export declare const FULLY_TYPED_COUNTRIES: string[];
/** The `max` libphonenumber-js metadata entries of FULLY_TYPED_COUNTRIES, by country. */
export declare function buildFullPhoneMetadata(): Record<string, unknown>;
/** Where the entries are written (src/phone-metadata-full.json). */
export declare const FULL_PHONE_METADATA_FILE: string;
